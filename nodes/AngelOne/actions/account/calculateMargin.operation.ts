// Account → Calculate Margin: the margin a basket of positions needs (with the benefit of hedges between them),
// from SmartAPI's margin calculator; numbers as numbers.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { instrumentIndex } from '../../methods/instruments';
import { toNumber } from '../../helpers/values';
import { callEndpoint } from '../../transport/request';
import { ValidationError } from '../shared';
import { legFields, readLegs, type LegKind } from './legs';
import { accountResource } from './resource';

/**
 * One request holds the whole basket, because hedges offset each other only within a request; splitting would
 * overstate the margin. 50 is the limit community clients document (protocol §3.12, unconfirmed officially).
 */
export const MAX_POSITIONS = 50;

const KIND: LegKind = { name: 'positions', label: 'Positions', withOrderType: true };

const properties: INodeProperties[] = legFields(KIND);

function numbers(record: unknown): IDataObject {
	const out: IDataObject = {};
	if (record === null || typeof record !== 'object') return out;
	for (const [key, value] of Object.entries(record as IDataObject)) out[key] = toNumber(value) ?? value;
	return out;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const index = await instrumentIndex(this);
	const legs = readLegs(this, itemIndex, KIND, index);
	if (legs.length > MAX_POSITIONS) {
		throw new ValidationError('Positions', `At most ${MAX_POSITIONS} positions fit in one calculation (got ${legs.length})`);
	}
	const positions = legs.map((leg) => ({
		exchange: leg.instrument.exchange,
		qty: leg.quantity,
		price: leg.price,
		productType: leg.product,
		token: leg.instrument.token,
		tradeType: leg.side,
		orderType: leg.orderType,
	}));
	const data = await callEndpoint(this, 'marginBatch', { body: { positions } });
	const bySymbol = new Map(legs.map((leg) => [`${leg.instrument.exchange}|${leg.instrument.token}`, leg.instrument.tradingSymbol]));
	const optionsBuy = (data.optionsBuy ?? {}) as IDataObject;
	const optionDetails = Array.isArray(optionsBuy.optionDetails) ? (optionsBuy.optionDetails as IDataObject[]) : [];
	return {
		totalMarginRequired: toNumber(data.totalMarginRequired) ?? null,
		...numbers(data.marginComponents),
		marginBreakup: Array.isArray(data.marginBreakup) ? (data.marginBreakup as unknown[]).map(numbers) : [],
		optionPremiums: optionDetails.map((detail) => ({
			tradingSymbol: bySymbol.get(`${String(detail.exchange)}|${String(detail.token)}`) ?? null,
			...numbers(detail),
			token: detail.token === undefined ? null : String(detail.token),
		})),
		positions: legs.map((leg) => ({
			exchange: leg.instrument.exchange,
			tradingSymbol: leg.instrument.tradingSymbol,
			token: leg.instrument.token,
			side: leg.side,
			quantity: leg.quantity,
			product: leg.product,
			orderType: leg.orderType,
			price: leg.price,
		})),
	};
}

accountResource.add({
	value: 'calculateMargin',
	name: 'Calculate Margin',
	action: 'Calculate the margin for positions',
	description: 'Margin a set of positions needs, with hedge benefits, before placing them',
	properties,
	execute,
});
