// Simulator authentication and envelopes: login checks and their error codes, token lifetime on the
// simulator clock, refresh, logout, single-session mode, required headers.

import { createClock } from '../../simulator/clock';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { call, ist, login, LOGIN_PATH, SECURE, totpAt } from './sim-client';

const PROFILE = `${SECURE}/user/v1/getProfile`;

describe('simulator authentication', () => {
	let sim: RunningSimulator;
	const clock = createClock();

	beforeAll(async () => {
		// Frozen on a Wednesday afternoon in IST so TOTP steps and session boundaries are exact.
		clock.freeze(ist(2026, 1, 7, 14, 0));
		sim = await startSimulator({ seed: 7, clock, masterSize: 2000, autoTick: false, rateLimits: false, totpClock: 'simulator' });
	});
	afterAll(() => sim.close());

	async function loginWith(body: Record<string, unknown>, headers?: Record<string, string>) {
		return call(sim, 'POST', LOGIN_PATH, { body, headers });
	}

	const good = (): Record<string, unknown> => ({ clientcode: sim.account.clientCode, password: sim.account.pin, totp: totpAt(sim, 0, clock.now()) });

	it('logs in with client code, MPIN and a current TOTP and returns JWT-shaped tokens', async () => {
		const response = await loginWith(good());
		expect(response.status).toBe(200);
		expect(response.json).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
		const data = response.json?.data as Record<string, string>;
		expect(data.state).toBe('live');
		for (const token of [data.jwtToken, data.refreshToken, data.feedToken]) {
			expect(token.startsWith('eyJhbGciOiJIUzUxMiJ9.')).toBe(true);
			expect(token.split('.')).toHaveLength(3);
		}
		const payload = JSON.parse(Buffer.from(data.jwtToken.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
		expect(payload).toMatchObject({ username: sim.account.clientCode, usertype: 'USER', roles: 0 });
		expect(typeof payload.token).toBe('string');
	});

	it('echoes a state sent at login', async () => {
		const response = await loginWith({ ...good(), state: 'abc123' });
		expect((response.json?.data as Record<string, string>).state).toBe('abc123');
	});

	it('accepts the TOTP of the previous and next 30-second step but not two steps away', async () => {
		expect((await loginWith({ ...good(), totp: totpAt(sim, -1, clock.now()) })).json?.status).toBe(true);
		expect((await loginWith({ ...good(), totp: totpAt(sim, 1, clock.now()) })).json?.status).toBe(true);
		const stale = await loginWith({ ...good(), totp: totpAt(sim, -2, clock.now()) });
		expect(stale.json).toEqual({ status: false, message: 'Invalid totp', errorcode: 'AB1050', data: null });
	});

	it('answers AB1034 for an unknown API key', async () => {
		const response = await loginWith(good(), { 'X-PrivateKey': 'nosuchkey' });
		expect(response.json).toEqual({ status: false, message: 'Apps not found', errorcode: 'AB1034', data: null });
	});

	it('answers AB7001 when a web password is sent instead of the 4-digit MPIN', async () => {
		const response = await loginWith({ ...good(), password: 'Secret@123' });
		expect(response.json?.errorcode).toBe('AB7001');
		expect(response.json?.message).toBe('LoginbyPassword is not allowed. Please switch to Login by MPIN now.');
	});

	it('answers AB1007 for a wrong MPIN and for an unknown client code', async () => {
		const wrongPin = String((Number(sim.account.pin) + 1) % 10000).padStart(4, '0');
		expect((await loginWith({ ...good(), password: wrongPin })).json?.errorcode).toBe('AB1007');
		expect((await loginWith({ ...good(), clientcode: 'Z999999' })).json?.errorcode).toBe('AB1007');
	});

	it('answers AB1005 when X-UserType is not USER', async () => {
		const response = await loginWith(good(), { 'X-UserType': 'ADMIN' });
		expect(response.json).toEqual({ status: false, message: 'User Type Must Be USER', errorcode: 'AB1005', data: null });
	});

	it('checks TOTP codes against the wall clock by default, however far the simulator clock was moved', async () => {
		const wall = await startSimulator({ seed: 7, clock: ist(2030, 6, 3, 10, 0), masterSize: 2000, autoTick: false, rateLimits: false });
		try {
			const response = await call(wall, 'POST', LOGIN_PATH, { body: { clientcode: wall.account.clientCode, password: wall.account.pin, totp: totpAt(wall) } });
			expect(response.json?.status).toBe(true);
			const simulated = await call(wall, 'POST', LOGIN_PATH, { body: { clientcode: wall.account.clientCode, password: wall.account.pin, totp: totpAt(wall, 0, wall.control.clock.now()) } });
			expect(simulated.json?.errorcode).toBe('AB1050');
		} finally {
			await wall.close();
		}
	});

	it('accepts requests without the client IP and MAC headers', async () => {
		const response = await call(sim, 'POST', LOGIN_PATH, { body: good(), omit: ['X-ClientLocalIP', 'X-ClientPublicIP', 'X-MACAddress'] });
		expect(response.json?.status).toBe(true);
	});

	it('rejects a POST without a JSON content type', async () => {
		const response = await loginWith(good(), { 'Content-Type': 'text/plain' });
		expect(response.json?.errorcode).toBe('AB1004');
	});

	it('answers AG8003 in the gateway envelope when the token is missing', async () => {
		const response = await call(sim, 'GET', PROFILE);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ success: false, message: 'Token missing', errorCode: 'AG8003', data: '' });
	});

	it('answers AG8001 for a token it never issued', async () => {
		const response = await call(sim, 'GET', PROFILE, { jwt: 'eyJhbGciOiJIUzUxMiJ9.e30.bogus' });
		expect(response.json).toEqual({ success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' });
	});

	it('returns the live-style profile with array exchanges and products', async () => {
		const tokens = await login(sim, clock.now());
		const response = await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken });
		expect(response.json?.status).toBe(true);
		const data = response.json?.data as Record<string, unknown>;
		expect(data.clientcode).toBe(sim.account.clientCode);
		expect(data.exchanges).toEqual(expect.arrayContaining(['nse_cm', 'nse_fo', 'bse_cm', 'mcx_fo', 'cde_fo']));
		expect(Array.isArray(data.products)).toBe(true);
	});

	it('ignores a JSON body and query-string junk on GET, as the SDKs send them', async () => {
		const tokens = await login(sim, clock.now());
		const response = await fetch(`${sim.baseUrl}${PROFILE}?{"refreshToken":"x"}`, {
			method: 'GET',
			headers: { Accept: 'application/json', 'X-UserType': 'USER', 'X-SourceID': 'WEB', 'X-PrivateKey': sim.account.apiKey, Authorization: `Bearer ${tokens.jwtToken}` },
		});
		expect(((await response.json()) as Record<string, unknown>).status).toBe(true);
	});

	it('refreshes tokens with generateTokens; the old JWT keeps working by default, and the refresh token is used up', async () => {
		const tokens = await login(sim, clock.now());
		const response = await call(sim, 'POST', '/rest/auth/angelbroking/jwt/v1/generateTokens', { body: { refreshToken: tokens.refreshToken }, jwt: tokens.jwtToken });
		const fresh = response.json?.data as Record<string, string>;
		expect(fresh.jwtToken).not.toBe(tokens.jwtToken);
		expect((await call(sim, 'GET', PROFILE, { jwt: fresh.jwtToken })).json?.status).toBe(true);
		expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.status).toBe(true);
		const reused = await call(sim, 'POST', '/rest/auth/angelbroking/jwt/v1/generateTokens', { body: { refreshToken: tokens.refreshToken } });
		expect(reused.json?.errorcode).toBe('AB8050');
	});

	it('refreshes tokens with generateTokens, after which the old JWT is dead, with variant refreshRevokes', async () => {
		sim.control.setVariants({ refreshRevokes: true });
		const tokens = await login(sim, clock.now());
		const response = await call(sim, 'POST', '/rest/auth/angelbroking/jwt/v1/generateTokens', { body: { refreshToken: tokens.refreshToken }, jwt: tokens.jwtToken });
		const fresh = response.json?.data as Record<string, string>;
		expect(fresh.jwtToken).not.toBe(tokens.jwtToken);
		expect((await call(sim, 'GET', PROFILE, { jwt: fresh.jwtToken })).json?.status).toBe(true);
		expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.errorCode).toBe('AG8001');
		const reused = await call(sim, 'POST', '/rest/auth/angelbroking/jwt/v1/generateTokens', { body: { refreshToken: tokens.refreshToken } });
		expect(reused.json?.errorcode).toBe('AB8050');
		sim.control.setVariants({ refreshRevokes: false });
	});

	it('logout invalidates the session', async () => {
		const tokens = await login(sim, clock.now());
		const out = await call(sim, 'POST', `${SECURE}/user/v1/logout`, { body: { clientcode: sim.account.clientCode }, jwt: tokens.jwtToken });
		expect(out.json).toEqual({ status: true, message: 'SUCCESS', errorcode: '', data: '' });
		expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.errorCode).toBe('AG8001');
	});

	it('counts logins per client code', async () => {
		sim.control.resetCounts();
		await login(sim, clock.now());
		await login(sim, clock.now());
		expect(sim.control.logins()).toEqual({ [sim.account.clientCode]: 2 });
		expect(sim.control.requestCounts().loginByPassword).toBe(2);
	});

	it('keeps secrets out of the request log', async () => {
		sim.control.resetCounts();
		const tokens = await login(sim, clock.now());
		await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken });
		const logged = sim.control.requests();
		expect(logged[0].body).toMatchObject({ clientcode: sim.account.clientCode, password: '[redacted]' });
		expect(JSON.stringify(logged)).not.toContain(tokens.jwtToken);
		expect(sim.control.requests().map((r) => r.endpoint)).toEqual(['loginByPassword', 'getProfile']);
	});
});

describe('simulator session boundary', () => {
	it('keeps a token valid until midnight IST and answers AG8001 after it', async () => {
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 23, 50));
		const sim = await startSimulator({ clock, masterSize: 2000, autoTick: false, rateLimits: false });
		try {
			const tokens = await login(sim);
			clock.advance(9 * 60_000);
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.status).toBe(true);
			clock.advance(60_000);
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json).toEqual({ success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' });
		} finally {
			await sim.close();
		}
	});

	it('with the 05:00 boundary a token from the evening survives midnight and dies at 05:00 IST', async () => {
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 20, 0));
		const sim = await startSimulator({ clock, sessionBoundary: '05:00-ist', masterSize: 2000, autoTick: false, rateLimits: false });
		try {
			const tokens = await login(sim);
			clock.set(ist(2026, 1, 8, 4, 59));
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.status).toBe(true);
			clock.set(ist(2026, 1, 8, 5, 0));
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.errorCode).toBe('AG8001');
		} finally {
			await sim.close();
		}
	});

	it('with a fixed lifetime a token dies after that many milliseconds', async () => {
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 10, 0));
		const sim = await startSimulator({ clock, sessionBoundary: { afterMs: 60_000 }, masterSize: 2000, autoTick: false, rateLimits: false });
		try {
			const tokens = await login(sim);
			clock.advance(59_999);
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.status).toBe(true);
			clock.advance(1);
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.errorCode).toBe('AG8001');
		} finally {
			await sim.close();
		}
	});

	it('in single-session mode a new login kills the older token; by default both live', async () => {
		for (const singleSession of [true, false]) {
			const clock = createClock();
			clock.freeze(ist(2026, 1, 7, 10, 0));
			const sim = await startSimulator({ clock, singleSession, masterSize: 2000, autoTick: false, rateLimits: false });
			try {
				const first = await login(sim);
				const second = await login(sim);
				expect((await call(sim, 'GET', PROFILE, { jwt: second.jwtToken })).json?.status).toBe(true);
				const old = await call(sim, 'GET', PROFILE, { jwt: first.jwtToken });
				expect(old.json?.errorCode === 'AG8001').toBe(singleSession);
			} finally {
				await sim.close();
			}
		}
	});

	it('invalidating sessions from control kills every token', async () => {
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 10, 0));
		const sim = await startSimulator({ clock, masterSize: 2000, autoTick: false, rateLimits: false });
		try {
			const tokens = await login(sim);
			const response = await fetch(`${sim.baseUrl}/__sim/sessions/invalidate`, { method: 'POST', body: '{}' });
			expect(((await response.json()) as Record<string, unknown>).invalidated).toBe(1);
			expect((await call(sim, 'GET', PROFILE, { jwt: tokens.jwtToken })).json?.errorCode).toBe('AG8001');
		} finally {
			await sim.close();
		}
	});
});
