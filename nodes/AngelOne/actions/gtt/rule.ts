// What the GTT operations share: the checks a rule must pass before it is sent (NSE/BSE only, DELIVERY/MARGIN
// only, whole lots, prices on the tick grid; protocol §3.10), reading one rule by id, and the rule as an item.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toNumber } from '../../helpers/values';
import { checkPrice, toUnits, type Instrument, type InstrumentIndex } from '../../instruments';
import type { GttRule } from '../../transport/answers';
import { callEndpoint } from '../../transport/request';
import { ValidationError } from '../shared';
import { parameters, wholeNumber } from '../parameters';

export const GTT_EXCHANGES = ['NSE', 'BSE'];
export const GTT_PRODUCTS = ['DELIVERY', 'MARGIN'];
/** Rules that have neither fired nor been cancelled; only these can be changed. */
export const LIVE_STATUSES = ['NEW', 'ACTIVE'];
/** The longest validity the API accepts, in days (AB9016 beyond it). */
export const MAX_TIME_PERIOD = 365;

export function checkExchange(instrument: Instrument, field: string): void {
	if (!GTT_EXCHANGES.includes(instrument.exchange)) {
		throw new ValidationError(
			field,
			`GTT rules work only on NSE and BSE; ${instrument.exchange}:${instrument.tradingSymbol} is on ${instrument.exchange}`,
		);
	}
	// An index is on NSE or BSE too, but nothing can be bought or sold at its price.
	if (instrument.instrumentType === 'AMXIDX') {
		throw new ValidationError(field, `${instrument.exchange}:${instrument.tradingSymbol} is an index and cannot be traded; pick a share`);
	}
}

export function checkSide(value: unknown): 'BUY' | 'SELL' {
	const side = String(value ?? '').trim().toUpperCase();
	if (side !== 'BUY' && side !== 'SELL') throw new ValidationError('Side', `"${String(value)}" must be BUY or SELL`);
	return side;
}

export function checkProduct(value: unknown): string {
	const product = String(value ?? '').trim().toUpperCase();
	if (!GTT_PRODUCTS.includes(product)) {
		throw new ValidationError('Product', `GTT rules take only DELIVERY or MARGIN (got "${String(value)}")`);
	}
	return product;
}

export interface GttValues {
	/** units */
	quantity: number;
	/** rupees */
	triggerPrice: number;
	/** rupees: the limit price of the order placed when the rule fires */
	price: number;
	disclosedQuantity: number;
	/** days; undefined leaves the broker's default (create) or the rule's current validity (modify) */
	timePeriod?: number;
}

/** Quantity in whole lots, both prices on the instrument's tick, disclosed quantity and validity in range. */
export function checkValues(
	instrument: Instrument,
	raw: { quantity: unknown; triggerPrice: unknown; price: unknown; disclosedQuantity?: unknown; timePeriod?: unknown },
): GttValues {
	const quantity = toUnits(instrument, raw.quantity as number | string, 'units', 'Quantity');
	const triggerPrice = checkPrice(instrument, raw.triggerPrice as number | string, 'Trigger Price');
	const price = checkPrice(instrument, raw.price as number | string, 'Limit Price');
	const disclosedQuantity = raw.disclosedQuantity === undefined ? 0 : wholeNumber(raw.disclosedQuantity, 'Disclosed Quantity');
	if (disclosedQuantity < 0 || disclosedQuantity > quantity) {
		throw new ValidationError('Disclosed Quantity', `Disclosed Quantity ${disclosedQuantity} must be between 0 and the quantity ${quantity}`);
	}
	let timePeriod: number | undefined;
	if (raw.timePeriod !== undefined) {
		timePeriod = wholeNumber(raw.timePeriod, 'Validity (Days)');
		if (timePeriod < 1 || timePeriod > MAX_TIME_PERIOD) {
			throw new ValidationError('Validity (Days)', `Validity must be 1 to ${MAX_TIME_PERIOD} days (got ${timePeriod})`);
		}
	}
	return { quantity, triggerPrice, price, disclosedQuantity, timePeriod };
}

/** The rule id from the field, as text (the API takes it as a string and answers numbers in lists). */
export function readRuleId(ctx: IExecuteFunctions, itemIndex: number): string {
	const raw = parameters(ctx, itemIndex).value('ruleId', '');
	const id = String(raw ?? '').trim();
	if (!/^\d+$/.test(id)) throw new ValidationError('Rule ID', `"${id}" is not a GTT rule ID (a number such as 1234)`);
	return id;
}

export async function readRule(ctx: IExecuteFunctions, id: string): Promise<GttRule> {
	const rule = await callEndpoint(ctx, 'gttDetails', { body: { id } });
	if (!rule) throw new ValidationError('Rule ID', `Angel One returned no rule ${id}`);
	return rule;
}

/** The instrument a rule is on, for lot and tick checks; a rule on something the master lacks is not touched. */
export function ruleInstrument(index: InstrumentIndex, rule: GttRule, id: string): Instrument {
	const exchange = rule.exchange.toUpperCase();
	const token = rule.symboltoken;
	const instrument = index.byToken(exchange, token);
	if (!instrument) {
		throw new ValidationError('Rule ID', `Rule ${id} is on ${exchange} token ${token}, which today's instrument master does not list`);
	}
	return instrument;
}

const WIRE_TEXT = new Set(['status', 'createddate', 'updateddate', 'expirydate', 'clientid', 'tradingsymbol', 'symboltoken', 'exchange', 'transactiontype', 'producttype', 'gttType']);

/** What Create and Modify return: the rule as sent, with no follow-up read (a failed read must never invite a retry). */
export function sentRule(id: string | null, instrument: Instrument, side: IDataObject[string], product: IDataObject[string], values: GttValues): IDataObject {
	return {
		id,
		exchange: instrument.exchange,
		tradingSymbol: instrument.tradingSymbol,
		token: instrument.token,
		transactionType: side,
		productType: product,
		quantity: values.quantity,
		triggerPrice: values.triggerPrice,
		price: values.price,
		disclosedQuantity: values.disclosedQuantity,
		timePeriod: values.timePeriod ?? null,
	};
}

/** A rule as an item: the fields a trader reads (simplified), or the broker's record with numbers as numbers. */
export function ruleItem(rule: GttRule, simplify: boolean): IDataObject {
	if (!simplify) {
		const raw: IDataObject = {};
		for (const [k, v] of Object.entries(rule.raw)) raw[k] = typeof v === 'string' && !WIRE_TEXT.has(k) ? (toNumber(v) ?? v) : v;
		if (raw.id !== undefined && raw.id !== null) raw.id = String(raw.id);
		return raw;
	}
	return {
		id: rule.id || null,
		status: rule.status || null,
		exchange: rule.exchange || null,
		tradingSymbol: rule.tradingsymbol || null,
		token: rule.symboltoken || null,
		transactionType: rule.transactiontype || null,
		productType: rule.producttype || null,
		quantity: rule.qty,
		triggerPrice: rule.triggerprice,
		price: rule.price,
		expiresAt: rule.expirydate || null,
	};
}
