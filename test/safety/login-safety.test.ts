// Logins that cannot lock an account or storm: a credential Angel One refused is not tried again until one of its
// fields changes, and with pacing on (the production default) concurrent executions after a dead session share one login.
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';
import { CREDENTIAL_ID as TRIGGER_CREDENTIAL_ID, startTriggerWorld, tickParameters, type TriggerWorld } from '../trigger/world';

const profile = { resource: 'account', operation: 'getProfile' };

describe('logins that cannot lock an account', () => {
	let world: AngelWorld;

	afterEach(async () => {
		await world?.close();
	});

	const loginRequests = () => world.sim.control.requestCounts().loginByPassword ?? 0;

	it('sends one login for 10 executions with a wrong MPIN, and each fails with the remembered reason', async () => {
		world = await startWorld({ rateLimits: false }, { pin: '0000' });
		for (let i = 0; i < 10; i++) {
			const run = await world.run({ parameters: profile });
			expect(run.status).toBe('error');
			expect(run.error?.message).toMatch(/client code or PIN/);
		}
		expect(loginRequests()).toBe(1);
	});

	it('sends one login for 10 concurrent executions with a wrong MPIN', async () => {
		world = await startWorld({ rateLimits: false }, { pin: '0000' });
		const runs = await Promise.all(Array.from({ length: 10 }, () => world.run({ parameters: profile })));
		expect(runs.every((run) => run.status === 'error')).toBe(true);
		expect(loginRequests()).toBe(1);
	});

	it('sends one login for a wrong TOTP secret and for an unknown API key, each remembered on its own', async () => {
		const otherSecret = ['JBSW', 'Y3DP', 'EHPK', '3PXP'].join('');
		world = await startWorld({ rateLimits: false }, { totpSecret: otherSecret });
		for (let i = 0; i < 3; i++) expect((await world.run({ parameters: profile })).error?.message).toMatch(/TOTP secret/);
		expect(loginRequests()).toBe(1);
		await world.close();
		world = await startWorld({ rateLimits: false }, { apiKey: 'not-a-key' });
		for (let i = 0; i < 3; i++) expect((await world.run({ parameters: profile })).error?.message).toMatch(/API key/);
		expect(loginRequests()).toBe(1);
	});

	it('logs in again as soon as a field of the credential changes', async () => {
		world = await startWorld({ rateLimits: false }, { pin: '0000' });
		await world.run({ parameters: profile });
		await world.run({ parameters: profile });
		expect(loginRequests()).toBe(1);
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, pin: world.sim.account.pin });
		const run = await world.run({ parameters: profile });
		expect(run.error).toBeUndefined();
		expect(loginRequests()).toBe(2);
	});

	it('does not remember a failure that is not about the credential (a lost login answer)', async () => {
		world = await startWorld({ rateLimits: false });
		world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'loginByPassword' });
		const failed = await world.run({ parameters: profile });
		expect(failed.status).toBe('error');
		const run = await world.run({ parameters: profile });
		expect(run.error).toBeUndefined();
	});
});

describe('logins that cannot storm, with pacing on', () => {
	let world: AngelWorld;

	afterEach(async () => {
		await world?.close();
	});

	it('shares exactly one login between 20 concurrent executions after the session died', async () => {
		world = await startWorld({});
		expect(world.runtime.pacing).toBe(true);
		await world.run({ parameters: profile });
		world.sim.control.invalidateSessions();
		const runs = await Promise.all(Array.from({ length: 20 }, () => world.run({ parameters: profile })));
		for (const run of runs) {
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json.clientCode).toBe(world.sim.account.clientCode);
		}
		expect(world.sim.control.logins()[world.sim.account.clientCode]).toBe(2);
		expect(world.sim.control.requestCounts().loginByPassword).toBe(2);
	}, 60_000);

	it('shares exactly one login between 20 concurrent executions whose stored session is from an earlier day', async () => {
		world = await startWorld({});
		await world.run({ parameters: profile });
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, sessionDay: '2020-01-01' });
		const runs = await Promise.all(Array.from({ length: 20 }, () => world.run({ parameters: profile })));
		expect(runs.every((run) => run.error === undefined)).toBe(true);
		expect(world.sim.control.logins()[world.sim.account.clientCode]).toBe(2);
		expect(world.sim.control.requestCounts().loginByPassword).toBe(2);
	}, 60_000);
});

describe('a refused credential in trigger activations', () => {
	let world: TriggerWorld;

	afterEach(async () => {
		await world?.close();
	});

	it('sends one login for three activations with a wrong MPIN, each failing with the remembered reason', async () => {
		world = await startTriggerWorld({ rateLimits: false });
		const stored = world.store.get(TRIGGER_CREDENTIAL_ID).data;
		world.store.write(TRIGGER_CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, pin: '0000' });
		for (let i = 0; i < 3; i++) {
			const failure = await world
				.activate(tickParameters('NSE:3045', { emit: 'everyTick' }), { mode: 'manual' })
				.then(async (trigger) => await trigger.runManualTest())
				.then(
					() => undefined,
					(error: unknown) => error as Error,
				);
			expect(failure?.message).toMatch(/client code or PIN/);
		}
		expect(world.sim.control.requestCounts().loginByPassword).toBe(1);
	});
});
