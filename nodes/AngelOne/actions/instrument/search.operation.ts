// Instrument → Search: finds instruments in the shared daily master (no API call, so no 1/s searchScrip limit),
// by text with exchange and type filters, and options by underlying, expiry, strike and CE/PE, e.g. "NIFTY 25000 CE".
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseExpiry } from '../../helpers/ist';
import type { Instrument, InstrumentIndex } from '../../instruments';
import { describeInstrument, instrumentIndex } from '../../methods/instruments';
import { ValidationError } from '../shared';
import { findOrNothing } from './lookup';

/** "NSE:SBIN": an exchange the master knows, a colon, a symbol. */
const EXCHANGE_PREFIX = /^(NSE|BSE|NFO|BFO|MCX|CDS|NCDEX)\s*:\s*(.+)$/i;

/** The index answers at most this many per search. */
const MAX_RESULTS = 500;

export const description: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. SBIN, NSE:SBIN, Nifty Bank, NIFTY 25000 CE',
		description:
			'Symbol or name to look for; exact matches come first, then symbols starting with the text, then names containing it. A TradingView symbol (NSE:SBIN) puts the instrument it names first; for options, an underlying with a strike and/or CE or PE works too.',
	},
	{
		displayName: 'Exchange',
		name: 'exchange',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'BSE', value: 'BSE' },
			{ name: 'BSE F&O (BFO)', value: 'BFO' },
			{ name: 'Currency (CDS)', value: 'CDS' },
			{ name: 'MCX', value: 'MCX' },
			{ name: 'NSE', value: 'NSE' },
			{ name: 'NSE F&O (NFO)', value: 'NFO' },
		],
		default: '',
	},
	{
		displayName: 'Instrument Type',
		name: 'instrumentType',
		type: 'options',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Commodity Future', value: 'FUTCOM' },
			{ name: 'Commodity Option', value: 'OPTFUT' },
			{ name: 'Currency Future', value: 'FUTCUR' },
			{ name: 'Currency Option', value: 'OPTCUR' },
			{ name: 'Equity', value: 'EQ' },
			{ name: 'Index', value: 'AMXIDX' },
			{ name: 'Index Future', value: 'FUTIDX' },
			{ name: 'Index Option', value: 'OPTIDX' },
			{ name: 'Stock Future', value: 'FUTSTK' },
			{ name: 'Stock Option', value: 'OPTSTK' },
		],
		default: 'any',
	},
	{
		displayName: 'Option Filters',
		name: 'optionFilters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Find option contracts of the underlying in Query',
		options: [
			{
				displayName: 'Expiry',
				name: 'expiry',
				type: 'string',
				default: 'nearest',
				placeholder: 'e.g. nearest, next, 2026-01-27',
				description: '"nearest", "next", or a date (2026-01-27 or 27JAN2026)',
			},
			{
				displayName: 'Option Type',
				name: 'optionType',
				type: 'options',
				options: [
					{ name: 'Call (CE)', value: 'CE' },
					{ name: 'Put (PE)', value: 'PE' },
				],
				default: 'CE',
			},
			{
				displayName: 'Strike',
				name: 'strike',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Strike price in rupees',
			},
		],
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_RESULTS },
		default: 50,
		description: 'Max number of results to return',
	},
];

interface OptionFilter {
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
	if (iso === undefined) throw new ValidationError('Expiry', `"${spec}" is not "nearest", "next", or a date like 2026-01-27`);
	return all.filter((e) => e === iso);
}

/** Option contracts of an underlying on its live expiries, by strike and side when given, in expiry order. */
function searchOptions(index: InstrumentIndex, filter: OptionFilter, exchange: string | undefined, limit: number, now: number): Instrument[] {
	// A search that finds nothing answers with no items, not an error.
	const listing = findOrNothing(() => index.listExpiries({ underlying: filter.underlying, kind: 'option', exchange, now }));
	if (!listing) return [];
	const expiries = new Set(pickExpiries(listing.expiries, filter.expiry));
	const sides: Array<'CE' | 'PE'> = filter.optionType ? [filter.optionType] : ['CE', 'PE'];
	const found: Instrument[] = [];
	if (filter.strike !== undefined) {
		for (const expiry of expiries) {
			for (const optionType of sides) {
				if (found.length >= limit) return found;
				const strike = filter.strike;
				const contract = findOrNothing(() =>
					index.findOption({ underlying: listing.underlying, exchange: listing.exchange, expiry, strike, optionType, now }),
				);
				if (contract) found.push(contract);
			}
		}
		return found;
	}
	// No strike: the whole chain of the chosen expiries, which the index lists in expiry, strike, CE/PE order.
	return index
		.search(listing.underlying, { exchange: listing.exchange, limit: MAX_RESULTS })
		.filter((i) => i.strike !== null && i.name === listing.underlying && i.expiry !== null && expiries.has(i.expiry))
		.filter((i) => i.optionType !== null && sides.includes(i.optionType))
		.slice(0, limit);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const query = String(this.getNodeParameter('query', itemIndex, '') ?? '').trim();
	if (query === '') throw new ValidationError('Query', 'Type something to search for, e.g. SBIN');
	const exchange = (this.getNodeParameter('exchange', itemIndex, '') as string) || undefined;
	const type = this.getNodeParameter('instrumentType', itemIndex, 'any') as string;
	// The master writes equities with an empty type.
	const instrumentType = type === 'any' || type === '' ? undefined : type === 'EQ' ? '' : type;
	const limit = this.getNodeParameter('limit', itemIndex, 50) as number;
	if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_RESULTS)) {
		throw new ValidationError('Limit', `Limit must be a whole number from 1 to ${MAX_RESULTS} (got ${limit})`);
	}
	const filters = this.getNodeParameter('optionFilters', itemIndex, {}) as IDataObject;
	const index = await instrumentIndex(this);
	const now = Date.now();
	const ofType = (list: Instrument[]): Instrument[] =>
		instrumentType === undefined ? list : list.filter((i) => i.instrumentType === instrumentType);

	let results: Instrument[];
	if (Object.keys(filters).length > 0) {
		const strike = filters.strike === undefined || filters.strike === 0 ? undefined : Number(filters.strike);
		const filter: OptionFilter = {
			underlying: query,
			expiry: filters.expiry === undefined ? undefined : String(filters.expiry),
			strike,
			optionType: filters.optionType === undefined ? undefined : (String(filters.optionType).toUpperCase() as 'CE' | 'PE'),
		};
		results = ofType(searchOptions(index, filter, exchange, MAX_RESULTS, now));
	} else {
		// "NSE:SBIN" as copied from TradingView or an alert: the instrument it names first, then the symbol's
		// search on that exchange.
		const prefixed = EXCHANGE_PREFIX.exec(query);
		const named = prefixed ? findOrNothing(() => index.resolve(query, { now })) : undefined;
		const text = prefixed ? prefixed[2] : query;
		const on = exchange ?? (prefixed ? prefixed[1].toUpperCase() : undefined);
		results = index.search(text, { exchange: on, instrumentType, limit });
		const asOption = results.length === 0 && !named ? parseOptionQuery(text) : undefined;
		if (asOption) results = ofType(searchOptions(index, asOption, on, MAX_RESULTS, now));
		if (named && ofType([named]).length === 1) {
			results = [named, ...results.filter((i) => i.exchange !== named.exchange || i.token !== named.token)];
		}
	}
	return results.slice(0, limit).map((instrument) => ({
		symbol: `${instrument.exchange}:${instrument.tradingSymbol}`,
		...describeInstrument(instrument),
	}));
}
