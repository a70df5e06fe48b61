// The GTT fields Create, Modify, Get and Cancel share, written once: the rule ID, the values of the order placed
// when a rule fires, and how many days a rule stays valid.
import type { INodeProperties } from 'n8n-workflow';

import { MAX_TIME_PERIOD } from './rule';

export function ruleIdField(description: string): INodeProperties {
	return { displayName: 'Rule ID', name: 'ruleId', type: 'string', default: '', required: true, placeholder: 'e.g. 1234', description };
}

export const quantityField: INodeProperties = {
	displayName: 'Quantity',
	name: 'quantity',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 1,
	description: 'Number of shares in the order placed when the rule fires',
};

export const triggerPriceField: INodeProperties = {
	displayName: 'Trigger Price',
	name: 'triggerPrice',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description: 'The rule fires when the last traded price reaches this price (₹, on the tick size)',
};

export const limitPriceField: INodeProperties = {
	displayName: 'Limit Price',
	name: 'price',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description: 'Price of the limit order placed when the rule fires (₹, on the tick size)',
};

export const disclosedQuantityField: INodeProperties = {
	displayName: 'Disclosed Quantity',
	name: 'disclosedQuantity',
	type: 'number',
	typeOptions: { minValue: 0 },
	default: 0,
	description: 'Part of the quantity shown in the market depth; 0 shows all of it',
};

/** GTT validity: a rule that has not fired expires after this many days. */
export const validityDaysField: INodeProperties = {
	displayName: 'Validity (Days)',
	name: 'timePeriod',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_TIME_PERIOD },
	default: MAX_TIME_PERIOD,
	description: 'Days until the rule expires if it has not fired',
};

/** A field Create cannot do without. */
export function required(field: INodeProperties): INodeProperties {
	return { ...field, required: true };
}
