// Every emission strategy end to end: prices set through the simulator's control API travel as binary packets over
// /smart-stream, through the trigger running in n8n-core's engine, and come out as exactly the expected executions.

import type { IDataObject } from 'n8n-workflow';

import { executions, snapshots, startTriggerWorld, tickParameters, until, type TriggerWorld } from './world';

const SBIN = 'NSE:3045';
const RELIANCE = 'NSE:2885';

function ltps(runs: IDataObject[][]): number[][] {
	return runs.map((items) => items.map((json) => json.ltp as number));
}

describe('Angel One Trigger: emission strategies over the live socket', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld();
	});

	afterEach(async () => {
		await world.close();
	});

	const set = (instrument: string, rupees: number): void => {
		const [exchange, token] = instrument.split(':');
		world.sim.control.setPrice(exchange, token, rupees);
	};
	const price = (instrument: string): number => {
		const [exchange, token] = instrument.split(':');
		return world.sim.control.price(exchange, token);
	};

	it('emits every tick as its own execution, starting with the subscription snapshot', async () => {
		const snapshot = price(SBIN);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'everyTick' }));
		await trigger.waitForEmits(1);

		set(SBIN, 800.05);
		set(SBIN, 801.1);
		set(SBIN, 799.95);
		await trigger.waitForEmits(4);

		expect(ltps(executions(trigger))).toEqual([[snapshot], [800.05], [801.1], [799.95]]);
		expect(executions(trigger)[1][0]).toMatchObject({ event: 'tick', exchange: 'NSE', tradingSymbol: 'SBIN-EQ', token: '3045', mode: 'LTP' });
	});

	it('throttles to one execution per window per instrument, the latest tick of the window winning', async () => {
		const snapshot = price(SBIN);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'throttle', throttleMs: 1000 }));
		await trigger.waitForEmits(1);

		// Inside the window opened by the snapshot: held, and only the last one goes out when it ends.
		set(SBIN, 810.5);
		set(SBIN, 811.25);
		set(SBIN, 812);
		await trigger.waitForEmits(2);

		expect(ltps(executions(trigger))).toEqual([[snapshot], [812]]);
	});

	it('batches each instrument’s latest tick of the period into one execution', async () => {
		const trigger = await world.activate(tickParameters(`${SBIN}, ${RELIANCE}`, { emit: 'batch', batchSeconds: 2 }));
		// The snapshots fill the first period(s); right after a batch went out a fresh period has begun.
		await until('both snapshots batched', () => executions(trigger).flat().length === 2);
		const before = trigger.emits.length;

		set(SBIN, 805.5);
		set(RELIANCE, 1420.1);
		set(SBIN, 806.75);
		await trigger.waitForEmits(before + 1);

		const last = executions(trigger)[before];
		expect(last.map((json) => [json.token, json.ltp])).toEqual([
			['3045', 806.75],
			['2885', 1420.1],
		]);
	});

	it('emits on change when the price moved at least ₹5 from the last emitted tick', async () => {
		const snapshot = price(SBIN);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'onChange', minChangePercent: 0, minChangeRupees: 5 }));
		await trigger.waitForEmits(1);

		for (const rupees of [snapshot + 1.85, snapshot + 5.05, snapshot + 0.85, snapshot + 0.05, snapshot + 3.85]) set(SBIN, rupees);
		await trigger.waitForEmits(3);
		set(SBIN, snapshot - 5);
		await trigger.waitForEmits(4);

		const runs = executions(trigger);
		expect(runs.map((items) => items.length)).toEqual([1, 1, 1, 1]);
		expect(runs.map(([json]) => [json.ltp, json.previousPrice, json.change, json.baseline])).toEqual([
			[snapshot, snapshot, 0, true],
			[round(snapshot + 5.05), snapshot, 5.05, false],
			[round(snapshot + 0.05), round(snapshot + 5.05), -5, false],
			[round(snapshot - 5), round(snapshot + 0.05), -5.05, false],
		]);
	});

	it('emits a level cross once, and again only after the price retreated past the re-arm distance', async () => {
		set(SBIN, 812);
		const trigger = await world.activate(
			tickParameters(SBIN, { emit: 'priceCross', level: 820, direction: 'above', hysteresis: 2, hysteresisUnit: 'rupees' }),
		);
		// The snapshot (812, below the level) only arms the rise.
		await snapshots();
		for (const rupees of [819, 820.5, 821, 819, 820.1, 817.5, 820]) set(SBIN, rupees);
		await trigger.waitForEmits(2);
		set(SBIN, 830);
		set(SBIN, 817.95);
		set(SBIN, 822);
		await trigger.waitForEmits(3);

		expect(executions(trigger).map(([json]) => [json.event, json.ltp, json.direction, json.level, json.previousPrice])).toEqual([
			['cross', 820.5, 'above', 820, 819],
			['cross', 820, 'above', 820, 817.5],
			['cross', 822, 'above', 820, 817.95],
		]);
	});

	it('builds one-minute OHLCV bars from ticks and emits each when it closes', async () => {
		// The snapshot is an old trade (its bar closed long ago), so it opens no bar.
		world.sim.control.clock.freeze(Date.now() - 10 * 60_000);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'candle', candleMinutes: 1, mode: 'quote' }));
		// The snapshot's arrival shows the server has the subscription, so the ticks below are streamed live.
		await snapshots();

		// Bars in the near future: cut by exchange time, closed by the first tick of the next bar.
		const bar = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
		const at = (ms: number, rupees: number): void => {
			world.sim.control.clock.freeze(bar + ms);
			set(SBIN, rupees);
		};
		at(1_000, 810);
		at(10_000, 815);
		at(20_000, 805.05);
		at(50_000, 812);
		at(61_000, 813);
		await trigger.waitForEmits(1);
		at(70_000, 811);
		at(125_000, 809);
		await trigger.waitForEmits(2);

		expect(executions(trigger)).toEqual([
			[expect.objectContaining({ event: 'candle', token: '3045', interval: '1m', startMs: bar, open: 810, high: 815, low: 805.05, close: 812, volume: 3, ticks: 4, partial: true })],
			[expect.objectContaining({ event: 'candle', token: '3045', interval: '1m', startMs: bar + 60_000, open: 813, high: 813, low: 811, close: 811, volume: 2, ticks: 2, partial: false })],
		]);
		expect(executions(trigger)[0][0].start).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000\+05:30$/);
	});

	it('says a candle built from LTP ticks has no volume, instead of reporting 0 traded', async () => {
		world.sim.control.clock.freeze(Date.now() - 10 * 60_000);
		const trigger = await world.activate(tickParameters(SBIN, { emit: 'candle', candleMinutes: 1, mode: 'ltp' }));
		await snapshots();
		const bar = Math.ceil(Date.now() / 60_000) * 60_000 + 60_000;
		const at = (ms: number, rupees: number): void => {
			world.sim.control.clock.freeze(bar + ms);
			set(SBIN, rupees);
		};
		at(1_000, 810);
		at(30_000, 812);
		at(61_000, 813);
		await trigger.waitForEmits(1);

		const [[candle]] = executions(trigger);
		expect(candle).toEqual(expect.objectContaining({ event: 'candle', open: 810, close: 812, ticks: 2, volume: null }));
		expect(candle.volumeNote).toBe('LTP mode carries no volume: choose Quote or Snap Quote for candle volume');
	});
});

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
