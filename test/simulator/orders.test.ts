// The simulator's order engine over REST: fills (market, limit, stop-loss, IOC, AMO), rejections shown in the
// book, modify/cancel rules, and the bookkeeping of trades, positions, holdings, funds and order updates.

import { createClock } from '../../simulator/clock';
import type { OrderUpdateMessage } from '../../simulator/contracts';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { call, ist, login, SECURE, type Tokens } from './sim-client';

type Json = Record<string, unknown>;

describe('simulator order engine', () => {
	let sim: RunningSimulator;
	let tokens: Tokens;
	const clock = createClock();
	const updates: OrderUpdateMessage[] = [];

	beforeEach(async () => {
		clock.freeze(ist(2026, 1, 7, 10, 30)); // a Wednesday, market open
		// These tests exercise the simulator's own native market, stop-loss market and IOC matching.
		sim = await startSimulator({ seed: 3, clock, masterSize: 2000, autoTick: false, rateLimits: false, apiOrderRules: { enforce: false, nativeReason: 'simulator-test' } });
		tokens = await login(sim);
		updates.length = 0;
		sim.control.onOrderUpdate((_client, message) => updates.push(message));
	});
	afterEach(() => sim.close());

	const post = (path: string, body: Json) => call(sim, 'POST', `${SECURE}/order/v1/${path}`, { body, jwt: tokens.jwtToken });
	const get = (path: string) => call(sim, 'GET', `${SECURE}/${path}`, { jwt: tokens.jwtToken });

	const sbin = (overrides: Json = {}): Json => ({
		variety: 'NORMAL',
		tradingsymbol: 'SBIN-EQ',
		symboltoken: '3045',
		exchange: 'NSE',
		transactiontype: 'BUY',
		ordertype: 'MARKET',
		producttype: 'DELIVERY',
		duration: 'DAY',
		price: '0',
		quantity: '10',
		...overrides,
	});

	async function place(body: Json): Promise<{ orderid: string; uniqueorderid: string }> {
		const response = await post('placeOrder', body);
		expect(response.json).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
		return response.json?.data as { orderid: string; uniqueorderid: string };
	}

	function bookEntry(orderid: string): Json {
		const entry = sim.control.orderBook().find((o) => o.orderid === orderid);
		if (!entry) throw new Error(`order ${orderid} not in book`);
		return entry;
	}

	it('answers data null for an empty order book, trade book and position list', async () => {
		for (const path of ['order/v1/getOrderBook', 'order/v1/getTradeBook', 'order/v1/getPosition']) {
			expect((await get(path)).json).toEqual({ status: true, message: 'SUCCESS', errorcode: '', data: null });
		}
	});

	it('fills a market buy at the last price and books the trade, the position and the funds', async () => {
		const ltp = sim.control.price('NSE', '3045');
		const before = sim.control.funds().available;
		const placed = await place(sbin());
		expect(placed.orderid).toMatch(/^\d{15}$/);
		expect(placed.uniqueorderid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

		const book = (await get('order/v1/getOrderBook')).json?.data as Json[];
		expect(book).toHaveLength(1);
		expect(book[0]).toMatchObject({ orderid: placed.orderid, status: 'complete', orderstatus: 'complete', filledshares: '10', unfilledshares: '0', averageprice: ltp, price: 0, quantity: '10', uniqueorderid: placed.uniqueorderid });
		expect(book[0].updatetime).toBe('07-Jan-2026 10:30:00');

		const trades = (await get('order/v1/getTradeBook')).json?.data as Json[];
		expect(trades).toEqual([expect.objectContaining({ orderid: placed.orderid, tradingsymbol: 'SBIN-EQ', fillsize: 10, fillprice: ltp, transactiontype: 'BUY', filltime: '10:30:00' })]);

		const positions = (await get('order/v1/getPosition')).json?.data as Json[];
		expect(positions).toEqual([expect.objectContaining({ tradingsymbol: 'SBIN-EQ', producttype: 'DELIVERY', buyqty: '10', sellqty: '0', netqty: '10', buyavgprice: ltp.toFixed(2) })]);

		expect(sim.control.funds().available).toBeCloseTo(before - ltp * 10, 2);
		const rms = (await get('user/v1/getRMS')).json?.data as Json;
		expect(Number(rms.net)).toBeCloseTo(before - ltp * 10, 2);
	});

	it('keeps a limit buy below the market open and fills it at its limit when the price comes down', async () => {
		sim.control.setPrice('NSE', 'SBIN-EQ', 800);
		const placed = await place(sbin({ ordertype: 'LIMIT', price: '795.50' }));
		expect(bookEntry(placed.orderid).status).toBe('open');
		sim.control.setPrice('NSE', '3045', 796);
		expect(bookEntry(placed.orderid).status).toBe('open');
		sim.control.setPrice('NSE', '3045', 795.1);
		expect(bookEntry(placed.orderid)).toMatchObject({ status: 'complete', averageprice: 795.5 });
	});

	it('fills a marketable limit order at once at the last price', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const placed = await place(sbin({ ordertype: 'LIMIT', price: '805' }));
		expect(bookEntry(placed.orderid)).toMatchObject({ status: 'complete', averageprice: 800 });
	});

	it('holds a stop-loss sell as trigger pending and executes it once the trigger is crossed', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const placed = await place(sbin({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', transactiontype: 'SELL', price: '789', triggerprice: '790', quantity: '5' }));
		expect(bookEntry(placed.orderid).status).toBe('trigger pending');
		sim.control.setPrice('NSE', '3045', 791);
		expect(bookEntry(placed.orderid).status).toBe('trigger pending');
		sim.control.setPrice('NSE', '3045', 789.5);
		expect(bookEntry(placed.orderid)).toMatchObject({ status: 'complete', averageprice: 789.5 });
	});

	it('fills a stop-loss market order at the price that triggered it', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const placed = await place(sbin({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', triggerprice: '805', quantity: '1' }));
		expect(bookEntry(placed.orderid).status).toBe('trigger pending');
		sim.control.setPrice('NSE', '3045', 806.2);
		expect(bookEntry(placed.orderid)).toMatchObject({ status: 'complete', averageprice: 806.2 });
	});

	it('answers AB1020 for a stop-loss order type sent with variety NORMAL', async () => {
		const response = await post('placeOrder', sbin({ ordertype: 'STOPLOSS_LIMIT', price: '790', triggerprice: '791' }));
		expect(response.json).toEqual({ status: false, message: 'Invalid Order Type', errorcode: 'AB1020', data: null });
	});

	it('answers AB4008 for an ordertag of 20 characters or more and keeps a shorter one', async () => {
		expect((await post('placeOrder', sbin({ ordertag: 'x'.repeat(20) }))).json?.errorcode).toBe('AB4008');
		const placed = await place(sbin({ ordertag: 'n8n-run-42' }));
		expect(bookEntry(placed.orderid).ordertag).toBe('n8n-run-42');
	});

	it('answers AB1009 for an unknown symbol token', async () => {
		expect((await post('placeOrder', sbin({ symboltoken: '999999999', tradingsymbol: 'NOPE-EQ' }))).json?.errorcode).toBe('AB1009');
	});

	it.each<[string, Json, RegExp]>([
		['a price off the tick size', { ordertype: 'LIMIT', price: '800.03' }, /tick size 0\.05/],
		['a quantity that is not a lot multiple', { exchange: 'NFO', producttype: 'CARRYFORWARD', quantity: '10' }, /lot size 75/],
		['a product the exchange does not allow', { exchange: 'NFO', producttype: 'DELIVERY', quantity: '75' }, /DELIVERY is not allowed for exchange NFO/],
		['more than the account can pay for', { quantity: '100000' }, /Insufficient Funds\. Available funds - Rs\. [\d.]+ \. You require Rs\. [\d.]+ funds/],
	])('accepts then rejects %s, with the reason in the order book', async (_label, overrides, reason) => {
		const body = sbin(overrides);
		if (overrides.exchange === 'NFO') {
			const option = sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX', optionType: 'CE' })[0];
			Object.assign(body, { tradingsymbol: option.symbol, symboltoken: option.token });
		}
		const placed = await place(body);
		const entry = bookEntry(placed.orderid);
		expect(entry.status).toBe('rejected');
		expect(String(entry.text)).toMatch(reason);
		expect(updates.map((u) => u['order-status'])).toEqual(['AB03']);
	});

	it('modifies an open order and refuses to modify or cancel one that is complete', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const open = await place(sbin({ ordertype: 'LIMIT', price: '780' }));
		const modified = await post('modifyOrder', { variety: 'NORMAL', orderid: open.orderid, ordertype: 'LIMIT', producttype: 'DELIVERY', duration: 'DAY', price: '781.5', quantity: '12', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE' });
		expect(modified.json).toMatchObject({ status: true, data: { orderid: open.orderid, uniqueorderid: open.uniqueorderid } });
		expect(bookEntry(open.orderid)).toMatchObject({ status: 'open', price: 781.5, quantity: '12' });

		const done = await place(sbin());
		const again = await post('modifyOrder', { variety: 'NORMAL', orderid: done.orderid, ordertype: 'LIMIT', producttype: 'DELIVERY', duration: 'DAY', price: '781', quantity: '10', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE' });
		expect(again.json).toMatchObject({ status: false, errorcode: 'AB1007' });
		const cancel = await post('cancelOrder', { variety: 'NORMAL', orderid: done.orderid });
		expect(cancel.json).toEqual({ status: false, message: 'Cancel Order Response : Bad Input', errorcode: 'AB1007', data: { orderid: '' } });
	});

	it('cancels an open order once', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const open = await place(sbin({ ordertype: 'LIMIT', price: '780' }));
		const cancelled = await post('cancelOrder', { variety: 'NORMAL', orderid: open.orderid });
		expect(cancelled.json).toMatchObject({ status: true, data: { orderid: open.orderid } });
		expect(bookEntry(open.orderid)).toMatchObject({ status: 'cancelled', cancelsize: '10' });
		expect((await post('cancelOrder', { variety: 'NORMAL', orderid: open.orderid })).json?.errorcode).toBe('AB1007');
	});

	it('cancels the unfilled part of an IOC order that cannot execute at once', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const placed = await place(sbin({ ordertype: 'LIMIT', price: '790', duration: 'IOC' }));
		expect(bookEntry(placed.orderid)).toMatchObject({ status: 'cancelled', filledshares: '0', cancelsize: '10' });
	});

	it('treats orders outside market hours as AMO and sends them to the exchange at the open', async () => {
		clock.set(ist(2026, 1, 7, 18, 0));
		const placed = await place(sbin());
		expect(bookEntry(placed.orderid).status).toBe('after market order req received');
		clock.set(ist(2026, 1, 8, 9, 15));
		// The evening's session died at midnight: a new day needs a new login.
		tokens = await login(sim);
		const book = (await get('order/v1/getOrderBook')).json?.data as Json[];
		expect(book[0]).toMatchObject({ orderid: placed.orderid, status: 'complete' });
		expect(updates.map((u) => u['order-status'])).toEqual(['AB06', 'AB09', 'AB01', 'AB05']);
	});

	it('returns an order by uniqueorderid or orderid with numeric prices', async () => {
		const placed = await place(sbin());
		for (const id of [placed.uniqueorderid, placed.orderid]) {
			const details = await get(`order/v1/details/${id}`);
			expect(details.json?.data).toMatchObject({ orderid: placed.orderid, status: 'complete', quantity: '10' });
			expect(typeof (details.json?.data as Json).averageprice).toBe('number');
		}
		expect((await get('order/v1/details/nope')).json?.errorcode).toBe('AB1013');
	});

	it('sells seeded holdings for delivery, credits the sale, and rejects selling more than is held', async () => {
		const holdings = (await get('portfolio/v1/getHolding')).json?.data as Json[];
		const sbinHolding = holdings.find((h) => h.tradingsymbol === 'SBIN-EQ');
		expect(sbinHolding).toBeDefined();
		const held = Number(sbinHolding?.quantity);
		const before = sim.control.funds().available;
		const ltp = sim.control.price('NSE', '3045');
		await place(sbin({ transactiontype: 'SELL', quantity: '5' }));
		expect(sim.control.funds().available).toBeCloseTo(before + 5 * ltp, 2);
		const after = (await get('portfolio/v1/getHolding')).json?.data as Json[];
		expect(after.find((h) => h.tradingsymbol === 'SBIN-EQ')?.quantity).toBe(held - 5);
		const tooMany = await place(sbin({ transactiontype: 'SELL', quantity: String(held) }));
		expect(bookEntry(tooMany.orderid)).toMatchObject({ status: 'rejected' });
		expect(String(bookEntry(tooMany.orderid).text)).toMatch(/insufficient holdings/);
	});

	it('books intraday round trips as realised profit', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const before = sim.control.funds().available;
		await place(sbin({ producttype: 'INTRADAY' }));
		sim.control.setPrice('NSE', '3045', 810);
		await place(sbin({ producttype: 'INTRADAY', transactiontype: 'SELL' }));
		const funds = sim.control.funds();
		expect(funds.realised).toBeCloseTo(100, 2);
		expect(funds.available).toBeCloseTo(before + 100, 2);
		const positions = (await get('order/v1/getPosition')).json?.data as Json[];
		expect(positions[0]).toMatchObject({ netqty: '0', buyqty: '10', sellqty: '10' });
	});

	it('starts a new day with empty books: open orders expire, delivery buys settle into holdings, intraday is squared off', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const heldBefore = sim.control.holdings().find((h) => h.tradingsymbol === 'SBIN-EQ')?.quantity ?? 0;
		const cashBefore = sim.control.funds().available;
		await place(sbin({ quantity: '10' }));
		await place(sbin({ producttype: 'INTRADAY', quantity: '4' }));
		const resting = await place(sbin({ ordertype: 'LIMIT', price: '780', quantity: '1' }));
		sim.control.setPrice('NSE', '3045', 805);
		clock.set(ist(2026, 1, 8, 10, 0));
		tokens = await login(sim);
		for (const path of ['order/v1/getOrderBook', 'order/v1/getTradeBook', 'order/v1/getPosition']) expect((await get(path)).json?.data).toBeNull();
		const sbinHolding = ((await get('portfolio/v1/getHolding')).json?.data as Json[]).find((h) => h.tradingsymbol === 'SBIN-EQ');
		expect(sbinHolding).toMatchObject({ quantity: heldBefore + 10, realisedquantity: heldBefore + 10, t1quantity: 0 });
		// 10 delivery shares at 800 left the cash; the intraday 4 were squared off at 805 (+20).
		expect(sim.control.funds().available).toBeCloseTo(cashBefore - 8000 + 20, 2);
		const expiry = updates.find((u) => u.orderData.orderid === resting.orderid && u['order-status'] === 'AB02');
		expect(expiry?.orderData.text).toMatch(/end of the day/);
	});

	it('emits an order update for every status change', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const open = await place(sbin({ ordertype: 'LIMIT', price: '790' }));
		await post('cancelOrder', { variety: 'NORMAL', orderid: open.orderid });
		await place(sbin());
		await place(sbin({ quantity: '100000' }));
		expect(updates.map((u) => u['order-status'])).toEqual(['AB09', 'AB01', 'AB02', 'AB09', 'AB01', 'AB05', 'AB03']);
		const complete = updates[5];
		expect(complete['user-id']).toBe(sim.account.clientCode);
		expect(complete.orderData).toMatchObject({ tradingsymbol: 'SBIN-EQ', status: 'complete', filledshares: '10', quantity: '10' });
		expect(typeof complete.orderData.price).toBe('number');
	});
});
