// Never twice, and never in the dark: the same signal delivered twice places one order, a lost answer is settled
// through the order book, and Wait for Status reports what the exchange finally did (fills, rejections with reasons).
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';
import { placeParameters } from '../support/orders';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

const place = placeParameters;

/** What n8n's Webhook node emits for one TradingView-style alert; headers differ between deliveries. */
function webhookItem(body: IDataObject, requestId: string): IDataObject {
	return {
		headers: { 'content-type': 'application/json', 'x-request-id': requestId, traceparent: `00-${requestId}-01` },
		params: {},
		query: {},
		body,
		webhookUrl: 'http://localhost:5678/webhook/alerts',
		executionMode: 'production',
	};
}

async function until(condition: () => boolean, what: string): Promise<void> {
	for (let i = 0; i < 500; i++) {
		if (condition()) return;
		await sleep(10);
	}
	throw new Error(`gave up waiting for ${what}`);
}

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN, orders: { reconcileDelaysMs: [0, 20, 20], pollIntervalsMs: [20, 50] } };

describe('Order → Place: at most once', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	const counts = () => world.sim.control.requestCounts();
	const book = () => world.sim.control.orderBook();

	it('places one order when the same webhook item is delivered twice, in two executions', async () => {
		const alert = { ticker: 'SBIN', action: 'buy', time: '2026-11-25T10:29:58Z' };
		const first = await world.run({ parameters: place() }, [webhookItem(alert, 'req-1')]);
		const second = await world.run({ parameters: place() }, [webhookItem(alert, 'req-2')], world.process());
		expect(first.outputOf('Angel One')[0].json).toMatchObject({ duplicate: false, status: 'open' });
		const again = second.outputOf('Angel One')[0].json;
		expect(again).toMatchObject({ duplicate: true, orderId: first.outputOf('Angel One')[0].json.orderId, tag: first.outputOf('Angel One')[0].json.tag });
		expect(book()).toHaveLength(1);
		expect(counts().placeOrder).toBe(1);
	});

	it('places a second order for a different alert', async () => {
		await world.run({ parameters: place() }, [webhookItem({ ticker: 'SBIN', time: '10:29' }, 'a')]);
		await world.run({ parameters: place() }, [webhookItem({ ticker: 'SBIN', time: '10:45' }, 'b')]);
		expect(book()).toHaveLength(2);
		expect(new Set(book().map((o) => o.ordertag)).size).toBe(2);
	});

	it('places one order for two executions started at the same moment with the same item', async () => {
		const item = webhookItem({ ticker: 'SBIN', time: '10:29' }, 'x');
		const runs = await Promise.all([world.run({ parameters: place() }, [item]), world.run({ parameters: place() }, [{ ...item, headers: {} }])]);
		const results = runs.map((run) => run.outputOf('Angel One')[0].json);
		expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
		expect(counts().placeOrder).toBe(1);
		expect(book()).toHaveLength(1);
	});

	it('uses a given tag as the order tag and returns the first order for a second order with it', async () => {
		const first = await world.run({ parameters: place({ additionalFields: { tag: 'tv-0915-sbin' } }) });
		const second = await world.run({ parameters: place({ price: 801, additionalFields: { tag: 'tv-0915-sbin' } }) });
		expect(first.outputOf('Angel One')[0].json).toMatchObject({ tag: 'tv-0915-sbin', duplicate: false });
		expect(second.outputOf('Angel One')[0].json).toMatchObject({ tag: 'tv-0915-sbin', duplicate: true, price: 800 });
		expect(book()).toEqual([expect.objectContaining({ ordertag: 'tv-0915-sbin' })]);
	});

	it('finds an accepted order whose response was lost by its tag, and does not place it again', async () => {
		world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'placeOrder' });
		const run = await world.run({ parameters: place() });
		expect(run.error).toBeUndefined();
		const result = run.outputOf('Angel One')[0].json;
		expect(result).toMatchObject({ reconciled: true, duplicate: false, status: 'open', orderId: book()[0].orderid });
		expect(counts().placeOrder).toBe(1);

		const retry = await world.run({ parameters: place() });
		expect(retry.outputOf('Angel One')[0].json).toMatchObject({ duplicate: true, orderId: result.orderId });
		expect(counts().placeOrder).toBe(1);
		expect(book()).toHaveLength(1);
	});

	it('says clearly that an order was not placed when its answer was lost and the book does not have it', async () => {
		world.sim.control.injectFault({ kind: 'http-500', endpoint: 'placeOrder' });
		const run = await world.run({ parameters: place() });
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/The order was NOT placed: tag n8n[0-9a-f]{16} is not in today's order book after 3 checks/);
		expect(run.error?.message).not.toMatch(/may or may not/);
		expect(book()).toHaveLength(0);
		expect(counts().placeOrder).toBe(1);
		expect(counts().getOrderBook).toBe(4);

		const retry = await world.run({ parameters: place() });
		expect(retry.outputOf('Angel One')[0].json).toMatchObject({ duplicate: false, status: 'open' });
		expect(book()).toHaveLength(1);
	});

	it('says the outcome is unknown when the order book cannot be read after a lost answer', async () => {
		// One look, and the transport's own three retries of it, all fail: nothing can be said about the order.
		world.runtime.orders.reconcileDelaysMs = [0];
		world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'placeOrder' });
		const stop = world.sim.control.onOrderUpdate(() => world.sim.control.injectFault({ kind: 'http-500', endpoint: 'getOrderBook', count: 4 }));
		const run = await world.run({ parameters: place() });
		stop();
		expect(run.error?.message).toMatch(/may or may not have reached Angel One; it was not sent again/);
		expect(run.error?.message).toMatch(/Look for tag n8n[0-9a-f]{16} in the order book before placing it again/);
		expect(counts().placeOrder).toBe(1);
		expect(book()).toHaveLength(1);
	});

	it('places an order refused with 403 (proof that it was not taken) exactly once, after a back-off', async () => {
		world.sim.control.injectFault({ kind: 'rate-limit', endpoint: 'placeOrder' });
		const run = await world.run({ parameters: place() });
		expect(run.error).toBeUndefined();
		expect(counts().placeOrder).toBe(2);
		expect(book()).toHaveLength(1);
	});

	it('explains a refusal from an unregistered IP (static-IP rule) and does not retry it', async () => {
		await world.close();
		world = await startWorld({ runtime, rateLimits: false, staticIp: '10.20.30.40' }, { publicIp: '203.0.113.7' });
		const run = await world.run({ parameters: place() });
		expect(run.error?.name).toBe('NodeApiError');
		expect(run.error?.message).toMatch(/IP address that is not registered on your API key.*203\.0\.113\.7/);
		expect(counts().placeOrder).toBe(1);
		expect(book()).toHaveLength(0);
	});

	describe('Wait for Status', () => {
		it('reports a rejection with the exchange\'s reason', async () => {
			const run = await world.run({ parameters: place({ orderType: 'MARKET', quantity: 1000, options: { waitSeconds: 5 } }) });
			expect(run.error).toBeUndefined();
			const result = run.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ status: 'rejected', final: true, filledQuantity: 0 });
			expect(result.rejectionReason).toMatch(/^Your order has been rejected due to Insufficient Funds\. Available funds - Rs\. [\d.]+ \. You require Rs\. [\d.]+ funds/);
		});

		it('follows an open order until it fills and returns the fill price', async () => {
			const running = world.run({ parameters: place({ price: 805, options: { waitSeconds: 30 } }) });
			await until(() => (counts().orderDetails ?? 0) >= 2, 'the node to look at the order');
			world.sim.control.setPrice('NSE', '3045', 804.5);
			const run = await running;
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'complete', final: true, filledQuantity: 10, averagePrice: 805 });
		});

		it('returns the status so far when the time runs out', async () => {
			const run = await world.run({ parameters: place({ options: { waitSeconds: 0.3 } }) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'open', final: false, pendingQuantity: 10 });
			expect(counts().orderDetails ?? 0).toBeGreaterThanOrEqual(2);
		});

		it('returns the raw order with the flags when Simplify is off', async () => {
			const run = await world.run({ parameters: place({ simplify: false, orderType: 'MARKET', options: { waitSeconds: 2 } }) });
			const raw = run.outputOf('Angel One')[0].json;
			expect(raw).toMatchObject({ status: 'complete', orderstatus: 'complete', tradingsymbol: 'SBIN-EQ', duplicate: false, reconciled: false, final: true });
			expect(raw.ordertag).toMatch(/^n8n/);
		});
	});
});
