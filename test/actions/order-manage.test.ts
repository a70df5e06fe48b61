// Managing today's orders through n8n-core against the simulator: modify (only the fields given, validated like a
// new order), cancel (idempotent), cancel all open with filters, and reading orders and trades.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RecordedRequest } from '../../simulator/request-log';
import { startWorld, type AngelWorld } from '../support/angel';
import { placeParameters } from '../support/orders';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const place = placeParameters;

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('managing orders', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
		world.sim.control.setPrice('NSE', '2885', 1418.4);
	});

	afterEach(async () => {
		await world.close();
	});

	const sent = (endpoint: string): RecordedRequest[] => world.sim.control.requests().filter((r) => r.endpoint === endpoint);
	const book = () => world.sim.control.orderBook();

	/** Places an order with its own tag (so two alike orders are two orders) and returns its output item. */
	async function placeOne(overrides: INodeParameters = {}, tag = `t${book().length}`): Promise<IDataObject> {
		const run = await world.run({ parameters: place({ additionalFields: { tag }, ...overrides }) });
		expect(run.error).toBeUndefined();
		return run.outputOf('Angel One')[0].json;
	}

	describe('Modify', () => {
		const modify = (orderId: unknown, updateFields: INodeParameters, extra: INodeParameters = {}): INodeParameters => ({
			resource: 'order',
			operation: 'modify',
			orderId: String(orderId),
			updateFields,
			...extra,
		});

		it('changes only the fields given and sends the full set SmartAPI needs', async () => {
			const open = await placeOne();
			const run = await world.run({ parameters: modify(open.orderId, { price: 805.5, quantity: 20 }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ orderId: open.orderId, status: 'open', price: 805.5, quantity: 20, modified: true, reconciled: false });
			expect(sent('modifyOrder').map((r) => r.body)).toEqual([
				{
					variety: 'NORMAL',
					orderid: open.orderId,
					ordertype: 'LIMIT',
					producttype: 'DELIVERY',
					duration: 'DAY',
					price: '805.5',
					quantity: '20',
					tradingsymbol: 'SBIN-EQ',
					symboltoken: '3045',
					exchange: 'NSE',
					triggerprice: '0',
					disclosedquantity: '0',
				},
			]);
			expect(book()[0]).toMatchObject({ price: 805.5, quantity: '20', status: 'open' });
		});

		it('turns an open limit order into a market order, which fills', async () => {
			const open = await placeOne();
			const run = await world.run({ parameters: modify(open.orderId, { orderType: 'MARKET' }, { options: { waitSeconds: 2 } }) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'complete', averagePrice: 812.35, final: true });
		});

		it('refuses a new price off the tick size before sending anything', async () => {
			const open = await placeOne();
			const run = await world.run({ parameters: modify(open.orderId, { price: 805.52 }) });
			expect(run.error?.message).toMatch(/^Price: .*tick size/);
			expect(sent('modifyOrder')).toEqual([]);
		});

		it('refuses to turn a regular order into a stop-loss order', async () => {
			const open = await placeOne();
			const run = await world.run({ parameters: modify(open.orderId, { orderType: 'STOPLOSS_LIMIT', triggerPrice: 799 }) });
			expect(run.error?.message).toMatch(/^Order Type: .*cannot become a stop-loss one; cancel it and place a new order/);
			expect(sent('modifyOrder')).toEqual([]);
		});

		it('refuses to modify an order that is already complete', async () => {
			const filled = await placeOne({ orderType: 'MARKET' });
			const run = await world.run({ parameters: modify(filled.orderId, { quantity: 5 }) });
			expect(run.error?.message).toMatch(/^Order ID: Order \d{15} is complete; only open, trigger-pending or after-market orders can be modified/);
			expect(sent('modifyOrder')).toEqual([]);
		});

		it('shows the request in a dry run and changes nothing', async () => {
			const open = await placeOne();
			const run = await world.run({ parameters: modify(open.orderId, { price: 806 }, { options: { dryRun: true } }) });
			const result = run.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ dryRun: true, valid: true, request: { method: 'POST', body: expect.objectContaining({ price: '806', orderid: open.orderId }) } });
			expect(sent('modifyOrder')).toEqual([]);
			expect(book()[0].price).toBe(800);
		});
	});

	describe('Cancel', () => {
		const cancel = (orderId: unknown): INodeParameters => ({ resource: 'order', operation: 'cancel', orderId: String(orderId) });

		it('cancels an open limit order, and a second cancel reports it as already done', async () => {
			const open = await placeOne();
			const first = await world.run({ parameters: cancel(open.orderId) });
			expect(first.outputOf('Angel One')[0].json).toMatchObject({ orderId: open.orderId, status: 'cancelled', cancelled: true, reconciled: false });
			expect(sent('cancelOrder').map((r) => r.body)).toEqual([{ variety: 'NORMAL', orderid: open.orderId }]);

			const second = await world.run({ parameters: cancel(open.orderId) });
			expect(second.outputOf('Angel One')[0].json).toMatchObject({ status: 'cancelled', cancelled: true, alreadyCancelled: true });
			expect(sent('cancelOrder')).toHaveLength(1);
		});

		it('cancels a stop-loss order with its STOPLOSS variety', async () => {
			const pending = await placeOne({ orderType: 'STOPLOSS_MARKET', triggerPrice: 830 });
			await world.run({ parameters: cancel(pending.orderId) });
			expect(sent('cancelOrder')[0].body).toEqual({ variety: 'STOPLOSS', orderid: pending.orderId });
		});

		it('settles a cancel whose answer was lost by reading the order', async () => {
			const open = await placeOne();
			world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'cancelOrder' });
			const run = await world.run({ parameters: cancel(open.orderId) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'cancelled', cancelled: true, reconciled: true });
			expect(sent('cancelOrder')).toHaveLength(1);
		});

		it('refuses to cancel a filled order and an unknown one', async () => {
			const filled = await placeOne({ orderType: 'MARKET' });
			const run = await world.run({ parameters: cancel(filled.orderId) });
			expect(run.error?.message).toMatch(/is complete; only open, trigger-pending or after-market orders can be cancelled/);
			const unknown = await world.run({ parameters: cancel('251125999999999') });
			expect(unknown.error?.message).toMatch(/^Order ID: There is no order 251125999999999 in today's order book; nothing was cancelled/);
			expect(sent('cancelOrder')).toEqual([]);
		});
	});

	describe('Cancel All Open', () => {
		it('cancels only the open orders of the chosen symbol, one item per order', async () => {
			const a = await placeOne();
			const b = await placeOne({ orderType: 'STOPLOSS_MARKET', side: 'SELL', product: 'INTRADAY', triggerPrice: 790 });
			await placeOne({ orderType: 'MARKET' });
			const reliance = await placeOne({ instrument: { __rl: true, mode: 'symbol', value: 'NSE:RELIANCE-EQ' }, price: 1400, quantity: 1 });

			const run = await world.run({ parameters: { resource: 'order', operation: 'cancelAll', filters: { symbol: 'NSE:SBIN' } } });
			const items = run.outputOf('Angel One');
			expect(items.map((i) => [i.json.orderId, i.json.status, i.json.cancelled])).toEqual([
				[a.orderId, 'cancelled', true],
				[b.orderId, 'cancelled', true],
			]);
			expect(items.every((i) => i.pairedItem !== undefined)).toBe(true);
			expect(book().find((o) => o.orderid === reliance.orderId)?.status).toBe('open');
		});

		it('filters by product', async () => {
			const delivery = await placeOne();
			const intraday = await placeOne({ product: 'INTRADAY' });
			const run = await world.run({ parameters: { resource: 'order', operation: 'cancelAll', filters: { product: 'INTRADAY' } } });
			expect(run.outputOf('Angel One').map((i) => i.json.orderId)).toEqual([intraday.orderId]);
			expect(book().find((o) => o.orderid === delivery.orderId)?.status).toBe('open');
		});

		it('returns no items when nothing is open', async () => {
			await placeOne({ orderType: 'MARKET' });
			const run = await world.run({ parameters: { resource: 'order', operation: 'cancelAll' } });
			expect(run.outputOf('Angel One')).toEqual([]);
			expect(sent('cancelOrder')).toEqual([]);
		});

		it('is blocked by a read-only credential before the order book is read', async () => {
			await world.close();
			world = await startWorld({ runtime, rateLimits: false }, { readOnly: true });
			const run = await world.run({ parameters: { resource: 'order', operation: 'cancelAll' } });
			expect(run.error?.message).toMatch(/^Read-Only: /);
			expect(world.sim.control.requests()).toEqual([]);
		});
	});

	describe('reading', () => {
		it('gets one order by its order ID or its unique order ID, simplified or raw', async () => {
			const open = await placeOne();
			const byId = await world.run({ parameters: { resource: 'order', operation: 'get', orderId: String(open.orderId) } });
			expect(byId.outputOf('Angel One')[0].json).toEqual(expect.objectContaining({ orderId: open.orderId, status: 'open', price: 800, quantity: 10 }));
			expect(open.uniqueOrderId).toMatch(UUID);
			const byUnique = await world.run({ parameters: { resource: 'order', operation: 'get', orderId: String(open.uniqueOrderId), simplify: false } });
			expect(byUnique.outputOf('Angel One')[0].json).toMatchObject({ orderid: open.orderId, uniqueorderid: open.uniqueOrderId, status: 'open', price: 800 });
			expect(sent('orderDetails').at(-1)?.path).toMatch(new RegExp(`/details/${open.uniqueOrderId}$`));
		});

		it('gets many orders, filtered by status and limited', async () => {
			await placeOne();
			const filled = await placeOne({ orderType: 'MARKET' });
			await placeOne({ orderType: 'MARKET', quantity: 5000 });
			const complete = await world.run({ parameters: { resource: 'order', operation: 'getMany', filters: { status: ['complete'] }, returnAll: true } });
			expect(complete.outputOf('Angel One').map((i) => i.json.orderId)).toEqual([filled.orderId]);
			const rejected = await world.run({ parameters: { resource: 'order', operation: 'getMany', filters: { status: ['rejected'] }, returnAll: true } });
			expect(rejected.outputOf('Angel One')[0].json.rejectionReason).toMatch(/Insufficient Funds/);
			const limited = await world.run({ parameters: { resource: 'order', operation: 'getMany', limit: 2 } });
			expect(limited.outputOf('Angel One')).toHaveLength(2);
		});

		it('gets the trade book, one item per fill, with the time in IST', async () => {
			const filled = await placeOne({ orderType: 'MARKET' });
			const run = await world.run({ parameters: { resource: 'order', operation: 'getTrades', returnAll: true } });
			const [trade] = run.outputOf('Angel One');
			expect(trade.json).toMatchObject({ orderId: filled.orderId, tradingSymbol: 'SBIN-EQ', side: 'BUY', product: 'DELIVERY', quantity: 10, price: 812.35, value: 8123.5 });
			expect(trade.json.time).toMatch(/^2026-11-25T\d{2}:\d{2}:\d{2}\.000\+05:30$/);
			const none = await world.run({ parameters: { resource: 'order', operation: 'getTrades', returnAll: true, filters: { orderId: '1' } } });
			expect(none.outputOf('Angel One')).toEqual([]);
		});
	});
});
