// What a trader types to find instruments, answered from the master: one search behind Instrument → Search and
// every instrument picker's "From List", so "NIFTY 25000 CE" finds the same contracts in both.
import { parseExpiry } from '../helpers/ist';
import { InstrumentInputError, InstrumentNotFoundError } from './errors';
import type { InstrumentIndex } from './instrumentIndex';
import type { Instrument } from './types';

/** "NSE:SBIN": an exchange the master knows, a colon, a symbol. */
const EXCHANGE_PREFIX = /^(NSE|BSE|NFO|BFO|MCX|CDS|NCDEX)\s*:\s*(.+)$/i;

/** The index answers at most this many per search. */
export const MAX_FIND_RESULTS = 500;

/** The lookup's result, or undefined when the master has no such instrument (or the lookup refuses the input). */
function orNothing<T>(find: () => T): T | undefined {
	let failure: unknown;
	try {
		return find();
	} catch (error) {
		failure = error;
	}
	if (failure instanceof InstrumentNotFoundError || failure instanceof InstrumentInputError) return undefined;
	throw failure;
}

export interface OptionFilter {
	underlying: string;
	expiry?: string;
	strike?: number;
	optionType?: 'CE' | 'PE';
}

/**
 * "NIFTY 25000 CE", "BANKNIFTY PE", "NIFTY 27JAN2026 25000": an underlying followed by any of a strike, CE/PE
 * and an expiry date. Undefined when the text has none of them (then it is just a name).
 */
export function parseOptionQuery(query: string): OptionFilter | undefined {
	const words = query.trim().split(/\s+/);
	const filter: OptionFilter = { underlying: '' };
	const rest: string[] = [];
	for (const word of words) {
		const upper = word.toUpperCase();
		if (/^(CE|PE|CALL|PUT)$/.test(upper)) filter.optionType = upper === 'CE' || upper === 'CALL' ? 'CE' : 'PE';
		else if (/^\d{4}-\d{2}-\d{2}$/.test(word) || parseExpiry(upper) !== undefined) filter.expiry = word;
		else if (/^\d{2}[A-Z]{3}\d{2}$/.test(upper) && parseExpiry(`${upper.slice(0, 5)}20${upper.slice(5)}`) !== undefined) {
			filter.expiry = `${upper.slice(0, 5)}20${upper.slice(5)}`;
		} else if (rest.length > 0 && /^\d+(\.\d+)?$/.test(word)) filter.strike = Number(word);
		else rest.push(word);
	}
	filter.underlying = rest.join(' ');
	const optionPart = filter.optionType !== undefined || filter.strike !== undefined || filter.expiry !== undefined;
	return optionPart && filter.underlying !== '' ? filter : undefined;
}

function pickExpiries(all: string[], spec: string | undefined): string[] {
	if (spec === undefined || spec.trim() === '') return all;
	const s = spec.trim().toLowerCase();
	if (s === 'nearest') return all.slice(0, 1);
	if (s === 'next') return all.slice(1, 2);
	const iso = /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : parseExpiry(s.toUpperCase());
	if (iso === undefined) throw new InstrumentInputError('Expiry', `"${spec}" is not "nearest", "next", or a date like 2026-01-27`);
	return all.filter((e) => e === iso);
}

/** Option contracts of an underlying on its live expiries, by strike and side when given, in expiry order. */
export function findOptions(index: InstrumentIndex, filter: OptionFilter, exchange: string | undefined, limit: number, now: number): Instrument[] {
	// A search that finds nothing answers with no items, not an error.
	const listing = orNothing(() => index.listExpiries({ underlying: filter.underlying, kind: 'option', exchange, now }));
	if (!listing) return [];
	const expiries = new Set(pickExpiries(listing.expiries, filter.expiry));
	const sides: Array<'CE' | 'PE'> = filter.optionType ? [filter.optionType] : ['CE', 'PE'];
	const found: Instrument[] = [];
	if (filter.strike !== undefined) {
		for (const expiry of expiries) {
			for (const optionType of sides) {
				if (found.length >= limit) return found;
				const strike = filter.strike;
				const contract = orNothing(() =>
					index.findOption({ underlying: listing.underlying, exchange: listing.exchange, expiry, strike, optionType, now }),
				);
				if (contract) found.push(contract);
			}
		}
		return found;
	}
	// No strike: the whole chain of the chosen expiries, which the index lists in expiry, strike, CE/PE order.
	return index
		.search(listing.underlying, { exchange: listing.exchange, limit: MAX_FIND_RESULTS })
		.filter((i) => i.strike !== null && i.name === listing.underlying && i.expiry !== null && expiries.has(i.expiry))
		.filter((i) => i.optionType !== null && sides.includes(i.optionType))
		.slice(0, limit);
}

export interface FindOptions {
	exchange?: string;
	/** A master instrument type ("" is equities); any when absent. */
	instrumentType?: string;
	limit: number;
	now: number;
}

/**
 * Free text as a trader types it: "sbin", "Nifty Bank", "NSE:SBIN" (the instrument it names first) or an option
 * by underlying, strike, side and expiry ("NIFTY 25000 CE") when the text matches no symbol or name.
 */
export function findInstruments(index: InstrumentIndex, query: string, options: FindOptions): Instrument[] {
	const { instrumentType, limit, now } = options;
	const ofType = (list: Instrument[]): Instrument[] =>
		instrumentType === undefined ? list : list.filter((i) => i.instrumentType === instrumentType);
	const prefixed = EXCHANGE_PREFIX.exec(query);
	const named = prefixed ? orNothing(() => index.resolve(query, { now })) : undefined;
	const text = prefixed ? prefixed[2] : query;
	const on = options.exchange ?? (prefixed ? prefixed[1].toUpperCase() : undefined);
	let results = index.search(text, { exchange: on, instrumentType, limit });
	const asOption = results.length === 0 && !named ? parseOptionQuery(text) : undefined;
	if (asOption) results = ofType(findOptions(index, asOption, on, MAX_FIND_RESULTS, now));
	if (named && ofType([named]).length === 1) {
		results = [named, ...results.filter((i) => i.exchange !== named.exchange || i.token !== named.token)];
	}
	return results.slice(0, limit);
}
