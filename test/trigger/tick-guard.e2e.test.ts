// Bad prices never reach a strategy: ticks of zero or less, and absurd jumps from the last accepted price, sent as
// binary packets by the simulator's feed, are dropped by the trigger running in n8n-core's engine before any
// emission strategy sees them; a real move to a new level gets through after it is confirmed.

import { executions, snapshots, startTriggerWorld, tickParameters, type TriggerWorld } from './world';

const SBIN = 'NSE:3045';

describe('Angel One Trigger: bad prices are dropped before any strategy', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld();
	});

	afterEach(async () => {
		await world.close();
	});

	const set = (rupees: number): void => world.sim.control.setPrice('NSE', '3045', rupees);
	const bad = (rupees: number): void => world.sim.control.sendBadTick('NSE', '3045', rupees);
	const crosses = (trigger: Parameters<typeof executions>[0]): unknown[][] =>
		executions(trigger).map(([json]) => [json.direction, json.ltp, json.previousPrice]);

	it('fires no level cross for a price of -1, 0 or ₹9e13, and crosses on the real prices around them', async () => {
		set(812);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'priceCross', level: 810, direction: 'either', hysteresis: 0.5, hysteresisUnit: 'rupees' }));
		await snapshots();
		bad(-1);
		bad(0);
		bad(9e13);
		set(811);
		set(809.5);
		await trigger.waitForEmits(1);
		bad(9e13);
		set(811);
		await trigger.waitForEmits(2);

		expect(crosses(trigger)).toEqual([
			['below', 809.5, 811],
			['above', 811, 809.5],
		]);
	});

	it('lets a real move to a new level through once three ticks confirm it', async () => {
		set(812);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'everyTick' }));
		await trigger.waitForEmits(1);
		bad(9e13);
		set(812.5);
		// A move to a third of the price, as after a split: held twice, taken from the third agreeing tick on.
		set(270);
		set(270.5);
		set(271);
		set(271.5);
		await trigger.waitForEmits(4);

		expect(executions(trigger).map(([json]) => json.ltp)).toEqual([812, 812.5, 271, 271.5]);
	});
});
