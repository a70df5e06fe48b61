// Turns what a person types ("NSE:SBIN-EQ", TradingView's "NSE:SBIN", "NIFTY", "NSE:NIFTY1!", "SBIN") into one
// instrument, or an error with "did you mean" suggestions. A bare share name means an equity series, never a bond.

import { indexAlias } from './aliases';
import type { ContractFinder } from './contracts';
import { InstrumentInputError, InstrumentNotFoundError } from './errors';
import { derivativeExchangeOf, EXCHANGE_PREFERENCE, normalizeExchange } from './exchanges';
import { EQUITY_SERIES, searchKey } from './keys';
import type { SearchIndex } from './search';
import { CASH, type MasterTable } from './table';
import type { Instrument } from './types';

export interface ResolveOptions {
	/** The exchange of text without one ("SBIN"); NSE when absent. */
	defaultExchange?: string;
	/** epoch ms; needed for continuous futures ("NIFTY1!"). */
	now?: number;
}

const SUGGESTIONS = 5;

export class Resolver {
	constructor(
		private readonly table: MasterTable,
		private readonly search: SearchIndex,
		private readonly finder: ContractFinder,
	) {}

	resolve(text: string, options: ResolveOptions = {}): Instrument {
		const raw = String(text).trim();
		if (raw === '') throw new InstrumentInputError('Symbol', 'Symbol is empty');
		const prefixed = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(raw);
		const exchange = prefixed ? normalizeExchange(prefixed[1]) : undefined;
		const symbol = (prefixed ? prefixed[2] : raw).trim();
		if (symbol === '') throw new InstrumentInputError('Symbol', `"${raw}" names an exchange but no symbol`);

		// TradingView continuous futures: NIFTY1! is the nearest future, NIFTY2! the next.
		const continuous = /^(.+?)([1-9])!$/.exec(symbol);
		if (continuous) {
			const now = options.now;
			if (now === undefined || !Number.isFinite(now)) {
				throw new InstrumentInputError('Now', `"${raw}" is a continuous future; the current time is needed to pick its expiry`);
			}
			const alias = indexAlias(searchKey(continuous[1]));
			return this.finder.findFuture({
				underlying: alias ? alias.underlying : continuous[1],
				expiry: Number(continuous[2]),
				exchange: exchange === undefined ? undefined : derivativeExchangeOf(exchange),
				now,
			});
		}

		const first = normalizeExchange(options.defaultExchange?.trim() || 'NSE');
		const candidates = exchange !== undefined ? [exchange] : [...new Set([first, ...EXCHANGE_PREFERENCE, ...this.table.exchanges])];
		for (const e of candidates) {
			const row = this.resolveOn(e, symbol, exchange !== undefined);
			if (row >= 0) return this.table.instrument(row);
		}
		throw new InstrumentNotFoundError(
			`"${raw}" is not in the instrument master${exchange !== undefined ? ` on ${exchange}` : ''}`,
			raw,
			this.suggest(symbol, exchange),
		);
	}

	/** Row for a symbol on one exchange, or -1. Tokens are accepted only when the exchange was named. */
	private resolveOn(exchange: string, symbol: string, exchangeNamed: boolean): number {
		const t = this.table;
		const exact = this.search.findSymbol(exchange, symbol);
		if (exact >= 0) return exact;

		const key = searchKey(symbol);
		const alias = indexAlias(key);
		if (alias && alias.exchange === exchange) {
			const row = t.findToken(alias.exchange, alias.token);
			if (row >= 0) return row;
		}

		const e = t.exchangeId(exchange);
		if (e === undefined) return -1;
		const cash = this.search.exactRows(CASH, key).filter((row) => t.exch[row] === e);
		// An index by its symbol or its underlying name: "Nifty 50", "NIFTY50", "INDIAVIX".
		const index = cash.find(
			(row) => t.types[t.type[row]] === 'AMXIDX' && (t.symbolKey(row) === key || t.nameKeys[t.name[row]] === key),
		);
		if (index !== undefined) return index;
		// TradingView writes NSE shares without their series: SBIN means SBIN-EQ, else SBIN-BE, …
		for (const series of EQUITY_SERIES) {
			const row = cash.find((r) => t.seriesNames[t.series[r]] === series && t.baseKey(r) === key);
			if (row !== undefined) return row;
		}
		if (exchangeNamed && /^\d+$/.test(symbol)) return t.findToken(exchange, symbol);
		return -1;
	}

	private suggest(symbol: string, exchange: string | undefined): string[] {
		const t = this.table;
		const options = { exchange, limit: SUGGESTIONS };
		const rows = this.search.search(symbol, options);
		for (const row of this.search.similar(symbol, options)) {
			if (rows.length < SUGGESTIONS && !rows.includes(row)) rows.push(row);
		}
		return rows.map((row) => `${t.exchanges[t.exch[row]]}:${t.symbol(row)}`);
	}
}
