// GTT rules (create/modify/cancel/details/list, AB90xx, triggering into an order) and historical candles and
// open interest (interval limits, AB1004 ranges, IST timestamps, market hours only, agreement across intervals).

import { createClock } from '../../simulator/clock';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { call, ist, login, SECURE, type Tokens } from './sim-client';

type Json = Record<string, unknown>;

describe('simulator GTT and history', () => {
	let sim: RunningSimulator;
	let tokens: Tokens;
	const clock = createClock();

	beforeAll(async () => {
		clock.freeze(ist(2026, 1, 7, 11, 0));
		sim = await startSimulator({ seed: 13, clock, masterSize: 2000, autoTick: false, rateLimits: false });
		tokens = await login(sim);
	});
	afterAll(() => sim.close());

	const post = (path: string, body: Json) => call(sim, 'POST', `${SECURE}/${path}`, { body, jwt: tokens.jwtToken });
	const rule = (overrides: Json = {}): Json => ({ tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE', transactiontype: 'BUY', producttype: 'DELIVERY', price: '780', qty: '5', triggerprice: '781', disclosedqty: '0', timeperiod: 365, ...overrides });

	it('creates, modifies, lists and cancels a rule, with and without the /gtt-service prefix', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const created = await post('gtt/v1/createRule', rule());
		expect(created.json).toMatchObject({ status: true, data: { id: expect.any(String) } });
		const id = (created.json?.data as { id: string }).id;
		const modified = await call(sim, 'POST', `/gtt-service${SECURE}/gtt/v1/modifyRule`, { body: { id, symboltoken: '3045', exchange: 'NSE', price: '770', qty: '6', triggerprice: '771', disclosedqty: '0', timeperiod: 30 }, jwt: tokens.jwtToken });
		expect(modified.json).toMatchObject({ status: true, data: { id } });
		const details = await post('gtt/v1/ruleDetails', { id });
		expect(details.json?.data).toMatchObject({ status: 'ACTIVE', price: 770, qty: 6, triggerprice: 771, tradingsymbol: 'SBIN-EQ', clientid: sim.account.clientCode });
		const list = await post('gtt/v1/ruleList', { status: ['NEW', 'ACTIVE'], page: 1, count: 10 });
		expect(Array.isArray(list.json?.data)).toBe(true);
		expect((list.json?.data as Json[])[0]).toMatchObject({ id: Number(id), gttType: 'GENERIC', createddate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+05:30$/) });
		const cancelled = await call(sim, 'POST', `/gtt-service${SECURE}/gtt/v1/cancelRule`, { body: { id, symboltoken: '3045', exchange: 'NSE' }, jwt: tokens.jwtToken });
		expect(cancelled.json).toMatchObject({ status: true, data: { id } });
		expect((await post('gtt/v1/ruleList', { status: ['CANCELLED'], page: 1, count: 10 })).json?.data).toEqual([expect.objectContaining({ id: Number(id), status: 'CANCELLED' })]);
		expect((await post('gtt/v1/cancelRule', { id, symboltoken: '3045', exchange: 'NSE' })).json?.errorcode).toBe('AB9013');
	});

	it.each<[string, Json, string]>([
		['an exchange other than NSE or BSE', { exchange: 'NFO' }, 'AB9010'],
		['a product other than DELIVERY or MARGIN', { producttype: 'INTRADAY' }, 'AB9015'],
		['an unknown symbol token', { symboltoken: '987654321' }, 'AB9011'],
		['a zero quantity', { qty: '0' }, 'AB9006'],
		['a price off the tick', { price: '780.01' }, 'AB9008'],
		['a bad time period', { timeperiod: 400 }, 'AB9016'],
	])('refuses a rule with %s', async (_label, overrides, code) => {
		expect((await post('gtt/v1/createRule', rule(overrides))).json).toMatchObject({ status: false, errorcode: code, data: null });
	});

	it('requires ruleList statuses as a non-empty array', async () => {
		expect((await post('gtt/v1/ruleList', { status: 'NEW', page: 1, count: 10 })).json?.errorcode).toBe('AB9004');
		expect((await post('gtt/v1/ruleList', { status: ['NEW'], page: 0, count: 10 })).json?.errorcode).toBe('AB9017');
	});

	it('places a limit order when the price reaches the trigger', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const created = await post('gtt/v1/createRule', rule({ price: '790', triggerprice: '790.5', qty: '2' }));
		const id = (created.json?.data as { id: string }).id;
		sim.control.setPrice('NSE', '3045', 795);
		expect(sim.control.orderBook()).toHaveLength(0);
		sim.control.setPrice('NSE', '3045', 790.5);
		expect((await post('gtt/v1/ruleDetails', { id })).json?.data).toMatchObject({ status: 'SENTTOEXCHANGE' });
		expect(sim.control.orderBook()).toEqual([expect.objectContaining({ ordertype: 'LIMIT', price: 790, quantity: '2', transactiontype: 'BUY' })]);
	});

	const candles = (body: Json) => post('historical/v1/getCandleData', { exchange: 'NSE', symboltoken: '3045', ...body });

	it('returns candles with IST timestamps, only on weekdays in market hours', async () => {
		// Friday 2 Jan to Monday 5 Jan 2026: the weekend has no candles.
		const response = await candles({ interval: 'ONE_HOUR', fromdate: '2026-01-02 09:00', todate: '2026-01-05 15:30' });
		const data = response.json?.data as Array<[string, number, number, number, number, number]>;
		const times = data.map((c) => c[0]);
		expect(times[0]).toBe('2026-01-02T09:15:00+05:30');
		expect(times).toContain('2026-01-02T15:15:00+05:30');
		expect(times.some((t) => t.startsWith('2026-01-03') || t.startsWith('2026-01-04'))).toBe(false);
		expect(times).toHaveLength(14);
		for (const [, open, high, low, close, volume] of data) {
			expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
			expect(low).toBeLessThanOrEqual(Math.min(open, close));
			expect(volume).toBeGreaterThan(0);
		}
	});

	it('gives the same prices for the same range every time and agrees across intervals', async () => {
		const range = { fromdate: '2026-01-05 09:15', todate: '2026-01-05 15:29' };
		const first = (await candles({ interval: 'FIVE_MINUTE', ...range })).json?.data as Array<[string, number, number, number, number, number]>;
		const again = (await candles({ interval: 'FIVE_MINUTE', ...range })).json?.data;
		expect(again).toEqual(first);
		const daily = ((await candles({ interval: 'ONE_DAY', fromdate: '2026-01-05 00:00', todate: '2026-01-05 23:59' })).json?.data as Array<[string, number, number, number, number, number]>)[0];
		expect(daily[0]).toBe('2026-01-05T00:00:00+05:30');
		expect(daily[1]).toBe(first[0][1]);
		expect(daily[4]).toBe(first[first.length - 1][4]);
		expect(daily[2]).toBe(Math.max(...first.map((c) => c[2])));
		expect(daily[5]).toBe(first.reduce((a, c) => a + c[5], 0));
	});

	it('answers AB1004 when the range is reversed or longer than the interval allows', async () => {
		expect((await candles({ interval: 'ONE_MINUTE', fromdate: '2026-01-05 10:00', todate: '2026-01-05 09:00' })).json).toMatchObject({ status: false, errorcode: 'AB1004' });
		expect((await candles({ interval: 'ONE_MINUTE', fromdate: '2025-11-01 09:15', todate: '2026-01-05 09:15' })).json?.errorcode).toBe('AB1004');
		expect((await candles({ interval: 'ONE_MINUTE', fromdate: '2025-12-07 09:15', todate: '2026-01-05 09:15' })).json?.status).toBe(true);
	});

	it('serves no candles from after the simulator clock', async () => {
		const data = (await candles({ interval: 'ONE_HOUR', fromdate: '2026-01-07 09:15', todate: '2026-01-07 15:30' })).json?.data as Array<[string]>;
		expect(data.map((c) => c[0])).toEqual(['2026-01-07T09:15:00+05:30', '2026-01-07T10:15:00+05:30']);
	});

	it('returns open interest for a derivative and AB1004 for a cash stock', async () => {
		const future = sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'FUTIDX' })[0];
		const oi = await post('historical/v1/getOIData', { exchange: 'NFO', symboltoken: future.token, interval: 'THREE_MINUTE', fromdate: '2026-01-06 09:15', todate: '2026-01-06 10:00' });
		const data = oi.json?.data as Array<{ time: string; oi: number }>;
		expect(data[0]).toEqual({ time: '2026-01-06T09:15:00+05:30', oi: expect.any(Number) });
		expect(data.every((d) => d.oi % future.lotSize === 0)).toBe(true);
		expect((await post('historical/v1/getOIData', { exchange: 'NSE', symboltoken: '3045', interval: 'THREE_MINUTE', fromdate: '2026-01-06 09:15', todate: '2026-01-06 10:00' })).json?.errorcode).toBe('AB1004');
	});
});
