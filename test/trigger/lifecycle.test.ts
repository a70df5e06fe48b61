// The trigger's n8n lifecycle: "listen for test event" (first tick, preview shapes, timeout message) and the
// market-hours option (idle before the session, connect at the open, disconnect at the close).

import type { NodeOperationError } from 'n8n-workflow';

import { defaultEnvironment } from '../../nodes/AngelOne/feed/connection';
import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import { NOTHING_LEFT, delay, leftovers, serverConnections, startTriggerWorld, tickParameters, until, type TriggerWorld } from './world';

/** The feed's clock runs at real speed from an IST wall-clock instant, so sessions open and close on cue. */
function feedClockFrom(world: TriggerWorld, istInstant: number): void {
	const offset = istInstant - Date.now();
	world.runtime.now = () => Date.now() + offset;
}

describe('Angel One Trigger: test runs and market hours', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld();
	});

	afterEach(async () => {
		await world.close();
	});

	it('resolves a test run with the first tick, even with market hours on, and closes the socket afterwards', async () => {
		const price = world.sim.control.price('NSE', '3045');
		const trigger = await world.activate(
			tickParameters('NSE:3045', { emit: 'throttle', throttleMs: 1000 }, { options: { marketHours: true, testTimeoutSeconds: 10 } }),
			{ mode: 'manual' },
		);

		const [[item]] = await trigger.runManualTest();

		expect(item.json).toMatchObject({ event: 'tick', token: '3045', tradingSymbol: 'SBIN-EQ', ltp: price });
		await until('the socket to close', () => serverConnections(world).market === 0);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});

	it('shows a test run the item shape of a strategy that would wait, marked as a preview', async () => {
		const price = world.sim.control.price('NSE', '3045');
		const trigger = await world.activate(tickParameters('NSE:3045', { emit: 'candle', candleMinutes: 5 }), { mode: 'manual' });

		const [[item]] = await trigger.runManualTest();

		expect(item.json).toMatchObject({
			event: 'candle',
			token: '3045',
			interval: '5m',
			open: price,
			high: price,
			low: price,
			close: price,
			ticks: 1,
			partial: true,
			preview: true,
		});
	});

	it('ends a test run that receives nothing with a message explaining market hours', async () => {
		// A feed that delivers no binary frames at all.
		world.runtime.createSocket = (url, headers, handlers) =>
			defaultEnvironment.createSocket(url, headers, {
				...handlers,
				message: (data) => (typeof data === 'string' ? handlers.message(data) : undefined),
			});
		const trigger = await world.activate(
			tickParameters('NSE:3045', { emit: 'everyTick' }, { options: { testTimeoutSeconds: 1, watchdogSeconds: 30 } }),
			{ mode: 'manual' },
		);

		const error = (await trigger.runManualTest().then(
			() => undefined,
			(reason: unknown) => reason,
		)) as NodeOperationError;

		expect(error.message).toBe('No tick arrived within 1 seconds');
		expect(error.description).toMatch(/only applies to test runs/);
		expect(error.description).toMatch(/09:15–15:30 IST|market is open/);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});

	it('ends a test run at once with a clear error when Angel One refuses the connection even after renewing the session', async () => {
		await world.close();
		world = await startTriggerWorld({ maxConnections: 0 });
		const trigger = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }), { mode: 'manual' });

		await expect(trigger.runManualTest()).rejects.toThrow('Angel One refuses the connection, also with a renewed session');
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});

	it('idles before the exchange opens and connects at 09:15 IST', async () => {
		feedClockFrom(world, fromIst(2026, 11, 25, 9, 14, 59) - 500);
		const trigger = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }, { options: { marketHours: true, watchdogSeconds: 30 } }));
		await delay(200);
		expect(serverConnections(world).market).toBe(0);
		expect(leftovers().sockets).toBe(0);

		await trigger.waitForEmits(1, 5000);
		expect(serverConnections(world).market).toBe(1);
	});

	it('disconnects at 15:30 IST when the session closes, without deactivating', async () => {
		feedClockFrom(world, fromIst(2026, 11, 25, 15, 29, 59) - 500);
		const trigger = await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }, { options: { marketHours: true, watchdogSeconds: 30 } }));
		await trigger.waitForEmits(1);
		expect(serverConnections(world).market).toBe(1);

		await until('the socket to close at the close', () => serverConnections(world).market === 0, 5000);
		expect(leftovers()).toMatchObject({ sockets: 0, marketFeeds: 1 });
		expect(trigger.errors).toEqual([]);
		expect(trigger.closeCount).toBe(0);
	});

	it('stays idle over a weekend', async () => {
		feedClockFrom(world, fromIst(2026, 11, 28, 11, 0));
		await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }, { options: { marketHours: true } }));
		await delay(300);
		expect(serverConnections(world).market).toBe(0);
		expect(leftovers()).toMatchObject({ sockets: 0, marketFeeds: 1 });
	});
});
