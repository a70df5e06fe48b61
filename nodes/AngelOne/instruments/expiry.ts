// Expiry dates: the master's "30JAN2025" and a person's "2025-01-30" both become an IST calendar date, and a
// date becomes the instant its contracts stop trading, which is what "nearest" is measured against.

import { fromIst, parseExpiry } from '../helpers/ist';
import { expiryCutoffMinutes } from './exchanges';

/** "30JAN2025", "30jan2025" or "2025-01-30" → "2025-01-30"; undefined for anything else or an impossible date. */
export function toIsoDate(text: string): string | undefined {
	const trimmed = text.trim();
	const iso = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : parseExpiry(trimmed);
	if (iso === undefined) return undefined;
	const [y, m, d] = iso.split('-').map(Number);
	const check = new Date(Date.UTC(y, m - 1, d));
	return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? iso : undefined;
}

/** The instant trading in an exchange's contracts of this expiry ends (15:30 IST for NFO/BFO). */
export function expiryCutoff(isoDate: string, exchange: string): number {
	const [y, m, d] = isoDate.split('-').map(Number);
	const minutes = expiryCutoffMinutes(exchange);
	return fromIst(y, m, d, Math.floor(minutes / 60), minutes % 60);
}
