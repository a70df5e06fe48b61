// Builders for the trigger's UI fields that share a shape: whole numbers of at least one (intervals, timeouts),
// amounts with four decimals (prices, percentages) and plain choices.

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

function described(description: string | undefined): { description?: string } {
	return description === undefined ? {} : { description };
}

/** An interval, a count or a timeout: a number of at least 1. */
export function atLeastOne(name: string, displayName: string, defaultValue: number, description?: string): INodeProperties {
	return { displayName, name, type: 'number', typeOptions: { minValue: 1 }, default: defaultValue, ...described(description) };
}

/** A price or a percentage, to four decimals; not negative unless `signed`. */
export function amount(name: string, displayName: string, defaultValue: number, description?: string, signed = false): INodeProperties {
	const typeOptions = signed ? { numberPrecision: 4 } : { minValue: 0, numberPrecision: 4 };
	return { displayName, name, type: 'number', typeOptions, default: defaultValue, ...described(description) };
}

export function choice(
	name: string,
	displayName: string,
	defaultValue: string | number,
	options: INodePropertyOptions[],
	description?: string,
): INodeProperties {
	return { displayName, name, type: 'options', options, default: defaultValue, ...described(description) };
}
