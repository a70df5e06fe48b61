// The names people and TradingView use for the big indices, mapped to the master's index tokens (protocol §7) and
// to the underlying name their futures and options carry. Keys are search keys (upper-case letters and digits).

export interface IndexAlias {
	exchange: 'NSE' | 'BSE';
	token: string;
	/** The `name` of the index's derivatives in the master. */
	underlying: string;
}

const NIFTY: IndexAlias = { exchange: 'NSE', token: '99926000', underlying: 'NIFTY' };
const BANKNIFTY: IndexAlias = { exchange: 'NSE', token: '99926009', underlying: 'BANKNIFTY' };
const FINNIFTY: IndexAlias = { exchange: 'NSE', token: '99926037', underlying: 'FINNIFTY' };
const INDIAVIX: IndexAlias = { exchange: 'NSE', token: '99926017', underlying: 'INDIAVIX' };
const SENSEX: IndexAlias = { exchange: 'BSE', token: '99919000', underlying: 'SENSEX' };

const INDEX_ALIASES: Readonly<Record<string, IndexAlias>> = {
	NIFTY,
	NIFTY50: NIFTY,
	BANKNIFTY,
	NIFTYBANK: BANKNIFTY,
	FINNIFTY,
	NIFTYFINSERVICE: FINNIFTY,
	// TradingView's name for Nifty Financial Services.
	CNXFINANCE: FINNIFTY,
	INDIAVIX,
	SENSEX,
};

export function indexAlias(key: string): IndexAlias | undefined {
	return Object.prototype.hasOwnProperty.call(INDEX_ALIASES, key) ? INDEX_ALIASES[key] : undefined;
}
