// The order most tests start from: a day limit buy of 10 SBIN at ₹800 on NSE, by symbol, with any field overridden.
import type { INodeParameters } from 'n8n-workflow';

/** A Wednesday, 10:30 IST: every exchange is in session. */
export const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

/** Order → Place's parameters for that order. */
export function placeParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'order',
		operation: 'place',
		instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
		side: 'BUY',
		orderType: 'LIMIT',
		product: 'DELIVERY',
		quantity: 10,
		quantityUnit: 'units',
		price: 800,
		validity: 'DAY',
		...overrides,
	};
}
