// The first order of a process without the full master: which orders may be resolved through one searchScrip
// answer, and the instrument built from it. searchScrip gives exchange, trading symbol and token only, never lot
// or tick, so only what is known without the master qualifies (pure: no I/O).
//
// Known without the master: an NSE share of the EQ series trades in lots of 1 (cash market). Its tick is not
// known: NSE's tick was ₹0.05 for every share, and since 2025 it depends on the share's price band (₹0.01 below
// ₹250; coarser ticks for high-priced shares may apply; not verified here against the exchange's circulars). So
// an order qualifies only when each of its prices is on the ₹0.05 grid and below ₹1,000, which is on the grid of
// a ₹0.01 or ₹0.05 tick. Anything else (other exchanges and series, derivatives, indices, tokens, other prices)
// waits for the master as before.

import type { ScripRow } from '../transport/answers';
import { indexAlias } from './aliases';
import { searchKey } from './keys';
import type { Instrument } from './types';

/** The tick the quick path checks prices against, rupees; every price it lets through is also on ₹0.01. */
export const QUICK_TICK = 0.05;
/** Prices from here up may be in a coarser NSE tick band than ₹0.05: they wait for the master. */
export const QUICK_PRICE_LIMIT = 1000;
const NSE_EXCHANGE_TYPE = 1;

/** The NSE EQ-series symbol ("SBIN-EQ") an order names, or undefined when it names anything else. */
export function quickSymbol(text: string): string | undefined {
	const match = /^\s*(?:NSE\s*:\s*)?([A-Za-z0-9&]+(?:[._][A-Za-z0-9&]+)*)(-EQ)?\s*$/i.exec(text);
	if (!match) return undefined;
	const base = match[1].toUpperCase();
	// A bare name may be an index ("NIFTY", "BANKNIFTY"): the master decides those.
	if (match[2] === undefined && indexAlias(searchKey(base)) !== undefined) return undefined;
	return `${base}-EQ`;
}

function priceQualifies(value: number | string | undefined): boolean {
	if (value === undefined || value === '') return true;
	const price = typeof value === 'number' ? value : Number(value);
	if (!Number.isFinite(price)) return false;
	if (price === 0) return true;
	if (price < 0 || price >= QUICK_PRICE_LIMIT) return false;
	const ticks = price / QUICK_TICK;
	return Math.abs(ticks - Math.round(ticks)) < 1e-6;
}

/** Whether every price of the order is one the quick path can vouch for without the master's tick. */
export function pricesQualify(prices: Array<number | string | undefined>): boolean {
	return prices.every(priceQualifies);
}

/** What the quick path reads of a searchScrip row (transport/answers.ts: the token already trimmed). */
export type ScripMatch = Pick<ScripRow, 'exchange' | 'tradingsymbol' | 'symboltoken'>;

/** The instrument from a searchScrip row that names exactly `symbol` on NSE, or undefined (also for no rows at all). */
export function quickInstrument(rows: readonly ScripMatch[] | null | undefined, symbol: string): Instrument | undefined {
	for (const row of rows ?? []) {
		const exchange = row.exchange.toUpperCase();
		const tradingSymbol = row.tradingsymbol;
		const token = row.symboltoken.trim();
		if (exchange !== 'NSE' || tradingSymbol.toUpperCase() !== symbol || !/^\d+$/.test(token)) continue;
		return {
			exchange: 'NSE',
			token,
			tradingSymbol,
			name: symbol.slice(0, -'-EQ'.length),
			instrumentType: '',
			expiry: null,
			strike: null,
			optionType: null,
			lotSize: 1,
			tickSize: QUICK_TICK,
			exchangeType: NSE_EXCHANGE_TYPE,
			priceDivisor: 100,
		};
	}
	return undefined;
}
