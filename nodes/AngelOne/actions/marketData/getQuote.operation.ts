// Market Data → Get Quote: LTP, OHLC or full quotes (with five levels of depth) for any number of instruments,
// 50 per request as the API allows, paced by the transport; one item per instrument in the order asked, with the
// ones Angel One could not quote reported as items carrying an error, never dropped.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { instrumentIndex } from '../../methods/instruments';
import type { QuoteAnswer } from '../../transport/answers';
import { callEndpoint } from '../../transport/request';
import { MAX_REQUESTS_PER_ITEM, ValidationError } from '../shared';
import { instrumentListFields, readInstrumentList } from './instrumentList';
import { quoteItems, type QuoteMode } from './quotes';
import { marketDataResource } from './resource';
import { readSimplify } from '../fields';
import { parameters } from '../parameters';

/** Protocol §3.6: at most 50 tokens in one quote request, across exchanges. */
export const QUOTE_BATCH = 50;

const properties: INodeProperties[] = [
	...instrumentListFields,
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Full', value: 'FULL', description: 'Everything: OHLC, change, volume, open interest, circuits and five levels of depth' },
			{ name: 'LTP', value: 'LTP', description: 'Last traded price only' },
			{ name: 'OHLC', value: 'OHLC', description: 'Last price with open, high, low and previous close' },
		],
		default: 'LTP',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		displayOptions: { show: { mode: ['FULL'] } },
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const read = parameters(this, itemIndex);
	const mode = String(read.value('mode')).toUpperCase() as QuoteMode;
	if (mode !== 'LTP' && mode !== 'OHLC' && mode !== 'FULL') throw new ValidationError('Mode', `"${mode}" must be LTP, OHLC or FULL`);
	const simplify = mode === 'FULL' ? readSimplify(this, itemIndex) : true;
	const index = await instrumentIndex(this);
	const instruments = readInstrumentList(this, itemIndex, index);
	if (instruments.length > MAX_REQUESTS_PER_ITEM * QUOTE_BATCH) {
		throw new ValidationError(
			String(read.value('instrumentsFrom', 'list')) === 'symbols' ? 'Symbols' : 'Instruments',
			`${instruments.length} instruments are more than one item may ask for (${MAX_REQUESTS_PER_ITEM} requests of ${QUOTE_BATCH}); split them over several items`,
		);
	}
	const responses: QuoteAnswer[] = [];
	for (let start = 0; start < instruments.length; start += QUOTE_BATCH) {
		const exchangeTokens: Record<string, string[]> = {};
		for (const instrument of instruments.slice(start, start + QUOTE_BATCH)) {
			(exchangeTokens[instrument.exchange] ??= []).push(instrument.token);
		}
		responses.push(await callEndpoint(this, 'quote', { body: { mode, exchangeTokens } }));
	}
	return quoteItems(instruments, responses, mode, simplify);
}

marketDataResource.add({
	value: 'getQuote',
	name: 'Get Quote',
	action: 'Get live quotes',
	description: 'Last price, OHLC or the full quote with depth for any number of instruments',
	properties,
	execute,
});
