// Account → Estimate Charges: brokerage, taxes and exchange charges of a set of orders, from SmartAPI's
// brokerage calculator; total and breakup as numbers, plus each charge by name for easy expressions.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { instrumentIndex } from '../../methods/instruments';
import { toNumber } from '../../helpers/values';
import { callEndpoint } from '../../transport/request';
import { legFields, readLegs, type LegKind } from './legs';
import { accountResource } from './resource';

const KIND: LegKind = { name: 'orders', label: 'Orders', withOrderType: false };

const properties: INodeProperties[] = legFields(KIND);

export interface Charge extends IDataObject {
	name: string;
	amount: number | null;
	breakup: Charge[];
}

function charges(list: unknown): Charge[] {
	if (!Array.isArray(list)) return [];
	return list.map((entry: unknown) => {
		const c = (entry ?? {}) as IDataObject;
		const charge: Charge = { name: String(c.name ?? ''), amount: toNumber(c.amount) ?? null, breakup: charges(c.breakup) };
		if (typeof c.msg === 'string' && c.msg !== '') charge.note = c.msg;
		return charge;
	});
}

/** "Security Transaction Tax" → securityTransactionTax, "SEBI Fees" → sebiFees, "GST" → gst. */
function camelCase(name: string): string {
	const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
	return words
		.map((word, i) => {
			const lower = word === word.toUpperCase() ? word.toLowerCase() : word.charAt(0).toLowerCase() + word.slice(1);
			return i === 0 ? lower : lower.charAt(0).toUpperCase() + lower.slice(1);
		})
		.join('');
}

/** Every charge of the tree by name, so `$json.byName.gst` works without walking the breakup. */
function byName(list: Charge[], into: IDataObject = {}): IDataObject {
	for (const charge of list) {
		const key = camelCase(charge.name);
		if (key !== '') into[key] = charge.amount;
		byName(charge.breakup, into);
	}
	return into;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const index = await instrumentIndex(this);
	const legs = readLegs(this, itemIndex, KIND, index);
	// Snake case and text values, as in the docs' samples (protocol §3.13).
	const orders = legs.map((leg) => ({
		product_type: leg.product,
		transaction_type: leg.side,
		quantity: String(leg.quantity),
		price: String(leg.price),
		exchange: leg.instrument.exchange,
		// The docs' sample carries the scrip's name here (e.g. "745AS33"), not the series-suffixed symbol.
		symbol_name: leg.instrument.name || leg.instrument.tradingSymbol,
		token: leg.instrument.token,
	}));
	const data = await callEndpoint(this, 'estimateCharges', { body: { orders } });
	const summary = (data.summary ?? {}) as IDataObject;
	const breakup = charges(summary.breakup);
	const perOrder = Array.isArray(data.charges) ? (data.charges as IDataObject[]) : [];
	return {
		totalCharges: toNumber(summary.total_charges) ?? null,
		tradeValue: toNumber(summary.trade_value) ?? null,
		byName: byName(breakup),
		breakup,
		orders: legs.map((leg, i) => {
			const own = perOrder[i] ?? {};
			return {
				exchange: leg.instrument.exchange,
				tradingSymbol: leg.instrument.tradingSymbol,
				side: leg.side,
				quantity: leg.quantity,
				product: leg.product,
				price: leg.price,
				totalCharges: toNumber(own.total_charges) ?? null,
				tradeValue: toNumber(own.trade_value) ?? null,
				breakup: charges(own.breakup),
			};
		}),
	};
}

accountResource.add({
	value: 'estimateCharges',
	name: 'Estimate Charges',
	action: 'Estimate brokerage and charges',
	description: 'Brokerage, taxes and exchange charges of a set of orders',
	properties,
	execute,
});
