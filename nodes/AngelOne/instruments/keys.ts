// How symbols and names are compared loosely: upper-case letters and digits only, so "sbin-eq", "SBIN EQ" and
// "SBIN-EQ" meet, and "Nifty 50" is found by "nifty50". Also the NSE series suffix of cash symbols ("-EQ").

/** "M&M-EQ" → "MMEQ", "Nifty 50" → "NIFTY50". Returns the input itself when it is already a key (no copy). */
export function searchKey(text: string): string {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
	}
	return text;
}

/**
 * The series of a cash symbol ("SBIN-EQ" → "EQ", "BAJAJ-AUTO-EQ" → "EQ"); '' when it has none (BSE symbols,
 * indices). NSE series are one to three letters or digits after the last hyphen.
 */
export function cashSeries(symbol: string): string {
	const dash = symbol.lastIndexOf('-');
	if (dash <= 0 || symbol.length - dash - 1 > 3 || symbol.length - dash - 1 < 1) return '';
	const series = symbol.slice(dash + 1).toUpperCase();
	return /^[A-Z0-9]+$/.test(series) ? series : '';
}

/**
 * The series a name without one may mean, best first: the normal rolling segment, then trade-to-trade, then the
 * SME and surveillance segments. Others (bonds, government securities, …) must be named exactly.
 */
export const EQUITY_SERIES: readonly string[] = ['EQ', 'BE', 'BZ', 'SM', 'ST'];

/** Orders equal matches: the ordinary series first, trade-to-trade next, everything else after. */
export function seriesRank(series: string): number {
	if (series === '' || series === 'EQ') return 0;
	return series === 'BE' ? 1 : 2;
}
