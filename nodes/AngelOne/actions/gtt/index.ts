// GTT resource: good-till-triggered rules on NSE and BSE (create, modify, cancel, read one, list).
import type { ResourceDefinition } from '../shared';
import * as cancel from './cancel.operation';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as modify from './modify.operation';

export const gtt: ResourceDefinition = {
	value: 'gtt',
	name: 'GTT',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['gtt'] } },
		options: [],
		default: 'create',
	},
	operations: {
		cancel: {
			name: 'Cancel',
			action: 'Cancel a GTT rule',
			description: 'Cancel a rule that has not fired yet',
			operation: cancel,
		},
		create: {
			name: 'Create',
			action: 'Create a GTT rule',
			description: 'Place a limit order automatically when the price reaches a trigger (NSE and BSE)',
			operation: create,
		},
		get: {
			name: 'Get',
			action: 'Get a GTT rule',
			description: 'Read one rule by its ID',
			operation: get,
		},
		getMany: {
			name: 'Get Many',
			action: 'Get many GTT rules',
			description: 'List rules, optionally only those in some states',
			operation: getMany,
		},
		modify: {
			name: 'Modify',
			action: 'Modify a GTT rule',
			description: 'Change the quantity, prices or validity of a rule that has not fired yet',
			operation: modify,
		},
	},
};
