// Order → Place's duplicate-check book read, started as soon as the order has passed validation so that its round
// trip overlaps the rest of the work: beside a market order's quote and beside the first order's instrument search,
// one read for the duplicate check and Max Orders per Day, nothing placed when a later check refuses, and a twin
// delivery never decides on a read sent before or during the first delivery's placeOrder.
// Against the simulator through n8n-core.
import { sleep, type ICredentialDataDecryptedObject } from 'n8n-workflow';

import { masterCacheFor } from '../../nodes/AngelOne/instruments';
import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RecordedRequest } from '../../simulator/request-log';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';
import { placeParameters } from '../support/orders';

/** A Wednesday, 10:30 IST: every exchange is in session. */
const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
/** Long enough that two requests sent side by side arrive well within it, short enough for a quick test. */
const ANSWER_DELAY_MS = 300;

const place = placeParameters;

describe('Order → Place: the duplicate check reads the book while the order is still being checked', () => {
	let world: AngelWorld;
	/** The runtime the nodes of every world of this file get. */
	const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN, orders: { freshReadJitterMs: 0 } };

	async function start(answerDelayMs = 0): Promise<void> {
		world = await startWorld({ runtime, rateLimits: false, answerDelayMs });
		world.sim.control.setPrice('NSE', '3045', 812.35);
		// The session is held, as on every order after the first login of the day.
		const login = await world.run({ parameters: { resource: 'account', operation: 'getProfile' } });
		expect(login.error).toBeUndefined();
		world.sim.control.resetCounts();
	}

	afterEach(async () => {
		await world.close();
	});

	const requests = (): RecordedRequest[] => world.sim.control.requests().filter((r) => r.endpoint !== 'master' && r.endpoint !== 'getProfile');
	const arrival = (endpoint: string): number => requests().find((r) => r.endpoint === endpoint)?.at ?? NaN;

	function limit(fields: ICredentialDataDecryptedObject): void {
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, ...fields });
	}

	it('sends the book read of a market order beside its quote, and places only after both answered', async () => {
		await start(ANSWER_DELAY_MS);
		const run = await world.run({ parameters: place({ orderType: 'MARKET' }) });
		expect(run.error).toBeUndefined();
		const quote = arrival('quote');
		const book = arrival('getOrderBook');
		// Side by side: the second arrived before the first could have been answered.
		expect(Math.abs(book - quote)).toBeLessThan(ANSWER_DELAY_MS);
		expect(arrival('placeOrder')).toBeGreaterThanOrEqual(Math.max(quote, book) + ANSWER_DELAY_MS - 5);
		expect(requests().filter((r) => r.endpoint === 'placeOrder')).toHaveLength(1);
	});

	it('sends the first order’s instrument search and book read side by side when the session is held', async () => {
		await start(ANSWER_DELAY_MS);
		world.sim.control.injectFault({ kind: 'hang', endpoint: 'master' });
		expect(masterCacheFor(world.sim.urls.master).ready(Date.now())).toBe(false);
		const run = await world.run({ parameters: place() });
		expect(run.error).toBeUndefined();
		const search = arrival('searchScrip');
		const book = arrival('getOrderBook');
		expect(Math.abs(book - search)).toBeLessThan(ANSWER_DELAY_MS);
		expect(arrival('placeOrder')).toBeGreaterThanOrEqual(Math.max(search, book) + ANSWER_DELAY_MS - 5);
		expect(requests().filter((r) => r.endpoint === 'placeOrder')[0]?.body).toMatchObject({ tradingsymbol: 'SBIN-EQ', symboltoken: '3045' });
	});

	it('on the first order of a fresh process, sends the instrument search and the book read side by side once the login has the session', async () => {
		// No session yet: one of the two logs in, and the other goes as soon as Angel One has answered the login,
		// not a round trip later when the leading request has its own answer.
		world = await startWorld({ runtime, rateLimits: false, answerDelayMs: ANSWER_DELAY_MS });
		world.sim.control.setPrice('NSE', '3045', 812.35);
		world.sim.control.injectFault({ kind: 'hang', endpoint: 'master' });
		const run = await world.run({ parameters: place() });
		expect(run.error).toBeUndefined();
		const login = arrival('loginByPassword');
		const search = arrival('searchScrip');
		const book = arrival('getOrderBook');
		expect(Math.min(search, book)).toBeGreaterThanOrEqual(login + ANSWER_DELAY_MS - 5);
		expect(Math.abs(book - search)).toBeLessThan(ANSWER_DELAY_MS);
		expect(arrival('placeOrder')).toBeGreaterThanOrEqual(Math.max(search, book) + ANSWER_DELAY_MS - 5);
		expect(world.sim.control.requestCounts().loginByPassword).toBe(1);
		expect(requests().filter((r) => r.endpoint === 'placeOrder')).toHaveLength(1);
		// The session n8n stored is the one the early requests used.
		expect(world.store.get(CREDENTIAL_ID).data.jwtToken).toEqual(expect.any(String));
	});

	it('reads today’s book once before placing, for both the duplicate check and Max Orders per Day', async () => {
		await start();
		limit({ maxOrdersPerDay: 5 });
		const run = await world.run({ parameters: place({ additionalFields: { tag: 'counted-once' } }) });
		expect(run.error).toBeUndefined();
		// (The instrument search of a process without the master is not a book read.)
		const endpoints = requests().map((r) => r.endpoint).filter((e) => e !== 'searchScrip');
		expect(endpoints.slice(0, endpoints.indexOf('placeOrder'))).toEqual(['getOrderBook']);
	});

	it('a refusal after the book read had started sends no order', async () => {
		await start();
		limit({ allowedExchanges: ['BSE'] });
		const run = await world.run({ parameters: place() });
		expect(run.error?.message).toMatch(/^Allowed Exchanges: NSE is not an allowed exchange/);
		expect(requests().map((r) => r.endpoint).filter((e) => e !== 'searchScrip')).toEqual(['getOrderBook']);
		expect(world.sim.control.orderBook()).toEqual([]);
	});

	it('a validation failure sends nothing at all: the book read starts only once the order is valid', async () => {
		await start();
		const run = await world.run({ parameters: place({ price: 812.33 }) });
		expect(run.error?.message).toMatch(/^Price: /);
		expect(requests()).toEqual([]);
	});

	it('a twin delivery that waited for the lock reads the book again instead of trusting its read from before the first placement', async () => {
		await start();
		// The first placement takes 4 s to reach the book, so the twin's early read cannot show it; and the twin
		// cannot ask the process memory (the order details do not answer), so only a fresh book read can stop it.
		world.sim.control.injectFault({ kind: 'slow', endpoint: 'placeOrder' });
		world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'orderDetails', count: 4 });
		const parameters = place({ additionalFields: { tag: 'twin-in-process' } });
		const [first, second] = await Promise.all([world.run({ parameters }), world.run({ parameters })]);
		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(world.sim.control.orderBook()).toHaveLength(1);
		expect(requests().filter((r) => r.endpoint === 'placeOrder')).toHaveLength(1);
		const results = [first, second].map((run) => run.outputOf('Angel One')[0].json);
		expect(results.filter((r) => r.duplicate === true)).toHaveLength(1);
		expect(results.map((r) => r.orderId)).toEqual([results[0].orderId, results[0].orderId]);
	}, 30_000);

	it('a twin delivery arriving while the first one’s placeOrder is on its way does not start its book read early', async () => {
		await start();
		world.sim.control.injectFault({ kind: 'slow', endpoint: 'placeOrder' });
		world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'orderDetails', count: 4 });
		const parameters = place({ additionalFields: { tag: 'twin-while-placing' } });
		const first = world.run({ parameters });
		for (let i = 0; i < 500 && (world.sim.control.requestCounts().placeOrder ?? 0) === 0; i++) await sleep(10);
		// A read sent now would miss the order the broker is still holding, and no placement would follow it to
		// make it stale: the twin must read the book only after the first delivery is done.
		const second = await world.run({ parameters });
		const firstRun = await first;
		expect(firstRun.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(world.sim.control.orderBook()).toHaveLength(1);
		expect(second.outputOf('Angel One')[0].json).toMatchObject({ duplicate: true, orderId: firstRun.outputOf('Angel One')[0].json.orderId });
	}, 30_000);
});
