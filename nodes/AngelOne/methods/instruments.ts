// Instrument picking for both nodes: the resource-locator field (From list / By symbol / By token), the
// search-as-you-type list, and resolving a field's value to an instrument from the shared daily master.
import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';

import { ValidationError } from '../helpers/validation';
import {
	InstrumentInputError,
	InstrumentNotFoundError,
	masterCacheFor,
	pricesQualify,
	quickInstrument,
	quickSymbol,
	type Instrument,
	type InstrumentIndex,
} from '../instruments';
import { findInstruments } from '../instruments/find';
import { downloadMaster, masterUrl, type MasterContext } from '../transport/master';
import { callEndpoint } from '../transport/request';

export const SEARCH_METHOD = 'searchInstruments';

export type { MasterContext };

export function instrumentLocator(options: {
	name?: string;
	displayName?: string;
	description?: string;
	required?: boolean;
} = {}): INodeProperties {
	return {
		displayName: options.displayName ?? 'Instrument',
		name: options.name ?? 'instrument',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description:
			options.description ??
			'The instrument to trade or watch. Search by name, type a symbol (NSE:SBIN-EQ, TradingView style NSE:SBIN or NSE:NIFTY), or give exchange and token (NSE:3045).',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Search e.g. SBIN, NIFTY 25000 CE…',
				typeOptions: { searchListMethod: SEARCH_METHOD, searchable: true, searchFilterRequired: true },
			},
			{
				displayName: 'By Symbol',
				name: 'symbol',
				type: 'string',
				placeholder: 'e.g. NSE:SBIN-EQ, NSE:SBIN, NSE:NIFTY, NFO:NIFTY30JAN2525000CE',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[^\\s].*$', errorMessage: 'Enter a symbol such as NSE:SBIN-EQ' },
					},
				],
			},
			{
				// Named "id" like n8n's own locators; the value is exchange and instrument token, not a secret.
				displayName: 'By Token',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. NSE:3045',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^([A-Za-z]+:)?[0-9]+$',
							errorMessage: 'Enter exchange and token, e.g. NSE:3045 (a bare token means NSE)',
						},
					},
				],
			},
		],
	};
}

/**
 * Instruments picked one by one: a sortable list of instrument locators (Get Quote and the trigger). `entry` names
 * one row and holds its locator; `extra` adds the field's own settings (required, description, when it shows).
 */
export function instrumentsField(entry: { name: string; locator: INodeProperties }, extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		displayName: 'Instruments',
		name: 'instruments',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Instrument',
		default: {},
		...extra,
		options: [{ displayName: 'Instrument', name: entry.name, values: [entry.locator] }],
	};
}

/** The day's instrument master, downloaded once per IST day and shared by every execution in the process. */
export async function instrumentIndex(ctx: MasterContext): Promise<InstrumentIndex> {
	const url = await masterUrl(ctx);
	const snapshot = await masterCacheFor(url).get(Date.now(), async () => await downloadMaster(ctx, url));
	return snapshot.index;
}

/**
 * The instrument an order names. With the day's master held, from the master. Without it (the first order of a
 * process), an NSE EQ share whose order qualifies (see instruments/quick.ts) is resolved from one searchScrip
 * answer instead of waiting for the whole file (`quick`: the caller then loads the master with preloadMaster once
 * the order is sent, so that parsing it does not hold up this order's requests); anything else, or a search that
 * fails or finds no exact match, waits for the master as before.
 */
export async function orderInstrument(
	ctx: IExecuteFunctions,
	value: unknown,
	field: string,
	prices: Array<number | string | undefined>,
	/** Whether the order passes every check with this instrument: a bad order is judged by the master, with nothing sent. */
	valid: (instrument: Instrument) => boolean,
): Promise<{ instrument: Instrument; quick: boolean }> {
	const url = await masterUrl(ctx);
	const cache = masterCacheFor(url);
	const symbol = cache.ready(Date.now()) ? undefined : quickCandidate(value);
	// Everything but the token is known before asking: the search is only sent for an order that would go out.
	const provisional = symbol === undefined ? undefined : quickInstrument([{ exchange: 'NSE', tradingsymbol: symbol, symboltoken: '0' }], symbol);
	if (symbol !== undefined && provisional !== undefined && pricesQualify(prices) && valid(provisional)) {
		let found: Instrument | undefined;
		try {
			const matches = await callEndpoint(ctx, 'searchScrip', { body: { exchange: 'NSE', searchscrip: symbol.slice(0, -3) } });
			found = quickInstrument(matches, symbol);
		} catch {
			// The master below answers the same question, only later.
			found = undefined;
		}
		if (found) return { instrument: found, quick: true };
	}
	return { instrument: resolveLocator(await instrumentIndex(ctx), value, field), quick: false };
}

/** Starts loading the day's master without waiting for it; a failure is reported to the order that needs it. */
export function preloadMaster(ctx: MasterContext): void {
	instrumentIndex(ctx).catch(() => undefined);
}

/** The NSE EQ symbol a locator value names by symbol (never by token), for the quick path. */
function quickCandidate(value: unknown): string | undefined {
	const locator = typeof value === 'object' && value !== null && 'value' in value ? (value as INodeParameterResourceLocator) : undefined;
	if (locator !== undefined && locator.mode !== 'list' && locator.mode !== 'symbol') return undefined;
	return quickSymbol(String(locator === undefined ? (value ?? '') : (locator.value ?? '')));
}

/** Resolves a locator value ({ mode, value } or plain text) to an instrument; errors name the field. */
export function resolveLocator(index: InstrumentIndex, value: unknown, field: string): Instrument {
	const locator: INodeParameterResourceLocator =
		typeof value === 'object' && value !== null && 'value' in value
			? (value as INodeParameterResourceLocator)
			: { __rl: true, mode: 'symbol', value: String(value ?? '') };
	const text = String(locator.value ?? '').trim();
	if (!text) throw new ValidationError(field, 'Pick an instrument');
	// "token" was this mode's name in early versions; workflows saved with it keep working.
	if (locator.mode === 'id' || locator.mode === 'token') {
		const match = /^(?:([A-Za-z]+):)?([0-9]+)$/.exec(text);
		if (!match) throw new ValidationError(field, `"${text}" is not exchange and token (e.g. NSE:3045)`);
		const exchange = (match[1] ?? 'NSE').toUpperCase();
		const found = index.byToken(exchange, match[2]);
		if (!found) throw new ValidationError(field, `No instrument with token ${match[2]} on ${exchange}`);
		return found;
	}
	const resolved = resolveText(index, text);
	if (resolved instanceof Error) throw new ValidationError(field, resolved.message);
	return resolved;
}

/** The instrument, or the reason it was not found (the index throws for unknown or malformed symbols). */
function resolveText(index: InstrumentIndex, text: string): Instrument | Error {
	try {
		return index.resolve(text, { now: Date.now() });
	} catch (error) {
		if (error instanceof InstrumentNotFoundError || error instanceof InstrumentInputError) return error;
		return new Error(error instanceof Error ? error.message : String(error));
	}
}

/** The instrument as items show it: what a trader reads, plus the token the API needs. */
export function describeInstrument(instrument: Instrument): Record<string, string | number | null> {
	return {
		exchange: instrument.exchange,
		tradingSymbol: instrument.tradingSymbol,
		token: instrument.token,
		name: instrument.name,
		instrumentType: instrument.instrumentType || 'EQ',
		expiry: instrument.expiry,
		strike: instrument.strike,
		optionType: instrument.optionType,
		lotSize: instrument.lotSize,
		tickSize: instrument.tickSize,
		// F&O only: the most units one order may carry (the exchange refuses one order above it).
		...(instrument.freezeQuantity === undefined ? {} : { freezeQuantity: instrument.freezeQuantity }),
	};
}

export async function searchInstruments(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const query = (filter ?? '').trim();
	if (!query) return { results: [] };
	const index = await instrumentIndex(this);
	// The same search as Instrument → Search, so the placeholder's "NIFTY 25000 CE" finds its contracts here too.
	const results = findInstruments(index, query, { limit: 50, now: Date.now() }).map((instrument) => ({
		name: `${instrument.tradingSymbol} · ${instrument.exchange}${instrument.name && instrument.name !== instrument.tradingSymbol ? ` · ${instrument.name}` : ''}`,
		value: `${instrument.exchange}:${instrument.tradingSymbol}`,
	}));
	return { results };
}
