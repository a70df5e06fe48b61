// Account → Get Profile: who the credential logs in as, and what it may trade.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { smartApiRequest } from '../../transport/request';
import { accountResource } from './resource';

const properties: INodeProperties[] = [];

function list(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string') {
		// The docs print these as quoted arrays ("[ \"NSE\",\"BSE\" ]"); live answers send real arrays.
		return value.replace(/[[\]"\s]/g, '').split(',').filter(Boolean);
	}
	return [];
}

async function execute(this: IExecuteFunctions): Promise<IDataObject> {
	const data = ((await smartApiRequest(this, 'getProfile')) ?? {}) as IDataObject;
	return {
		clientCode: data.clientcode ?? null,
		name: data.name ?? null,
		email: data.email ?? null,
		mobile: data.mobileno ?? null,
		exchanges: list(data.exchanges),
		products: list(data.products),
		lastLoginTime: data.lastlogintime ?? null,
		broker: data.brokerid ?? data.broker ?? null,
	};
}

accountResource.add({
	value: 'getProfile',
	name: 'Get Profile',
	action: 'Get the account profile',
	description: 'Client code, name, enabled exchanges and products',
	properties,
	execute,
});
