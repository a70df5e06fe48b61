// The "many instruments" input: picked one by one with the instrument picker, or given as a list of symbols
// (typed, or an array from an expression such as {{ $json.symbols }}). Resolves all of them before anything is sent.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Instrument, InstrumentIndex } from '../../instruments';
import { instrumentLocator, instrumentsField, resolveLocator } from '../../methods/instruments';
import { ValidationError } from '../shared';
import { parameters } from '../parameters';

export const instrumentListFields: INodeProperties[] = [
	{
		displayName: 'Instruments From',
		name: 'instrumentsFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Picked Instruments', value: 'list', description: 'Add instruments one by one with the instrument picker' },
			{
				name: 'Symbol List',
				value: 'symbols',
				description: 'A list of symbols: typed, separated by commas or new lines, or an array from an expression',
			},
		],
		default: 'list',
	},
	instrumentsField({ name: 'values', locator: instrumentLocator() }, { displayOptions: { show: { instrumentsFrom: ['list'] } } }),
	{
		displayName: 'Symbols',
		name: 'symbols',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. NSE:SBIN-EQ, NSE:NIFTY, NSE:3045',
		description:
			'Symbols separated by commas or new lines, or an array from an expression. Each may be NSE:SBIN-EQ, TradingView style NSE:SBIN or NSE:NIFTY, or exchange and token NSE:3045.',
		displayOptions: { show: { instrumentsFrom: ['symbols'] } },
	},
];

function symbolsFrom(value: unknown): string[] {
	if (Array.isArray(value)) {
		return value.map((entry, i) => {
			if (typeof entry === 'string' || typeof entry === 'number') return String(entry).trim();
			throw new ValidationError('Symbols', `Entry ${i + 1} of the list is not a symbol (got ${JSON.stringify(entry)})`);
		});
	}
	if (typeof value === 'string') return value.split(/[,;\n]+/).map((s) => s.trim());
	if (value === undefined || value === null) return [];
	throw new ValidationError('Symbols', `Expected symbols as text or a list (got ${typeof value})`);
}

/** Every instrument the item asks for, in the order given, each once. Unknown symbols fail before any request. */
export function readInstrumentList(ctx: IExecuteFunctions, itemIndex: number, index: InstrumentIndex): Instrument[] {
	const read = parameters(ctx, itemIndex);
	const from = read.text('instrumentsFrom', 'list');
	const resolved: Instrument[] = [];
	if (from === 'symbols') {
		const symbols = symbolsFrom(read.value('symbols', '')).filter((s) => s !== '');
		symbols.forEach((symbol) => resolved.push(resolveLocator(index, symbol, 'Symbols')));
	} else {
		const picked = read.rows('instruments.values');
		picked.forEach((entry, i) => resolved.push(resolveLocator(index, entry.instrument, `Instruments (${i + 1})`)));
	}
	if (resolved.length === 0) {
		throw new ValidationError(from === 'symbols' ? 'Symbols' : 'Instruments', 'Give at least one instrument');
	}
	const seen = new Set<string>();
	return resolved.filter((instrument) => {
		const key = `${instrument.exchange}|${instrument.token}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}
