// GTT → Create: a good-till-triggered rule that places a limit order when the price reaches the trigger.
// Everything the API would refuse (exchange, product, lot, tick) is refused here first, and nothing is sent.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import { callEndpoint } from '../../transport/request';
import { writableCredentials } from '../../orders/submit';
import { enforceRiskLimits, exposureOf } from '../../orders/riskGuard';
import { checkExchange, checkProduct, checkSide, checkValues, MAX_TIME_PERIOD, sentRule } from './rule';
import { optionsField } from '../fields';
import { sideField } from '../orderFields';
import { disclosedQuantityField, limitPriceField, quantityField, required, triggerPriceField, validityDaysField } from './fields';
import { gttResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	instrumentLocator({ description: 'The share to buy or sell when the price reaches the trigger. GTT rules work only on NSE and BSE.' }),
	{ ...sideField, name: 'transactionType' },
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
	required(quantityField),
	required(triggerPriceField),
	required(limitPriceField),
	optionsField([disclosedQuantityField, validityDaysField]),
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Read-Only is refused before the master is read, with the same error as every order change.
	await writableCredentials(this);
	const index = await instrumentIndex(this);
	const read = parameters(this, itemIndex);
	const instrument = resolveLocator(index, read.value('instrument'), 'Instrument');
	checkExchange(instrument, 'Instrument');
	const side = checkSide(read.value('transactionType'));
	const product = checkProduct(read.value('productType'));
	const options = read.collection('options');
	const values = checkValues(instrument, {
		quantity: read.value('quantity'),
		triggerPrice: read.value('triggerPrice'),
		price: read.value('price'),
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
	const created = await callEndpoint(this, 'gttCreate', { body });
	// What was sent plus the new id; no follow-up read, so a failed read can never make a retry create a twin.
	return sentRule(created.id || null, instrument, side, product, values);
}

gttResource.add({
	value: 'create',
	name: 'Create',
	action: 'Create a GTT rule',
	description: 'Place a limit order automatically when the price reaches a trigger (NSE and BSE)',
	properties,
	execute,
});
