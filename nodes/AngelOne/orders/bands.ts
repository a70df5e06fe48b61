// Market orders within the 2026 rules, pure: a Market order becomes a limit order at the reference price ± a
// protection band, on the tick on the marketable side and inside the day's circuit limits; a Stop Loss Market
// order becomes a stop-loss limit order whose limit sits beyond the trigger by the band.
import type { Instrument } from '../instruments';
import type { OrderType, PlaceOrderBody, Side } from './rules';

export type Segment = 'equity' | 'futures' | 'options';

/** Up to (not including) `below` rupees, the band is `percent`. The last tier of each table has no end. */
export interface BandTier {
	below: number;
	percent: number;
}

/**
 * The default protection band by segment and price tier. OpenAlgo's published approach for brokers that dropped
 * market orders uses 0.5–2 % for equity and futures and 1–5 % for options, wider for cheaper instruments (one tick
 * is a larger share of a low price, and cheap options move by several per cent in seconds). The tiers are ours.
 */
export const DEFAULT_BANDS: Record<Segment, readonly BandTier[]> = {
	equity: [
		{ below: 100, percent: 2 },
		{ below: 1000, percent: 1 },
		{ below: Infinity, percent: 0.5 },
	],
	futures: [
		{ below: 100, percent: 2 },
		{ below: 1000, percent: 1 },
		{ below: Infinity, percent: 0.5 },
	],
	options: [
		{ below: 10, percent: 5 },
		{ below: 100, percent: 3 },
		{ below: 500, percent: 2 },
		{ below: Infinity, percent: 1 },
	],
};

/** The widest band a person may set: beyond it the "protection" would hardly protect anything. */
export const MAX_BAND_PERCENT = 20;

export function segmentOf(instrument: Pick<Instrument, 'exchange' | 'optionType'>): Segment {
	if (instrument.optionType !== null) return 'options';
	return instrument.exchange === 'NSE' || instrument.exchange === 'BSE' ? 'equity' : 'futures';
}

export function defaultBand(segment: Segment, reference: number): number {
	const tiers = DEFAULT_BANDS[segment];
	return (tiers.find((tier) => reference < tier.below) ?? tiers[tiers.length - 1]).percent;
}

/** The day's price band in rupees; 0 (or absent) on a side means the exchange publishes none (e.g. F&O). */
export interface CircuitLimits {
	lower: number;
	upper: number;
}

export interface PriceGrid {
	/** Rupees, e.g. 0.05. */
	tickSize: number;
	/** Feed units per rupee (100, or 10^7 for currency derivatives): prices are whole ticks of these units. */
	priceDivisor: number;
}

export interface Protection {
	/** The price the band is taken from (last traded price, or a stop-loss order's trigger). */
	reference: number;
	/** Per cent. */
	band: number;
	limitPrice: number;
	/** The band reached past a circuit limit, so the limit sits on it instead. */
	clampedTo?: 'upper circuit' | 'lower circuit';
}

/** Float noise allowed before a price counts as past a tick (0.07 × 100 = 7.000000000000001). */
const EPSILON = 1e-7;

function tickUnits(grid: PriceGrid): number {
	return Math.round(grid.tickSize * grid.priceDivisor * 1e6) / 1e6 || 1;
}

function toRupees(ticks: number, grid: PriceGrid): number {
	return Number(((ticks * tickUnits(grid)) / grid.priceDivisor).toFixed(7));
}

/**
 * `reference` ± `band` %, rounded to the tick away from the reference (a buy up, a sell down) so the order stays
 * marketable, then moved inside the day's circuit limits (rounded inwards onto the tick), and at least one tick.
 */
export function protectedLimit(side: Side, reference: number, band: number, grid: PriceGrid, circuit?: CircuitLimits): Protection {
	if (!(reference > 0)) throw new RangeError(`reference price must be above zero (got ${reference})`);
	if (!(band > 0)) throw new RangeError(`band must be above zero (got ${band})`);
	const unit = tickUnits(grid);
	const raw = (reference * (side === 'BUY' ? 1 + band / 100 : 1 - band / 100) * grid.priceDivisor) / unit;
	let ticks = side === 'BUY' ? Math.ceil(raw - EPSILON) : Math.floor(raw + EPSILON);
	let clampedTo: Protection['clampedTo'];
	if (circuit && circuit.upper > 0) {
		const upper = Math.floor((circuit.upper * grid.priceDivisor) / unit + EPSILON);
		if (ticks > upper) {
			ticks = upper;
			clampedTo = 'upper circuit';
		}
	}
	if (circuit && circuit.lower > 0) {
		const lower = Math.ceil((circuit.lower * grid.priceDivisor) / unit - EPSILON);
		if (ticks < lower) {
			ticks = lower;
			clampedTo = 'lower circuit';
		}
	}
	ticks = Math.max(1, ticks);
	return { reference, band, limitPrice: toRupees(ticks, grid), ...(clampedTo ? { clampedTo } : {}) };
}

/** What a Market or Stop Loss Market order is sent as. */
export function protectedType(orderType: OrderType): OrderType {
	if (orderType === 'MARKET') return 'LIMIT';
	if (orderType === 'STOPLOSS_MARKET') return 'STOPLOSS_LIMIT';
	return orderType;
}

export function needsProtection(orderType: OrderType): boolean {
	return protectedType(orderType) !== orderType;
}

export interface ProtectionInput {
	/** The last traded price (for a Market order), from the item or from a quote. */
	lastPrice: number;
	/** Per cent; undefined = the default band for the segment and price tier. */
	band?: number;
	circuit?: CircuitLimits;
}

/**
 * The placeOrder body with a Market order turned into a limit order at the protected price, or a Stop Loss Market
 * order into a stop-loss limit order whose limit is beyond the trigger by the band; other bodies are unchanged.
 */
export function protectBody(
	body: PlaceOrderBody,
	instrument: Pick<Instrument, 'exchange' | 'optionType' | 'tickSize' | 'priceDivisor'>,
	input: ProtectionInput,
): { body: PlaceOrderBody; protection?: Protection } {
	if (!needsProtection(body.ordertype)) return { body };
	const reference = body.ordertype === 'STOPLOSS_MARKET' ? Number(body.triggerprice) : input.lastPrice;
	const band = input.band ?? defaultBand(segmentOf(instrument), reference);
	const protection = protectedLimit(body.transactiontype, reference, band, instrument, input.circuit);
	return {
		body: { ...body, ordertype: protectedType(body.ordertype), price: String(protection.limitPrice) },
		protection,
	};
}
