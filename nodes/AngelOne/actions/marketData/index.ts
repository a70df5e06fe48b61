// Market Data resource: live quotes for many instruments, historical candles and open interest over any range.
import type { ResourceDefinition } from '../shared';
import * as getCandles from './getCandles.operation';
import * as getOpenInterest from './getOpenInterest.operation';
import * as getQuote from './getQuote.operation';

export const marketData: ResourceDefinition = {
	value: 'marketData',
	name: 'Market Data',
	operationProperty: {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['marketData'] } },
		options: [],
		default: 'getQuote',
	},
	operations: {
		getCandles: {
			name: 'Get Candles',
			action: 'Get historical candles',
			description: 'Open, high, low, close and volume over any date range, one item per candle',
			operation: getCandles,
		},
		getOpenInterest: {
			name: 'Get Open Interest',
			action: 'Get historical open interest',
			description: 'Open interest of a futures or options contract over any date range, one item per point',
			operation: getOpenInterest,
		},
		getQuote: {
			name: 'Get Quote',
			action: 'Get live quotes',
			description: 'Last price, OHLC or the full quote with depth for any number of instruments',
			operation: getQuote,
		},
	},
};
