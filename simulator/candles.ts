// Deterministic history (protocol §3.11): a minute-by-minute price path per instrument and trading day, derived
// from the seed, aggregated into candles of any interval (so intervals agree), plus open interest series.

import { fromIst, istParts } from '../nodes/AngelOne/helpers/ist';
import { sessionMinutes } from './market-hours';
import { createRng } from './rng';
import type { UniverseInstrument } from './universe';

export const INTERVALS: Record<string, { minutes: number; maxDays: number }> = {
	ONE_MINUTE: { minutes: 1, maxDays: 30 },
	THREE_MINUTE: { minutes: 3, maxDays: 60 },
	FIVE_MINUTE: { minutes: 5, maxDays: 100 },
	TEN_MINUTE: { minutes: 10, maxDays: 100 },
	FIFTEEN_MINUTE: { minutes: 15, maxDays: 200 },
	THIRTY_MINUTE: { minutes: 30, maxDays: 200 },
	ONE_HOUR: { minutes: 60, maxDays: 400 },
	ONE_DAY: { minutes: 0, maxDays: 2000 },
};

/** [time ISO +05:30, open, high, low, close, volume], prices in rupees. */
export type Candle = [string, number, number, number, number, number];

const DAY_MS = 86_400_000;

function hash(seed: number, text: string): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

function isoIst(ms: number): string {
	const p = istParts(ms);
	return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+05:30`;
}

/** Day number (days since 1970-01-01 in IST) of an instant. */
function istDayNumber(ms: number): number {
	const p = istParts(ms);
	return Math.floor(Date.UTC(p.year, p.month - 1, p.day) / DAY_MS);
}

function dayStart(dayNumber: number): number {
	const d = new Date(dayNumber * DAY_MS);
	return fromIst(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function isWeekday(dayNumber: number): boolean {
	const weekday = new Date(dayNumber * DAY_MS).getUTCDay();
	return weekday !== 0 && weekday !== 6;
}

export class History {
	constructor(private readonly seed: number) {}

	/** The day's closing level as a smooth, seeded function of the day (no state, any day computable alone). */
	private dayClose(inst: UniverseInstrument, day: number): number {
		const h = hash(this.seed, `${inst.exchange}|${inst.token}`);
		const phase1 = (h % 1000) / 159;
		const phase2 = ((h >>> 10) % 1000) / 159;
		const noise = createRng(hash(h, String(day)))() - 0.5;
		const base = inst.basePrice / inst.priceDivisor;
		return base * (1 + 0.12 * Math.sin(day / 41 + phase1) + 0.05 * Math.sin(day / 9 + phase2) + 0.01 * noise);
	}

	/** One trading day's minute path: a Brownian bridge from the previous close to this close. */
	private minutes(inst: UniverseInstrument, day: number): { start: number; prices: number[]; volumes: number[] } {
		const [open, close] = sessionMinutes(inst.exchange);
		const count = close - open;
		const from = this.dayClose(inst, day - 1);
		const to = this.dayClose(inst, day);
		const rng = createRng(hash(this.seed, `${inst.exchange}|${inst.token}|${day}`));
		const walk: number[] = [0];
		for (let i = 1; i <= count; i++) walk.push(walk[i - 1] + (rng() - 0.5));
		const end = walk[count];
		const scale = from * 0.0012;
		const tick = inst.tickSize / inst.priceDivisor;
		const prices: number[] = [];
		const volumes: number[] = [];
		const isIndex = inst.instrumentType === 'AMXIDX';
		for (let i = 0; i <= count; i++) {
			const bridge = from + ((to - from) * i) / count + (walk[i] - (end * i) / count) * scale;
			const value = tick > 0 ? Math.round(bridge / tick) * tick : Math.round(bridge * 100) / 100;
			prices.push(Math.max(tick || 0.01, value));
			volumes.push(isIndex ? 0 : inst.lotSize * Math.floor(1 + rng() * 200));
		}
		return { start: dayStart(day) + open * 60_000, prices, volumes };
	}

	/** Candles whose start lies in [from, to], on weekdays in market hours only. */
	candles(inst: UniverseInstrument, interval: string, from: number, to: number): Candle[] {
		const spec = INTERVALS[interval];
		const places = inst.exchange === 'CDS' ? 4 : 2;
		const r = (n: number): number => Math.round(n * 10 ** places) / 10 ** places;
		const out: Candle[] = [];
		for (let day = istDayNumber(from); day <= istDayNumber(to); day++) {
			if (!isWeekday(day)) continue;
			const { start, prices, volumes } = this.minutes(inst, day);
			const bucket = spec.minutes === 0 ? prices.length - 1 : spec.minutes;
			for (let i = 0; i + 1 < prices.length; i += bucket) {
				const at = spec.minutes === 0 ? dayStart(day) : start + i * 60_000;
				if (at < from || at > to) continue;
				const slice = prices.slice(i, Math.min(prices.length, i + bucket + 1));
				const volume = volumes.slice(i + 1, i + 1 + bucket).reduce((a, v) => a + v, 0);
				out.push([isoIst(at), r(slice[0]), r(Math.max(...slice)), r(Math.min(...slice)), r(slice[slice.length - 1]), volume]);
			}
		}
		return out;
	}

	/** Open interest at each candle start, for derivatives. */
	openInterest(inst: UniverseInstrument, interval: string, from: number, to: number): Array<{ time: string; oi: number }> {
		const h = hash(this.seed, `oi|${inst.exchange}|${inst.token}`);
		const base = inst.lotSize * (2000 + (h % 50000));
		return this.candles(inst, interval, from, to).map(([time], i) => {
			const wave = Math.sin(i / 17 + (h % 100)) * 0.1 + createRng(hash(h, time))() * 0.02;
			return { time, oi: Math.max(inst.lotSize, Math.round((base * (1 + wave)) / inst.lotSize) * inst.lotSize) };
		});
	}
}
