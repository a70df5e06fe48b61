/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The order engine: validation, RMS checks (tick, lot, product, funds, holdings), matching against the market
// (market, limit, stop-loss, IOC, AMO), and the per-client books — orders, trades, positions, funds.

import { EventEmitter } from 'node:events';

import type { SeedHolding, SimAccount } from './accounts';
import type { OrderUpdateMessage, SimClock, SimOrderEvents } from './contracts';
import type { Market } from './market';
import { instrumentKey } from './market';
import { inAmoFreeze, isMarketOpen, type MarketHoursMode } from './market-hours';
import { createRng, type Rng } from './rng';
import { DEFAULT_API_ORDER_RULES, NATIVE_REFUSAL_CODE, NATIVE_REFUSAL_MESSAGE, nativeParts, type ApiOrderRules } from './api-order-rules';
import { freezeQuantity, type Universe, type UniverseInstrument } from './universe';
import { istDay, istParts } from '../nodes/AngelOne/helpers/ist';
import { trimmed } from '../nodes/AngelOne/helpers/values';
import { orderUpdateMessage } from './order-views';
import { createVariants, type SimVariants } from './variants';
import { plainNumberOrZero } from './wire';

export type OrderStatus =
	| 'open'
	| 'complete'
	| 'cancelled'
	| 'rejected'
	| 'trigger pending'
	| 'after market order req received';

export interface Order {
	orderid: string;
	uniqueorderid: string;
	exchangeorderid: string;
	clientCode: string;
	variety: string;
	ordertype: string;
	producttype: string;
	duration: string;
	transactiontype: 'BUY' | 'SELL';
	inst: UniverseInstrument;
	/** rupees */
	price: number;
	triggerprice: number;
	quantity: number;
	disclosedquantity: number;
	squareoff: number;
	stoploss: number;
	trailingstoploss: number;
	ordertag: string;
	status: OrderStatus;
	text: string;
	filledshares: number;
	averageprice: number;
	cancelsize: number;
	/** epoch ms of the last change */
	updatedAt: number;
	exchangeAt: number | undefined;
	fillid: string;
	filledAt: number | undefined;
	/** Placed outside market hours. */
	amo: boolean;
}

export interface Trade {
	orderid: string;
	fillid: string;
	inst: UniverseInstrument;
	producttype: string;
	transactiontype: 'BUY' | 'SELL';
	/** rupees */
	price: number;
	quantity: number;
	at: number;
}

export interface Position {
	inst: UniverseInstrument;
	producttype: string;
	buyqty: number;
	sellqty: number;
	/** rupees */
	buyamount: number;
	sellamount: number;
}

export interface Funds {
	openingCash: number;
	realised: number;
	unrealised: number;
	holdingSalesCredit: number;
	utilisedDelivery: number;
	utilisedSpan: number;
	utilisedExposure: number;
	utilisedOptionPremium: number;
	blockedByOrders: number;
	available: number;
}

/** Today's delivery trades in one scrip (NSE and BSE together, keyed by name). */
export interface DeliveryFlow {
	inst: UniverseInstrument;
	bought: number;
	boughtValue: number;
	sold: number;
}

interface Book {
	account: SimAccount;
	/** Settled holdings: the account's seeded ones, then whatever delivery trades settle into at each day's end. */
	holdings: SeedHolding[];
	/** Cash at the start of the current day. */
	openingCash: number;
	orders: Order[];
	trades: Trade[];
	positions: Map<string, Position>;
}

export type EngineResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string; data?: unknown };

const VARIETIES = ['NORMAL', 'STOPLOSS', 'AMO', 'ROBO'];
const ORDER_TYPES = ['MARKET', 'LIMIT', 'STOPLOSS_LIMIT', 'STOPLOSS_MARKET'];
const PRODUCTS = ['DELIVERY', 'CARRYFORWARD', 'MARGIN', 'INTRADAY', 'BO'];
const LIVE: OrderStatus[] = ['open', 'trigger pending', 'after market order req received'];

/** The order-status codes of protocol §6. */
export const ORDER_STATUS_CODES = {
	open: 'AB01',
	cancelled: 'AB02',
	rejected: 'AB03',
	modified: 'AB04',
	complete: 'AB05',
	amoReceived: 'AB06',
	amoCancelled: 'AB07',
	amoModified: 'AB08',
	openPending: 'AB09',
	triggerPending: 'AB10',
} as const;

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

function rupees(value: number): string {
	return value.toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
}

function isOption(inst: UniverseInstrument): boolean {
	return inst.optionType !== '';
}

function isCash(inst: UniverseInstrument): boolean {
	return inst.exchange === 'NSE' || inst.exchange === 'BSE';
}

/** Feed units of a rupee price, or undefined when it does not sit on the tick grid. */
function onTickUnits(price: number, inst: UniverseInstrument): number | undefined {
	const units = price * inst.priceDivisor;
	const rounded = Math.round(units);
	if (Math.abs(units - rounded) > 1e-6 * Math.max(1, Math.abs(units))) return undefined;
	if (inst.tickSize > 0 && rounded % inst.tickSize !== 0) return undefined;
	return rounded;
}

export interface OrderEngineOptions {
	clock: SimClock;
	market: Market;
	universe: Universe;
	accounts: SimAccount[];
	marketHours: MarketHoursMode;
	seed: number;
	/** The 2026 rules for API orders; default: enforced, refused at placement. */
	rules?: ApiOrderRules;
	/** Live switches shared with the views and sockets (variants.ts); default the documented behaviour. */
	variants?: SimVariants;
}

export class OrderEngine implements SimOrderEvents {
	readonly events = new EventEmitter();
	private readonly books = new Map<string, Book>();
	/** Live orders per instrument, so a tick only looks at the orders it can fill. */
	private readonly liveByInstrument = new Map<string, Set<Order>>();
	private readonly rng: Rng;
	private orderSequence: number;
	private fillSequence: number;
	private exchangeSequence: number;
	/** The IST trading day the books belong to; books roll over when the clock passes midnight. */
	private day: string;
	/** The 2026 rules for API orders, changeable while running (control.setOrderRules). */
	rules: ApiOrderRules;
	/** Units the market still offers per instrument; absent = unlimited (every fill is whole). */
	private readonly liquidity = new Map<string, number>();
	readonly variants: SimVariants;

	constructor(private readonly options: OrderEngineOptions) {
		this.variants = options.variants ?? createVariants();
		this.events.setMaxListeners(0);
		this.rng = createRng((options.seed * 2654435761) >>> 0);
		this.orderSequence = 100 + Math.floor(this.rng() * 900);
		this.fillSequence = 10_000_000 + Math.floor(this.rng() * 1_000_000);
		this.exchangeSequence = 40_000 + Math.floor(this.rng() * 10_000);
		for (const account of options.accounts) {
			this.books.set(account.clientCode, {
				account,
				holdings: account.holdings.map((h) => ({ ...h })),
				openingCash: account.openingCash,
				orders: [],
				trades: [],
				positions: new Map(),
			});
		}
		this.day = istDay(options.clock.now());
		this.rules = { ...(options.rules ?? DEFAULT_API_ORDER_RULES) };
		options.market.on('tick', (inst: UniverseInstrument) => this.onPrice(inst));
	}

	orders(clientCode: string): readonly Order[] {
		return this.book(clientCode).orders;
	}

	trades(clientCode: string): readonly Trade[] {
		return this.book(clientCode).trades;
	}

	positions(clientCode: string): Position[] {
		return [...this.book(clientCode).positions.values()];
	}

	account(clientCode: string): SimAccount {
		return this.book(clientCode).account;
	}

	/** Settled holdings (today's delivery buys are not in here yet: see deliveryFlows). */
	holdings(clientCode: string): readonly SeedHolding[] {
		return this.book(clientCode).holdings;
	}

	/** An order by orderid or uniqueorderid. */
	find(clientCode: string, id: string): Order | undefined {
		return this.book(clientCode).orders.find((o) => o.orderid === id || o.uniqueorderid === id);
	}

	/** Today's delivery buys and sells per scrip name, from which holdings and sellable quantity follow. */
	deliveryFlows(clientCode: string): Map<string, DeliveryFlow> {
		const flows = new Map<string, DeliveryFlow>();
		for (const p of this.book(clientCode).positions.values()) {
			if (p.producttype !== 'DELIVERY' || !isCash(p.inst)) continue;
			const f = flows.get(p.inst.name) ?? { inst: p.inst, bought: 0, boughtValue: 0, sold: 0 };
			f.bought += p.buyqty;
			f.boughtValue += p.buyamount;
			f.sold += p.sellqty;
			flows.set(p.inst.name, f);
		}
		return flows;
	}

	/** Funds now; `excluding` leaves one live order's block out (used while checking that very order). */
	funds(clientCode: string, excluding?: Order): Funds {
		const book = this.book(clientCode);
		let realised = 0;
		let unrealised = 0;
		let holdingSalesCredit = 0;
		let utilisedDelivery = 0;
		let utilisedSpan = 0;
		let utilisedExposure = 0;
		let utilisedOptionPremium = 0;
		for (const p of book.positions.values()) {
			const matched = Math.min(p.buyqty, p.sellqty);
			const buyAvg = p.buyqty > 0 ? p.buyamount / p.buyqty : 0;
			const sellAvg = p.sellqty > 0 ? p.sellamount / p.sellqty : 0;
			realised += matched * (sellAvg - buyAvg);
			const net = p.buyqty - p.sellqty;
			if (net === 0) continue;
			const avg = net > 0 ? buyAvg : sellAvg;
			unrealised += net * (this.options.market.ltpRupees(p.inst) - avg);
			if (net < 0 && p.producttype === 'DELIVERY' && isCash(p.inst)) {
				// Selling shares already held: the proceeds are credited for trading the same day.
				holdingSalesCredit += -net * sellAvg;
				continue;
			}
			const required = this.marginFor(p.inst, p.producttype, net > 0 ? 'BUY' : 'SELL', Math.abs(net), avg);
			if (isCash(p.inst) && p.producttype !== 'INTRADAY') utilisedDelivery += required;
			else if (isOption(p.inst) && net > 0) utilisedOptionPremium += required;
			else if (isCash(p.inst)) utilisedExposure += required;
			else utilisedSpan += required;
		}
		let blockedByOrders = 0;
		for (const order of book.orders) {
			if (order !== excluding && LIVE.includes(order.status)) blockedByOrders += this.orderRequirement(book, order);
		}
		const used = utilisedDelivery + utilisedSpan + utilisedExposure + utilisedOptionPremium + blockedByOrders;
		return {
			openingCash: book.openingCash,
			realised: round2(realised),
			unrealised: round2(unrealised),
			holdingSalesCredit: round2(holdingSalesCredit),
			utilisedDelivery: round2(utilisedDelivery),
			utilisedSpan: round2(utilisedSpan),
			utilisedExposure: round2(utilisedExposure),
			utilisedOptionPremium: round2(utilisedOptionPremium),
			blockedByOrders: round2(blockedByOrders),
			available: round2(book.openingCash + realised + holdingSalesCredit - used),
		};
	}

	place(clientCode: string, body: Record<string, unknown>): EngineResult<Order> {
		const book = this.book(clientCode);
		const parsed = this.parse(body);
		if (!parsed.ok) return parsed;
		const native = this.rules.enforce && nativeParts(body).length > 0;
		if (native && this.rules.refusal === 'at-placement') return { ok: false, code: NATIVE_REFUSAL_CODE, message: NATIVE_REFUSAL_MESSAGE, data: null };
		const now = this.options.clock.now();
		const p = parsed.value;
		const amo = !isMarketOpen(now, p.inst.exchange, this.options.marketHours);
		const order: Order = {
			orderid: amo && this.variants.liveAmo ? this.liveAmoId() : this.nextOrderId(now),
			uniqueorderid: this.uuid(),
			exchangeorderid: '',
			clientCode,
			variety: p.variety,
			ordertype: p.ordertype,
			producttype: p.producttype,
			duration: p.duration,
			transactiontype: p.transactiontype,
			inst: p.inst,
			price: p.price,
			triggerprice: p.triggerprice,
			quantity: p.quantity,
			disclosedquantity: p.disclosedquantity,
			squareoff: p.squareoff,
			stoploss: p.stoploss,
			trailingstoploss: p.trailingstoploss,
			ordertag: p.ordertag,
			status: 'open',
			text: '',
			filledshares: 0,
			averageprice: 0,
			cancelsize: 0,
			updatedAt: now,
			exchangeAt: undefined,
			fillid: '',
			filledAt: undefined,
			amo,
		};
		book.orders.push(order);
		const reason = native ? `RMS: ${NATIVE_REFUSAL_MESSAGE}` : this.rejectionReason(book, order);
		if (reason) {
			order.status = 'rejected';
			order.text = reason;
			this.emitUpdate(order, ORDER_STATUS_CODES.rejected);
			return { ok: true, value: order };
		}
		this.options.market.markActive(order.inst);
		if (order.amo) {
			order.status = 'after market order req received';
			this.track(order);
			this.emitUpdate(order, ORDER_STATUS_CODES.amoReceived);
			return { ok: true, value: order };
		}
		this.goLive(order, now, true);
		return { ok: true, value: order };
	}

	modify(clientCode: string, body: Record<string, unknown>): EngineResult<Order> {
		const book = this.book(clientCode);
		const order = this.find(clientCode, trimmed(body.orderid));
		const fail = (message: string, code = 'AB1007'): EngineResult<Order> => ({ ok: false, code, message: `Modify Order Response : ${message}`, data: { orderid: '' } });
		if (!order) return { ok: false, code: 'AB1013', message: 'Order not found' };
		if (!LIVE.includes(order.status)) return fail('Bad Input');
		const ordertype = body.ordertype === undefined ? order.ordertype : trimmed(body.ordertype).toUpperCase();
		if (!ORDER_TYPES.includes(ordertype)) return fail('Invalid Order Type', 'AB1020');
		if (this.rules.enforce && nativeParts({ ordertype, duration: body.duration ?? order.duration }).length > 0) {
			return { ok: false, code: NATIVE_REFUSAL_CODE, message: NATIVE_REFUSAL_MESSAGE, data: { orderid: '' } };
		}
		if (ordertype.startsWith('STOPLOSS') !== order.variety.startsWith('STOPLOSS')) return fail('Invalid Order Type', 'AB1020');
		const price = body.price === undefined ? order.price : plainNumberOrZero(body.price);
		const triggerprice = body.triggerprice === undefined ? order.triggerprice : plainNumberOrZero(body.triggerprice);
		const quantity = body.quantity === undefined ? order.quantity : plainNumberOrZero(body.quantity);
		if (!Number.isFinite(price) || price < 0 || !Number.isFinite(triggerprice) || triggerprice < 0) return fail('Invalid Price');
		if (!Number.isInteger(quantity) || quantity <= 0) return fail('Invalid Quantity');
		const saved = { ...order };
		const market = ordertype === 'MARKET' || ordertype === 'STOPLOSS_MARKET';
		Object.assign(order, { ordertype, price: market ? 0 : price, triggerprice, quantity });
		const reason = this.rejectionReason(book, order);
		if (reason) {
			Object.assign(order, saved);
			return fail(reason);
		}
		const now = this.options.clock.now();
		order.updatedAt = now;
		if (order.status === 'after market order req received') {
			this.emitUpdate(order, ORDER_STATUS_CODES.amoModified, 'modify after market order req received');
			return { ok: true, value: order };
		}
		this.emitUpdate(order, ORDER_STATUS_CODES.modified, 'modified');
		this.untrack(order);
		this.goLive(order, now);
		return { ok: true, value: order };
	}

	cancel(clientCode: string, body: Record<string, unknown>): EngineResult<Order> {
		const order = this.find(clientCode, trimmed(body.orderid));
		const fail = (): EngineResult<Order> => ({ ok: false, code: 'AB1007', message: 'Cancel Order Response : Bad Input', data: { orderid: '' } });
		if (!order || !LIVE.includes(order.status)) return fail();
		const now = this.options.clock.now();
		const wasAmo = order.status === 'after market order req received';
		if (wasAmo && inAmoFreeze(now)) return fail();
		this.untrack(order);
		order.status = 'cancelled';
		order.cancelsize = order.quantity - order.filledshares;
		order.updatedAt = now;
		this.emitUpdate(order, wasAmo ? ORDER_STATUS_CODES.amoCancelled : ORDER_STATUS_CODES.cancelled);
		return { ok: true, value: order };
	}

	/** Converts (part of) a position's product, e.g. INTRADAY → DELIVERY. */
	convertPosition(clientCode: string, body: Record<string, unknown>): EngineResult<null> {
		const book = this.book(clientCode);
		const exchange = trimmed(body.exchange).toUpperCase();
		const symbol = trimmed(body.tradingsymbol);
		const from = trimmed(body.oldproducttype).toUpperCase();
		const to = trimmed(body.newproducttype).toUpperCase();
		const side = trimmed(body.transactiontype).toUpperCase();
		const quantity = plainNumberOrZero(body.quantity);
		const inst = body.symboltoken !== undefined ? this.options.universe.get(exchange, trimmed(body.symboltoken)) : this.options.universe.bySymbol(exchange, symbol);
		const failed: EngineResult<null> = { ok: false, code: 'AB1017', message: 'Position conversion failed' };
		if (!inst || !PRODUCTS.includes(to) || from === to || !Number.isInteger(quantity) || quantity <= 0) return failed;
		if (!this.productAllowed(inst, to)) return failed;
		const source = book.positions.get(`${instrumentKey(inst)}|${from}`);
		if (!source) return { ok: false, code: 'AB1016', message: 'Position not found' };
		const net = source.buyqty - source.sellqty;
		if ((side === 'BUY' && net < quantity) || (side === 'SELL' && -net < quantity)) return failed;
		const target = this.position(book, inst, to);
		if (side === 'BUY') {
			const avg = source.buyamount / source.buyqty;
			source.buyqty -= quantity;
			source.buyamount -= avg * quantity;
			target.buyqty += quantity;
			target.buyamount += avg * quantity;
		} else {
			const avg = source.sellamount / source.sellqty;
			source.sellqty -= quantity;
			source.sellamount -= avg * quantity;
			target.sellqty += quantity;
			target.sellamount += avg * quantity;
		}
		return { ok: true, value: null };
	}

	/** Called on every request and clock change: books roll over at midnight, AMO orders go live at the open. */
	processClock(): void {
		const now = this.options.clock.now();
		const today = istDay(now);
		if (today > this.day) {
			this.day = today;
			for (const book of this.books.values()) this.rollOver(book, now);
		}
		for (const book of this.books.values()) {
			for (const order of book.orders) {
				if (order.status === 'after market order req received' && isMarketOpen(now, order.inst.exchange, this.options.marketHours)) {
					this.untrack(order);
					this.goLive(order, now, true);
				}
			}
		}
	}

	/**
	 * End of day, simplified: live DAY orders expire (cancelled, as the exchange does at the close), AMO orders
	 * carry over, intraday positions are squared off at the last price, delivery trades settle into holdings,
	 * carry-forward positions continue at their average price, and the day's cash result becomes the new opening
	 * cash. Orders and trades start empty, as the real books are per day.
	 */
	private rollOver(book: Book, now: number): void {
		for (const order of book.orders) {
			if (order.status === 'open' || order.status === 'trigger pending') {
				this.untrack(order);
				order.status = 'cancelled';
				order.cancelsize = order.quantity - order.filledshares;
				order.text = 'Order cancelled by the exchange at the end of the day';
				order.updatedAt = now;
				this.emitUpdate(order, ORDER_STATUS_CODES.cancelled);
			}
		}
		const funds = this.funds(book.account.clientCode);
		let cash = book.openingCash + funds.realised + funds.holdingSalesCredit;
		const carried = new Map<string, Position>();
		for (const [key, p] of book.positions) {
			const net = p.buyqty - p.sellqty;
			if (net === 0) continue;
			const avg = net > 0 ? p.buyamount / p.buyqty : p.sellamount / p.sellqty;
			if (p.producttype === 'DELIVERY' && isCash(p.inst)) {
				if (net > 0) {
					cash -= net * avg;
					this.settle(book, p.inst, net, avg);
				} else {
					this.settle(book, p.inst, net, 0);
				}
			} else if (p.producttype === 'INTRADAY') {
				cash += net * (this.options.market.ltpRupees(p.inst) - avg);
			} else {
				carried.set(key, { inst: p.inst, producttype: p.producttype, buyqty: Math.max(0, net), sellqty: Math.max(0, -net), buyamount: net > 0 ? net * avg : 0, sellamount: net < 0 ? -net * avg : 0 });
			}
		}
		book.openingCash = round2(cash);
		book.positions = carried;
		book.orders = book.orders.filter((o) => o.status === 'after market order req received');
		book.trades = [];
	}

	/** Adds (or, with a negative quantity, removes) settled shares of a scrip, on the exchange the holding is on. */
	private settle(book: Book, inst: UniverseInstrument, quantity: number, price: number): void {
		let remaining = quantity;
		for (const h of book.holdings) {
			if (this.options.universe.get(h.exchange, h.token)?.name !== inst.name) continue;
			if (remaining > 0) {
				h.averagePrice = round2((h.averagePrice * h.quantity + price * remaining) / (h.quantity + remaining));
				h.quantity += remaining;
				return;
			}
			const take = Math.min(h.quantity, -remaining);
			h.quantity -= take;
			remaining += take;
		}
		if (remaining > 0 && (inst.exchange === 'NSE' || inst.exchange === 'BSE')) {
			book.holdings.push({ exchange: inst.exchange, token: inst.token, quantity: remaining, averagePrice: round2(price) });
		}
		book.holdings = book.holdings.filter((h) => h.quantity > 0);
	}

	/** `fresh`: the order reaches the exchange for the first time, announced "open pending" (AB09) first, as live. */
	private goLive(order: Order, now: number, fresh = false): void {
		order.exchangeorderid = order.exchangeorderid || `1100000000${String(this.exchangeSequence++).padStart(6, '0')}`;
		order.exchangeAt = now;
		order.updatedAt = now;
		if (fresh) this.emitUpdate(order, ORDER_STATUS_CODES.openPending, 'open pending');
		if (order.ordertype.startsWith('STOPLOSS')) {
			order.status = 'trigger pending';
			this.track(order);
			this.emitUpdate(order, ORDER_STATUS_CODES.triggerPending);
		} else {
			order.status = 'open';
			this.track(order);
			this.emitUpdate(order, ORDER_STATUS_CODES.open);
		}
		this.tryFill(order, true);
		if (order.duration === 'IOC' && LIVE.includes(order.status)) {
			this.untrack(order);
			order.status = 'cancelled';
			order.cancelsize = order.quantity - order.filledshares;
			order.text = 'IOC order cancelled as it could not be executed immediately';
			order.updatedAt = now;
			this.emitUpdate(order, ORDER_STATUS_CODES.cancelled);
		}
	}

	private onPrice(inst: UniverseInstrument): void {
		const live = this.liveByInstrument.get(instrumentKey(inst));
		if (!live || live.size === 0) return;
		for (const order of [...live]) this.tryFill(order, false);
	}

	/** Matches one live order against the last price. `entering` = the order just arrived (marketable fills at LTP). */
	private tryFill(order: Order, entering: boolean): void {
		const now = this.options.clock.now();
		if (!isMarketOpen(now, order.inst.exchange, this.options.marketHours)) return;
		const ltp = this.options.market.ltpRupees(order.inst);
		const buy = order.transactiontype === 'BUY';
		if (order.status === 'trigger pending') {
			const triggered = buy ? ltp >= order.triggerprice : ltp <= order.triggerprice;
			if (!triggered) return;
			if (order.ordertype === 'STOPLOSS_MARKET') return this.fill(order, ltp);
			order.status = 'open';
			order.updatedAt = now;
			this.emitUpdate(order, ORDER_STATUS_CODES.open);
			entering = true;
		}
		if (order.status !== 'open') return;
		if (order.ordertype === 'MARKET' || order.ordertype === 'STOPLOSS_MARKET') return this.fill(order, ltp);
		const crosses = buy ? ltp <= order.price : ltp >= order.price;
		if (!crosses) return;
		// A marketable order takes the market's price; a resting one is hit at its own limit.
		this.fill(order, entering ? ltp : order.price);
	}

	/** Limits what the market offers an instrument from now on (units, shared by all orders); undefined = unlimited. */
	setLiquidity(inst: UniverseInstrument, units: number | undefined): void {
		if (units === undefined) this.liquidity.delete(instrumentKey(inst));
		else this.liquidity.set(instrumentKey(inst), Math.max(0, Math.floor(units)));
	}

	/** Fills what the market offers of the order's remaining quantity: all of it, part of it (the order stays open) or nothing. */
	private fill(order: Order, price: number): void {
		const key = instrumentKey(order.inst);
		const offered = this.liquidity.get(key);
		const remaining = order.quantity - order.filledshares;
		const quantity = offered === undefined ? remaining : Math.min(remaining, offered - (offered % order.inst.lotSize));
		if (quantity <= 0) return;
		if (offered !== undefined) this.liquidity.set(key, offered - quantity);
		const now = this.options.clock.now();
		const book = this.book(order.clientCode);
		order.averageprice = (order.averageprice * order.filledshares + price * quantity) / (order.filledshares + quantity);
		order.filledshares += quantity;
		const complete = order.filledshares >= order.quantity;
		if (complete) {
			this.untrack(order);
			order.status = 'complete';
		} else {
			// A triggered stop-loss market order rests as open for the rest, like a market order with too little depth.
			order.status = 'open';
		}
		order.fillid = String(this.fillSequence++);
		order.filledAt = now;
		order.updatedAt = now;
		book.trades.push({ orderid: order.orderid, fillid: order.fillid, inst: order.inst, producttype: order.producttype, transactiontype: order.transactiontype, price, quantity, at: now });
		const position = this.position(book, order.inst, order.producttype);
		if (order.transactiontype === 'BUY') {
			position.buyqty += quantity;
			position.buyamount += price * quantity;
		} else {
			position.sellqty += quantity;
			position.sellamount += price * quantity;
		}
		this.options.market.recordFill(order.inst, quantity);
		this.emitUpdate(order, complete ? ORDER_STATUS_CODES.complete : ORDER_STATUS_CODES.open);
	}

	private position(book: Book, inst: UniverseInstrument, producttype: string): Position {
		const key = `${instrumentKey(inst)}|${producttype}`;
		let position = book.positions.get(key);
		if (!position) {
			position = { inst, producttype, buyqty: 0, sellqty: 0, buyamount: 0, sellamount: 0 };
			book.positions.set(key, position);
		}
		return position;
	}

	/** Checks done after acceptance: failures show as status 'rejected' with this text, as on the real API. */
	private rejectionReason(book: Book, order: Order): string | undefined {
		const inst = order.inst;
		if (inst.instrumentType === 'AMXIDX') return 'Orders cannot be placed for index instruments.';
		if (!this.productAllowed(inst, order.producttype)) {
			return `Product type ${order.producttype} is not allowed for exchange ${inst.exchange}.`;
		}
		if (order.duration === 'IOC' && inst.exchange === 'MCX') return 'IOC orders are not allowed in the commodity segment.';
		if (order.quantity % inst.lotSize !== 0) return `Quantity ${order.quantity} is not a multiple of the lot size ${inst.lotSize}.`;
		const freeze = freezeQuantity(inst);
		if (freeze !== undefined && order.quantity > freeze) return `Order quantity ${order.quantity} exceeds the freeze quantity ${freeze}.`;
		const tick = inst.tickSize / inst.priceDivisor;
		const limitPriced = order.ordertype === 'LIMIT' || order.ordertype === 'STOPLOSS_LIMIT';
		if (limitPriced) {
			if (order.price <= 0) return 'Price should be greater than zero for limit orders.';
			if (onTickUnits(order.price, inst) === undefined) return `Price ${order.price} is not a multiple of the tick size ${tick}.`;
		}
		const stop = order.ordertype.startsWith('STOPLOSS');
		if (stop) {
			if (order.triggerprice <= 0) return 'Trigger price should be greater than zero for stop-loss orders.';
			if (onTickUnits(order.triggerprice, inst) === undefined) {
				return `Trigger price ${order.triggerprice} is not a multiple of the tick size ${tick}.`;
			}
		}
		const state = this.options.market.state(inst);
		const upper = state.upperCircuit / inst.priceDivisor;
		const lower = state.lowerCircuit / inst.priceDivisor;
		if (limitPriced && state.upperCircuit > 0 && (order.price > upper || order.price < lower)) {
			return `Price protection: order price ${order.price} is outside the day's circuit limits (${lower} - ${upper}).`;
		}
		const ltp = state.ltp / inst.priceDivisor;
		if (stop && !order.amo) {
			const buy = order.transactiontype === 'BUY';
			if (buy && order.triggerprice <= ltp) return 'Trigger price for stop loss buy orders should be higher than last traded price.';
			if (!buy && order.triggerprice >= ltp) return 'Trigger price for stop loss sell orders should be lower than last traded price.';
			if (order.ordertype === 'STOPLOSS_LIMIT' && (buy ? order.price < order.triggerprice : order.price > order.triggerprice)) {
				return buy ? 'Trigger price should be less than or equal to the limit price for buy orders.' : 'Trigger price should be greater than or equal to the limit price for sell orders.';
			}
		}
		if (order.transactiontype === 'SELL' && order.producttype === 'DELIVERY' && isCash(inst)) {
			const sellable = this.sellableQuantity(book, inst.name, order);
			if (order.quantity > sellable) {
				return `Your order has been rejected due to insufficient holdings. Available quantity - ${sellable}. Order quantity - ${order.quantity}.`;
			}
			return undefined;
		}
		// The order itself (new, or being modified) is left out of what is blocked: only its new requirement counts.
		const available = this.funds(book.account.clientCode, order).available;
		const required = this.orderRequirement(book, order);
		if (required > available + 1e-9) {
			return `Your order has been rejected due to Insufficient Funds. Available funds - Rs. ${rupees(Math.max(0, available))} . You require Rs. ${rupees(required)} funds to execute this order.`;
		}
		return undefined;
	}

	private sellableQuantity(book: Book, name: string, excluding: Order): number {
		const held = book.holdings
			.filter((h) => this.options.universe.get(h.exchange, h.token)?.name === name)
			.reduce((a, h) => a + h.quantity, 0);
		const flow = this.deliveryFlows(book.account.clientCode).get(name);
		const pendingSells = book.orders
			.filter((o) => o !== excluding && LIVE.includes(o.status) && o.transactiontype === 'SELL' && o.producttype === 'DELIVERY' && o.inst.name === name)
			.reduce((a, o) => a + o.quantity - o.filledshares, 0);
		return held + (flow ? flow.bought - flow.sold : 0) - pendingSells;
	}

	/** Funds an order blocks: its margin, minus what it frees by closing an opposite position of the same product. */
	private orderRequirement(book: Book, order: Order): number {
		const remaining = order.quantity - order.filledshares;
		if (remaining <= 0) return 0;
		if (order.transactiontype === 'SELL' && order.producttype === 'DELIVERY' && isCash(order.inst)) return 0;
		const position = book.positions.get(`${instrumentKey(order.inst)}|${order.producttype}`);
		const net = position ? position.buyqty - position.sellqty : 0;
		const closing = order.transactiontype === 'BUY' ? Math.max(0, -net) : Math.max(0, net);
		const opening = Math.max(0, remaining - closing);
		if (opening === 0) return 0;
		const ltp = this.options.market.ltpRupees(order.inst);
		const reference = order.ordertype === 'LIMIT' || order.ordertype === 'STOPLOSS_LIMIT' ? order.price : order.ordertype === 'STOPLOSS_MARKET' ? Math.max(order.triggerprice, ltp) : ltp;
		return this.marginFor(order.inst, order.producttype, order.transactiontype, opening, reference);
	}

	/** A simplified SPAN-like margin: full value for delivery and option buys, a fraction of notional otherwise. */
	marginFor(inst: UniverseInstrument, producttype: string, side: 'BUY' | 'SELL', quantity: number, price: number): number {
		const value = price * quantity;
		if (isCash(inst)) {
			if (producttype === 'INTRADAY') return value * 0.2;
			if (producttype === 'MARGIN') return value * 0.5;
			return value;
		}
		if (isOption(inst)) {
			if (side === 'BUY') return value;
			const strike = inst.strike / (inst.exchange === 'CDS' ? 10_000_000 : 100);
			return strike * quantity * (producttype === 'INTRADAY' ? 0.1 : 0.15);
		}
		const rate = inst.exchange === 'CDS' ? 0.03 : inst.exchange === 'MCX' ? 0.1 : 0.12;
		return value * (producttype === 'INTRADAY' ? rate * 0.8 : rate);
	}

	private productAllowed(inst: UniverseInstrument, producttype: string): boolean {
		if (producttype === 'INTRADAY') return true;
		if (producttype === 'DELIVERY' || producttype === 'MARGIN') return isCash(inst);
		if (producttype === 'CARRYFORWARD') return !isCash(inst);
		return false;
	}

	private parse(body: Record<string, unknown>): EngineResult<{
		variety: string;
		ordertype: string;
		producttype: string;
		duration: string;
		transactiontype: 'BUY' | 'SELL';
		inst: UniverseInstrument;
		price: number;
		triggerprice: number;
		quantity: number;
		disclosedquantity: number;
		squareoff: number;
		stoploss: number;
		trailingstoploss: number;
		ordertag: string;
	}> {
		const bad = (code: string, message: string): { ok: false; code: string; message: string } => ({ ok: false, code, message });
		const ordertag = trimmed(body.ordertag);
		if (ordertag.length >= 20) return bad('AB4008', 'ordertag length should be less than 20 characters');
		const variety = trimmed(body.variety).toUpperCase();
		if (!VARIETIES.includes(variety)) return bad('AB1008', 'Invalid Order Variety');
		if (variety === 'ROBO') return bad('AB2002', 'ROBO order is block');
		const ordertype = trimmed(body.ordertype).toUpperCase();
		if (!ORDER_TYPES.includes(ordertype)) return bad('AB1020', 'Invalid Order Type');
		// Protocol §3.1: STOPLOSS_* needs variety STOPLOSS (AB1020 otherwise), and STOPLOSS carries only SL types.
		// Live books also hold variety AMO with stop-loss types (variant liveAmo).
		const amoAnyType = variety === 'AMO' && this.variants.liveAmo;
		if (!amoAnyType && ordertype.startsWith('STOPLOSS') !== (variety === 'STOPLOSS')) return bad('AB1020', 'Invalid Order Type');
		const producttype = trimmed(body.producttype).toUpperCase();
		if (!PRODUCTS.includes(producttype)) return bad('AB1012', 'Invalid Product Type');
		const transactiontype = trimmed(body.transactiontype).toUpperCase();
		if (transactiontype !== 'BUY' && transactiontype !== 'SELL') return bad('AB1007', 'Invalid Transaction Type');
		const duration = trimmed(body.duration).toUpperCase() || 'DAY';
		if (duration !== 'DAY' && duration !== 'IOC') return bad('AB1007', 'Invalid Duration');
		const exchange = trimmed(body.exchange).toUpperCase();
		const token = trimmed(body.symboltoken);
		const symbol = trimmed(body.tradingsymbol);
		const inst = token ? this.options.universe.get(exchange, token) : undefined;
		if (!inst || (symbol !== '' && symbol.toUpperCase() !== inst.symbol.toUpperCase())) return bad('AB1009', 'Symbol Not Found');
		const quantity = plainNumberOrZero(body.quantity);
		if (!Number.isInteger(quantity) || quantity <= 0) return bad('AB1007', 'Invalid Quantity');
		const numbers = ['price', 'triggerprice', 'disclosedquantity', 'squareoff', 'stoploss'].map((k) => plainNumberOrZero(body[k]));
		const trailing = plainNumberOrZero(body.trailingStopLoss ?? body.trailingstoploss);
		if (numbers.some((n) => !Number.isFinite(n) || n < 0) || !Number.isFinite(trailing)) return bad('AB1007', 'Invalid Price');
		const [price, triggerprice, disclosedquantity, squareoff, stoploss] = numbers;
		const market = ordertype === 'MARKET' || ordertype === 'STOPLOSS_MARKET';
		return {
			ok: true,
			value: {
				variety,
				ordertype,
				producttype,
				duration,
				transactiontype,
				inst,
				price: market ? 0 : price,
				triggerprice,
				quantity,
				disclosedquantity,
				squareoff,
				stoploss,
				trailingstoploss: trailing,
				ordertag,
			},
		};
	}

	private track(order: Order): void {
		const key = instrumentKey(order.inst);
		let set = this.liveByInstrument.get(key);
		if (!set) {
			set = new Set();
			this.liveByInstrument.set(key, set);
		}
		set.add(order);
	}

	private untrack(order: Order): void {
		this.liveByInstrument.get(instrumentKey(order.inst))?.delete(order);
	}

	private emitUpdate(order: Order, code: string, statusOverride?: string): void {
		const message: OrderUpdateMessage = orderUpdateMessage(order, code, statusOverride, this.variants);
		this.events.emit('update', order.clientCode, message);
	}

	private book(clientCode: string): Book {
		const book = this.books.get(clientCode);
		if (!book) throw new Error(`unknown client ${clientCode}`);
		return book;
	}

	/** 15 digits: yymmdd (IST) then a 9-digit sequence, like 200910000000111. */
	private nextOrderId(now: number): string {
		const p = istParts(now);
		const date = `${String(p.year % 100).padStart(2, '0')}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
		return `${date}${String(this.orderSequence++).padStart(9, '0')}`;
	}

	/** A live after-market order id: twelve hex digits and "AO", like 102437eeccf8AO (variant liveAmo). */
	private liveAmoId(): string {
		return `${Array.from({ length: 12 }, () => Math.floor(this.rng() * 16).toString(16)).join('')}AO`;
	}

	/** A UUID v4 from the seeded stream, so a seed replays the same ids. */
	private uuid(): string {
		const hex = Array.from({ length: 32 }, () => Math.floor(this.rng() * 16).toString(16));
		hex[12] = '4';
		hex[16] = (8 + Math.floor(this.rng() * 4)).toString(16);
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}
}
