// GTT → Modify: changes the quantity, prices or validity of a live rule. The rule is read first, so only the
// fields given change, and the merged rule passes the same lot and tick checks as a new one before it is sent.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { instrumentIndex } from '../../methods/instruments';
import { callEndpoint } from '../../transport/request';
import { writableCredentials } from '../../orders/submit';
import { enforceRiskLimits, exposureOf } from '../../orders/riskGuard';
import { ValidationError } from '../shared';
import { checkValues, LIVE_STATUSES, readRule, readRuleId, ruleInstrument, sentRule } from './rule';
import { disclosedQuantityField, limitPriceField, quantityField, ruleIdField, triggerPriceField, validityDaysField } from './fields';
import { gttResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	ruleIdField('ID of the GTT rule, as returned by Create or Get Many'),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [disclosedQuantityField, limitPriceField, quantityField, triggerPriceField, validityDaysField],
	},
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Read-Only is refused before the rule or the master is read, with the same error as every order change.
	await writableCredentials(this);
	const id = readRuleId(this, itemIndex);
	const updates = parameters(this, itemIndex).collection('updateFields');
	if (Object.keys(updates).length === 0) throw new ValidationError('Update Fields', 'Add at least one field to change');
	const rule = await readRule(this, id);
	const status = rule.status.toUpperCase();
	if (!LIVE_STATUSES.includes(status)) {
		throw new ValidationError('Rule ID', `Rule ${id} is ${status || 'in an unknown state'}; only new or active rules can be modified`);
	}
	const index = await instrumentIndex(this);
	const instrument = ruleInstrument(index, rule, id);
	const values = checkValues(instrument, {
		quantity: updates.quantity ?? rule.qty ?? undefined,
		triggerPrice: updates.triggerPrice ?? rule.triggerprice ?? undefined,
		price: updates.price ?? rule.price ?? undefined,
		disclosedQuantity: updates.disclosedQuantity ?? rule.disclosedqty ?? 0,
		timePeriod: updates.timePeriod,
	});
	const body: IDataObject = {
		id,
		symboltoken: instrument.token,
		exchange: instrument.exchange,
		price: String(values.price),
		qty: String(values.quantity),
		triggerprice: String(values.triggerPrice),
		disclosedqty: String(values.disclosedQuantity),
	};
	// Without a new validity none is sent: resending a number of days could move the rule's expiry.
	if (values.timePeriod !== undefined) body.timeperiod = values.timePeriod;
	// A rule that fires for more, or at a higher price, adds exposure: the risk limits apply to it.
	if (values.quantity > (rule.qty ?? 0) || values.price > (rule.price ?? 0) || values.triggerPrice > (rule.triggerprice ?? 0)) {
		await enforceRiskLimits(this, exposureOf({ ...body, producttype: rule.producttype }, false));
	}
	await callEndpoint(this, 'gttModify', { body });
	return sentRule(id, instrument, rule.transactiontype || null, rule.producttype || null, values);
}

gttResource.add({
	value: 'modify',
	name: 'Modify',
	action: 'Modify a GTT rule',
	description: 'Change the quantity, prices or validity of a rule that has not fired yet',
	properties,
	execute,
});
