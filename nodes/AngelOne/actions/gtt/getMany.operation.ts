// GTT → Get Many: rules filtered by status, newest first as the API lists them; Return All and Limit become the
// API's page and count.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { GttRule } from '../../transport/answers';
import { callEndpoint } from '../../transport/request';
import { MAX_REQUESTS_PER_ITEM, ValidationError } from '../shared';
import { readSimplify, simplifyField } from '../fields';
import { ruleItem } from './rule';
import { gttResource } from './resource';
import { parameters } from '../parameters';

/**
 * Rules asked for per page. A forum report has large status lists failing (AB1004 with more than 100 cancelled
 * rules), so pages stay well under that.
 */
export const PAGE_SIZE = 50;
const STATUSES = ['NEW', 'ACTIVE', 'SENTTOEXCHANGE', 'CANCELLED'];

const properties: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'multiOptions',
		options: [
			{ name: 'Active', value: 'ACTIVE', description: 'Modified rules still waiting for their trigger' },
			{ name: 'Cancelled', value: 'CANCELLED', description: 'Cancelled by you or expired' },
			{ name: 'New', value: 'NEW', description: 'Created and waiting for their trigger' },
			{ name: 'Sent to Exchange', value: 'SENTTOEXCHANGE', description: 'Fired: their order was placed' },
		],
		default: [],
		description: 'Only rules in these states; none chosen means every state',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	simplifyField,
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const read = parameters(this, itemIndex);
	const chosen = read.list('status').map((s) => String(s).toUpperCase());
	const unknown = chosen.filter((s) => !STATUSES.includes(s));
	if (unknown.length > 0) throw new ValidationError('Status', `Unknown status ${unknown.join(', ')}; use ${STATUSES.join(', ')}`);
	const status = chosen.length === 0 ? ['FORALL'] : chosen;
	const returnAll = read.flag('returnAll', false);
	const given = returnAll ? Infinity : read.value('limit', 50);
	if (!returnAll && !(typeof given === 'number' && Number.isInteger(given) && given >= 1)) {
		throw new ValidationError('Limit', `Limit must be a whole number above zero (got ${String(given)})`);
	}
	const limit = Number(given);
	const simplify = readSimplify(this, itemIndex);

	const rules: GttRule[] = [];
	const seen = new Set<string>();
	for (let page = 1; rules.length < limit; page++) {
		if (page > MAX_REQUESTS_PER_ITEM) {
			throw new ValidationError(
				returnAll ? 'Return All' : 'Limit',
				`More than ${MAX_REQUESTS_PER_ITEM * PAGE_SIZE} rules would take more than ${MAX_REQUESTS_PER_ITEM} requests; filter by Status or set a Limit`,
			);
		}
		const count = Math.min(PAGE_SIZE, limit);
		const batch = await callEndpoint(this, 'gttList', { body: { status, page, count } });
		let fresh = 0;
		for (const rule of batch) {
			// A rule created while paging shifts the list by one; the same rule must not come out twice.
			const id = rule.id;
			if (id !== '' && seen.has(id)) continue;
			seen.add(id);
			fresh++;
			if (rules.length < limit) rules.push(rule);
		}
		// A short page is the last; a page of nothing new means the server ignores paging, so stop rather than loop.
		if (batch.length < count || fresh === 0) break;
	}
	return rules.map((rule) => ruleItem(rule, simplify));
}

gttResource.add({
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many GTT rules',
	description: 'List rules, optionally only those in some states',
	properties,
	execute,
});
