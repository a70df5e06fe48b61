// Exchange trading hours in IST: decides whether an order is live or an after-market order (AMO).
// Holidays are not modelled; weekends are.

import { istParts } from '../nodes/AngelOne/helpers/ist';
import { sessionOf } from '../nodes/AngelOne/helpers/sessions';

/** 'exchange' = real session times; 'open' / 'closed' pin the answer for tests. */
export type MarketHoursMode = 'exchange' | 'open' | 'closed';

/** [open, close) of an exchange's session, in minutes after IST midnight: the package's one session table. */
export function sessionMinutes(exchange: string): [number, number] {
	const { open, close } = sessionOf(exchange);
	return [open, close];
}

export function isMarketOpen(ms: number, exchange: string, mode: MarketHoursMode = 'exchange'): boolean {
	if (mode !== 'exchange') return mode === 'open';
	const p = istParts(ms);
	if (p.weekday === 0 || p.weekday === 6) return false;
	const [open, close] = sessionMinutes(exchange);
	const minute = p.hour * 60 + p.minute;
	return minute >= open && minute < close;
}

/** AMO orders cannot be cancelled while they are being sent to the exchange, 08:45–09:15 IST (protocol §3.3). */
export function inAmoFreeze(ms: number): boolean {
	const p = istParts(ms);
	const minute = p.hour * 60 + p.minute;
	return p.weekday !== 0 && p.weekday !== 6 && minute >= 8 * 60 + 45 && minute < 9 * 60 + 15;
}
