// The order-updates trigger against the live shapes of the order socket and book (issue 12): the socket's
// one-byte 0x00 keep-alive frames are not messages, and a rejected order whose orderstatus is empty is caught up
// from the order book as rejected.

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { orderFeeds } from '../../nodes/AngelOne/feed/orderUpdates';
import { FAST_OPTIONS, cancelOrder, delay, executions, placeSbin, startTriggerWorld, until, type TriggerWorld } from './world';

function orderParameters(statuses: string[] = ['any']): INodeParameters {
	return { event: 'orderUpdates', statuses, options: { ...FAST_OPTIONS } };
}

function updates(runs: IDataObject[][]): Array<[string, string, string]> {
	return runs.flat().map((json) => [String(json.orderId), String(json.statusCode), String(json.source)]);
}

describe('Angel One Trigger: order updates in their live shapes', () => {
	let world: TriggerWorld;

	afterEach(async () => {
		await world.close();
	});

	it('keeps streaming through the socket\'s 0x00 keep-alive frames without taking them for messages', async () => {
		world = await startTriggerWorld({ orderKeepAliveMs: 20 });
		world.sim.control.setPrice('NSE', '3045', 814);
		const trigger = await world.activate(orderParameters());
		await until('the order-book baseline', () => (orderFeeds()[0]?.stats.books ?? 0) >= 1);
		const before = orderFeeds()[0].stats.messages;
		await delay(150);
		expect(orderFeeds()[0].stats.messages).toBe(before);

		const order = await placeSbin(world, 'BUY', 1, 780);
		await trigger.waitForEmits(2);
		expect(updates(executions(trigger))).toEqual([
			[order, 'AB09', 'live'],
			[order, 'AB01', 'live'],
		]);
		expect(trigger.errors).toEqual([]);
		expect(trigger.failed).toEqual([]);
	});

	it('emits a live-style after-market order (variety AMO, status open, an id ending in AO) and its cancellation', async () => {
		world = await startTriggerWorld({ marketHours: 'closed', variants: { liveAmo: true } });
		world.sim.control.setPrice('NSE', '3045', 814);
		const trigger = await world.activate(orderParameters());
		await until('the order-book baseline', () => (orderFeeds()[0]?.stats.books ?? 0) >= 1);
		const order = await placeSbin(world, 'BUY', 1, 780);
		expect(order).toMatch(/^[0-9a-f]{12}AO$/);
		await trigger.waitForEmits(1);
		await cancelOrder(world, order);
		await trigger.waitForEmits(2);
		expect(updates(executions(trigger))).toEqual([
			[order, 'AB06', 'live'],
			[order, 'AB07', 'live'],
		]);
		expect(executions(trigger)[0][0]).toMatchObject({ order: expect.objectContaining({ variety: 'AMO', status: 'open' }) });
	});

	it('catches up a rejected order whose orderstatus is empty as rejected, with its reason', async () => {
		world = await startTriggerWorld({ variants: { emptyOrderStatus: true } });
		world.sim.control.setPrice('NSE', '3045', 814);
		const first = await world.activate(orderParameters());
		await until('the order-book baseline', () => (orderFeeds()[0]?.stats.books ?? 0) >= 1);
		await first.close();

		const rejected = await placeSbin(world, 'BUY', 100_000);
		expect(world.sim.control.orderBook()[0]).toMatchObject({ status: 'rejected', orderstatus: '' });

		const second = await world.activate(orderParameters(['rejected']), { staticData: JSON.parse(JSON.stringify(first.staticData)) as IDataObject });
		await second.waitForEmits(1);
		expect(updates(executions(second))).toEqual([[rejected, 'AB03', 'reconciled']]);
		expect(executions(second)[0][0]).toMatchObject({ status: 'rejected', rejectionReason: expect.stringMatching(/\S/) });
	});
});
