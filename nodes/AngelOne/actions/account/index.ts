// Account resource: profile and funds.
import type { ResourceDefinition } from '../shared';
import * as getFunds from './getFunds.operation';
import * as getProfile from './getProfile.operation';

export const account: ResourceDefinition = {
	value: 'account',
	name: 'Account',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [],
		default: 'getProfile',
	},
	operations: {
		getProfile: {
			name: 'Get Profile',
			action: 'Get the account profile',
			description: 'Client code, name, enabled exchanges and products',
			operation: getProfile,
		},
		getFunds: {
			name: 'Get Funds',
			action: 'Get available funds and margin',
			description: 'Available cash, margin used and net (RMS limits)',
			operation: getFunds,
		},
	},
};
