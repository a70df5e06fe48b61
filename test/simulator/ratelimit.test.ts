// Rate limits: the pure sliding-window limiter, and the simulator answering HTTP 403 plain text per protocol §4
// (place/modify/cancel sharing 9/s, logins 1/s, minute windows), all on a frozen clock.

import { createClock } from '../../simulator/clock';
import { RateLimiter } from '../../simulator/ratelimit';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { call, ist, login, LOGIN_PATH, SECURE, totpAt } from './sim-client';

describe('sliding-window rate limiter', () => {
	it('admits up to the per-second limit within one second and again once the window slides', () => {
		let now = 1_000_000;
		const limiter = new RateLimiter({ quote: { perSecond: 3 } }, () => now);
		expect([1, 2, 3, 4].map(() => limiter.take('A1', 'quote'))).toEqual([true, true, true, false]);
		now += 999;
		expect(limiter.take('A1', 'quote')).toBe(false);
		now += 1;
		expect(limiter.take('A1', 'quote')).toBe(true);
	});

	it('counts each client separately', () => {
		const limiter = new RateLimiter({ quote: { perSecond: 1 } }, () => 5);
		expect(limiter.take('A1', 'quote')).toBe(true);
		expect(limiter.take('B2', 'quote')).toBe(true);
		expect(limiter.take('A1', 'quote')).toBe(false);
	});

	it('applies minute and hour caps on top of the per-second cap', () => {
		let now = 0;
		const limiter = new RateLimiter({ candles: { perSecond: 3, perMinute: 5, perHour: 7 } }, () => now);
		const admitted = (): number => [1, 2, 3, 4].filter(() => limiter.take('A1', 'candles')).length;
		expect(admitted()).toBe(3);
		now += 1000;
		expect(admitted()).toBe(2); // minute cap of 5 reached
		now += 60_000;
		expect(admitted()).toBe(2); // hour cap of 7 reached
		now += 3_600_000;
		expect(admitted()).toBe(3);
	});

	it('shares one budget between endpoints naming the same bucket', () => {
		const limiter = new RateLimiter({ a: { perSecond: 2, bucket: 'x' }, b: { perSecond: 2, bucket: 'x' } }, () => 0);
		expect([limiter.take('A1', 'a'), limiter.take('A1', 'b'), limiter.take('A1', 'a'), limiter.take('A1', 'b')]).toEqual([true, true, false, false]);
	});

	it('does not count refused requests, and forgets requests stamped in the future after the clock moved back', () => {
		let now = 10_000;
		const limiter = new RateLimiter({ a: { perSecond: 1 } }, () => now);
		expect(limiter.take('A1', 'a')).toBe(true);
		expect(limiter.take('A1', 'a')).toBe(false);
		now = 5_000;
		expect(limiter.take('A1', 'a')).toBe(true);
	});

	it('leaves endpoints without a rule unlimited', () => {
		const limiter = new RateLimiter({}, () => 0);
		expect(Array.from({ length: 50 }, () => limiter.take('A1', 'getOIData')).every(Boolean)).toBe(true);
	});
});

describe('simulator rate limits', () => {
	let sim: RunningSimulator;
	const clock = createClock();

	beforeEach(async () => {
		clock.freeze(ist(2026, 1, 7, 10, 30));
		sim = await startSimulator({ seed: 5, clock, masterSize: 2000, autoTick: false });
	});
	afterEach(() => sim.close());

	const order = { variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE', transactiontype: 'BUY', ordertype: 'LIMIT', producttype: 'INTRADAY', duration: 'DAY', price: '790', quantity: '1' };

	it('answers the 10th order call within a second with 403 plain text, place, modify and cancel counting together', async () => {
		const tokens = await login(sim);
		const post = (path: string, body: Record<string, unknown>) => call(sim, 'POST', `${SECURE}/order/v1/${path}`, { body, jwt: tokens.jwtToken });
		const first = await post('placeOrder', order);
		const orderid = (first.json?.data as { orderid: string }).orderid;
		for (let i = 0; i < 4; i++) expect((await post('placeOrder', order)).status).toBe(200);
		for (let i = 0; i < 3; i++) expect((await post('modifyOrder', { ...order, orderid, price: String(791 + i) })).json?.status).toBe(true);
		expect((await post('cancelOrder', { variety: 'NORMAL', orderid })).json?.status).toBe(true);
		const tenth = await post('cancelOrder', { variety: 'NORMAL', orderid });
		expect(tenth.status).toBe(403);
		expect(tenth.contentType).toMatch(/^text\/plain/);
		expect(tenth.text).toBe('Access denied because of exceeding access rate');
		// Other endpoints have their own budgets.
		expect((await call(sim, 'GET', `${SECURE}/order/v1/getOrderBook`, { jwt: tokens.jwtToken })).status).toBe(200);
		clock.advance(1000);
		expect((await post('placeOrder', order)).status).toBe(200);
	});

	it('limits logins to one per second per client code, counted before the credentials are checked', async () => {
		const body = { clientcode: sim.account.clientCode, password: '0000', totp: '000000' };
		expect((await call(sim, 'POST', LOGIN_PATH, { body })).status).toBe(200);
		const second = await call(sim, 'POST', LOGIN_PATH, { body: { ...body, password: sim.account.pin, totp: totpAt(sim) } });
		expect(second.status).toBe(403);
		clock.advance(1000);
		expect((await call(sim, 'POST', LOGIN_PATH, { body: { ...body, password: sim.account.pin, totp: totpAt(sim) } })).json?.status).toBe(true);
	});

	it('applies a configured per-minute window on the simulator clock', async () => {
		await sim.close();
		sim = await startSimulator({ seed: 5, clock, masterSize: 2000, autoTick: false, rateLimits: { getOrderBook: { perMinute: 2 } } });
		const tokens = await login(sim);
		const book = () => call(sim, 'GET', `${SECURE}/order/v1/getOrderBook`, { jwt: tokens.jwtToken });
		expect((await book()).status).toBe(200);
		expect((await book()).status).toBe(200);
		clock.advance(59_000);
		expect((await book()).status).toBe(403);
		clock.advance(1_000);
		expect((await book()).status).toBe(200);
	});

	it('can be switched off', async () => {
		await sim.close();
		sim = await startSimulator({ seed: 5, clock, masterSize: 2000, autoTick: false, rateLimits: false });
		const tokens = await login(sim);
		const statuses = [];
		for (let i = 0; i < 5; i++) statuses.push((await call(sim, 'GET', `${SECURE}/order/v1/getOrderBook`, { jwt: tokens.jwtToken })).status);
		expect(statuses).toEqual([200, 200, 200, 200, 200]);
	});
});
