// GTT → Get: one rule by its id.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { gttRule } from '../../transport/answers';
import { readSimplify, simplifyField } from '../fields';
import { readRule, readRuleId, ruleItem } from './rule';
import { ruleIdField } from './fields';
import { gttResource } from './resource';

const properties: INodeProperties[] = [
	ruleIdField('ID of the GTT rule'),
	simplifyField,
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readRuleId(this, itemIndex);
	const rule = await readRule(this, id);
	// The rule asked for is that id, also when its record does not say so.
	return ruleItem(gttRule({ id, ...rule.raw }), readSimplify(this, itemIndex));
}

gttResource.add({
	value: 'get',
	name: 'Get',
	action: 'Get a GTT rule',
	description: 'Read one rule by its ID',
	properties,
	execute,
});
