// Order resource: place (validated, at most once), modify, cancel, cancel all open, and today's orders and trades.
// Each operation is one file with its fields and its execute side by side.
import type { ResourceDefinition } from '../shared';
import * as cancel from './cancel.operation';
import * as cancelAll from './cancelAll.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as getTrades from './getTrades.operation';
import * as modify from './modify.operation';
import * as place from './place.operation';

export const order: ResourceDefinition = {
	value: 'order',
	name: 'Order',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['order'] } },
		options: [],
		default: 'place',
	},
	operations: {
		place: {
			name: 'Place',
			action: 'Place an order',
			description: 'Validate and place an order at most once (dry run, duplicate protection, wait for its status)',
			operation: place,
		},
		modify: {
			name: 'Modify',
			action: 'Modify an order',
			description: 'Change the price, quantity, type or validity of an open order',
			operation: modify,
		},
		cancel: {
			name: 'Cancel',
			action: 'Cancel an order',
			description: 'Cancel an open, trigger-pending or after-market order',
			operation: cancel,
		},
		cancelAll: {
			name: 'Cancel All Open',
			action: 'Cancel all open orders',
			description: 'Cancel every open order, optionally only for one symbol or product',
			operation: cancelAll,
		},
		get: {
			name: 'Get',
			action: 'Get an order',
			description: "One of today's orders with its status, fills and rejection reason",
			operation: get,
		},
		getMany: {
			name: 'Get Many',
			action: 'Get many orders',
			description: "Today's order book, filtered by status, symbol, product or tag",
			operation: getMany,
		},
		getTrades: {
			name: 'Get Trades',
			action: 'Get trades',
			description: "Today's trade book: one item per fill",
			operation: getTrades,
		},
	},
};
