// Injected faults: rate-limit text, server error, WAF page, a hang the client must time out on, an order that
// is placed but whose response is lost; plus the /__sim/ HTTP control routes.

import { createClock } from '../../simulator/clock';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { call, ist, login, SECURE, smartHeaders, type Tokens } from './sim-client';

describe('simulator faults', () => {
	let sim: RunningSimulator;
	let tokens: Tokens;

	beforeEach(async () => {
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 11, 0));
		sim = await startSimulator({ seed: 17, clock, masterSize: 2000, autoTick: false, rateLimits: false, apiOrderRules: { enforce: false, nativeReason: 'simulator-test' } });
		tokens = await login(sim);
	});
	afterEach(() => sim.close());

	const book = () => call(sim, 'GET', `${SECURE}/order/v1/getOrderBook`, { jwt: tokens.jwtToken });
	const order = { variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE', transactiontype: 'BUY', ordertype: 'MARKET', producttype: 'INTRADAY', duration: 'DAY', price: '0', quantity: '1' };

	it('answers the next N requests with the rate-limit text, then normally', async () => {
		sim.control.injectFault({ kind: 'rate-limit', count: 2 });
		const first = await book();
		expect([first.status, first.contentType.startsWith('text/plain'), first.text]).toEqual([403, true, 'Access denied because of exceeding access rate']);
		expect((await book()).status).toBe(403);
		expect((await book()).json?.status).toBe(true);
	});

	it('limits a fault to the named endpoint', async () => {
		sim.control.injectFault({ kind: 'http-500', endpoint: 'placeOrder' });
		expect((await book()).status).toBe(200);
		const failed = await call(sim, 'POST', `${SECURE}/order/v1/placeOrder`, { body: order, jwt: tokens.jwtToken });
		expect(failed.status).toBe(500);
		expect(sim.control.orderBook()).toHaveLength(0);
	});

	it('serves the WAF "Request Rejected" HTML page with a support ID', async () => {
		sim.control.injectFault({ kind: 'waf' });
		const response = await book();
		expect(response.contentType).toMatch(/^text\/html/);
		expect(response.text).toContain('Request Rejected');
		expect(response.text).toMatch(/support ID is: \d+/);
		expect(response.json).toBeUndefined();
	});

	it('hangs a request until the client gives up', async () => {
		sim.control.injectFault({ kind: 'hang' });
		const attempt = fetch(`${sim.baseUrl}${SECURE}/order/v1/getOrderBook`, { headers: smartHeaders(sim.account.apiKey, tokens.jwtToken), signal: AbortSignal.timeout(300) });
		await expect(attempt).rejects.toThrow();
		expect((await book()).status).toBe(200);
	});

	it('places the order but destroys the connection without a response', async () => {
		sim.control.injectFault({ kind: 'drop-response', endpoint: 'placeOrder' });
		await expect(call(sim, 'POST', `${SECURE}/order/v1/placeOrder`, { body: { ...order, ordertag: 'retry-probe' }, jwt: tokens.jwtToken })).rejects.toThrow();
		expect(sim.control.orderBook()).toEqual([expect.objectContaining({ ordertag: 'retry-probe', status: 'complete' })]);
		expect(sim.control.requestCounts().placeOrder).toBe(1);
	});

	it('exposes the same controls over HTTP under /__sim/', async () => {
		const control = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
			const response = await fetch(`${sim.baseUrl}/__sim/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		};
		expect((await control('POST', 'faults', { kind: 'waf', count: 1, endpoint: 'getOrderBook' })).body.pending).toEqual([{ kind: 'waf', count: 1, endpoint: 'getOrderBook' }]);
		expect((await book()).text).toContain('Request Rejected');
		expect((await control('POST', 'faults', { kind: 'nonsense' })).status).toBe(400);
		const moved = await control('POST', 'clock', { advance: 86_400_000 });
		expect(moved.body.now).toBe(ist(2026, 1, 8, 11, 0));
		expect((await control('POST', 'price', { exchange: 'NSE', symbol: 'SBIN-EQ', price: 812.5 })).body.price).toBe(812.5);
		expect((await control('GET', 'requests')).body).toMatchObject({ loginByPassword: 1, getOrderBook: 1 });
		expect((await control('GET', 'logins')).body).toEqual({ [sim.account.clientCode]: 1 });
		await control('POST', 'reset-counts');
		expect((await control('GET', 'requests')).body).toEqual({});
		expect((await control('GET', 'nowhere')).status).toBe(404);
	});

	it('refuses order changes from an unregistered source IP when a static IP is set', async () => {
		await sim.close();
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 11, 0));
		sim = await startSimulator({ seed: 17, clock, masterSize: 2000, autoTick: false, rateLimits: false, staticIp: '203.0.113.7', apiOrderRules: { enforce: false, nativeReason: 'simulator-test' } });
		tokens = await login(sim);
		const placed = await call(sim, 'POST', `${SECURE}/order/v1/placeOrder`, { body: order, jwt: tokens.jwtToken });
		expect(placed.json).toEqual({ success: false, message: 'Access denied: Unregistered IP address. Register your IP before retrying.', errorCode: 'AG7002', data: '' });
		expect((await book()).json?.status).toBe(true);
	});
	it('holds every answer for the set delay, like a broker round trip; the delay is set over /__sim/ too', async () => {
		sim.control.setAnswerDelay(60);
		const started = performance.now();
		const slow = await book();
		expect(slow.json?.status).toBe(true);
		expect(performance.now() - started).toBeGreaterThanOrEqual(55);
		const http = await fetch(`${sim.baseUrl}/__sim/delay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: 0 }) });
		expect(await http.json()).toEqual({ ms: 0 });
		expect(sim.control.answerDelayMs()).toBe(0);
	});
});
