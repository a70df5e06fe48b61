// The operation pickers come from the operation files themselves; saved workflows depend on their values, and
// people on their order.
import type { INodeProperties } from 'n8n-workflow';

import { AngelOne } from '../../nodes/AngelOne/AngelOne.node';

const properties = new AngelOne().description.properties;
const picker = (resource: string): INodeProperties | undefined =>
	properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource);
const values = (resource: string): unknown[] => (picker(resource)?.options ?? []).map((o) => ('value' in o ? o.value : undefined));

describe('operation pickers', () => {
	it('list each resource’s operations in their menu order, with the default operation', () => {
		expect(values('order')).toEqual(['place', 'modify', 'cancel', 'cancelAll', 'get', 'getMany', 'getTrades']);
		expect(values('portfolio')).toEqual(['getHoldings', 'getPositions', 'convertPosition', 'exitPosition']);
		expect(values('gtt')).toEqual(['cancel', 'create', 'get', 'getMany', 'modify']);
		expect(values('marketData')).toEqual(['getCandles', 'getOpenInterest', 'getQuote']);
		expect(values('instrument')).toEqual(['findOption', 'resolve', 'search']);
		expect(values('account')).toEqual(['calculateMargin', 'estimateCharges', 'getFunds', 'getProfile']);
		expect(['order', 'portfolio', 'gtt', 'marketData', 'instrument', 'account'].map((r) => picker(r)?.default)).toEqual([
			'place',
			'getHoldings',
			'create',
			'getQuote',
			'search',
			'getProfile',
		]);
	});

	it('give every operation a name, an action and a description', () => {
		for (const resource of ['order', 'portfolio', 'gtt', 'marketData', 'instrument', 'account']) {
			for (const option of picker(resource)?.options ?? []) {
				expect(option).toEqual(expect.objectContaining({ name: expect.any(String), action: expect.any(String), description: expect.any(String) }));
			}
		}
	});

	it('show every field of an operation only for its resource and operation', () => {
		for (const property of properties.filter((p) => p.name !== 'resource' && p.name !== 'operation')) {
			expect(property.displayOptions?.show).toEqual(expect.objectContaining({ resource: [expect.any(String)], operation: [expect.any(String)] }));
		}
	});
});
