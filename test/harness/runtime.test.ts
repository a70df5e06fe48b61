// The runtime a node is constructed with (clock, waits, pacing, sockets) reaches the code below it through
// n8n-core's engine, which calls execute() with its own context; and one reset() gives a fresh process.

import { AngelOneSmartApi } from '../../credentials/AngelOneSmartApi.credentials';
import { AngelOne } from '../../nodes/AngelOne/AngelOne.node';
import { feedDiagnostics, processState, resetProcessState, transportStats } from '../../nodes/AngelOne/processState';
import { createRuntime, defaultRuntime, runtimeOf } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';
import { createN8nHarness } from '../support/n8n/harness';
import { placeParameters } from '../support/orders';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const SATURDAY = Date.parse('2026-11-28T11:00:00+05:30');

const place = placeParameters();

describe('the runtime a node is constructed with', () => {
	let world: AngelWorld;

	afterEach(async () => {
		await world?.close();
	});

	it('decides "now" for the executions of its own node only, while another node in the same process keeps its clock', async () => {
		world = await startWorld({ runtime: { pacing: false, now: () => MARKET_OPEN }, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
		const weekend = createRuntime({ pacing: false, now: () => SATURDAY });
		const weekendProcess = createN8nHarness({ nodeTypes: [new AngelOne(weekend)], credentialTypes: [new AngelOneSmartApi(weekend)], store: world.store });

		const onSaturday = await world.run({ parameters: place }, [{}], weekendProcess);
		const onWednesday = await world.run({ parameters: place });

		expect(onSaturday.error?.message).toMatch(/NSE is closed now/);
		expect(onWednesday.error).toBeUndefined();
		expect(onWednesday.outputOf('Angel One')[0].json).toMatchObject({ status: 'open' });
	});

	it('is moved by the test that owns it, between two executions', async () => {
		world = await startWorld({ runtime: { pacing: false, now: () => MARKET_OPEN }, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
		world.runtime.now = () => SATURDAY;

		const run = await world.run({ parameters: place });

		expect(run.error?.message).toMatch(/NSE is closed now/);
	});

	it('is the real one for a context no node shell bound (n8n constructs the node classes without one)', () => {
		expect(runtimeOf({})).toBe(defaultRuntime);
		expect(defaultRuntime.pacing).toBe(true);
		expect(createRuntime()).toEqual(defaultRuntime);
	});

	it('differs from the real one only where it was given', () => {
		const runtime = createRuntime({ pacing: false, orders: { pollIntervalsMs: [10] } });

		expect(runtime.pacing).toBe(false);
		expect(runtime.orders).toEqual({ ...defaultRuntime.orders, pollIntervalsMs: [10] });
		expect(runtime.renewalJitterMs).toBe(defaultRuntime.renewalJitterMs);
		expect(runtime.createSocket).toBe(defaultRuntime.createSocket);
	});
});

describe('the process state', () => {
	it('forgets every session renewal, limiter, refusal, placement, read, master and feed on reset, and keeps the live counts', () => {
		const key = 'A1|tag';
		processState.renewals.set(key, { done: Promise.resolve(undefined), session: Promise.resolve(undefined) });
		processState.refusedLogins.set(key, undefined as never);
		processState.limiters.set(key, undefined as never);
		processState.placedToday.set(key, { orderid: '1', uniqueorderid: 'u', day: '2026-11-25' });
		processState.placing.set(key, Promise.resolve());
		processState.orderBookReads.set(key, {});
		processState.masterCaches.set(key, undefined as never);
		processState.marketFeeds.set(key, undefined as never);
		processState.orderFeeds.set(key, undefined as never);
		const ctx = {};
		processState.recentReads.set(ctx, { at: 0, read: Promise.resolve({}) });
		processState.sessionWatchers.set(ctx, () => undefined);
		const live = { ...feedDiagnostics };

		resetProcessState();

		for (const map of [
			processState.renewals,
			processState.refusedLogins,
			processState.limiters,
			processState.placedToday,
			processState.placing,
			processState.orderBookReads,
			processState.masterCaches,
			processState.marketFeeds,
			processState.orderFeeds,
		]) {
			expect(map.size).toBe(0);
		}
		expect(processState.recentReads.has(ctx)).toBe(false);
		expect(processState.sessionWatchers.has(ctx)).toBe(false);
		expect(processState.correlationCounter).toBe(0);
		expect(transportStats).toEqual({ logins: 0, requests: 0, rateLimited: 0 });
		expect(feedDiagnostics).toEqual(live);
	});
});
