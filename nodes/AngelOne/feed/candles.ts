// Candle-close strategy: per-instrument OHLCV bars on an IST session grid, each emitted exactly once when it closes.
// Bars are cut by exchange time and closed by a tick of a later bar, or by the wall clock passing end + grace.

import { IST_OFFSET_MS } from '../helpers/ist';
import { sessionOf } from '../helpers/sessions';
import type { Emission, StrategyCore, StrategyTick } from './strategies';

/** A wall-clock time of day in IST. */
export interface IstTime {
	hour: number;
	minute: number;
}

export type CandleMinutes = 1 | 3 | 5 | 15 | 60;

export interface CandleConfig {
	mode: 'candle';
	intervalMinutes: CandleMinutes;
	/** A bar boundary of every day; default the NSE open (09:15), which makes 60-minute bars 09:15–10:15, … */
	anchorIst?: IstTime;
	/**
	 * Session close; a bar that spans it is cut there, default the NSE close (15:30), so the last hourly NSE bar
	 * is 15:15–15:30 as on exchange charts. A close on the bar grid (every 1/3/5/15-minute case at NSE) changes nothing.
	 */
	sessionCloseIst?: IstTime;
	/** How long after a bar's end ticks of that bar are still accepted before the timer closes it; default 2000. */
	graceMs?: number;
}

export interface CandleItem<T> {
	kind: 'candle';
	key: string;
	/** Payload of the bar's last tick. */
	payload: T;
	open: number;
	high: number;
	low: number;
	close: number;
	/**
	 * Traded quantity inside the bar, from cumulative day-volume differences; null when the feed mode carries no
	 * volume (LTP), which is not the same as nothing traded.
	 */
	volume: number | null;
	/** Number of ticks that went into the bar. */
	ticks: number;
	/** Bar start, epoch ms (inclusive). */
	start: number;
	/** Bar end, epoch ms (exclusive: the next bar's start). */
	end: number;
	/**
	 * True for the first bar of an instrument: the trigger may have started listening mid-bar, and the volume
	 * traded before the first tick seen cannot be told apart from earlier volume of the day.
	 */
	partial: boolean;
}

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;
// Lengths that divide a day, so one anchor puts the same grid on every day.
const BAR_MINUTES: ReadonlySet<number> = new Set([1, 3, 5, 15, 60]);
const DEFAULT_GRACE_MS = 2000;

/** A session minute (minutes after IST midnight) as a time of day. */
export function istTime(minutes: number): IstTime {
	return { hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

interface OpenBar<T> {
	start: number;
	end: number;
	open: number;
	high: number;
	low: number;
	close: number;
	volume: number;
	/** Whether any tick of the bar carried a day volume (LTP packets carry none). */
	carriesVolume: boolean;
	ticks: number;
	partial: boolean;
	payload: T;
}

interface InstrumentState<T> {
	bar: OpenBar<T> | undefined;
	/** Ticks before this instant are refused: their bar was emitted, or the instrument already moved past it. */
	acceptFrom: number;
	/** Cumulative day volume of the last accepted tick that carried one, and its IST day. */
	volumeBase: { volume: number; day: number } | undefined;
	/** Whether a bar was opened before: only the first one can have started before the trigger listened. */
	openedBar: boolean;
}

export function createCandleStrategy<T>(config: CandleConfig): StrategyCore<T, CandleItem<T>> {
	if (!BAR_MINUTES.has(config.intervalMinutes)) {
		throw new Error(`Candle interval must be 1, 3, 5, 15 or 60 minutes, got ${config.intervalMinutes}`);
	}
	const graceMs = config.graceMs ?? DEFAULT_GRACE_MS;
	if (!Number.isFinite(graceMs) || graceMs < 0) {
		throw new Error(`Late-tick grace must be zero or a positive number of milliseconds, got ${graceMs}`);
	}
	const lengthMs = config.intervalMinutes * MINUTE_MS;
	const nse = sessionOf('NSE');
	const anchorMs = minuteOfDay(config.anchorIst ?? istTime(nse.open), 'Session anchor') * MINUTE_MS;
	const closeMs = minuteOfDay(config.sessionCloseIst ?? istTime(nse.close), 'Session close') * MINUTE_MS;

	const instruments = new Map<string, InstrumentState<T>>();
	// Open bars grouped by end. Only a few ends coexist (the current bar, and the previous one during its
	// grace), so the next deadline is a short scan, and bars ending together close in one execution.
	const byEnd = new Map<number, Set<string>>();

	/** The bar containing an exchange time, as epoch ms. Computed on IST wall-clock milliseconds. */
	const barOf = (timeMs: number): { start: number; end: number } => {
		const ist = timeMs + IST_OFFSET_MS;
		let start = ist - mod(ist - anchorMs, lengthMs);
		let end = start + lengthMs;
		let close = Math.floor(start / DAY_MS) * DAY_MS + closeMs;
		if (close <= start) close += DAY_MS;
		if (close < end) {
			if (ist < close) end = close;
			else start = close;
		}
		return { start: start - IST_OFFSET_MS, end: end - IST_OFFSET_MS };
	};

	const closeBar = (key: string, state: InstrumentState<T>): CandleItem<T> | undefined => {
		const bar = state.bar;
		if (bar === undefined) return undefined;
		state.bar = undefined;
		state.acceptFrom = bar.end;
		const keys = byEnd.get(bar.end);
		keys?.delete(key);
		if (keys?.size === 0) byEnd.delete(bar.end);
		const { start, end, open, high, low, close, ticks, partial, payload } = bar;
		const volume = bar.carriesVolume ? bar.volume : null;
		return { kind: 'candle', key, payload, open, high, low, close, volume, ticks, start, end, partial };
	};

	return {
		onTick(tick, nowMs) {
			const { start, end } = barOf(tick.timeMs);
			// Its bar already closed on the wall clock: the snapshot of an old trade sent on (re)subscribe, or a
			// tick later than the grace. Counting it would open a bar that is over, or emit one twice.
			if (nowMs >= end + graceMs) return [];
			let state = instruments.get(tick.key);
			if (state === undefined) {
				state = { bar: undefined, acceptFrom: -Infinity, volumeBase: undefined, openedBar: false };
				instruments.set(tick.key, state);
			}
			if (start < state.acceptFrom) return [];

			const emissions: Array<Emission<CandleItem<T>>> = [];
			if (state.bar !== undefined && start > state.bar.start) {
				const closed = closeBar(tick.key, state);
				if (closed !== undefined) emissions.push({ items: [closed] });
			}
			const traded = volumeDelta(state, tick);
			const bar = state.bar;
			if (bar === undefined) {
				state.bar = {
					start,
					end,
					open: tick.price,
					high: tick.price,
					low: tick.price,
					close: tick.price,
					volume: traded,
					carriesVolume: tick.volume !== undefined,
					ticks: 1,
					partial: !state.openedBar,
					payload: tick.payload,
				};
				state.openedBar = true;
				state.acceptFrom = start;
				const keys = byEnd.get(end);
				if (keys === undefined) byEnd.set(end, new Set([tick.key]));
				else keys.add(tick.key);
			} else {
				bar.high = Math.max(bar.high, tick.price);
				bar.low = Math.min(bar.low, tick.price);
				bar.close = tick.price;
				bar.volume += traded;
				bar.carriesVolume ||= tick.volume !== undefined;
				bar.ticks++;
				bar.payload = tick.payload;
			}
			return emissions;
		},

		onTimer(nowMs) {
			const dueEnds = Array.from(byEnd.keys())
				.filter((end) => end + graceMs <= nowMs)
				.sort((a, b) => a - b);
			const emissions: Array<Emission<CandleItem<T>>> = [];
			for (const end of dueEnds) {
				const items: Array<CandleItem<T>> = [];
				for (const key of Array.from(byEnd.get(end) ?? [])) {
					const state = instruments.get(key);
					const item = state === undefined ? undefined : closeBar(key, state);
					if (item !== undefined) items.push(item);
				}
				if (items.length > 0) emissions.push({ items });
			}
			return emissions;
		},

		dueMs() {
			let due: number | undefined;
			for (const end of byEnd.keys()) {
				if (due === undefined || end + graceMs < due) due = end + graceMs;
			}
			return due;
		},
	};
}

/**
 * Traded quantity a tick adds, from the feed's cumulative day volume. The first volume seen is only a
 * baseline (what of it belongs to the current bar is unknowable); a new IST day restarts the count from
 * zero, so the opening bar carries the pre-open volume as on exchange charts; a lower figure on the same
 * day (an out-of-order tick) adds nothing and keeps the baseline, so that volume is counted exactly once.
 */
function volumeDelta<T>(state: InstrumentState<T>, tick: StrategyTick<T>): number {
	const volume = tick.volume;
	if (volume === undefined || !Number.isFinite(volume)) return 0;
	const day = Math.floor((tick.timeMs + IST_OFFSET_MS) / DAY_MS);
	const base = state.volumeBase;
	if (base === undefined) {
		state.volumeBase = { volume, day };
		return 0;
	}
	if (day > base.day) {
		base.volume = volume;
		base.day = day;
		return volume;
	}
	if (day < base.day || volume < base.volume) return 0;
	const traded = volume - base.volume;
	base.volume = volume;
	return traded;
}

function minuteOfDay({ hour, minute }: IstTime, what: string): number {
	if (!Number.isInteger(hour) || !Number.isInteger(minute) || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
		throw new Error(`${what} must be a time of day in IST (hour 0–23, minute 0–59), got ${hour}:${minute}`);
	}
	return hour * 60 + minute;
}

function mod(value: number, divisor: number): number {
	return ((value % divisor) + divisor) % divisor;
}
