// Instrument → Search: finds instruments in the shared daily master (no API call, so no 1/s searchScrip limit),
// by text with exchange and type filters, and options by underlying, expiry, strike and CE/PE, e.g. "NIFTY 25000 CE".
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { findInstruments, findOptions, MAX_FIND_RESULTS, type OptionFilter } from '../../instruments/find';
import type { Instrument } from '../../instruments';
import { describeInstrument, instrumentIndex } from '../../methods/instruments';
import { ValidationError } from '../shared';
import { instrumentResource } from './resource';
import { exchangeOptions, optionTypeField } from '../fields';
import { parameters } from '../parameters';

/** The index answers at most this many per search. */
const MAX_RESULTS = MAX_FIND_RESULTS;

const properties: INodeProperties[] = [
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
			...exchangeOptions('BSE', 'BFO', 'CDS', 'MCX', 'NSE', 'NFO'),
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
			optionTypeField,
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

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const read = parameters(this, itemIndex);
	const query = read.text('query').trim();
	if (query === '') throw new ValidationError('Query', 'Type something to search for, e.g. SBIN');
	const exchange = read.text('exchange') || undefined;
	const type = read.text('instrumentType', 'any');
	// The master writes equities with an empty type.
	const instrumentType = type === 'any' || type === '' ? undefined : type === 'EQ' ? '' : type;
	const limit = read.value('limit', 50);
	if (typeof limit !== 'number' || !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_RESULTS)) {
		throw new ValidationError('Limit', `Limit must be a whole number from 1 to ${MAX_RESULTS} (got ${String(limit)})`);
	}
	const filters = read.collection('optionFilters');
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
		results = ofType(findOptions(index, filter, exchange, MAX_FIND_RESULTS, now));
	} else {
		results = findInstruments(index, query, { exchange, instrumentType, limit, now });
	}
	return results.slice(0, limit).map((instrument) => ({
		symbol: `${instrument.exchange}:${instrument.tradingSymbol}`,
		...describeInstrument(instrument),
	}));
}

instrumentResource.add({
	value: 'search',
	name: 'Search',
	action: 'Search instruments',
	description: 'Find instruments by symbol or name, exchange and type',
	properties,
	execute,
});
