// Orders as the live books show them (issue 12, items 1–3), through n8n-core against the simulator's variants:
// rejected rows with an empty orderstatus, and after-market orders with variety AMO, status "open" and ids like
// 102437eeccf8AO — read, filtered, waited for, modified and cancelled as a trader means them.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RecordedRequest } from '../../simulator/request-log';
import { startWorld, type AngelWorld } from '../support/angel';
import { placeParameters } from '../support/orders';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const EVENING = Date.parse('2026-11-25T19:00:00+05:30');

const place = placeParameters;

describe('orders in their live shapes', () => {
	let world: AngelWorld;

	afterEach(async () => {
		await world.close();
	});

	const sent = (endpoint: string): RecordedRequest[] => world.sim.control.requests().filter((r) => r.endpoint === endpoint);
	const book = () => world.sim.control.orderBook();

	async function placeOne(overrides: INodeParameters = {}, tag = `t${book().length}`): Promise<IDataObject> {
		const run = await world.run({ parameters: place({ additionalFields: { tag }, ...overrides }) });
		expect(run.error).toBeUndefined();
		return run.outputOf('Angel One')[0].json;
	}

	const getMany = async (status: string[]): Promise<unknown[]> => {
		const run = await world.run({ parameters: { resource: 'order', operation: 'getMany', filters: { status }, returnAll: true } });
		expect(run.error).toBeUndefined();
		return run.outputOf('Angel One').map((i) => i.json.orderId);
	};

	describe('a rejected order whose orderstatus is empty', () => {
		beforeEach(async () => {
			world = await startWorld({ runtime: { pacing: false, now: () => MARKET_OPEN }, rateLimits: false, variants: { emptyOrderStatus: true } });
			world.sim.control.setPrice('NSE', '3045', 812.35);
		});

		const rejectOne = () => placeOne({ quantity: 5000, options: { waitSeconds: 0 } });

		it('is shown by the simulator as status "rejected" with orderstatus ""', async () => {
			await rejectOne();
			expect(book()[0]).toMatchObject({ status: 'rejected', orderstatus: '' });
		});

		it('is reported by Order → Get as rejected, with the reason', async () => {
			const placed = await rejectOne();
			const run = await world.run({ parameters: { resource: 'order', operation: 'get', orderId: String(placed.orderId) } });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'rejected', rejectionReason: expect.stringMatching(/Insufficient Funds/) });
		});

		it('is found by the Rejected filter of Get Many', async () => {
			const placed = await rejectOne();
			await placeOne();
			expect(await getMany(['rejected'])).toEqual([placed.orderId]);
		});

		it('ends Wait for Status at once as final', async () => {
			world.runtime.orders.pollIntervalsMs = [50];
			const run = await world.run({ parameters: place({ quantity: 5000, additionalFields: { tag: 'waited' }, options: { waitSeconds: 3 } }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'rejected', final: true });
		});

		it('is left alone by Cancel All Open', async () => {
			await rejectOne();
			const run = await world.run({ parameters: { resource: 'order', operation: 'cancelAll', filters: {} } });
			expect(run.error).toBeUndefined();
			expect(sent('cancelOrder')).toHaveLength(0);
		});
	});

	describe('after-market orders as live books show them', () => {
		beforeEach(async () => {
			world = await startWorld({ runtime: { pacing: false, now: () => EVENING }, rateLimits: false, marketHours: 'closed', variants: { liveAmo: true } });
			world.sim.control.setPrice('NSE', '3045', 812.35);
		});

		const amo = (overrides: INodeParameters = {}) => placeOne({ additionalFields: { afterMarket: true, tag: `a${book().length}` }, options: { waitSeconds: 0 }, ...overrides });

		it('are shown by the simulator with variety AMO, status "open" and an id ending in AO', async () => {
			await amo();
			expect(book()[0]).toMatchObject({ variety: 'AMO', status: 'open', orderstatus: 'open', orderid: expect.stringMatching(/^[0-9a-f]{12}AO$/) });
		});

		it('are found by the After Market filter and not by the Open one', async () => {
			const queued = await amo();
			expect(await getMany(['afterMarket'])).toEqual([queued.orderId]);
			expect(await getMany(['open'])).toEqual([]);
		});

		it('are read by Order → Get under their non-numeric id', async () => {
			const queued = await amo();
			const run = await world.run({ parameters: { resource: 'order', operation: 'get', orderId: String(queued.orderId) } });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ orderId: queued.orderId, status: 'open' });
		});

		it('stop Wait for Status at once: they cannot settle before the next session', async () => {
			world.runtime.orders.pollIntervalsMs = [400];
			const run = await world.run({ parameters: place({ additionalFields: { afterMarket: true, tag: 'waited' }, options: { waitSeconds: 5 } }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'open', final: false });
			expect(sent('getOrderBook').length + sent('orderDetails').length).toBeLessThanOrEqual(2);
		});

		it('can be modified when they are stop-loss limit orders, sent with their AMO variety', async () => {
			const queued = await amo({ orderType: 'STOPLOSS_LIMIT', side: 'BUY', price: 830, triggerPrice: 825 });
			expect(book()[0]).toMatchObject({ variety: 'AMO', ordertype: 'STOPLOSS_LIMIT' });
			const run = await world.run({ parameters: { resource: 'order', operation: 'modify', orderId: String(queued.orderId), updateFields: { price: 831, triggerPrice: 826 } } });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ modified: true, price: 831, triggerPrice: 826 });
			expect(sent('modifyOrder')[0].body).toMatchObject({ variety: 'AMO', orderid: queued.orderId, ordertype: 'STOPLOSS_LIMIT' });
		});

		it('are cancelled by Cancel All Open', async () => {
			await amo();
			const run = await world.run({ parameters: { resource: 'order', operation: 'cancelAll', filters: {} } });
			expect(run.error).toBeUndefined();
			expect(book()[0]).toMatchObject({ status: 'cancelled' });
		});
	});
});
