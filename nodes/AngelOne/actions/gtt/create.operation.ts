// GTT → Create: a good-till-triggered rule that places a limit order when the price reaches the trigger.
// Everything the API would refuse (exchange, product, lot, tick) is refused here first, and nothing is sent.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import { toNumber } from '../../helpers/values';
import { smartApiRequest } from '../../transport/request';
import { writableCredentials } from '../../orders/submit';
import { enforceRiskLimits, exposureOf } from '../../orders/riskGuard';
import { checkExchange, checkProduct, checkSide, checkValues, MAX_TIME_PERIOD } from './rule';
import { gttResource } from './resource';

const properties: INodeProperties[] = [
	instrumentLocator({ description: 'The share to buy or sell when the price reaches the trigger. GTT rules work only on NSE and BSE.' }),
	{
		displayName: 'Side',
		name: 'transactionType',
		type: 'options',
		options: [
			{ name: 'Buy', value: 'BUY' },
			{ name: 'Sell', value: 'SELL' },
		],
		default: 'BUY',
	},
	{
		displayName: 'Product',
		name: 'productType',
		type: 'options',
		options: [
			{ name: 'Delivery', value: 'DELIVERY', description: 'Cash and carry (CNC)' },
			{ name: 'Margin', value: 'MARGIN', description: 'Margin trading facility (MTF)' },
		],
		default: 'DELIVERY',
		description: 'GTT rules accept only these two products',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1,
		required: true,
		description: 'Number of shares in the order placed when the rule fires',
	},
	{
		displayName: 'Trigger Price',
		name: 'triggerPrice',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		description: 'The rule fires when the last traded price reaches this price (₹, on the tick size)',
	},
	{
		displayName: 'Limit Price',
		name: 'price',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		required: true,
		description: 'Price of the limit order placed when the rule fires (₹, on the tick size)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Disclosed Quantity',
				name: 'disclosedQuantity',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Part of the quantity shown in the market depth; 0 shows all of it',
			},
			{
				displayName: 'Validity (Days)',
				name: 'timePeriod',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_TIME_PERIOD },
				default: MAX_TIME_PERIOD,
				description: 'Days until the rule expires if it has not fired',
			},
		],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Read-Only is refused before the master is read, with the same error as every order change.
	await writableCredentials(this);
	const index = await instrumentIndex(this);
	const instrument = resolveLocator(index, this.getNodeParameter('instrument', itemIndex), 'Instrument');
	checkExchange(instrument, 'Instrument');
	const side = checkSide(this.getNodeParameter('transactionType', itemIndex));
	const product = checkProduct(this.getNodeParameter('productType', itemIndex));
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const values = checkValues(instrument, {
		quantity: this.getNodeParameter('quantity', itemIndex),
		triggerPrice: this.getNodeParameter('triggerPrice', itemIndex),
		price: this.getNodeParameter('price', itemIndex),
		disclosedQuantity: options.disclosedQuantity,
		// The API's default validity is not documented; the SDK samples send 365, so that is what is sent.
		timePeriod: options.timePeriod ?? MAX_TIME_PERIOD,
	});
	const body: IDataObject = {
		tradingsymbol: instrument.tradingSymbol,
		symboltoken: instrument.token,
		exchange: instrument.exchange,
		transactiontype: side,
		producttype: product,
		price: String(values.price),
		qty: String(values.quantity),
		triggerprice: String(values.triggerPrice),
		disclosedqty: String(values.disclosedQuantity),
		timeperiod: values.timePeriod,
	};
	await enforceRiskLimits(this, exposureOf(body, false));
	const data = ((await smartApiRequest(this, 'gttCreate', { body })) ?? {}) as IDataObject;
	// What was sent plus the new id; no follow-up read, so a failed read can never make a retry create a twin.
	return {
		id: data.id === undefined || data.id === null ? null : String(toNumber(data.id) ?? data.id),
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

gttResource.add({
	value: 'create',
	name: 'Create',
	action: 'Create a GTT rule',
	description: 'Place a limit order automatically when the price reaches a trigger (NSE and BSE)',
	properties,
	execute,
});
