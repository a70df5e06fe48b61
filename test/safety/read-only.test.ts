// Read-Only refuses every order-changing operation with one error type (the field "Read-Only", nothing sent),
// whether the switch is on or unreadable.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';

const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };
const WRITES = ['placeOrder', 'modifyOrder', 'cancelOrder', 'convertPosition', 'gttCreateRule', 'gttModifyRule', 'gttCancelRule'];

/** A Wednesday, 10:30 IST: every exchange is in session (the setup places a day order, refused after hours). */
const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('Read-Only', () => {
	let world: AngelWorld;
	let orderId: string;
	let ruleId: string;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 800);
		const placed = await world.run({
			parameters: { resource: 'order', operation: 'place', instrument: sbin, side: 'BUY', orderType: 'LIMIT', product: 'DELIVERY', quantity: 10, quantityUnit: 'units', price: 790, validity: 'DAY' },
		});
		orderId = String(placed.outputOf('Angel One')[0].json.orderId);
		const rule = await world.run({
			parameters: { resource: 'gtt', operation: 'create', instrument: sbin, transactionType: 'BUY', productType: 'DELIVERY', quantity: 5, triggerPrice: 781, price: 780 },
		});
		ruleId = String(rule.outputOf('Angel One')[0].json.id);
	});

	afterEach(async () => {
		await world.close();
	});

	const operations = (): Array<[string, INodeParameters]> => [
		['Order → Place', { resource: 'order', operation: 'place', instrument: sbin, side: 'BUY', orderType: 'LIMIT', product: 'DELIVERY', quantity: 1, quantityUnit: 'units', price: 790, validity: 'DAY' }],
		['Order → Modify', { resource: 'order', operation: 'modify', orderId, updateFields: { price: 795 } }],
		['Order → Cancel', { resource: 'order', operation: 'cancel', orderId }],
		['Order → Cancel All Open', { resource: 'order', operation: 'cancelAll' }],
		['Portfolio → Convert Position', { resource: 'portfolio', operation: 'convertPosition', instrument: sbin, fromProduct: 'INTRADAY', toProduct: 'DELIVERY', quantity: 0 }],
		['Portfolio → Exit Position', { resource: 'portfolio', operation: 'exitPosition', exitMode: 'all' }],
		['GTT → Create', { resource: 'gtt', operation: 'create', instrument: sbin, transactionType: 'BUY', productType: 'DELIVERY', quantity: 5, triggerPrice: 781, price: 780 }],
		['GTT → Modify', { resource: 'gtt', operation: 'modify', ruleId, updateFields: { quantity: 6 } }],
		['GTT → Cancel', { resource: 'gtt', operation: 'cancel', ruleId }],
	];

	function writes(): IDataObject {
		const counts = world.sim.control.requestCounts();
		return Object.fromEntries(WRITES.map((name) => [name, counts[name] ?? 0]));
	}

	it.each([
		['on', true],
		['unreadable', 'maybe'],
	])('refuses every order-changing operation with the same error when it is %s', async (_label, value) => {
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, readOnly: value });
		const before = writes();
		const refusals: IDataObject[] = [];
		for (const [label, parameters] of operations()) {
			const run = await world.run({ parameters });
			const error = run.errorOf('Angel One');
			refusals.push({ label, name: error?.name, readOnly: /^Read-Only: /.test(error?.message ?? ''), nothingSent: /Nothing was sent/.test(String(error?.description)) });
		}
		expect(refusals).toEqual(operations().map(([label]) => ({ label, name: 'NodeOperationError', readOnly: true, nothingSent: true })));
		expect(writes()).toEqual(before);
	});
});
