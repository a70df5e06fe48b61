// From a decoded packet (feed units) to the item a workflow sees: rupees, IST ISO timestamps, the trading
// symbol and exchange, depth as arrays of {price, quantity, orders}. Pure: no n8n, no I/O.

import { toIstIso } from '../helpers/ist';
import type { DecodedTick, FeedDepthLevel, FeedMode } from './types';

/** What the trigger knows about a subscribed instrument (the resolver's answer, reduced to what the feed needs). */
export interface FeedInstrument {
	exchange: string;
	token: string;
	tradingSymbol: string;
	/** WebSocket 2.0 exchangeType (NSE 1, NFO 2, BSE 3, BFO 4, MCX 5, NCDEX 7, CDS 13). */
	exchangeType: number;
	/** Feed prices divided by this are rupees: 100, or 10^7 for currency derivatives. */
	priceDivisor: number;
}

export type DepthLevelJson = {
	price: number;
	quantity: number;
	orders: number;
};

/**
 * A tick in trader units. Optional groups are present exactly when the subscription mode carries them.
 * A type alias rather than an interface, so it is assignable to n8n's IDataObject as it stands.
 */
export type TickJson = {
	exchange: string;
	tradingSymbol: string;
	token: string;
	mode: 'LTP' | 'QUOTE' | 'SNAP_QUOTE';
	/** Last traded price, rupees. */
	ltp: number;
	/** Exchange time of the tick, IST ISO 8601. */
	timestamp: string;
	/** The same instant as epoch ms, for arithmetic in expressions. */
	timestampMs: number;
	sequenceNumber?: number;
	lastTradedQuantity?: number;
	averagePrice?: number;
	volume?: number;
	totalBuyQuantity?: number;
	totalSellQuantity?: number;
	open?: number;
	high?: number;
	low?: number;
	/** Previous day's close. */
	close?: number;
	lastTradedAt?: string;
	openInterest?: number;
	upperCircuit?: number;
	lowerCircuit?: number;
	week52High?: number;
	week52Low?: number;
	/** Best five levels, from the same packet as the price. */
	depth?: { buy: DepthLevelJson[]; sell: DepthLevelJson[] };
	/**
	 * The latest 20-level depth received for the instrument (NSE cash, "with 20-level depth" mode). It travels
	 * in packets of its own, so it carries its own exchange time and may be older than the price.
	 */
	depth20?: { buy: DepthLevelJson[]; sell: DepthLevelJson[]; timestamp: string };
};

const MODE_NAME: Readonly<Record<Exclude<FeedMode, 4>, TickJson['mode']>> = { 1: 'LTP', 2: 'QUOTE', 3: 'SNAP_QUOTE' };

/**
 * Prices are rounded to 4 decimals for paise (2 would do, but a ÷100 in floating point gives 812.3499999…)
 * and to 7 for currency derivatives, so the number shown is the number the exchange sent.
 */
export function rupees(value: number, divisor: number): number {
	const factor = divisor >= 10_000_000 ? 1e7 : 1e4;
	return Math.round((value / divisor) * factor) / factor;
}

/** The last whole second toIstIso was asked for, and its text up to the seconds ("2026-11-25T09:15:00"). */
let stampSecond = NaN;
let stampPrefix = '';
const MILLIS_SUFFIX = '+05:30';
/** Well inside what a Date can hold (±8.64e15 ms), so the cached text is never a Date's invalid-date text. */
const STAMP_RANGE_MS = 8e15;

/**
 * toIstIso, with the date and time of day worked out once per second: every packet carries a stamp, the
 * feed's stamps advance second by second (live ones are whole seconds), and a Date with its eight fields per
 * packet was a measurable share of the trigger's CPU. Same text as toIstIso for every instant.
 */
export function istStamp(ms: number): string {
	// A fraction of a millisecond (or no number at all) is left to toIstIso, which says what Date makes of it.
	if (!Number.isSafeInteger(ms) || Math.abs(ms) > STAMP_RANGE_MS) return toIstIso(ms);
	const second = Math.floor(ms / 1000);
	if (second !== stampSecond) {
		const full = toIstIso(ms);
		stampSecond = second;
		// ".mmm+05:30" is the fixed-width tail; what precedes it also covers years outside 0000–9999.
		stampPrefix = full.slice(0, full.length - 10);
	}
	const millis = ms - second * 1000;
	return `${stampPrefix}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}${MILLIS_SUFFIX}`;
}

/**
 * The last-traded timestamp's unit is not documented (protocol §5.4): values below 10^11 can only be seconds
 * (10^11 ms is 1973), anything larger is milliseconds.
 */
function epochMs(value: number): number {
	return value < 1e11 ? value * 1000 : value;
}

/** The feed pads missing levels with zeros; a workflow wants only the levels that exist. */
function depthLevels(levels: FeedDepthLevel[] | undefined, divisor: number): DepthLevelJson[] {
	const out: DepthLevelJson[] = [];
	for (const level of levels ?? []) {
		if (level.price === 0 && level.quantity === 0) continue;
		out.push({ price: rupees(level.price, divisor), quantity: level.quantity, orders: level.orders });
	}
	return out;
}

/** A trigger's item for a tick: the event's name first, then the packet in trader units. */
export type TickItemJson = { event: string } & TickJson;

/**
 * Normalizes an LTP, Quote or Snap Quote packet into a trigger's item, the event's name as its first key, in one
 * object literal (spreading a normalized tick into a fresh object after `event` cost twice as much as building the
 * tick). `depth20`, when given, is the latest 20-level depth packet of the same instrument: those carry no price,
 * so they ride along with priced ticks instead of being items.
 */
export function normalizeTickItem(event: string, tick: DecodedTick, instrument: FeedInstrument, depth20?: DecodedTick): TickItemJson {
	const divisor = instrument.priceDivisor;
	const time = tick.exchangeTimestamp;
	const json: TickItemJson = {
		event,
		exchange: instrument.exchange,
		tradingSymbol: instrument.tradingSymbol,
		token: instrument.token,
		mode: MODE_NAME[tick.mode as Exclude<FeedMode, 4>] ?? 'LTP',
		ltp: rupees(tick.ltp ?? 0, divisor),
		timestamp: istStamp(time),
		timestampMs: time,
	};
	return withModeFields(json, tick, divisor, depth20);
}

/** The fields after the time, present as the packet's mode (and a 20-level depth packet) carries them. */
function withModeFields<T extends TickJson>(json: T, tick: DecodedTick, divisor: number, depth20: DecodedTick | undefined): T {
	if (tick.sequenceNumber !== undefined) json.sequenceNumber = tick.sequenceNumber;
	if (tick.mode >= 2) {
		json.lastTradedQuantity = tick.lastTradedQuantity;
		json.averagePrice = rupees(tick.averageTradedPrice ?? 0, divisor);
		json.volume = tick.volume;
		json.totalBuyQuantity = tick.totalBuyQuantity;
		json.totalSellQuantity = tick.totalSellQuantity;
		json.open = rupees(tick.open ?? 0, divisor);
		json.high = rupees(tick.high ?? 0, divisor);
		json.low = rupees(tick.low ?? 0, divisor);
		json.close = rupees(tick.close ?? 0, divisor);
	}
	if (tick.mode === 3) {
		if (tick.lastTradedTimestamp) json.lastTradedAt = istStamp(epochMs(tick.lastTradedTimestamp));
		json.openInterest = tick.openInterest;
		json.upperCircuit = rupees(tick.upperCircuit ?? 0, divisor);
		json.lowerCircuit = rupees(tick.lowerCircuit ?? 0, divisor);
		json.week52High = rupees(tick.week52High ?? 0, divisor);
		json.week52Low = rupees(tick.week52Low ?? 0, divisor);
		json.depth = { buy: depthLevels(tick.bestFiveBuy, divisor), sell: depthLevels(tick.bestFiveSell, divisor) };
	}
	if (depth20?.depth20Buy !== undefined) {
		json.depth20 = {
			buy: depthLevels(depth20.depth20Buy, divisor),
			sell: depthLevels(depth20.depth20Sell, divisor),
			timestamp: istStamp(depth20.exchangeTimestamp),
		};
	}
	return json;
}

/** An instrument's key on the feed: exchangeType:token. */
export function instrumentKey(exchangeType: number, token: string): string {
	return `${exchangeType}:${token}`;
}

/** Counts the shared feed keeps: how many items it had to build (diagnostics, tests, the benchmark). */
export interface NormalizeStats {
	normalized: number;
}

function copyLevels(levels: DepthLevelJson[]): DepthLevelJson[] {
	return levels.map((level) => ({ ...level }));
}

/**
 * One packet as every trigger on the shared feed sees it. Its key, its price in rupees and its item are worked
 * out once, on first use, however many triggers the packet reaches; most packets are dropped by every strategy
 * and never pay for the item at all. Plain fields rather than small cache objects: one of these is made per
 * packet, thousands a second.
 */
export class FeedTick {
	/** exchangeType:token, the instrument's key on the feed. */
	readonly key: string;
	private pricedDivisor = Number.NaN;
	private pricedRupees = 0;
	private builtInstrument: FeedInstrument | undefined = undefined;
	private builtDepth20: DecodedTick | undefined = undefined;
	private builtEvent = '';
	private builtJson: TickItemJson | undefined = undefined;

	/**
	 * When the packet arrived, by the feed connection's clock (epoch ms): one clock reading per packet for every
	 * trigger it reaches. NaN when the maker did not say.
	 */
	readonly receivedAt: number;

	/**
	 * `key`, when given, is the feed's own string for the pair (the same string for every packet of it), which
	 * spares building one per packet and lets later map lookups match it by identity.
	 */
	constructor(
		readonly packet: DecodedTick,
		private readonly stats?: NormalizeStats,
		key?: string,
		receivedAt = Number.NaN,
	) {
		this.key = key ?? instrumentKey(packet.exchangeType, packet.token);
		this.receivedAt = receivedAt;
	}

	/** The last traded price in rupees. */
	price(divisor: number): number {
		if (this.pricedDivisor === divisor) return this.pricedRupees;
		const value = rupees(this.packet.ltp ?? 0, divisor);
		this.pricedDivisor = divisor;
		this.pricedRupees = value;
		return value;
	}

	/**
	 * The packet in trader units behind the event's name, built once for every trigger that emits the same event,
	 * names the instrument the same way and holds the same 20-level depth. Shared: copy it into an item of your
	 * own (`{ ...item }`, the cheapest copy there is) and pass that through ownDepth(), never change it.
	 */
	item(event: string, instrument: FeedInstrument, depth20?: DecodedTick): Readonly<TickItemJson> {
		const built = this.builtJson;
		if (
			built !== undefined &&
			this.builtEvent === event &&
			this.builtDepth20 === depth20 &&
			sameInstrument(this.builtInstrument as FeedInstrument, instrument)
		) {
			return built;
		}
		const json = normalizeTickItem(event, this.packet, instrument, depth20);
		this.builtInstrument = instrument;
		this.builtDepth20 = depth20;
		this.builtEvent = event;
		this.builtJson = json;
		if (this.stats) this.stats.normalized++;
		return json;
	}
}

/** An item made from shared fields, given depth levels of its own: workflows may change their items freely. */
export function ownDepth<T extends Pick<TickJson, 'depth' | 'depth20'>>(item: T): T {
	if (item.depth) item.depth = { buy: copyLevels(item.depth.buy), sell: copyLevels(item.depth.sell) };
	if (item.depth20) item.depth20 = { ...item.depth20, buy: copyLevels(item.depth20.buy), sell: copyLevels(item.depth20.sell) };
	return item;
}

function sameInstrument(a: FeedInstrument, b: FeedInstrument): boolean {
	return (
		a === b ||
		(a.exchange === b.exchange && a.token === b.token && a.tradingSymbol === b.tradingSymbol && a.priceDivisor === b.priceDivisor)
	);
}
