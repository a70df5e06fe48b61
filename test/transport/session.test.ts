import { transportStats } from '../../nodes/AngelOne/processState';
import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';

const profile = { resource: 'account', operation: 'getProfile' };

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe('one session per account per day', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
	});

	afterEach(async () => {
		await world.close();
	});

	const logins = () => world.sim.control.logins()[world.sim.account.clientCode] ?? 0;

	it('logs in once for 1,000 sequential calls and persists the session in the credential store', async () => {
		const run = await world.run({ parameters: profile }, Array.from({ length: 1000 }, () => ({})));
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')).toHaveLength(1000);
		expect(run.outputOf('Angel One')[999].json.clientCode).toBe(world.sim.account.clientCode);
		expect(logins()).toBe(1);
		const stored = world.store.get(CREDENTIAL_ID).data;
		expect(stored.jwtToken).toEqual(expect.any(String));
		expect(String(stored.jwtToken).length).toBeGreaterThan(20);
		expect(stored.feedToken).toEqual(expect.any(String));
	});

	it('reuses the stored session in a second execution and in a second n8n process', async () => {
		await world.run({ parameters: profile });
		await world.run({ parameters: profile });
		await world.run({ parameters: profile }, [{}], world.process());
		expect(logins()).toBe(1);
	});

	it('logs in exactly once more after the simulator clock passes midnight IST', async () => {
		world.sim.control.setClock('2026-11-25T23:59:00+05:30');
		await world.run({ parameters: profile }, [{}, {}, {}]);
		expect(logins()).toBe(1);
		world.sim.control.setClock('2026-11-26T00:00:30+05:30');
		const run = await world.run({ parameters: profile }, Array.from({ length: 50 }, () => ({})));
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')).toHaveLength(50);
		expect(logins()).toBe(2);
	});

	it('renews a stored session from an earlier IST day before using it', async () => {
		await world.run({ parameters: profile });
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, sessionDay: '2020-01-01' });
		const before = world.sim.control.requestCounts().getProfile ?? 0;
		await world.run({ parameters: profile });
		expect(logins()).toBe(2);
		// The renewal rides on the request itself: one getProfile, not a failed one plus a retry.
		expect((world.sim.control.requestCounts().getProfile ?? 0) - before).toBe(1);
		expect(world.store.get(CREDENTIAL_ID).data.sessionDay).not.toBe('2020-01-01');
	});

	it('shares one login between 20 concurrent executions after every session was invalidated', async () => {
		await world.run({ parameters: profile });
		world.sim.control.invalidateSessions();
		const runs = await Promise.all(Array.from({ length: 20 }, () => world.run({ parameters: profile })));
		for (const run of runs) {
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json.clientCode).toBe(world.sim.account.clientCode);
		}
		expect(logins()).toBe(2);
	});

	it('converges without a login storm in single-session mode with two n8n processes', async () => {
		await world.close();
		world = await startWorld({ runtime, rateLimits: false, singleSession: true });
		const main = world.n8n;
		const worker = world.process();
		await world.run({ parameters: profile }, [{}], main);
		world.sim.control.invalidateSessions();
		const runs = await Promise.all(
			Array.from({ length: 20 }, (_, i) => world.run({ parameters: profile }, [{}], i % 2 ? main : worker)),
		);
		expect(runs.every((run) => run.error === undefined)).toBe(true);
		// Each process may renew once; the second sees the first one's session or renews and is then followed.
		expect(logins()).toBeLessThanOrEqual(3);
		const after = logins();
		await Promise.all(Array.from({ length: 10 }, (_, i) => world.run({ parameters: profile }, [{}], i % 2 ? main : worker)));
		expect(logins()).toBe(after);
	});

	it('counts one transport login per renewal', async () => {
		const before = transportStats.logins;
		await world.run({ parameters: profile }, [{}, {}]);
		expect(transportStats.logins - before).toBe(1);
	});
});
