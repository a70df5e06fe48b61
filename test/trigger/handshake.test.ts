// The trigger's sockets under both handshake variants of the simulator (issue 12, item 10): live evidently
// accepts loose x-api-key / x-client-code headers, but the trigger sends the right ones, so it streams ticks and
// order updates whether the server checks them or not.

import { orderFeeds } from '../../nodes/AngelOne/feed/orderUpdates';
import { FAST_OPTIONS, executions, placeSbin, startTriggerWorld, tickParameters, until, type TriggerWorld } from './world';

describe.each([false, true])('Angel One Trigger with strictHandshake %s', (strictHandshake) => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld({ variants: { strictHandshake } });
		world.sim.control.setPrice('NSE', '3045', 814);
	});

	afterEach(async () => {
		await world.close();
	});

	it('streams market ticks', async () => {
		const trigger = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }));
		await trigger.waitForEmits(1);
		world.sim.control.setPrice('NSE', '3045', 815.5);
		await until('the new price', () => executions(trigger).flat().some((json) => json.ltp === 815.5));
		expect(trigger.errors).toEqual([]);
	});

	it('streams order updates', async () => {
		const trigger = await world.activate({ event: 'orderUpdates', statuses: ['any'], options: { ...FAST_OPTIONS } });
		await until('the order-book baseline', () => (orderFeeds()[0]?.stats.books ?? 0) >= 1);
		const order = await placeSbin(world, 'BUY', 1, 780);
		await trigger.waitForEmits(2);
		expect(executions(trigger).flat().map((json) => [json.orderId, json.statusCode])).toEqual([
			[order, 'AB09'],
			[order, 'AB01'],
		]);
	});
});
