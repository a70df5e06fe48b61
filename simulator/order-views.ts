// Wire shapes of the order engine's state, field for field as protocol §3.4, §3.8, §3.9 and §6 print them:
// order book (strings), individual order (numbers), order-update messages, trade book, positions, holdings, RMS.

import type { OrderUpdateMessage } from './contracts';
import type { DeliveryFlow, Funds, Order, Position, Trade } from './orders';
import type { UniverseInstrument } from './universe';
import type { SeedHolding } from './accounts';
import { formatOrderTime, istParts } from '../nodes/AngelOne/helpers/ist';
import { DEFAULT_VARIANTS, type SimVariants } from './variants';

function decimals(inst: UniverseInstrument): number {
	return inst.exchange === 'CDS' ? 4 : 2;
}

function round(value: number, places = 2): number {
	const f = 10 ** places;
	return Math.round(value * f) / f;
}

/** The master's expiry "30JAN2025" as the order book writes it. */
function expiry(inst: UniverseInstrument): string {
	return inst.expiry;
}

function strikeRupees(inst: UniverseInstrument): number {
	if (inst.strike <= 0) return -1;
	return inst.strike / (inst.exchange === 'CDS' ? 10_000_000 : 100);
}

function time(ms: number | undefined): string {
	return ms === undefined ? '' : formatOrderTime(ms);
}

function hhmmss(ms: number): string {
	const p = istParts(ms);
	return [p.hour, p.minute, p.second].map((n) => String(n).padStart(2, '0')).join(':');
}

const AMO_STATUSES = new Set(['after market order req received', 'modify after market order req received']);

/** The status as the variants write it: live books show a queued AMO as "open". */
function shownStatus(status: string, variants: SimVariants): string {
	return variants.liveAmo && AMO_STATUSES.has(status) ? 'open' : status;
}

/**
 * Common fields. Prices, `strikeprice` and `averageprice` are JSON numbers (live books of 2022, 2024 and 2025 all
 * have numbers, though the docs print strings); quantities stay strings. Futures carry `optiontype: "XX"`.
 */
function orderFields(order: Order, variants: SimVariants): Record<string, string | number> {
	const inst = order.inst;
	const n = (value: number): number => round(value, decimals(inst));
	const status = shownStatus(order.status, variants);
	return {
		variety: variants.liveAmo && order.amo ? 'AMO' : order.variety,
		ordertype: order.ordertype,
		producttype: order.producttype,
		duration: order.duration,
		price: n(order.price),
		triggerprice: n(order.triggerprice),
		quantity: String(order.quantity),
		disclosedquantity: String(order.disclosedquantity),
		squareoff: n(order.squareoff),
		stoploss: n(order.stoploss),
		trailingstoploss: n(order.trailingstoploss),
		tradingsymbol: inst.symbol,
		transactiontype: order.transactiontype,
		exchange: inst.exchange,
		symboltoken: inst.token,
		ordertag: order.ordertag,
		instrumenttype: inst.instrumentType,
		strikeprice: strikeRupees(inst),
		optiontype: inst.instrumentType.startsWith('FUT') ? 'XX' : inst.optionType,
		expirydate: expiry(inst),
		lotsize: String(inst.lotSize),
		cancelsize: String(order.cancelsize),
		averageprice: n(order.averageprice),
		filledshares: String(order.filledshares),
		unfilledshares: String(order.quantity - order.filledshares),
		orderid: order.orderid,
		text: order.text,
		status,
		// Seen live: a rejected after-market order with an empty orderstatus (variant emptyOrderStatus).
		orderstatus: variants.emptyOrderStatus && status === 'rejected' ? '' : status,
		updatetime: time(order.updatedAt),
		exchtime: time(order.exchangeAt),
		exchorderupdatetime: time(order.exchangeAt === undefined ? undefined : order.updatedAt),
		fillid: order.fillid,
		filltime: time(order.filledAt),
		parentorderid: '',
		uniqueorderid: order.uniqueorderid,
		exchangeorderid: order.exchangeorderid,
	};
}

/** getOrderBook item. */
export function orderBookItem(order: Order, variants: SimVariants = DEFAULT_VARIANTS): Record<string, string | number> {
	return orderFields(order, variants);
}

/** details/{uniqueorderid}. */
export function orderDetails(order: Order, variants: SimVariants = DEFAULT_VARIANTS): Record<string, string | number> {
	return orderFields(order, variants);
}

/** One order-status socket message (protocol §6): numbers for prices, strings for quantities. */
export function orderUpdateMessage(order: Order, code: string, statusOverride: string | undefined, variants: SimVariants): OrderUpdateMessage {
	const fields = orderFields(order, variants);
	const orderData: Record<string, string | number> = {};
	// Protocol §6 lists exactly these keys; the order book's extra keys (uniqueorderid, exchangeorderid) are not part of it.
	for (const key of [
		'variety', 'ordertype', 'ordertag', 'producttype', 'price', 'triggerprice', 'quantity', 'disclosedquantity', 'duration',
		'squareoff', 'stoploss', 'trailingstoploss', 'tradingsymbol', 'transactiontype', 'exchange', 'symboltoken',
		'instrumenttype', 'strikeprice', 'optiontype', 'expirydate', 'lotsize', 'cancelsize', 'averageprice', 'filledshares',
		'unfilledshares', 'orderid', 'text', 'status', 'orderstatus', 'updatetime', 'exchtime', 'exchorderupdatetime',
		'fillid', 'filltime', 'parentorderid',
	]) {
		orderData[key] = fields[key];
	}
	if (statusOverride !== undefined) {
		orderData.status = shownStatus(statusOverride, variants);
		orderData.orderstatus = shownStatus(statusOverride, variants);
	}
	return { 'user-id': order.clientCode, 'status-code': '200', 'order-status': code, 'error-message': '', orderData };
}

export function tradeBookItem(trade: Trade): Record<string, string | number> {
	const inst = trade.inst;
	return {
		exchange: inst.exchange,
		producttype: trade.producttype,
		tradingsymbol: inst.symbol,
		instrumenttype: inst.instrumentType,
		symbolgroup: inst.exchange === 'NSE' || inst.exchange === 'BSE' ? 'EQ' : 'XX',
		strikeprice: String(strikeRupees(inst)),
		optiontype: inst.optionType,
		expirydate: expiry(inst),
		marketlot: String(inst.lotSize),
		precision: String(decimals(inst)),
		multiplier: '-1',
		tradevalue: round(trade.price * trade.quantity),
		transactiontype: trade.transactiontype,
		fillprice: round(trade.price, decimals(inst)),
		fillsize: trade.quantity,
		orderid: trade.orderid,
		fillid: trade.fillid,
		filltime: hhmmss(trade.at),
	};
}

/**
 * getPosition item: every value a string (docs sample), with the live rows' `ltp`, `close`, `realised`,
 * `unrealised` and `pnl` (realised on the matched quantity, unrealised on the open one at the last price).
 */
export function positionItem(position: Position, prices: { ltp: number; close: number } = { ltp: 0, close: 0 }): Record<string, string> {
	const inst = position.inst;
	const d = decimals(inst);
	const f = (value: number): string => value.toFixed(d);
	const buyAvg = position.buyqty > 0 ? position.buyamount / position.buyqty : 0;
	const sellAvg = position.sellqty > 0 ? position.sellamount / position.sellqty : 0;
	const net = position.buyqty - position.sellqty;
	const netValue = position.sellamount - position.buyamount;
	const netPrice = net !== 0 ? Math.abs(netValue / net) : 0;
	const matched = Math.min(position.buyqty, position.sellqty);
	const realised = matched * (sellAvg - buyAvg);
	const unrealised = net > 0 ? net * (prices.ltp - buyAvg) : net < 0 ? -net * (sellAvg - prices.ltp) : 0;
	return {
		exchange: inst.exchange,
		symboltoken: inst.token,
		producttype: position.producttype,
		tradingsymbol: inst.symbol,
		symbolname: inst.name,
		instrumenttype: inst.instrumentType,
		priceden: '1.00',
		pricenum: '1.00',
		genden: '1.00',
		gennum: '1.00',
		precision: String(d),
		multiplier: '-1',
		boardlotsize: '1',
		buyqty: String(position.buyqty),
		sellqty: String(position.sellqty),
		buyamount: f(position.buyamount),
		sellamount: f(position.sellamount),
		symbolgroup: inst.exchange === 'NSE' || inst.exchange === 'BSE' ? 'EQ' : 'XX',
		strikeprice: String(strikeRupees(inst)),
		optiontype: inst.optionType,
		expirydate: expiry(inst),
		lotsize: String(inst.lotSize),
		cfbuyqty: '0',
		cfsellqty: '0',
		cfbuyamount: '0.00',
		cfsellamount: '0.00',
		buyavgprice: f(buyAvg),
		sellavgprice: f(sellAvg),
		avgnetprice: f(netPrice),
		netvalue: f(netValue),
		netqty: String(net),
		totalbuyvalue: f(position.buyamount),
		totalsellvalue: f(position.sellamount),
		cfbuyavgprice: '0.00',
		cfsellavgprice: '0.00',
		totalbuyavgprice: f(buyAvg),
		totalsellavgprice: f(sellAvg),
		netprice: f(netPrice),
		ltp: f(prices.ltp),
		close: f(prices.close),
		realised: f(realised),
		unrealised: f(unrealised),
		pnl: f(realised + unrealised),
	};
}

export interface HoldingView {
	tradingsymbol: string;
	exchange: string;
	isin: string;
	t1quantity: number;
	realisedquantity: number;
	quantity: number;
	authorisedquantity: number;
	product: string;
	collateralquantity: null;
	collateraltype: null;
	haircut: number;
	averageprice: number;
	ltp: number;
	symboltoken: string;
	close: number;
	profitandloss: number;
	pnlpercentage: number;
}

/**
 * Holdings = seeded holdings less today's delivery sells, plus today's delivery buys as T1 quantity
 * (they settle into `realisedquantity` the next trading day on the real platform).
 */
export function holdingItems(
	seeded: readonly SeedHolding[],
	flows: Map<string, DeliveryFlow>,
	resolve: (exchange: string, token: string) => UniverseInstrument | undefined,
	prices: (inst: UniverseInstrument) => { ltp: number; close: number },
): HoldingView[] {
	const out: HoldingView[] = [];
	const seen = new Set<string>();
	const view = (inst: UniverseInstrument, settled: number, t1: number, averageprice: number): HoldingView => {
		const { ltp, close } = prices(inst);
		const quantity = settled + t1;
		const pnl = round((ltp - averageprice) * quantity);
		const invested = averageprice * quantity;
		return {
			tradingsymbol: inst.symbol,
			exchange: inst.exchange,
			isin: inst.isin,
			t1quantity: t1,
			realisedquantity: settled,
			quantity,
			authorisedquantity: 0,
			product: 'DELIVERY',
			collateralquantity: null,
			collateraltype: null,
			haircut: 0,
			averageprice: round(averageprice),
			ltp: round(ltp),
			symboltoken: inst.token,
			close: round(close),
			profitandloss: pnl,
			pnlpercentage: invested > 0 ? round((pnl / invested) * 100) : 0,
		};
	};
	for (const h of seeded) {
		const inst = resolve(h.exchange, h.token);
		if (!inst) continue;
		seen.add(inst.name);
		const flow = flows.get(inst.name) ?? { inst, bought: 0, boughtValue: 0, sold: 0 };
		// Sells draw on today's buys last, so settled stock is what is sold first (as a broker's FIFO would).
		const soldFromSettled = Math.min(h.quantity, flow.sold);
		const t1 = Math.max(0, flow.bought - Math.max(0, flow.sold - h.quantity));
		const settled = h.quantity - soldFromSettled;
		if (settled + t1 === 0) continue;
		const averageprice = (h.averagePrice * settled + (flow.bought > 0 ? (flow.boughtValue / flow.bought) * t1 : 0)) / (settled + t1);
		out.push(view(inst, settled, t1, averageprice));
	}
	for (const [name, flow] of flows) {
		const t1 = flow.bought - flow.sold;
		if (seen.has(name) || t1 <= 0) continue;
		out.push(view(flow.inst, 0, t1, flow.boughtValue / flow.bought));
	}
	return out;
}

/**
 * getRMS data: strings (docs). As live: `m2m*` read 0.00 whatever the booked P&L, `utilisedpayout` carries the
 * withdrawable cash (today's sale proceeds are not withdrawable yet), and with variant nullUtilised the other
 * `utilised*` fields are null.
 */
export function rmsData(funds: Funds, variants: SimVariants = DEFAULT_VARIANTS): Record<string, string | null> {
	const s = (value: number): string => value.toFixed(4);
	const u = (value: number): string | null => (variants.nullUtilised ? null : s(value));
	return {
		net: s(funds.available),
		availablecash: s(funds.available),
		availableintradaypayin: '0.0000',
		availablelimitmargin: '0.0000',
		collateral: '0.0000',
		m2munrealized: '0.0000',
		m2mrealized: '0.0000',
		utiliseddebits: u(funds.utilisedDelivery + funds.blockedByOrders),
		utilisedspan: u(funds.utilisedSpan),
		utilisedoptionpremium: u(funds.utilisedOptionPremium),
		utilisedholdingsales: u(funds.holdingSalesCredit),
		utilisedexposure: u(funds.utilisedExposure),
		utilisedturnover: u(0),
		utilisedpayout: s(Math.max(0, funds.available - funds.holdingSalesCredit)),
	};
}
