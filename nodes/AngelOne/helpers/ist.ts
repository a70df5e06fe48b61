// India Standard Time helpers (UTC+05:30, no daylight saving): session days, SmartAPI date formats.

export const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** The wall-clock fields of an instant in IST. */
export function istParts(ms: number): {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
	millisecond: number;
	weekday: number;
} {
	const d = new Date(ms + IST_OFFSET_MS);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		second: d.getUTCSeconds(),
		millisecond: d.getUTCMilliseconds(),
		weekday: d.getUTCDay(),
	};
}

/** The IST calendar day of an instant, e.g. "2026-11-25". A session belongs to the day it was created on. */
export function istDay(ms: number): string {
	const p = istParts(ms);
	return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** ISO 8601 with the +05:30 offset, e.g. "2026-11-25T09:15:00.000+05:30". */
export function toIstIso(ms: number): string {
	const p = istParts(ms);
	return (
		`${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` +
		`.${pad(p.millisecond, 3)}+05:30`
	);
}

/** Instant of an IST wall-clock time. */
export function fromIst(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
	return Date.UTC(year, month - 1, day, hour, minute, second) - IST_OFFSET_MS;
}

/** Start of the IST day containing the instant. */
export function istMidnight(ms: number): number {
	const p = istParts(ms);
	return fromIst(p.year, p.month, p.day);
}

/** SmartAPI's candle date format "yyyy-MM-dd HH:mm" in IST. */
export function formatCandleDate(ms: number): string {
	const p = istParts(ms);
	return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** Parses "yyyy-MM-dd HH:mm" (or with seconds) as IST. */
export function parseCandleDate(text: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
	if (!m) return NaN;
	return fromIst(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0);
}

/** SmartAPI's order-book time format "25-Nov-2026 09:15:02". */
export function formatOrderTime(ms: number): string {
	const p = istParts(ms);
	return `${pad(p.day)}-${MONTHS[p.month - 1]}-${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** Parses "25-Nov-2026 09:15:02" (month case-insensitive) as IST; NaN when it is not that format. */
export function parseOrderTime(text: string): number {
	const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
	if (!m) return NaN;
	const month = MONTHS.findIndex((name) => name.toLowerCase() === m[2].toLowerCase());
	if (month < 0) return NaN;
	return fromIst(+m[3], month + 1, +m[1], +m[4], +m[5], +m[6]);
}

/** Instrument-master expiry "30JAN2025" (case-insensitive) to an IST date "2025-01-30". */
export function parseExpiry(text: string): string | undefined {
	const m = /^(\d{2})([A-Za-z]{3})(\d{4})$/.exec(text.trim());
	if (!m) return undefined;
	const month = MONTHS.findIndex((name) => name.toLowerCase() === m[2].toLowerCase());
	if (month < 0) return undefined;
	return `${m[3]}-${pad(month + 1)}-${m[1]}`;
}

/** IST date "2025-01-30" to the master's "30JAN2025". */
export function formatExpiry(isoDate: string): string {
	const [y, mo, d] = isoDate.split('-').map(Number);
	return `${pad(d)}${MONTHS[mo - 1].toUpperCase()}${y}`;
}
