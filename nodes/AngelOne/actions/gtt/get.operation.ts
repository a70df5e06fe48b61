// GTT → Get: one rule by its id.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readRule, readRuleId, ruleItem, simplifyField } from './rule';

export const description: INodeProperties[] = [
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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readRuleId(this, itemIndex);
	const rule = await readRule(this, id);
	return ruleItem({ id, ...rule }, this.getNodeParameter('simplify', itemIndex, true) as boolean);
}
