// Finding a derivative contract by what a trader knows: underlying, expiry ("nearest", a date), strike (a price
// or "ATM+2" from a spot price) and CE/PE. Errors say what was not found and what is listed nearby.

import { indexAlias } from './aliases';
import { InstrumentInputError, InstrumentNotFoundError } from './errors';
import { expiryCutoff, toIsoDate } from './expiry';
import { searchKey } from './keys';
import type { SearchIndex } from './search';
import { CASH, FUTURE, type InstrumentClass, type MasterTable, OPTION, partition } from './table';
import type { Instrument, OptionType } from './types';

/** "nearest" (1), "next" (2), the n-th live expiry as a number, or a date ("2025-01-30" or "30JAN2025"). */
export type ExpirySpec = string | number;

export interface FutureQuery {
	underlying: string;
	expiry: ExpirySpec;
	/** NFO, BFO, MCX, CDS; the first of these that lists the underlying when absent */
	exchange?: string;
	/** epoch ms; expiries whose trading has ended by then are skipped or refused */
	now: number;
}

export interface OptionQuery extends FutureQuery {
	/** Rupees, or "ATM", "ATM+2", "ATM-1" (strikes above/below the one nearest the spot, on this expiry's grid). */
	strike: number | string;
	/** CE or PE (CALL and PUT are accepted). */
	optionType: string;
	/** The underlying's price, needed for ATM strikes; the caller fetches it. */
	spot?: number;
}

export interface ExpiryQuery {
	underlying: string;
	kind: 'option' | 'future';
	exchange?: string;
	/** When given, only expiries still trading at this instant. */
	now?: number;
}

const MAX_LISTED = 8;

function kindWord(klass: InstrumentClass): string {
	return klass === OPTION ? 'options' : 'futures';
}

/**
 * One underlying's futures or options on one exchange: rows(entries[start, end)) in rank order, so ascending
 * expiry, then strike, then CE before PE.
 */
interface Listing {
	underlying: string;
	exchange: string;
	entries: Uint32Array;
	start: number;
	end: number;
}

export class ContractFinder {
	constructor(
		private readonly table: MasterTable,
		private readonly search: SearchIndex,
	) {}

	/** The first exchange (in preference order, or the one asked for) listing contracts for a name key. */
	private find(klass: InstrumentClass, key: string, exchangeId: number | undefined): Listing | undefined {
		const t = this.table;
		const exchanges = exchangeId === undefined ? t.exchanges.map((_, e) => e) : [exchangeId];
		for (const e of exchanges) {
			const range = this.search.nameRange(klass, e, key);
			if (range.end > range.start) {
				const first = range.entries[range.start] >>> 2;
				return { underlying: t.names[t.name[first]], exchange: t.exchanges[e], ...range };
			}
		}
		return undefined;
	}

	/** All contracts of a kind for an underlying given as a name, an index alias or a cash symbol. */
	private listing(klass: InstrumentClass, underlying: string, exchange: string | undefined): Listing {
		const t = this.table;
		const key = searchKey(underlying);
		if (key === '') throw new InstrumentInputError('Underlying', 'Underlying is empty');
		const alias = indexAlias(key);
		const names = [key, ...(alias ? [searchKey(alias.underlying)] : []), ...this.search.exactRows(CASH, key).map((row) => t.nameKeys[t.name[row]])];
		const named = exchange !== undefined && exchange.trim() !== '';
		const exchangeId = named ? t.exchangeId(exchange) : undefined;
		for (const name of names) {
			if (named && exchangeId === undefined) break;
			const found = this.find(klass, name, exchangeId);
			if (found) return found;
		}
		for (const name of names) {
			const elsewhere = named ? this.find(klass, name, undefined) : undefined;
			if (elsewhere) {
				throw new InstrumentNotFoundError(
					`No ${elsewhere.underlying} ${kindWord(klass)} are listed on ${String(exchange).trim().toUpperCase()}; they are on ${elsewhere.exchange}`,
					underlying,
				);
			}
		}
		const similar = this.search.search(underlying, { limit: 5 }).filter((row) => t.klass[row] === klass);
		throw new InstrumentNotFoundError(
			`No ${kindWord(klass)} are listed for "${underlying}"`,
			underlying,
			similar.map((row) => `${t.exchanges[t.exch[row]]}:${t.symbol(row)}`),
		);
	}

	private row(listing: Listing, i: number): number {
		return listing.entries[i] >>> 2;
	}

	/** [start, end) of the listing's contracts with this expiry id: one binary search, as expiries ascend. */
	private expiryRange(listing: Listing, from: number): { id: number; start: number; end: number } {
		const { expiry } = this.table;
		const id = expiry[this.row(listing, from)];
		const end = partition(from, listing.end, (i) => expiry[this.row(listing, i)] <= id);
		return { id, start: from, end };
	}

	/** Distinct expiry ids of a listing, ascending; only those still trading at `now` when it is given. */
	private expiryIds(listing: Listing, now: number | undefined): number[] {
		const ids: number[] = [];
		for (let i = listing.start; i < listing.end; ) {
			const range = this.expiryRange(listing, i);
			if (range.id !== 0) ids.push(range.id);
			i = range.end;
		}
		return now === undefined ? ids : ids.filter((id) => expiryCutoff(this.iso(id), listing.exchange) > now);
	}

	/** Rows of one expiry, in rank order (ascending strike, CE before PE). */
	private rowsOf(listing: Listing, expiryId: number): number[] {
		const { expiry } = this.table;
		const start = partition(listing.start, listing.end, (i) => expiry[this.row(listing, i)] < expiryId);
		const rows: number[] = [];
		for (let i = start; i < listing.end && expiry[this.row(listing, i)] === expiryId; i++) rows.push(this.row(listing, i));
		return rows;
	}

	private iso(expiryId: number): string {
		return this.table.expiries[expiryId] ?? '';
	}

	private pickExpiry(listing: Listing, klass: InstrumentClass, spec: ExpirySpec, now: number): number {
		if (!Number.isFinite(now)) throw new InstrumentInputError('Now', 'The current time is needed to pick an expiry');
		const live = this.expiryIds(listing, now);
		const what = `${listing.underlying} ${kindWord(klass)} on ${listing.exchange}`;
		const shown = live.slice(0, MAX_LISTED).map((id) => this.iso(id)).join(', ');
		let nth: number | undefined;
		if (typeof spec === 'number') nth = spec;
		else if (spec.trim().toLowerCase() === 'nearest') nth = 1;
		else if (spec.trim().toLowerCase() === 'next') nth = 2;
		if (nth !== undefined) {
			if (!Number.isInteger(nth) || nth < 1) {
				throw new InstrumentInputError('Expiry', `Expiry ${nth} must be 1 (nearest), 2 (next) or a later whole number`);
			}
			if (live.length < nth) {
				throw new InstrumentNotFoundError(
					`${what} have ${live.length === 0 ? 'no expiry still trading' : `only ${live.length} expiries still trading (${shown})`}`,
					listing.underlying,
				);
			}
			return live[nth - 1];
		}
		const iso = toIsoDate(String(spec));
		if (iso === undefined) {
			throw new InstrumentInputError('Expiry', `Expiry "${spec}" is not "nearest", "next", or a date like 2025-01-30 or 30JAN2025`);
		}
		const id = this.expiryIds(listing, undefined).find((e) => this.iso(e) === iso);
		if (id === undefined) {
			throw new InstrumentNotFoundError(`${what} have no expiry on ${iso}; listed: ${shown || 'none still trading'}`, listing.underlying);
		}
		if (!live.includes(id)) {
			throw new InstrumentInputError('Expiry', `${what} expiring ${iso} have stopped trading`);
		}
		return id;
	}

	findFuture(query: FutureQuery): Instrument {
		const listing = this.listing(FUTURE, query.underlying, query.exchange);
		const expiry = this.pickExpiry(listing, FUTURE, query.expiry, query.now);
		// pickExpiry only returns expiries taken from this listing, so the expiry has at least one row.
		return this.table.instrument(this.rowsOf(listing, expiry)[0]);
	}

	findOption(query: OptionQuery): Instrument {
		const t = this.table;
		const side = parseOptionType(query.optionType);
		const listing = this.listing(OPTION, query.underlying, query.exchange);
		const expiry = this.pickExpiry(listing, OPTION, query.expiry, query.now);
		const wanted = side === 'CE' ? 1 : 2;
		const chain = this.rowsOf(listing, expiry).filter((r) => t.optType[r] === wanted && t.strike[r] >= 0);
		const what = `${listing.underlying} ${this.iso(expiry)} ${side} on ${listing.exchange}`;
		if (chain.length === 0) throw new InstrumentNotFoundError(`No ${what} contracts are listed`, listing.underlying);
		const strikes = chain.map((r) => t.strikeRupees(r));
		const range = `strikes run ${strikes[0]}–${strikes[strikes.length - 1]}`;
		const symbols = (from: number, to: number): string[] =>
			chain.slice(Math.max(0, from), Math.max(0, to)).map((r) => `${listing.exchange}:${t.symbol(r)}`);

		const spec = parseStrike(query.strike);
		if (spec.kind === 'price') {
			const units = t.strikeUnits(chain[0], spec.price);
			const at = chain.findIndex((r) => Math.round(t.strike[r]) === units);
			if (at >= 0) return t.instrument(chain[at]);
			const above = strikes.findIndex((s) => s > spec.price);
			const near = above < 0 ? strikes.length : above;
			throw new InstrumentNotFoundError(
				`${what} has no strike ${spec.price} (${range}); nearest: ${strikes.slice(Math.max(0, near - 2), near + 2).join(', ')}`,
				String(query.strike),
				symbols(near - 2, near + 2),
			);
		}
		const spot = query.spot;
		if (spot === undefined || !Number.isFinite(spot) || spot <= 0) {
			throw new InstrumentInputError('Spot Price', `An ATM strike needs the underlying's current price (got ${String(spot)})`);
		}
		// A spot beyond the listed strikes means a wrong price or underlying; the edge strike would not be ATM.
		const first = strikes[0];
		const last = strikes[strikes.length - 1];
		const lowStep = strikes.length > 1 ? strikes[1] - first : 0;
		const highStep = strikes.length > 1 ? last - strikes[strikes.length - 2] : 0;
		if (spot < first - lowStep || spot > last + highStep) {
			throw new InstrumentInputError(
				'Spot Price',
				`Spot price ${spot} is outside the listed strikes of ${what} (${range}); check the spot price and the underlying`,
			);
		}
		let atm = 0;
		strikes.forEach((s, i) => {
			// Strictly closer only: a spot exactly between two strikes takes the lower one.
			if (Math.abs(s - spot) < Math.abs(strikes[atm] - spot)) atm = i;
		});
		const at = atm + spec.offset;
		if (at < 0 || at >= chain.length) {
			throw new InstrumentNotFoundError(
				`${what}: ATM${spec.offset >= 0 ? '+' : ''}${spec.offset} is beyond the listed strikes (ATM is ${strikes[atm]} for spot ${spot}; ${range})`,
				String(query.strike),
			);
		}
		return t.instrument(chain[at]);
	}

	listExpiries(query: ExpiryQuery): { underlying: string; exchange: string; expiries: string[] } {
		const listing = this.listing(query.kind === 'option' ? OPTION : FUTURE, query.underlying, query.exchange);
		return {
			underlying: listing.underlying,
			exchange: listing.exchange,
			expiries: this.expiryIds(listing, query.now).map((id) => this.iso(id)),
		};
	}
}

function parseOptionType(text: string): OptionType {
	const t = String(text).trim().toUpperCase();
	if (t === 'CE' || t === 'CALL' || t === 'C') return 'CE';
	if (t === 'PE' || t === 'PUT' || t === 'P') return 'PE';
	throw new InstrumentInputError('Option Type', `Option Type "${text}" must be CE or PE`);
}

type StrikeSpec = { kind: 'price'; price: number } | { kind: 'atm'; offset: number };

function parseStrike(strike: number | string): StrikeSpec {
	if (typeof strike === 'number') {
		if (Number.isFinite(strike) && strike > 0) return { kind: 'price', price: strike };
	} else {
		const text = strike.replace(/\s+/g, '').toUpperCase();
		const atm = /^ATM(?:([+-])(\d{1,3}))?$/.exec(text);
		if (atm) return { kind: 'atm', offset: atm[1] ? Number(`${atm[1]}${atm[2]}`) : 0 };
		if (/^\d+(\.\d+)?$/.test(text) && Number(text) > 0) return { kind: 'price', price: Number(text) };
	}
	throw new InstrumentInputError('Strike', `Strike "${String(strike)}" must be a price such as 25000, or ATM, ATM+2, ATM-1`);
}
