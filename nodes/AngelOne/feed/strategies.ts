// Emission strategies for the Angel One Trigger: how a flood of live ticks becomes a few workflow executions.
// The shared guard and the tick-driven strategies; candles.ts holds the candle one, and trigger/modes/ turns each
// into an Emit option. Pure and deterministic: time is a parameter, state is per instrument, nothing sleeps.

import { IST_OFFSET_MS } from '../helpers/ist';

/** One normalized tick as the trigger hands it to a strategy. */
export interface StrategyTick<T> {
	/** Instrument key, e.g. '1:3045' (exchange type : token). */
	key: string;
	/** Last traded price in rupees. */
	price: number;
	/** Exchange timestamp, epoch ms. */
	timeMs: number;
	/** Cumulative traded volume of the day, when the feed mode carries it. */
	volume?: number;
	/** The normalized item; the trigger merges its fields into the emitted JSON. */
	payload: T;
}

export interface TickItem<T> {
	kind: 'tick';
	key: string;
	price: number;
	timeMs: number;
	payload: T;
}

export interface ChangeItem<T> {
	kind: 'change';
	key: string;
	price: number;
	timeMs: number;
	payload: T;
	/** True for the first tick of an instrument: the reference later changes are measured from. */
	baseline: boolean;
	/** Price of the last emitted tick of this instrument; absent for the baseline. */
	previousPrice?: number;
	/** price − previousPrice in rupees (0 for the baseline). */
	change: number;
	/** change as a percentage of |previousPrice| (0 for the baseline). */
	changePercent: number;
}

export type CrossSide = 'above' | 'below';

export interface CrossItem<T> {
	kind: 'cross';
	key: string;
	price: number;
	timeMs: number;
	payload: T;
	/** 'above': the price rose to or through the level; 'below': it fell to or through it. */
	direction: CrossSide;
	level: number;
	/** Price of the tick before the crossing one (any tick, not only emitted ones). */
	previousPrice: number;
}

/** One workflow execution with these items (never empty). */
export interface Emission<I> {
	items: I[];
}

/** A strategy fed ticks carrying payload T, emitting items I (each mode has its own item shape). */
export interface EmissionStrategy<T, I> {
	/** Feeds one tick received at wall-clock `nowMs`; returns the executions to start now, in order. */
	onTick(tick: StrategyTick<T>, nowMs: number): Array<Emission<I>>;
	/** Lets time-driven strategies release what became due by `nowMs`. */
	onTimer(nowMs: number): Array<Emission<I>>;
	/**
	 * When onTimer next has work: an instant ≥ nowMs (nowMs itself when something is already overdue), or
	 * undefined when nothing is pending until another tick arrives. A tick can make it earlier, so the
	 * trigger asks again after every onTick.
	 */
	nextWakeMs(nowMs: number): number | undefined;
}

export type CrossDirection = CrossSide | 'either';

export interface EveryTickConfig {
	mode: 'everyTick';
}

export interface ThrottleConfig {
	mode: 'throttle';
	intervalMs: number;
}

export interface BatchConfig {
	mode: 'batch';
	intervalMs: number;
}

export interface OnChangeConfig {
	mode: 'onChange';
	minChangePercent?: number;
	minChangeRupees?: number;
}

export interface PriceCrossConfig {
	mode: 'priceCross';
	level: number;
	direction: CrossDirection;
	/** Distance back past the level that re-arms a fired direction; default 0. */
	hysteresis?: number;
	/** Unit of hysteresis: rupees, or percent of the level; default rupees. */
	hysteresisUnit?: 'rupees' | 'percent';
}

/**
 * What each strategy implements; the shared guard (guarded) adds dedupe, drops unusable ticks and
 * makes the clock monotonic, so strategies may assume `nowMs` never goes backwards.
 */
export interface StrategyCore<T, I> {
	onTick(tick: StrategyTick<T>, nowMs: number): Array<Emission<I>>;
	onTimer(nowMs: number): Array<Emission<I>>;
	/** The earliest instant onTimer has work, possibly already past. */
	dueMs(): number | undefined;
}

/**
 * Tolerance for comparing prices and percentages computed in floating point: 100.10 − 100.00 is
 * 0.0999999999999943, which must still count as a ₹0.10 move. Far below any tick size (₹0.0025).
 */
const PRICE_EPSILON = 1e-9;

function positive(value: number, what: string): number {
	if (!Number.isFinite(value) || value <= 0) {
		throw new Error(`${what} must be a positive number, got ${value}`);
	}
	return value;
}

/** What a tick that starts nothing returns; frozen, so one array serves every such tick. */
const NOTHING: ReadonlyArray<Emission<never>> = Object.freeze([]);
function nothing<I>(): Array<Emission<I>> {
	return NOTHING as unknown as Array<Emission<I>>;
}

/**
 * A strategy core behind the shared guard. `dedupe` drops a tick whose time, price and volume equal the last tick
 * seen for its instrument: after a reconnect the feed resends its snapshot, which is not a new event.
 */
export function guarded<T, I>(core: StrategyCore<T, I>, dedupe = true): EmissionStrategy<T, I> {
	const lastSeen = new Map<string, { timeMs: number; price: number; volume: number | undefined }>();
	// A wall clock stepped backwards (NTP) is treated as standing still, so windows and deadlines stay ordered.
	let clock = -Infinity;
	const advance = (nowMs: number): number => (clock = Math.max(clock, nowMs));

	return {
		onTick(tick, nowMs) {
			const now = advance(nowMs);
			// A zero last price means no trade was reported yet (an untraded contract); passed on, it would read
			// as a 100% move or a level cross that never happened.
			if (!Number.isFinite(tick.price) || tick.price === 0 || !Number.isFinite(tick.timeMs)) return nothing();
			if (dedupe) {
				const last = lastSeen.get(tick.key);
				if (last === undefined) lastSeen.set(tick.key, { timeMs: tick.timeMs, price: tick.price, volume: tick.volume });
				else if (last.timeMs === tick.timeMs && last.price === tick.price && last.volume === tick.volume) return nothing();
				else {
					last.timeMs = tick.timeMs;
					last.price = tick.price;
					last.volume = tick.volume;
				}
			}
			return core.onTick(tick, now);
		},
		onTimer(nowMs) {
			return core.onTimer(advance(nowMs));
		},
		nextWakeMs(nowMs) {
			const due = core.dueMs();
			return due === undefined ? undefined : Math.max(due, nowMs);
		},
	};
}

export function tickItem<T>(tick: StrategyTick<T>): TickItem<T> {
	return { kind: 'tick', key: tick.key, price: tick.price, timeMs: tick.timeMs, payload: tick.payload };
}

export function everyTick<T>(): StrategyCore<T, TickItem<T>> {
	return {
		onTick: (tick) => [{ items: [tickItem(tick)] }],
		onTimer: () => [],
		dueMs: () => undefined,
	};
}

interface ThrottleWindow<T> {
	endMs: number;
	held: StrategyTick<T> | undefined;
}

/**
 * Per instrument: the first tick goes out at once and opens a window; later ticks in the window replace one
 * another, and the survivor goes out when the window ends, opening the next window. Windows run on the wall
 * clock because what is bounded is the execution rate; exchange times of a resent snapshot can be old.
 */
export function throttle<T>(config: ThrottleConfig): StrategyCore<T, TickItem<T>> {
	const intervalMs = positive(config.intervalMs, 'Throttle interval (ms)');
	// Map order is window-opening order; with one window length and a monotonic clock it is also end order,
	// so the first window holding a tick is the next one due and expired windows sit at the front.
	const windows = new Map<string, ThrottleWindow<T>>();
	let due: number | undefined;

	const open = (key: string, nowMs: number): void => {
		windows.delete(key);
		windows.set(key, { endMs: nowMs + intervalMs, held: undefined });
	};

	const recomputeDue = (nowMs: number): void => {
		due = undefined;
		for (const [key, window] of windows) {
			if (window.held !== undefined) {
				due = window.endMs;
				return;
			}
			// Dropping idle expired windows here keeps the scan short; the next tick finds no window and leads.
			if (window.endMs <= nowMs) windows.delete(key);
		}
	};

	return {
		onTick(tick, nowMs) {
			const window = windows.get(tick.key);
			if (window !== undefined && nowMs < window.endMs) {
				if (window.held === undefined && (due === undefined || window.endMs < due)) due = window.endMs;
				window.held = tick;
				return nothing();
			}
			// Leading edge. An expired window still holding a tick means onTimer ran late; this newer tick
			// supersedes it (latest wins) rather than sending two executions back to back.
			const supersededDue = window?.held !== undefined && window.endMs === due;
			open(tick.key, nowMs);
			if (supersededDue) recomputeDue(nowMs);
			return [{ items: [tickItem(tick)] }];
		},
		onTimer(nowMs) {
			const released: Array<StrategyTick<T>> = [];
			for (const [key, window] of windows) {
				if (window.endMs > nowMs) break;
				windows.delete(key);
				if (window.held !== undefined) released.push(window.held);
			}
			// A trailing emission opens a window too, or a tick right after it would lead a second execution
			// within one interval.
			for (const tick of released) open(tick.key, nowMs);
			recomputeDue(nowMs);
			return released.length === 0 ? [] : [{ items: released.map(tickItem) }];
		},
		dueMs: () => due,
	};
}

/**
 * Every interval, one execution with each instrument's latest tick of the period, in the order instruments
 * first ticked in it. Periods sit on the IST wall-clock grid (every 5 s at :00, :05, …; hourly on the hour),
 * so the first batch after a quiet spell is never delayed by more than one interval.
 */
export function batch<T>(config: BatchConfig): StrategyCore<T, TickItem<T>> {
	const intervalMs = positive(config.intervalMs, 'Batch interval (ms)');
	const latest = new Map<string, StrategyTick<T>>();
	let due: number | undefined;

	const flush = (): Array<Emission<TickItem<T>>> => {
		const items = Array.from(latest.values(), tickItem);
		latest.clear();
		due = undefined;
		return [{ items }];
	};

	return {
		onTick(tick, nowMs) {
			// When onTimer ran late, the finished period goes out first, without this tick, which is not in it.
			const overdue = due !== undefined && nowMs >= due ? flush() : [];
			if (due === undefined) {
				due = (Math.floor((nowMs + IST_OFFSET_MS) / intervalMs) + 1) * intervalMs - IST_OFFSET_MS;
			}
			latest.set(tick.key, tick);
			return overdue;
		},
		onTimer(nowMs) {
			return due !== undefined && nowMs >= due ? flush() : [];
		},
		dueMs: () => due,
	};
}

/**
 * Emits when the price moved at least minChangePercent OR minChangeRupees (either one suffices; set only one
 * to use one) away from the last EMITTED price, so slow drifts add up instead of being lost in small steps.
 * The first tick of an instrument is emitted as the baseline, so the workflow knows where it started.
 */
export function onChange<T>(config: OnChangeConfig): StrategyCore<T, ChangeItem<T>> {
	const { minChangePercent: minPercent, minChangeRupees: minRupees } = config;
	if (minPercent === undefined && minRupees === undefined) {
		throw new Error('On Change needs a minimum change in percent, in rupees, or both');
	}
	if (minPercent !== undefined) positive(minPercent, 'Minimum change (%)');
	if (minRupees !== undefined) positive(minRupees, 'Minimum change (₹)');
	const emitted = new Map<string, number>();

	return {
		onTick(tick) {
			const previous = emitted.get(tick.key);
			const { key, price, timeMs, payload } = tick;
			const base = { kind: 'change' as const, key, price, timeMs, payload };
			if (previous === undefined) {
				emitted.set(tick.key, tick.price);
				return [{ items: [{ ...base, baseline: true, change: 0, changePercent: 0 }] }];
			}
			const change = tick.price - previous;
			const changePercent = (change / Math.abs(previous)) * 100;
			const moved =
				(minRupees !== undefined && Math.abs(change) >= minRupees - PRICE_EPSILON) ||
				(minPercent !== undefined && Math.abs(changePercent) >= minPercent - PRICE_EPSILON);
			if (!moved) return nothing();
			emitted.set(tick.key, tick.price);
			return [{ items: [{ ...base, baseline: false, previousPrice: previous, change, changePercent }] }];
		},
		onTimer: () => [],
		dueMs: () => undefined,
	};
}

interface CrossState {
	lastPrice: number;
	/** The rise to the level can fire. */
	armedAbove: boolean;
	/** The fall to the level can fire. */
	armedBelow: boolean;
}

/**
 * 'above' fires when a price below the level reaches it (≥ level); 'below' when a price above it reaches it
 * (≤ level). A fired direction re-arms only once the price is back beyond the level by the hysteresis
 * (≤ level − h for 'above', ≥ level + h for 'below', and strictly beyond the level when h is 0), so a price
 * hovering at the level fires once. The first tick of an instrument only tells its side: a first price
 * below the level arms 'above' at once; a first price at or above it counts as already above, so 'above'
 * waits for a retreat past the hysteresis, and the same mirrored for 'below'. The level applies to every
 * instrument of the strategy.
 */
export function priceCross<T>(config: PriceCrossConfig): StrategyCore<T, CrossItem<T>> {
	const { level, direction, hysteresis = 0, hysteresisUnit: unit = 'rupees' } = config;
	if (!Number.isFinite(level)) throw new Error(`Price level must be a number, got ${level}`);
	if (!Number.isFinite(hysteresis) || hysteresis < 0) {
		throw new Error(`Hysteresis must be zero or a positive number, got ${hysteresis}`);
	}
	const band = unit === 'percent' ? (Math.abs(level) * hysteresis) / 100 : hysteresis;
	const watchAbove = direction !== 'below';
	const watchBelow = direction !== 'above';
	const states = new Map<string, CrossState>();

	const fire = (tick: StrategyTick<T>, side: CrossSide, previousPrice: number): Emission<CrossItem<T>> => ({
		items: [
			{
				kind: 'cross',
				key: tick.key,
				price: tick.price,
				timeMs: tick.timeMs,
				payload: tick.payload,
				direction: side,
				level,
				previousPrice,
			},
		],
	});

	return {
		onTick(tick) {
			const p = tick.price;
			const state = states.get(tick.key);
			if (state === undefined) {
				states.set(tick.key, { lastPrice: p, armedAbove: p < level, armedBelow: p > level });
				return nothing();
			}
			const previousPrice = state.lastPrice;
			state.lastPrice = p;
			const emissions: Array<Emission<CrossItem<T>>> = [];
			// Firing is checked before re-arming, so one tick never both fires and re-arms the same direction.
			if (state.armedAbove && p >= level) {
				state.armedAbove = false;
				if (watchAbove) emissions.push(fire(tick, 'above', previousPrice));
			} else if (!state.armedAbove && p < level && p <= level - band + PRICE_EPSILON) {
				state.armedAbove = true;
			}
			if (state.armedBelow && p <= level) {
				state.armedBelow = false;
				if (watchBelow) emissions.push(fire(tick, 'below', previousPrice));
			} else if (!state.armedBelow && p > level && p >= level + band - PRICE_EPSILON) {
				state.armedBelow = true;
			}
			return emissions;
		},
		onTimer: () => [],
		dueMs: () => undefined,
	};
}
