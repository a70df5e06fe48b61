// Two trigger nodes of one account share one market-feed socket: reference-counted subscriptions, fan-out, a late
// joiner served at once, and the socket closing only when its last user leaves.

import { marketFeeds } from '../../nodes/AngelOne/feed/marketFeed';
import {
	NOTHING_LEFT,
	executions,
	leftovers,
	serverConnections,
	snapshots,
	startTriggerWorld,
	tickParameters,
	until,
	type TriggerWorld,
} from './world';

const ltps = (trigger: Parameters<typeof executions>[0], token: string): number[] =>
	executions(trigger)
		.flat()
		.filter((json) => json.token === token)
		.map((json) => json.ltp as number);

describe('Angel One Trigger: one socket per account, shared by its trigger nodes', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld();
	});

	afterEach(async () => {
		await world.close();
	});

	it('shares one socket between two triggers; closing one keeps the other’s stream, closing both closes the socket', async () => {
		const sbin = world.sim.control.price('NSE', '3045');
		const first = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }), { nodeName: 'SBIN watcher' });
		await first.waitForEmits(1);
		// The late joiner gets the latest SBIN packet at once; RELIANCE is a fresh subscription with its own snapshot.
		const second = await world.activate(tickParameters('NSE:3045, NSE:2885', { emit: 'everyTick' }), { nodeName: 'Both' });
		await second.waitForEmits(2);

		expect(serverConnections(world).market).toBe(1);
		expect(marketFeeds()).toHaveLength(1);
		expect(marketFeeds()[0].subscriptionCount).toBe(2);
		expect(ltps(second, '3045')).toEqual([sbin]);

		world.sim.control.setPrice('NSE', '3045', 820.5);
		world.sim.control.setPrice('NSE', '2885', 1433);
		await until('both triggers to see the ticks', () => ltps(first, '3045').length === 2 && ltps(second, '2885').length === 2);
		expect(ltps(first, '3045')).toEqual([sbin, 820.5]);
		expect(ltps(first, '2885')).toEqual([]);
		expect(ltps(second, '3045')).toEqual([sbin, 820.5]);

		await second.close();
		expect(marketFeeds()[0].subscriptionCount).toBe(1);
		world.sim.control.setPrice('NSE', '3045', 821);
		await until('the remaining trigger to see the tick', () => ltps(first, '3045').length === 3);
		expect(serverConnections(world).market).toBe(1);
		expect(second.emits).toHaveLength(4);

		await first.close();
		await until('the socket to close', () => serverConnections(world).market === 0);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});

	it('keeps a subscription while any trigger still uses it', async () => {
		const a = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }), { nodeName: 'A' });
		const b = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }), { nodeName: 'B' });
		await snapshots(1);
		await a.close();

		world.sim.control.setPrice('NSE', '3045', 818.3);
		await until('B to see the tick', () => ltps(b, '3045').includes(818.3));
		expect(marketFeeds()[0].subscriptionCount).toBe(1);
	});

	it('sends Snap Quote items in rupees with five-level depth, plus 20-level depth where the feed offers it', async () => {
		const trigger = await world.activate(tickParameters('NSE:3045, BSE:500112', { emit: 'everyTick', mode: 'depth20' }));
		await snapshots(3);
		world.sim.control.setPrice('NSE', '3045', 812.35);
		world.sim.control.setPrice('BSE', '500112', 812.4);
		await until('both ticks', () => ltps(trigger, '3045').includes(812.35) && ltps(trigger, '500112').includes(812.4));

		const items = executions(trigger).flat();
		const nse = items.filter((json) => json.token === '3045').pop() ?? {};
		const bse = items.filter((json) => json.token === '500112').pop() ?? {};
		expect(nse).toMatchObject({ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', mode: 'SNAP_QUOTE', ltp: 812.35 });
		expect(bse).toMatchObject({ exchange: 'BSE', mode: 'SNAP_QUOTE', ltp: 812.4 });
		for (const json of [nse, bse]) {
			const depth = json.depth as { buy: Array<{ price: number; quantity: number; orders: number }>; sell: unknown[] };
			expect(depth.buy).toHaveLength(5);
			expect(depth.sell).toHaveLength(5);
			expect(depth.buy[0]).toEqual({ price: expect.any(Number), quantity: expect.any(Number), orders: expect.any(Number) });
			expect(depth.buy[0].price).toBeLessThanOrEqual(json.ltp as number);
			expect(json.timestamp).toMatch(/\+05:30$/);
			expect(json.upperCircuit as number).toBeGreaterThan(json.ltp as number);
		}
		const depth20 = nse.depth20 as { buy: unknown[]; sell: unknown[]; timestamp: string };
		expect(depth20.buy).toHaveLength(20);
		expect(depth20.sell).toHaveLength(20);
		expect(depth20.timestamp).toMatch(/\+05:30$/);
		expect(bse.depth20).toBeUndefined();
		expect(marketFeeds()[0].subscriptionCount).toBe(3);
	});
	it('builds each packet’s item once for all six triggers on the socket, and gives each workflow items of its own', async () => {
		const triggers: Array<Awaited<ReturnType<TriggerWorld['activate']>>> = [];
		for (let i = 0; i < 6; i++) {
			triggers.push(await world.activate(tickParameters('NSE:3045', { emit: 'everyTick', mode: 'snapQuote' }), { nodeName: `Watcher ${i + 1}` }));
		}
		await snapshots(1);
		await until('every trigger to get the snapshot', () => triggers.every((t) => t.emits.length >= 1));
		const feed = marketFeeds()[0];
		const before = feed.stats.normalized;

		world.sim.control.setPrice('NSE', '3045', 812.35);
		await until('all six to see the tick', () => triggers.every((t) => ltps(t, '3045').includes(812.35)));
		expect(feed.stats.normalized - before).toBe(1);

		const items = triggers.map((t) => executions(t).flat().filter((json) => json.ltp === 812.35)[0]);
		for (const item of items.slice(1)) expect(item).toEqual(items[0]);
		// One workflow changing its item (depth included) leaves the others' as they were.
		const depth = items[0].depth as { buy: Array<{ price: number }> };
		const price = depth.buy[0].price;
		depth.buy[0].price = -1;
		items[0].ltp = -1;
		expect((items[1].depth as { buy: Array<{ price: number }> }).buy[0].price).toBe(price);
		expect(items[1].ltp).toBe(812.35);
	});
});
