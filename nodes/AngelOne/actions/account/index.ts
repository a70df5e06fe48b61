// Account resource: profile, funds, and the margin and charges calculators.
import type { ResourceDefinition } from '../shared';
import * as calculateMargin from './calculateMargin.operation';
import * as estimateCharges from './estimateCharges.operation';
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
		calculateMargin: {
			name: 'Calculate Margin',
			action: 'Calculate the margin for positions',
			description: 'Margin a set of positions needs, with hedge benefits, before placing them',
			operation: calculateMargin,
		},
		estimateCharges: {
			name: 'Estimate Charges',
			action: 'Estimate brokerage and charges',
			description: 'Brokerage, taxes and exchange charges of a set of orders',
			operation: estimateCharges,
		},
		getFunds: {
			name: 'Get Funds',
			action: 'Get available funds and margin',
			description: 'Available cash, margin used and net (RMS limits)',
			operation: getFunds,
		},
		getProfile: {
			name: 'Get Profile',
			action: 'Get the account profile',
			description: 'Client code, name, enabled exchanges and products',
			operation: getProfile,
		},
	},
};
