// Account → Get Profile: who the credential logs in as, and what it may trade.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { callEndpoint } from '../../transport/request';
import { accountResource } from './resource';

const properties: INodeProperties[] = [];

async function execute(this: IExecuteFunctions): Promise<IDataObject> {
	const profile = await callEndpoint(this, 'getProfile');
	// The text fields show what was sent: live answers send "" for e-mail and mobile, which the parsed form cannot
	// tell from a field that is missing (null here).
	const { raw } = profile;
	return {
		clientCode: raw.clientcode ?? null,
		name: raw.name ?? null,
		email: raw.email ?? null,
		mobile: raw.mobileno ?? null,
		exchanges: profile.exchanges,
		products: profile.products,
		lastLoginTime: raw.lastlogintime ?? null,
		broker: raw.brokerid ?? raw.broker ?? null,
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
