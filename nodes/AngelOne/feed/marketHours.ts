// The questions the trigger asks of the exchange sessions (helpers/sessions.ts): is any of these exchanges open
// now, and when does the next session start. Pure: time is always a parameter.

import { IST_OFFSET_MS } from '../helpers/ist';
import { sessionOf } from '../helpers/sessions';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Epoch ms of the IST midnight starting the day of `ms`, and that day's weekday (0 = Sunday). */
function istDayStart(ms: number): { start: number; weekday: number } {
	const dayIndex = Math.floor((ms + IST_OFFSET_MS) / DAY_MS);
	// 1970-01-01 was a Thursday (4).
	return { start: dayIndex * DAY_MS - IST_OFFSET_MS, weekday: (((dayIndex + 4) % 7) + 7) % 7 };
}

function isWeekday(weekday: number): boolean {
	return weekday !== 0 && weekday !== 6;
}

/** Whether any of the exchanges is in its session at `ms`. */
export function isAnyOpen(ms: number, exchanges: Iterable<string>): boolean {
	const { start, weekday } = istDayStart(ms);
	if (!isWeekday(weekday)) return false;
	const minute = (ms - start) / MINUTE_MS;
	for (const exchange of exchanges) {
		const session = sessionOf(exchange);
		if (minute >= session.open && minute < session.close) return true;
	}
	return false;
}

/**
 * The next instant ≥ `ms` at which one of the exchanges opens, or `ms` itself when one is open now.
 * Undefined only for an empty list. Looks at most a week ahead, which always contains a weekday.
 */
export function nextOpen(ms: number, exchanges: Iterable<string>): number | undefined {
	const list = Array.from(exchanges);
	if (list.length === 0) return undefined;
	if (isAnyOpen(ms, list)) return ms;
	let best: number | undefined;
	const { start: today } = istDayStart(ms);
	for (let day = 0; day <= 7 && best === undefined; day++) {
		const start = today + day * DAY_MS;
		if (!isWeekday(istDayStart(start).weekday)) continue;
		for (const exchange of list) {
			const opensAt = start + sessionOf(exchange).open * MINUTE_MS;
			if (opensAt > ms && (best === undefined || opensAt < best)) best = opensAt;
		}
	}
	return best;
}
