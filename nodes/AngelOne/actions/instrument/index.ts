// Instrument resource: search the daily instrument master, resolve a symbol to its token and contract details,
// and find an option contract by underlying, expiry, strike (or ATM ± n) and CE/PE.
import type { ResourceDefinition } from '../shared';
import * as findOption from './findOption.operation';
import * as resolve from './resolve.operation';
import * as search from './search.operation';

export const instrument: ResourceDefinition = {
	value: 'instrument',
	name: 'Instrument',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['instrument'] } },
		options: [],
		default: 'search',
	},
	operations: {
		findOption: {
			name: 'Find Option',
			action: 'Find an option contract',
			description: 'The exact contract for an underlying, expiry, strike or ATM ± n, and CE or PE',
			operation: findOption,
		},
		resolve: {
			name: 'Resolve',
			action: 'Resolve a symbol',
			description: 'Token, lot size, tick size, expiry and strike of a symbol such as NSE:SBIN or NSE:NIFTY',
			operation: resolve,
		},
		search: {
			name: 'Search',
			action: 'Search instruments',
			description: 'Find instruments by symbol or name, exchange and type',
			operation: search,
		},
	},
};
