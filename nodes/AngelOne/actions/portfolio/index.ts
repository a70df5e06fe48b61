// Portfolio resource: holdings, positions, converting a position's product, and squaring positions off.
// Exit Position places its orders through the same safe path as Order → Place.
import type { ResourceDefinition } from '../shared';
import * as convertPosition from './convertPosition.operation';
import * as exitPosition from './exitPosition.operation';
import * as getHoldings from './getHoldings.operation';
import * as getPositions from './getPositions.operation';

export const portfolio: ResourceDefinition = {
	value: 'portfolio',
	name: 'Portfolio',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['portfolio'] } },
		options: [],
		default: 'getHoldings',
	},
	operations: {
		getHoldings: {
			name: 'Get Holdings',
			action: 'Get holdings',
			description: 'Shares in your demat account with value and profit, optionally with account totals',
			operation: getHoldings,
		},
		getPositions: {
			name: 'Get Positions',
			action: 'Get positions',
			description: "Today's intraday and carried-forward positions",
			operation: getPositions,
		},
		convertPosition: {
			name: 'Convert Position',
			action: 'Convert a position',
			description: 'Move an open position to another product, e.g. Intraday to Delivery',
			operation: convertPosition,
		},
		exitPosition: {
			name: 'Exit Position',
			action: 'Exit a position',
			description: 'Square off one or all open positions with market orders, validated and placed at most once',
			operation: exitPosition,
		},
	},
};
