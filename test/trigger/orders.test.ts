// Order Updates end to end: orders placed through the simulator's REST API, their status pushes on
// /smart-order-update, and the order-book reconciliation that recovers what a disconnect or a restart missed.

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { orderFeeds } from '../../nodes/AngelOne/feed/orderUpdates';
import {
	FAST_OPTIONS,
	NOTHING_LEFT,
	cancelOrder,
	executions,
	leftovers,
	placeSbin,
	serverConnections,
	startTriggerWorld,
	until,
	type TriggerWorld,
} from './world';

function orderParameters(statuses: string[] = ['any']): INodeParameters {
	return { event: 'orderUpdates', statuses, options: { ...FAST_OPTIONS } };
}

/** [order id, status code, source] of every emitted item, in emission order. */
function updates(runs: IDataObject[][]): Array<[string, string, string]> {
	return runs.flat().map((json) => [String(json.orderId), String(json.statusCode), String(json.source)]);
}

describe('Angel One Trigger: order updates', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld();
		world.sim.control.setPrice('NSE', '3045', 814);
	});

	afterEach(async () => {
		await world.close();
	});

	/** The first order book after connecting is the baseline; once it is in, pushes are flowing. */
	const baseline = async (books = 1): Promise<void> =>
		await until('the order-book baseline', () => (orderFeeds()[0]?.stats.books ?? 0) >= books);

	it('emits each status change with the order, its status code and meaning, and the rejection reason', async () => {
		const trigger = await world.activate(orderParameters());
		await baseline();

		const resting = await placeSbin(world, 'BUY', 2, 800);
		world.sim.control.setPrice('NSE', '3045', 799.5);
		const tooBig = await placeSbin(world, 'BUY', 100_000);
		const cancelled = await placeSbin(world, 'BUY', 1, 790);
		await cancelOrder(world, cancelled);
		await trigger.waitForEmits(7);

		// As live: a new order is announced "open pending" (AB09) before it is open.
		expect(updates(executions(trigger))).toEqual([
			[resting, 'AB09', 'live'],
			[resting, 'AB01', 'live'],
			[resting, 'AB05', 'live'],
			[tooBig, 'AB03', 'live'],
			[cancelled, 'AB09', 'live'],
			[cancelled, 'AB01', 'live'],
			[cancelled, 'AB02', 'live'],
		]);
		const [pending, open, complete, rejected] = executions(trigger).flat();
		expect(pending).toMatchObject({ status: 'open pending', statusCode: 'AB09' });
		expect(open).toMatchObject({ status: 'open', statusMeaning: 'open', rejectionReason: '' });
		expect(open.order).toMatchObject({ orderid: resting, tradingsymbol: 'SBIN-EQ', price: 800, quantity: 2, filledshares: 0 });
		expect(complete).toMatchObject({ status: 'complete', order: expect.objectContaining({ averageprice: 800, filledshares: 2 }) });
		expect(rejected).toMatchObject({ status: 'rejected', statusMeaning: 'rejected', rejectionReason: expect.stringMatching(/\S/) });
		expect(open.updatedAt).toMatch(/\+05:30$/);
	});

	it('lets only the chosen statuses through', async () => {
		const trigger = await world.activate(orderParameters(['complete', 'rejected']));
		await baseline();

		const resting = await placeSbin(world, 'BUY', 2, 800);
		world.sim.control.setPrice('NSE', '3045', 799.5);
		const tooBig = await placeSbin(world, 'BUY', 100_000);
		const cancelled = await placeSbin(world, 'BUY', 1, 790);
		await cancelOrder(world, cancelled);
		const last = await placeSbin(world, 'BUY', 1);
		await trigger.waitForEmits(3);

		expect(updates(executions(trigger))).toEqual([
			[resting, 'AB05', 'live'],
			[tooBig, 'AB03', 'live'],
			[last, 'AB05', 'live'],
		]);
	});

	it('emits every transition missed while the socket was stalled after reconnecting, each exactly once', async () => {
		const trigger = await world.activate(orderParameters());
		await baseline();
		const filledInGap = await placeSbin(world, 'BUY', 2, 800);
		await trigger.waitForEmits(2);

		// The server stops sending; pushes of this period are lost for good, as on a hung connection.
		world.sim.control.stallSockets();
		world.sim.control.setPrice('NSE', '3045', 799.5);
		const restingFromGap = await placeSbin(world, 'BUY', 1, 790);
		const cancelledInGap = await placeSbin(world, 'BUY', 1, 780);
		await cancelOrder(world, cancelledInGap);
		const marketInGap = await placeSbin(world, 'BUY', 3);

		// The watchdog replaces the silent socket; the order book after reconnecting shows what changed.
		await trigger.waitForEmits(6);
		world.sim.control.resumeSockets();
		world.sim.control.setPrice('NSE', '3045', 789);
		await trigger.waitForEmits(7);

		const seen = updates(executions(trigger));
		expect(seen.slice(0, 2)).toEqual([[filledInGap, 'AB09', 'live'], [filledInGap, 'AB01', 'live']]);
		expect(new Set(seen.slice(2, 6).map((u) => u.join(' ')))).toEqual(
			new Set([
				[filledInGap, 'AB05', 'reconciled'],
				[restingFromGap, 'AB01', 'reconciled'],
				[cancelledInGap, 'AB02', 'reconciled'],
				[marketInGap, 'AB05', 'reconciled'],
			].map((u) => u.join(' '))),
		);
		expect(seen[6]).toEqual([restingFromGap, 'AB05', 'live']);
		expect(orderFeeds()[0].connection.socket.stats.watchdogTrips).toBeGreaterThanOrEqual(1);

		// Nothing more arrives later (no late duplicates from the abandoned socket or a second reconciliation).
		world.sim.control.dropSockets();
		await baseline(3);
		expect(trigger.emits).toHaveLength(7);
	});

	it('catches up after a restart with the transitions missed while the workflow was inactive', async () => {
		const first = await world.activate(orderParameters());
		await baseline();
		const order = await placeSbin(world, 'BUY', 2, 800);
		await first.waitForEmits(1);
		await first.close();

		world.sim.control.setPrice('NSE', '3045', 799);
		const placedWhileInactive = await placeSbin(world, 'BUY', 1, 780);

		// n8n restores the workflow's static data on activation.
		const second = await world.activate(orderParameters(), { staticData: JSON.parse(JSON.stringify(first.staticData)) as IDataObject });
		await second.waitForEmits(2);

		expect(updates(executions(second))).toEqual([
			[order, 'AB05', 'reconciled'],
			[placedWhileInactive, 'AB01', 'reconciled'],
		]);
	});

	it('resolves a test run with the first order update and then closes the socket', async () => {
		const trigger = await world.activate(orderParameters(), { mode: 'manual' });
		const run = trigger.runManualTest();
		await until('the order socket to open', () => orderFeeds()[0]?.connection.socket.isOpen === true);

		const order = await placeSbin(world, 'BUY', 1, 780);
		const [[item]] = await run;

		expect(item.json).toMatchObject({ orderId: order, statusCode: 'AB09', source: 'live' });
		await until('the socket to close', () => serverConnections(world).orders === 0);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});
});
