// The broker's answers, typed once: one interface per answer in SmartAPI's own field names, and one parser per
// endpoint (named in the endpoint table). A parser turns the envelope's `data` into rows where `data: null` on a
// list is [], numbers sent as strings are numbers (null when unreadable), text is text ("" when absent), and an
// order's status is resolved. Every parsed record keeps the broker's record verbatim as `raw`: raw outputs
// (Simplify off) show exactly what Angel One sent. Pure: no n8n runtime imports.
import type { IDataObject } from 'n8n-workflow';

import { orderStatusOf } from '../helpers/orderStatus';
import { num, text } from '../helpers/values';
import { SmartApiError } from './errors';

/** A parsed record: typed fields beside the broker's record as sent. */
export interface Parsed {
	raw: IDataObject;
}

/** An order row of the order book, the order details and the order socket (protocol §3.4, §6). */
export interface OrderRow extends Parsed {
	orderid: string;
	uniqueorderid: string;
	exchangeorderid: string;
	parentorderid: string;
	/** Lower case, the first non-empty of `orderstatus` and `status` (helpers/orderStatus.ts). */
	status: string;
	text: string;
	variety: string;
	ordertype: string;
	producttype: string;
	duration: string;
	transactiontype: string;
	exchange: string;
	tradingsymbol: string;
	symboltoken: string;
	instrumenttype: string;
	optiontype: string;
	expirydate: string;
	ordertag: string;
	price: number | null;
	triggerprice: number | null;
	averageprice: number | null;
	quantity: number | null;
	disclosedquantity: number | null;
	filledshares: number | null;
	unfilledshares: number | null;
	cancelsize: number | null;
	lotsize: number | null;
	strikeprice: number | null;
	squareoff: number | null;
	stoploss: number | null;
	trailingstoploss: number | null;
	/** "25-Nov-2026 09:15:02" (IST) or "". */
	updatetime: string;
	exchtime: string;
	exchorderupdatetime: string;
	fillid: string;
	filltime: string;
}

/** The answer to place, modify and cancel. */
export interface OrderRef extends Parsed {
	orderid: string;
	uniqueorderid: string;
	script: string;
}

/** One fill of the trade book (protocol §3.4). */
export interface TradeRow extends Parsed {
	orderid: string;
	fillid: string;
	/** A bare IST clock time, "HH:mm:ss". */
	filltime: string;
	exchange: string;
	tradingsymbol: string;
	producttype: string;
	instrumenttype: string;
	symbolgroup: string;
	optiontype: string;
	expirydate: string;
	transactiontype: string;
	fillprice: number | null;
	fillsize: number | null;
	tradevalue: number | null;
	strikeprice: number | null;
	marketlot: number | null;
	precision: number | null;
	multiplier: number | null;
}

/** One net position of today (protocol §3.9); every value arrives as a string. */
export interface PositionRow extends Parsed {
	exchange: string;
	symboltoken: string;
	tradingsymbol: string;
	symbolname: string;
	producttype: string;
	instrumenttype: string;
	symbolgroup: string;
	optiontype: string;
	expirydate: string;
	strikeprice: number | null;
	lotsize: number | null;
	boardlotsize: number | null;
	precision: number | null;
	multiplier: number | null;
	buyqty: number | null;
	sellqty: number | null;
	netqty: number | null;
	cfbuyqty: number | null;
	cfsellqty: number | null;
	buyamount: number | null;
	sellamount: number | null;
	cfbuyamount: number | null;
	cfsellamount: number | null;
	buyavgprice: number | null;
	sellavgprice: number | null;
	cfbuyavgprice: number | null;
	cfsellavgprice: number | null;
	totalbuyavgprice: number | null;
	totalsellavgprice: number | null;
	avgnetprice: number | null;
	netprice: number | null;
	/** The docs' sample writes "- 2235.80"; read as -2235.8. */
	netvalue: number | null;
	totalbuyvalue: number | null;
	totalsellvalue: number | null;
	ltp: number | null;
	close: number | null;
	realised: number | null;
	unrealised: number | null;
	pnl: number | null;
}

/** One demat holding (protocol §3.9). */
export interface HoldingRow extends Parsed {
	tradingsymbol: string;
	exchange: string;
	isin: string;
	symboltoken: string;
	product: string;
	collateraltype: string;
	quantity: number | null;
	t1quantity: number | null;
	realisedquantity: number | null;
	authorisedquantity: number | null;
	collateralquantity: number | null;
	haircut: number | null;
	averageprice: number | null;
	ltp: number | null;
	close: number | null;
	profitandloss: number | null;
	pnlpercentage: number | null;
}

export interface HoldingTotals extends Parsed {
	totalholdingvalue: number | null;
	totalinvvalue: number | null;
	totalprofitandloss: number | null;
	totalpnlpercentage: number | null;
}

/** getAllHolding: the holdings and their totals. */
export interface AllHoldings extends Parsed {
	holdings: HoldingRow[];
	totalholding: HoldingTotals;
}

/** The RMS limits (getRMS, protocol §3.8); strings on the wire, some null. */
export interface Funds extends Parsed {
	net: number | null;
	availablecash: number | null;
	availableintradaypayin: number | null;
	availablelimitmargin: number | null;
	collateral: number | null;
	m2munrealized: number | null;
	m2mrealized: number | null;
	utiliseddebits: number | null;
	utilisedspan: number | null;
	utilisedoptionpremium: number | null;
	utilisedholdingsales: number | null;
	utilisedexposure: number | null;
	utilisedturnover: number | null;
	utilisedpayout: number | null;
}

/** getProfile (protocol §2.1). */
export interface Profile extends Parsed {
	clientcode: string;
	name: string;
	email: string;
	mobileno: string;
	/** Real arrays live; the docs print quoted arrays ("[ \"NSE\",\"BSE\" ]"), read the same. */
	exchanges: string[];
	products: string[];
	lastlogintime: string;
	/** `brokerid` in the docs, `broker` in live answers. */
	brokerid: string;
}

/** A GTT rule from ruleDetails or ruleList (protocol §3.10); ids and amounts arrive as numbers or strings. */
export interface GttRule extends Parsed {
	/** As text: the API takes it as a string and lists it as a number. */
	id: string;
	status: string;
	clientid: string;
	tradingsymbol: string;
	symboltoken: string;
	exchange: string;
	transactiontype: string;
	producttype: string;
	gttType: string;
	createddate: string;
	updateddate: string;
	expirydate: string;
	price: number | null;
	qty: number | null;
	triggerprice: number | null;
	disclosedqty: number | null;
	stoplossprice: number | null;
	stoplosstriggerprice: number | null;
	timeperiod: number | null;
}

/** The answer to GTT create, modify and cancel. */
export interface GttRef extends Parsed {
	id: string;
}

export interface DepthLevel {
	price: number | null;
	quantity: number | null;
	orders: number | null;
}

/** One fetched quote (protocol §3.6); LTP and OHLC modes leave the fields they lack null. */
export interface QuoteRow extends Parsed {
	exchange: string;
	tradingSymbol: string;
	symbolToken: string;
	ltp: number | null;
	open: number | null;
	high: number | null;
	low: number | null;
	close: number | null;
	lastTradeQty: number | null;
	netChange: number | null;
	percentChange: number | null;
	avgPrice: number | null;
	tradeVolume: number | null;
	opnInterest: number | null;
	lowerCircuit: number | null;
	upperCircuit: number | null;
	totBuyQuan: number | null;
	totSellQuan: number | null;
	'52WeekLow': number | null;
	'52WeekHigh': number | null;
	exchFeedTime: string;
	exchTradeTime: string;
	depth: { buy: DepthLevel[]; sell: DepthLevel[] };
}

/** A token the quote could not serve, with the broker's reason. */
export interface UnfetchedRow extends Parsed {
	exchange: string;
	symbolToken: string;
	message: string;
	errorCode: string;
}

export interface QuoteAnswer extends Parsed {
	fetched: QuoteRow[];
	unfetched: UnfetchedRow[];
}

/** getLtpData (protocol §3.5). */
export interface LtpAnswer extends Parsed {
	exchange: string;
	tradingsymbol: string;
	symboltoken: string;
	ltp: number | null;
	open: number | null;
	high: number | null;
	low: number | null;
	close: number | null;
}

/** One searchScrip match (protocol §3.7). */
export interface ScripRow extends Parsed {
	exchange: string;
	tradingsymbol: string;
	symboltoken: string;
}

/** One candle: [time, open, high, low, close, volume] on the wire (protocol §3.11). */
export interface CandleRow {
	raw: unknown[];
	/** ISO 8601 with the IST offset, as sent; "" when absent. */
	time: string;
	open: number | null;
	high: number | null;
	low: number | null;
	close: number | null;
	volume: number | null;
}

/** One open-interest point (protocol §3.11). */
export interface OiRow extends Parsed {
	time: string;
	oi: number | null;
}

/** The login's and the token renewal's answer (protocol §2.1), "Bearer " prefix removed. */
export interface SessionAnswer extends Parsed {
	jwtToken: string;
	feedToken: string;
	refreshToken: string;
}

// ---- readers ----

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record as sent, or {} for "nothing" (null, "", a non-object). */
function recordOf(value: unknown): IDataObject {
	return isRecord(value) ? value : {};
}

/** A list answer's rows: `data: null` (how SmartAPI says "none") and anything that is not a list are []. */
function listOf(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [];
}

function textFields<K extends string>(raw: IDataObject, keys: readonly K[]): Record<K, string> {
	const out = {} as Record<K, string>;
	for (const key of keys) out[key] = text(raw[key]);
	return out;
}

function numberFields<K extends string>(raw: IDataObject, keys: readonly K[]): Record<K, number | null> {
	const out = {} as Record<K, number | null>;
	for (const key of keys) out[key] = num(raw[key]);
	return out;
}

/** Text that ignores surrounding blanks, for codes and ids. */
function trimmedText(value: unknown): string {
	return text(value).trim();
}

/** A list the docs print as a quoted array string, or a real array. */
function stringList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map((entry) => text(entry)).filter((entry) => entry !== '');
	if (typeof value === 'string') return value.replace(/[[\]"\s]/g, '').split(',').filter(Boolean);
	return [];
}

// ---- rows ----

const ORDER_TEXT = [
	'orderid',
	'uniqueorderid',
	'exchangeorderid',
	'parentorderid',
	'text',
	'variety',
	'ordertype',
	'producttype',
	'duration',
	'transactiontype',
	'exchange',
	'tradingsymbol',
	'symboltoken',
	'instrumenttype',
	'optiontype',
	'expirydate',
	'ordertag',
	'updatetime',
	'exchtime',
	'exchorderupdatetime',
	'fillid',
	'filltime',
] as const;
const ORDER_NUMBERS = [
	'price',
	'triggerprice',
	'averageprice',
	'quantity',
	'disclosedquantity',
	'filledshares',
	'unfilledshares',
	'cancelsize',
	'lotsize',
	'strikeprice',
	'squareoff',
	'stoploss',
	'trailingstoploss',
] as const;

export function orderRow(value: unknown): OrderRow {
	const raw = recordOf(value);
	return { raw, ...textFields(raw, ORDER_TEXT), ...numberFields(raw, ORDER_NUMBERS), status: orderStatusOf(raw) };
}

export function orderRef(value: unknown): OrderRef {
	const raw = recordOf(value);
	return { raw, orderid: trimmedText(raw.orderid), uniqueorderid: trimmedText(raw.uniqueorderid), script: text(raw.script) };
}

const TRADE_TEXT = [
	'orderid',
	'fillid',
	'filltime',
	'exchange',
	'tradingsymbol',
	'producttype',
	'instrumenttype',
	'symbolgroup',
	'optiontype',
	'expirydate',
	'transactiontype',
] as const;
const TRADE_NUMBERS = ['fillprice', 'fillsize', 'tradevalue', 'strikeprice', 'marketlot', 'precision', 'multiplier'] as const;

export function tradeRow(value: unknown): TradeRow {
	const raw = recordOf(value);
	return { raw, ...textFields(raw, TRADE_TEXT), ...numberFields(raw, TRADE_NUMBERS) };
}

const POSITION_TEXT = [
	'exchange',
	'symboltoken',
	'tradingsymbol',
	'symbolname',
	'producttype',
	'instrumenttype',
	'symbolgroup',
	'optiontype',
	'expirydate',
] as const;
const POSITION_NUMBERS = [
	'strikeprice',
	'lotsize',
	'boardlotsize',
	'precision',
	'multiplier',
	'buyqty',
	'sellqty',
	'netqty',
	'cfbuyqty',
	'cfsellqty',
	'buyamount',
	'sellamount',
	'cfbuyamount',
	'cfsellamount',
	'buyavgprice',
	'sellavgprice',
	'cfbuyavgprice',
	'cfsellavgprice',
	'totalbuyavgprice',
	'totalsellavgprice',
	'avgnetprice',
	'netprice',
	'netvalue',
	'totalbuyvalue',
	'totalsellvalue',
	'ltp',
	'close',
	'realised',
	'unrealised',
	'pnl',
] as const;

export function positionRow(value: unknown): PositionRow {
	const raw = recordOf(value);
	return { raw, ...textFields(raw, POSITION_TEXT), ...numberFields(raw, POSITION_NUMBERS) };
}

const HOLDING_TEXT = ['tradingsymbol', 'exchange', 'isin', 'symboltoken', 'product', 'collateraltype'] as const;
const HOLDING_NUMBERS = [
	'quantity',
	't1quantity',
	'realisedquantity',
	'authorisedquantity',
	'collateralquantity',
	'haircut',
	'averageprice',
	'ltp',
	'close',
	'profitandloss',
	'pnlpercentage',
] as const;

export function holdingRow(value: unknown): HoldingRow {
	const raw = recordOf(value);
	return { raw, ...textFields(raw, HOLDING_TEXT), ...numberFields(raw, HOLDING_NUMBERS) };
}

const TOTAL_NUMBERS = ['totalholdingvalue', 'totalinvvalue', 'totalprofitandloss', 'totalpnlpercentage'] as const;

const FUNDS_NUMBERS = [
	'net',
	'availablecash',
	'availableintradaypayin',
	'availablelimitmargin',
	'collateral',
	'm2munrealized',
	'm2mrealized',
	'utiliseddebits',
	'utilisedspan',
	'utilisedoptionpremium',
	'utilisedholdingsales',
	'utilisedexposure',
	'utilisedturnover',
	'utilisedpayout',
] as const;

const GTT_TEXT = [
	'status',
	'clientid',
	'tradingsymbol',
	'symboltoken',
	'exchange',
	'transactiontype',
	'producttype',
	'gttType',
	'createddate',
	'updateddate',
	'expirydate',
] as const;
const GTT_NUMBERS = ['price', 'qty', 'triggerprice', 'disclosedqty', 'stoplossprice', 'stoplosstriggerprice', 'timeperiod'] as const;

export function gttRule(value: unknown): GttRule {
	const raw = recordOf(value);
	return { raw, id: trimmedText(raw.id), ...textFields(raw, GTT_TEXT), ...numberFields(raw, GTT_NUMBERS) };
}

function depthLevels(value: unknown): DepthLevel[] {
	return listOf(value).map((level) => {
		const raw = recordOf(level);
		return { price: num(raw.price), quantity: num(raw.quantity), orders: num(raw.orders) };
	});
}

const QUOTE_NUMBERS = [
	'ltp',
	'open',
	'high',
	'low',
	'close',
	'lastTradeQty',
	'netChange',
	'percentChange',
	'avgPrice',
	'tradeVolume',
	'opnInterest',
	'lowerCircuit',
	'upperCircuit',
	'totBuyQuan',
	'totSellQuan',
	'52WeekLow',
	'52WeekHigh',
] as const;

export function quoteRow(value: unknown): QuoteRow {
	const raw = recordOf(value);
	const depth = recordOf(raw.depth);
	return {
		raw,
		exchange: text(raw.exchange),
		tradingSymbol: text(raw.tradingSymbol),
		symbolToken: trimmedText(raw.symbolToken),
		...numberFields(raw, QUOTE_NUMBERS),
		exchFeedTime: text(raw.exchFeedTime),
		exchTradeTime: text(raw.exchTradeTime),
		depth: { buy: depthLevels(depth.buy), sell: depthLevels(depth.sell) },
	};
}

function unfetchedRow(value: unknown): UnfetchedRow {
	const raw = recordOf(value);
	return { raw, ...textFields(raw, ['exchange', 'symbolToken', 'message', 'errorCode'] as const) };
}

function scripRow(value: unknown): ScripRow {
	const raw = recordOf(value);
	return { raw, exchange: text(raw.exchange), tradingsymbol: text(raw.tradingsymbol), symboltoken: trimmedText(raw.symboltoken) };
}

function candleRow(value: unknown): CandleRow {
	const raw = Array.isArray(value) ? value : [];
	const [open, high, low, close, volume] = [1, 2, 3, 4, 5].map((at) => num(raw[at]));
	return { raw, time: text(raw[0]), open, high, low, close, volume };
}

function oiRow(value: unknown): OiRow {
	const raw = recordOf(value);
	return { raw, time: text(raw.time), oi: num(raw.oi) };
}

/** A series endpoint's rows: "nothing" is [], but an answer of another shape is the broker's fault, not an empty range. */
function seriesOf<R>(endpoint: string, row: (value: unknown) => R): (data: unknown) => R[] {
	return (data) => {
		if (data === null || data === undefined || data === '') return [];
		if (!Array.isArray(data)) {
			throw new SmartApiError({ code: 'GATEWAY', endpoint, hint: 'The answer was not the list of points the endpoint returns.' });
		}
		return data.map(row);
	};
}

// ---- parsers, one per endpoint (named by the endpoint table) ----

export const answers = {
	/** Endpoints whose answer carries nothing to read (logout, convertPosition: `data: null` or ""). */
	none: (): void => undefined,
	/** Answers this package passes on as sent (margin and charges calculators): the record, or {}. */
	record: (data: unknown): IDataObject => recordOf(data),
	session: (data: unknown): SessionAnswer => {
		const raw = recordOf(data);
		return {
			raw,
			jwtToken: trimmedText(raw.jwtToken).replace(/^Bearer\s+/i, ''),
			feedToken: trimmedText(raw.feedToken),
			refreshToken: trimmedText(raw.refreshToken),
		};
	},
	profile: (data: unknown): Profile => {
		const raw = recordOf(data);
		return {
			raw,
			...textFields(raw, ['clientcode', 'name', 'email', 'mobileno', 'lastlogintime'] as const),
			exchanges: stringList(raw.exchanges),
			products: stringList(raw.products),
			brokerid: text(raw.brokerid ?? raw.broker),
		};
	},
	funds: (data: unknown): Funds => {
		const raw = recordOf(data);
		return { raw, ...numberFields(raw, FUNDS_NUMBERS) };
	},
	orderRef: (data: unknown): OrderRef => orderRef(data),
	orderBook: (data: unknown): OrderRow[] => listOf(data).map(orderRow),
	/** One order, or undefined when the answer holds none. */
	orderDetails: (data: unknown): OrderRow | undefined => (isRecord(data) ? orderRow(data) : undefined),
	tradeBook: (data: unknown): TradeRow[] => listOf(data).map(tradeRow),
	positions: (data: unknown): PositionRow[] => listOf(data).map(positionRow),
	holdings: (data: unknown): HoldingRow[] => listOf(data).map(holdingRow),
	allHoldings: (data: unknown): AllHoldings => {
		const raw = recordOf(data);
		const totals = recordOf(raw.totalholding);
		return {
			raw,
			holdings: listOf(raw.holdings).map(holdingRow),
			totalholding: { raw: totals, ...numberFields(totals, TOTAL_NUMBERS) },
		};
	},
	/** One price record; the Instruments page's sample wraps it in a list, whose first entry is read. */
	ltp: (data: unknown): LtpAnswer | undefined => {
		const record = Array.isArray(data) ? data[0] : data;
		if (!isRecord(record)) return undefined;
		return {
			raw: record,
			...textFields(record, ['exchange', 'tradingsymbol'] as const),
			symboltoken: trimmedText(record.symboltoken),
			...numberFields(record, ['ltp', 'open', 'high', 'low', 'close'] as const),
		};
	},
	quote: (data: unknown): QuoteAnswer => {
		const raw = recordOf(data);
		return { raw, fetched: listOf(raw.fetched).map(quoteRow), unfetched: listOf(raw.unfetched).map(unfetchedRow) };
	},
	scrips: (data: unknown): ScripRow[] => listOf(data).map(scripRow),
	gttRef: (data: unknown): GttRef => {
		const raw = recordOf(data);
		return { raw, id: trimmedText(raw.id) };
	},
	/** One rule, or undefined when the answer holds none. */
	gttRule: (data: unknown): GttRule | undefined => (isRecord(data) ? gttRule(data) : undefined),
	/** The docs print one object where live answers send a list (protocol §9): both read as a list. */
	gttRules: (data: unknown): GttRule[] => (isRecord(data) ? [gttRule(data)] : listOf(data).map(gttRule)),
	candles: seriesOf('getCandleData', candleRow),
	openInterest: seriesOf('getOIData', oiRow),
};
