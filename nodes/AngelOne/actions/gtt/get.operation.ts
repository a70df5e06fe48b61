// GTT → Get: one rule by its id.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRule, readRuleId, ruleItem, simplifyField } from './rule';
import { gttResource } from './resource';

const properties: INodeProperties[] = [
	{
		displayName: 'Rule ID',
		name: 'ruleId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1234',
		description: 'ID of the GTT rule',
	},
	simplifyField,
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readRuleId(this, itemIndex);
	const rule = await readRule(this, id);
	return ruleItem({ id, ...rule }, this.getNodeParameter('simplify', itemIndex, true) as boolean);
}

gttResource.add({
	value: 'get',
	name: 'Get',
	action: 'Get a GTT rule',
	description: 'Read one rule by its ID',
	properties,
	execute,
});
