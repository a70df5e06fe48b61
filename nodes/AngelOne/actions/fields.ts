// Fields and field sets several operations share, each written once: Simplify, Return All and Limit, the Filters
// and Options collections, the exchange and option-type pickers, and reading collections and numbers.
import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { parameters } from './parameters';

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	default: 50,
	typeOptions: { minValue: 1 },
	displayOptions: { show: { returnAll: [false] } },
	description: 'Max number of results to return',
};

export function readSimplify(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return parameters(ctx, itemIndex).flag('simplify', true);
}

/** Return All and Limit applied to a list. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number {
	const read = parameters(ctx, itemIndex);
	if (read.flag('returnAll', false)) return Infinity;
	return readNumber(read.value('limit', 50), 50);
}

/** A collection parameter ("Options", "Additional Fields") as an object. */
export function readCollection(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	return parameters(ctx, itemIndex).collection(name);
}

export function readNumber(value: unknown, fallback: number): number {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return fallback;
}

/** An operation's "Filters" collection. */
export function filtersField(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Filters', name: 'filters', type: 'collection', placeholder: 'Add Filter', default: {}, options };
}

/** An operation's "Options" collection. */
export function optionsField(options: INodeProperties[]): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options };
}

/** The exchanges as the node's pickers name them. */
const EXCHANGE_NAMES = { BSE: 'BSE', BFO: 'BSE F&O (BFO)', CDS: 'Currency (CDS)', MCX: 'MCX', NSE: 'NSE', NFO: 'NSE F&O (NFO)' };

/** Picker options for these exchanges, in the order given. */
export function exchangeOptions(...exchanges: Array<keyof typeof EXCHANGE_NAMES>): INodePropertyOptions[] {
	return exchanges.map((exchange) => ({ name: EXCHANGE_NAMES[exchange], value: exchange }));
}

/** Call or put, as Find Option and Search's option filters ask for it. */
export const optionTypeField: INodeProperties = {
	displayName: 'Option Type',
	name: 'optionType',
	type: 'options',
	options: [
		{ name: 'Call (CE)', value: 'CE' },
		{ name: 'Put (PE)', value: 'PE' },
	],
	default: 'CE',
};
