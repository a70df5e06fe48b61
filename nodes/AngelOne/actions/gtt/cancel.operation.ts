// GTT → Cancel: cancels a live rule. The rule is read first for its exchange and token (the API wants both),
// which also tells a rule that already fired (an order went out; cancel that instead) from one already cancelled.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { callEndpoint } from '../../transport/request';
import { writableCredentials } from '../../orders/submit';
import { ValidationError } from '../shared';
import { LIVE_STATUSES, readRule, readRuleId } from './rule';
import { ruleIdField } from './fields';
import { gttResource } from './resource';

const properties: INodeProperties[] = [
	ruleIdField('ID of the GTT rule to cancel'),
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	// Read-Only is refused before the rule or the master is read, with the same error as every order change.
	await writableCredentials(this);
	const id = readRuleId(this, itemIndex);
	const rule = await readRule(this, id);
	const status = rule.status.toUpperCase();
	const identity = { id, exchange: rule.exchange || null, tradingSymbol: rule.tradingsymbol || null };
	// Running the same workflow twice should not fail on the second run: the rule is cancelled either way.
	if (status === 'CANCELLED') return { ...identity, cancelled: true, alreadyCancelled: true };
	if (!LIVE_STATUSES.includes(status)) {
		throw new ValidationError(
			'Rule ID',
			`Rule ${id} is ${status || 'in an unknown state'} and cannot be cancelled${status === 'SENTTOEXCHANGE' ? ': it has fired and its order was sent; cancel the order instead' : ''}`,
		);
	}
	await callEndpoint(this, 'gttCancel', { body: { id, symboltoken: rule.symboltoken, exchange: rule.exchange } });
	return { ...identity, cancelled: true, alreadyCancelled: false };
}

gttResource.add({
	value: 'cancel',
	name: 'Cancel',
	action: 'Cancel a GTT rule',
	description: 'Cancel a rule that has not fired yet',
	properties,
	execute,
});
