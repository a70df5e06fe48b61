// The order fields several operations share (side, order type, product, validity, quantity, prices, wait and
// dry run) in a trader's words, with the SmartAPI values behind them, and reading them from a node.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { text } from '../helpers/values';
import type { QuantityUnit } from '../instruments';
import { readNumber } from './fields';
import { parseSwitch, readSwitch, unreadableSwitch } from '../helpers/switches';
import { DEFAULT_DUPLICATE_WINDOW_MINUTES, MAX_DUPLICATE_WINDOW_MINUTES } from '../orders/tag';
import { MAX_BAND_PERCENT } from '../orders/bands';
import { OrderStateError } from '../orders/book';
import type { ProtectionSettings } from '../orders/protection';
import { FIELD, type OrderIssue, type OrderType, type Product, type Side, type Validity } from '../orders/rules';
import { ValidationError } from './shared';
import { parameters } from './parameters';

export const sideField: INodeProperties = {
	displayName: 'Side',
	name: 'side',
	type: 'options',
	options: [
		{ name: 'Buy', value: 'BUY' },
		{ name: 'Sell', value: 'SELL' },
	],
	default: 'BUY',
};

export const orderTypeOptions = [
	{ name: 'Limit', value: 'LIMIT', description: 'Buy or sell at this price or better' },
	{ name: 'Market', value: 'MARKET', description: 'At the market price: sent as a limit order at the last price ± a protection band (API market orders are not allowed since April 2026)' },
	{ name: 'Stop Loss Limit', value: 'STOPLOSS_LIMIT', description: 'A limit order that waits until the price reaches the trigger' },
	{ name: 'Stop Loss Market', value: 'STOPLOSS_MARKET', description: 'Sent as a stop-loss limit order whose limit is beyond the trigger by a protection band' },
];

export const orderTypeField: INodeProperties = {
	displayName: 'Order Type',
	name: 'orderType',
	type: 'options',
	options: orderTypeOptions,
	default: 'LIMIT',
};

export const productOptions = [
	{ name: 'Carry Forward (F&O)', value: 'CARRYFORWARD', description: 'Overnight futures, options, commodity and currency positions (NRML)' },
	{ name: 'Delivery', value: 'DELIVERY', description: 'Shares into your demat account (NSE, BSE)' },
	{ name: 'Intraday', value: 'INTRADAY', description: 'Squared off by Angel One the same day (MIS), any exchange' },
	{ name: 'Margin', value: 'MARGIN', description: 'Shares bought with margin funding (NSE, BSE)' },
];

export const productField: INodeProperties = {
	displayName: 'Product',
	name: 'product',
	type: 'options',
	options: productOptions,
	default: 'DELIVERY',
};

/** What the Validity field offers; Fill or Cancel is sent as DAY and cancelled by the node. */
export type ValidityChoice = Validity | 'FILL_OR_CANCEL';

export const validityField: INodeProperties = {
	displayName: 'Validity',
	name: 'validity',
	type: 'options',
	options: [
		{ name: 'Day', value: 'DAY', description: 'Stays open until it fills, is cancelled or the session ends' },
		{
			name: 'Fill or Cancel Within N Seconds',
			value: 'FILL_OR_CANCEL',
			description: 'IOC\'s intent within the 2026 rules: placed as a Day order, followed, and what is unfilled after N seconds is cancelled',
		},
		{
			name: 'Immediate or Cancel (IOC, Needs the Escape Hatch)',
			value: 'IOC',
			description: 'Sent only when the credential allows native market and IOC orders; Angel One forbids IOC for API trading since April 2026',
		},
	],
	default: 'DAY',
};

export const fillWithinField: INodeProperties = {
	displayName: 'Fill Within (Seconds)',
	name: 'fillWithinSeconds',
	type: 'number',
	default: 5,
	typeOptions: { minValue: 1, maxValue: 300 },
	displayOptions: { show: { validity: ['FILL_OR_CANCEL'] } },
	description: 'How long the order may take to fill; what is unfilled then is cancelled',
};

export const referencePriceOption: INodeProperties = {
	displayName: 'Reference Price',
	name: 'referencePrice',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 4 },
	description:
		'The last price (rupees) a Market order\'s protected limit is taken from, e.g. the last price of the trigger\'s tick. Empty or 0: a quote is read just before placing.',
};

export const protectionBandOption: INodeProperties = {
	displayName: 'Protection Band (%)',
	name: 'protectionBand',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, maxValue: 20, numberPrecision: 2 },
	description:
		'How far beyond the reference price (Market) or the trigger (Stop Loss Market) the limit may go. 0: the default for the segment and price tier (0.5–2 % equity and futures, 1–5 % options).',
};

/** Reference Price and Protection Band (%) from a collection; 0 and empty mean "not given". */
export function readProtectionSettings(values: IDataObject): ProtectionSettings {
	const settings: ProtectionSettings = {};
	const reference = readNumber(values.referencePrice, NaN);
	if (values.referencePrice !== undefined && values.referencePrice !== '' && values.referencePrice !== 0) {
		if (!(reference > 0)) throw new ValidationError(FIELD.referencePrice, `"${String(values.referencePrice)}" is not a price above zero`);
		settings.referencePrice = reference;
	}
	const band = readNumber(values.protectionBand, NaN);
	if (values.protectionBand !== undefined && values.protectionBand !== '' && values.protectionBand !== 0) {
		if (!(band > 0 && band <= MAX_BAND_PERCENT)) {
			throw new ValidationError(FIELD.protectionBand, `"${String(values.protectionBand)}" must be a percentage above 0 and at most ${MAX_BAND_PERCENT}`);
		}
		settings.band = band;
	}
	return settings;
}

export const quantityField: INodeProperties = {
	displayName: 'Quantity',
	name: 'quantity',
	type: 'number',
	default: 1,
	required: true,
	typeOptions: { minValue: 1 },
	description: 'How many shares or contracts, counted in the Quantity Unit. F&O quantities must be whole lots.',
};

export const quantityUnitField: INodeProperties = {
	displayName: 'Quantity Unit',
	name: 'quantityUnit',
	type: 'options',
	options: [
		{ name: 'Lots', value: 'lots', description: 'Quantity × the lot size of the instrument' },
		{ name: 'Units', value: 'units', description: 'Shares, or units of a contract (must be a multiple of the lot size)' },
	],
	default: 'units',
};

export const priceField: INodeProperties = {
	displayName: 'Price',
	name: 'price',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 4 },
	displayOptions: { show: { orderType: ['LIMIT', 'STOPLOSS_LIMIT'] } },
	description: 'Limit price in rupees, on the tick size of the instrument (e.g. 0.05)',
};

export const triggerPriceField: INodeProperties = {
	displayName: 'Trigger Price',
	name: 'triggerPrice',
	type: 'number',
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 4 },
	displayOptions: { show: { orderType: ['STOPLOSS_LIMIT', 'STOPLOSS_MARKET'] } },
	description:
		'Price in rupees at which the stop-loss order becomes active. For a buy it must be at or below the limit price, for a sell at or above it.',
};

export const afterMarketOption: INodeProperties = {
	displayName: 'After-Market Order',
	name: 'afterMarket',
	type: 'boolean',
	default: false,
	description:
		'Whether the order is meant for the next session. Angel One queues any order placed while the exchange is closed as an after-market order; without this option such an order is refused before it is sent, and with it an order is refused while the exchange is open.',
};

export const scripConsentOption: INodeProperties = {
	displayName: 'Cautionary Scrip Consent',
	name: 'scripConsent',
	type: 'boolean',
	default: false,
	description:
		'Whether to confirm that you want to trade a scrip on the exchange\'s cautionary (surveillance) list. Without it Angel One refuses such orders (AB4036).',
};

/**
 * A switch that decides which order is sent (After-Market Order, Cautionary Scrip Consent, Split Above Freeze
 * Quantity), read like the safety switches: "true" from an expression is on, "false" off, unset off. Neither side
 * is safe to guess for an order, so a value that is neither refuses the item, naming the field, before anything is
 * sent (in a dry run: an issue naming it), as an unreadable Read-Only refuses.
 */
export function readOrderSwitch(values: IDataObject, name: string, field: string): boolean {
	const on = parseSwitch(values[name]);
	if (on === undefined) throw new ValidationError(field, `${unreadableSwitch(values[name])}; the order is refused rather than guessed`);
	return on;
}

export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description: 'Whether to only validate and return the exact request that would be sent, without sending any order',
};

/**
 * Dry Run as a person means it ("true" from an expression is on). A value that is neither on nor off dry-runs:
 * nothing is sent, and the result carries an issue naming the field.
 */
export function readDryRun(options: IDataObject): { dryRun: boolean; issues: OrderIssue[] } {
	const reading = readSwitch(options.dryRun, { field: FIELD.dryRun, safe: true });
	return { dryRun: reading.on, issues: reading.issue ? [reading.issue] : [] };
}

export const duplicateWindowOption: INodeProperties = {
	displayName: 'Duplicate Window (Minutes)',
	name: 'duplicateWindowMinutes',
	type: 'number',
	default: DEFAULT_DUPLICATE_WINDOW_MINUTES,
	typeOptions: { minValue: 1, maxValue: MAX_DUPLICATE_WINDOW_MINUTES },
	description:
		'With a derived tag (Tag left empty): for this long after an order, the same signal again returns that order instead of placing another; later, it places a new order. 1440 keeps it for the whole IST day.',
};

/** The Duplicate Window in minutes: a number from 1 to the whole IST day, or a ValidationError naming the field. */
export function readDuplicateWindow(options: IDataObject): number {
	const value = options.duplicateWindowMinutes;
	if (value === undefined || value === '') return DEFAULT_DUPLICATE_WINDOW_MINUTES;
	const minutes = readNumber(value, NaN);
	if (!(minutes >= 1 && minutes <= MAX_DUPLICATE_WINDOW_MINUTES)) {
		throw new ValidationError(FIELD.duplicateWindow, `Give a number of minutes from 1 to ${MAX_DUPLICATE_WINDOW_MINUTES} (the whole IST day)`);
	}
	return minutes;
}

/** The longest Wait for Status: the UI's maximum, enforced for expressions too (it bounds the status look-ups). */
export const MAX_WAIT_SECONDS = 300;

export function readWaitSeconds(options: IDataObject): number {
	const value = options.waitSeconds;
	if (value === undefined || value === '') return 0;
	const seconds = readNumber(value, NaN);
	if (!(seconds >= 0 && seconds <= MAX_WAIT_SECONDS)) {
		throw new ValidationError('Wait for Status (Seconds)', `Give a number of seconds from 0 to ${MAX_WAIT_SECONDS} (got ${JSON.stringify(value)?.slice(0, 40)})`);
	}
	return seconds;
}

export const splitAboveFreezeOption: INodeProperties = {
	displayName: 'Split Above Freeze Quantity',
	name: 'splitAboveFreeze',
	type: 'boolean',
	default: false,
	description:
		"Whether to place an F&O order above the exchange's freeze quantity as several orders of at most that size (whole lots), each with its own tag derived from the order's, instead of refusing it. They are returned as one item with its legs.",
};

export const twinCheckOption: INodeProperties = {
	displayName: 'Twin Check After Placing',
	name: 'twinCheck',
	type: 'boolean',
	default: true,
	description:
		'Whether to read the order book after placing, to find the same alert placed by another n8n process (a queue-mode worker) and cancel the later order. Angel One allows one order-book read per second, so this adds up to a second before the answer. Turn it off only when one n8n process places these orders: its executions already share one lock per tag.',
};

/** The twin check stays on unless it is clearly turned off: unset or an unreadable value keeps the safe side. */
export function readTwinCheck(options: IDataObject): boolean {
	const value = options.twinCheck;
	return value === undefined || value === '' || parseSwitch(value) !== false;
}

export const waitOption: INodeProperties = {
	displayName: 'Wait for Status (Seconds)',
	name: 'waitSeconds',
	type: 'number',
	default: 10,
	typeOptions: { minValue: 0, maxValue: MAX_WAIT_SECONDS },
	description:
		'Follow the order for up to this many seconds and return its final status (complete, rejected with the reason, or cancelled), its filled quantity and average price. Angel One accepts orders that its risk checks reject a moment later.',
};

/** An options value, which an expression may have set to anything: accepted in any case, refused when unknown. */
export function toChoice<T extends string>(value: unknown, allowed: readonly T[], label: string): T {
	const wanted = String(value ?? '').trim().toUpperCase().replace(/[\s-]+/g, '_');
	const match = allowed.find((a) => a.toUpperCase() === wanted);
	if (match === undefined) throw new ValidationError(label, `"${String(value)}" is not one of ${allowed.join(', ')}`);
	return match;
}

export function readChoice<T extends string>(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	allowed: readonly T[],
	label: string,
): T {
	return toChoice(parameters(ctx, itemIndex).value(name), allowed, label);
}

export const SIDES: readonly Side[] = ['BUY', 'SELL'];
export const ORDER_TYPES: readonly OrderType[] = ['MARKET', 'LIMIT', 'STOPLOSS_LIMIT', 'STOPLOSS_MARKET'];
export const PRODUCTS: readonly Product[] = ['DELIVERY', 'INTRADAY', 'CARRYFORWARD', 'MARGIN'];
export const VALIDITIES: readonly Validity[] = ['DAY', 'IOC'];
export const VALIDITY_CHOICES: readonly ValidityChoice[] = ['DAY', 'FILL_OR_CANCEL', 'IOC'];
export const QUANTITY_UNITS: readonly QuantityUnit[] = ['units', 'lots'];

export function readQuantityUnit(ctx: IExecuteFunctions, itemIndex: number): QuantityUnit {
	return String(parameters(ctx, itemIndex).value('quantityUnit', 'units')).toLowerCase() === 'lots' ? 'lots' : 'units';
}

/**
 * The Tag as given: text, or a whole number from an expression, converted on purpose (12345 → "12345"), so it is
 * not silently replaced by a derived tag. Any other value (a list, an object, a fraction) is refused, naming Tag.
 */
export function readTag(value: unknown): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
	if (typeof value !== 'string') {
		throw new ValidationError(FIELD.tag, `Tag must be text (got ${Array.isArray(value) ? 'a list' : typeof value === 'number' ? String(value) : typeof value})`);
	}
	const tag = value.trim();
	return tag === '' ? undefined : tag;
}

export const orderIdField: INodeProperties = {
	displayName: 'Order ID',
	name: 'orderId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 251125000000123',
	description: 'The order ID Angel One returned (e.g. 15 digits, or like 102437eeccf8AO for an after-market order), or its unique order ID (a UUID)',
};

export function readOrderId(ctx: IExecuteFunctions, itemIndex: number): string {
	const id = text(parameters(ctx, itemIndex).value('orderId', '')).trim();
	if (id === '') throw new OrderStateError('Order ID', "Give the order ID of one of today's orders");
	return id;
}

export const symbolFilterField: INodeProperties = {
	displayName: 'Trading Symbol',
	name: 'symbol',
	type: 'string',
	default: '',
	placeholder: 'e.g. NSE:SBIN-EQ',
	description: 'Only this symbol; "NSE:SBIN" also matches SBIN-EQ',
};

export const productFilterField: INodeProperties = {
	displayName: 'Product',
	name: 'product',
	type: 'options',
	options: productOptions,
	default: 'INTRADAY',
	description: 'Only this product',
};
