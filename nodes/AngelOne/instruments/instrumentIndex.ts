// The public face of the instrument master: build it once from the master text, then look instruments up by
// token or symbol, resolve what people type, search as they type, and find option and futures contracts.

import { ContractFinder, type ExpiryQuery, type FutureQuery, type OptionQuery } from './contracts';
import { Resolver, type ResolveOptions } from './resolve';
import { SearchIndex, type SearchOptions } from './search';
import { buildTable, type MasterTable, type TableStats } from './table';
import type { Instrument, MasterRow } from './types';

export class InstrumentIndex {
	private readonly searchIndex: SearchIndex;
	private readonly finder: ContractFinder;
	private readonly resolver: Resolver;

	constructor(private readonly table: MasterTable) {
		this.searchIndex = new SearchIndex(table);
		this.finder = new ContractFinder(table, this.searchIndex);
		this.resolver = new Resolver(table, this.searchIndex, this.finder);
	}

	/** Rows indexed, rows skipped as unusable, duplicate tokens. */
	get stats(): TableStats {
		return this.table.stats;
	}

	get size(): number {
		return this.table.size;
	}

	byToken(exchange: string, token: string): Instrument | undefined {
		const row = this.table.findToken(exchange, token);
		return row < 0 ? undefined : this.table.instrument(row);
	}

	/** Exact trading symbol on an exchange, any case: ("NFO", "NIFTY30JAN2525000CE"). */
	bySymbol(exchange: string, tradingSymbol: string): Instrument | undefined {
		const row = this.searchIndex.findSymbol(exchange, tradingSymbol);
		return row < 0 ? undefined : this.table.instrument(row);
	}

	/**
	 * "NSE:SBIN-EQ", "NSE:SBIN" (→ SBIN-EQ), "BSE:SBIN", "NIFTY" (→ Nifty 50), "NSE:NIFTY1!" (nearest future),
	 * "NFO:NIFTY30JAN2525000CE", "SBIN". Throws InstrumentNotFoundError with suggestions, or InstrumentInputError.
	 */
	resolve(text: string, options?: ResolveOptions): Instrument {
		return this.resolver.resolve(text, options);
	}

	/** Exact, then prefix, then substring matches over symbols and names; cash before futures before options. */
	search(query: string, options?: SearchOptions): Instrument[] {
		return this.searchIndex.search(query, options).map((row) => this.table.instrument(row));
	}

	findOption(query: OptionQuery): Instrument {
		return this.finder.findOption(query);
	}

	findFuture(query: FutureQuery): Instrument {
		return this.finder.findFuture(query);
	}

	/** The expiries (ISO dates, ascending) of an underlying's options or futures on one exchange. */
	listExpiries(query: ExpiryQuery): { underlying: string; exchange: string; expiries: string[] } {
		return this.finder.listExpiries(query);
	}
}

/** Indexes the master from its JSON text (as downloaded) or from rows already parsed. */
export function buildIndex(source: readonly MasterRow[] | string): InstrumentIndex {
	return new InstrumentIndex(buildTable(source));
}
