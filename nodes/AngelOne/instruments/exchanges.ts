// What the package knows about each exchange segment of the master: its feed code, price units, the hour its
// contracts stop trading on expiry day, and which segment holds the derivatives of a cash underlying.

/** WebSocket 2.0 exchangeType per master segment (protocol §5.3). */
const FEED_CODES: Record<string, number> = { NSE: 1, NFO: 2, BSE: 3, BFO: 4, MCX: 5, NCDEX: 7, CDS: 13 };

/** The docs' example row spells segments the feed's way ("nse_cm"); real rows use exchange names. */
const SEGMENT_ALIASES: Record<string, string> = {
	NSE_CM: 'NSE',
	NSE_FO: 'NFO',
	BSE_CM: 'BSE',
	BSE_FO: 'BFO',
	MCX_FO: 'MCX',
	NCX_FO: 'NCDEX',
	CDE_FO: 'CDS',
};

/** Canonical exchange name for a master's exch_seg or a user's "nse:"; unknown names are kept, upper-cased. */
export function normalizeExchange(raw: string): string {
	const upper = raw.trim().toUpperCase();
	return SEGMENT_ALIASES[upper] ?? upper;
}

export function feedCode(exchange: string): number | null {
	return FEED_CODES[exchange] ?? null;
}

/** Currency derivatives quote four decimals, so the feed sends them in 10^-7 rupees instead of paise. */
export function priceDivisor(exchange: string): number {
	return exchange === 'CDS' ? 1e7 : 100;
}

/** Currency options carry their strike in the same 10^-7 rupee unit as CDS prices (protocol §7). */
export function strikeDivisor(exchange: string, instrumentType: string): number {
	return instrumentType === 'OPTCUR' || instrumentType === 'OPTIRC' || (exchange === 'CDS' && instrumentType.startsWith('OPT'))
		? 1e7
		: 100;
}

/**
 * Minutes after IST midnight at which a contract stops trading on its expiry day. Equity derivatives stop at the
 * 15:30 close; currency derivatives at 12:30 (NSE's last-trading-day rule); MCX contracts trade into the evening
 * session, so 23:30. Anything else is treated like equity derivatives.
 */
const EXPIRY_CUTOFF_MINUTES: Record<string, number> = { CDS: 12 * 60 + 30, MCX: 23 * 60 + 30 };
const DEFAULT_EXPIRY_CUTOFF_MINUTES = 15 * 60 + 30;

export function expiryCutoffMinutes(exchange: string): number {
	return EXPIRY_CUTOFF_MINUTES[exchange] ?? DEFAULT_EXPIRY_CUTOFF_MINUTES;
}

/** Where a cash underlying's futures and options live: NSE:NIFTY1! means an NFO future. */
const DERIVATIVES_OF: Record<string, string> = { NSE: 'NFO', BSE: 'BFO' };

export function derivativeExchangeOf(exchange: string): string {
	return DERIVATIVES_OF[exchange] ?? exchange;
}

/** Searched in this order when the user names no exchange; also the tie-break between equal matches. */
export const EXCHANGE_PREFERENCE: readonly string[] = ['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'CDS', 'NCDEX'];
