// No input can hurt n8n, through n8n's engine against the simulator: history dates are finite and inside the
// history window, a range needs at most a bounded number of requests, and quantities, prices, tags and waits are
// refused (naming the field, nothing sent) unless they are what a person means.
import type { INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };

function place(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'order',
		operation: 'place',
		instrument: sbin,
		side: 'BUY',
		orderType: 'LIMIT',
		product: 'INTRADAY',
		quantity: 10,
		quantityUnit: 'units',
		price: 800,
		validity: 'DAY',
		...overrides,
	};
}

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('Inputs that cannot hurt n8n', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	const count = (endpoint: string): number => world.sim.control.requestCounts()[endpoint] ?? 0;

	describe('history ranges', () => {
		const candles = (overrides: INodeParameters): INodeParameters => ({
			resource: 'marketData',
			operation: 'getCandles',
			instrument: sbin,
			interval: 'ONE_DAY',
			...overrides,
		});

		it('refuses a From of {{ -1e30 }} for Get Candles at once, naming From, with no request', async () => {
			const run = await world.run({ parameters: candles({ from: '={{ -1e30 }}' }) });
			expect(run.error?.message).toMatch(/^From: The date is before 2000-01-01/);
			expect(count('getCandleData')).toBe(0);
		});

		it('refuses a From of {{ -1e30 }} for Get Open Interest at once, naming From, with no request', async () => {
			const future = { __rl: true, mode: 'symbol', value: 'NSE:NIFTY1!' };
			const run = await world.run({ parameters: { resource: 'marketData', operation: 'getOpenInterest', instrument: future, interval: 'FIFTEEN_MINUTE', from: '={{ -1e30 }}' } });
			expect(run.error?.message).toMatch(/^From: The date is before 2000-01-01/);
			expect(count('getOIData')).toBe(0);
		});

		it('refuses a To of {{ Infinity }} or {{ 1e300 }}, naming To', async () => {
			for (const to of ['={{ Infinity }}', '={{ 1e300 }}']) {
				const run = await world.run({ parameters: candles({ from: '2026-11-01', to }) });
				expect(run.error?.message).toMatch(/^To: /);
			}
			expect(count('getCandleData')).toBe(0);
		});

		it('refuses the year 0100 with one-minute bars instead of planning thousands of requests', async () => {
			const run = await world.run({ parameters: candles({ interval: 'ONE_MINUTE', from: '0100-01-01' }) });
			expect(run.error?.message).toMatch(/^From: The date is before 2000-01-01/);
			expect(count('getCandleData')).toBe(0);
		});

		it('refuses a range that needs more than 100 requests, naming From and the count', async () => {
			const run = await world.run({ parameters: candles({ interval: 'ONE_MINUTE', from: '2016-01-01', to: '2026-11-01' }) });
			expect(run.error?.message).toMatch(/^From: This range needs 13\d requests of at most 30 days at 1 Minute; one item may make at most 100/);
			expect(count('getCandleData')).toBe(0);
		});

		it('still reads a long range of daily candles in a few requests', async () => {
			const run = await world.run({ parameters: candles({ from: '2019-01-01', to: '2026-11-20' }) });
			expect(run.error).toBeUndefined();
			expect(count('getCandleData')).toBe(2);
		});
	});

	it('refuses more instruments than 100 quote requests carry, naming Symbols, with no request', async () => {
		await world.close();
		world = await startWorld({ runtime, rateLimits: false, masterSize: 8000 });
		const master = (await (await fetch(world.sim.urls.master)).json()) as Array<{ token: string; exch_seg: string }>;
		const symbols = master.slice(0, 5001).map((i) => `${i.exch_seg}:${i.token}`);
		expect(new Set(symbols).size).toBe(5001);
		const run = await world.run({ parameters: { resource: 'marketData', operation: 'getQuote', mode: 'LTP', instrumentsFrom: 'symbols', symbols: symbols.join(',') } });
		expect(run.error?.message).toMatch(/^Symbols: 5001 instruments are more than one item may ask for \(100 requests of 50\)/);
		expect(count('quote')).toBe(0);
	});

	describe('order values', () => {
		it.each([
			['{{ 1e21 }}', /^Quantity: Quantity 1e\+21 is too large/],
			['{{ 2 ** 53 + 1 }}', /^Quantity: Quantity 9007199254740992 is too large/],
			['{{ "9007199254740993" }}', /^Quantity: Quantity 9007199254740992 is too large/],
			['{{ [10] }}', /^Quantity: Quantity must be a number \(got a list\)/],
			['{{ Infinity }}', /^Quantity: Quantity must be a number/],
		])('refuses the quantity %s, naming Quantity, and sends nothing', async (quantity, message) => {
			const run = await world.run({ parameters: place({ quantity: `=${quantity}` }) });
			expect(run.error?.message).toMatch(message);
			expect(count('placeOrder')).toBe(0);
		});

		it.each([
			['{{ 1e21 }}', /^Price: Price 1e\+21 is too large/],
			['{{ [800] }}', /^Price: Price must be a number \(got a list\)/],
		])('refuses the price %s, naming Price, and sends nothing', async (price, message) => {
			const run = await world.run({ parameters: place({ price: `=${price}` }) });
			expect(run.error?.message).toMatch(message);
			expect(count('placeOrder')).toBe(0);
		});

		it('sends prices and quantities as plain decimals', async () => {
			const run = await world.run({ parameters: place({ quantity: '={{ "10" }}', price: 800.05 }) });
			expect(run.error).toBeUndefined();
			const body = world.sim.control.requests().find((r) => r.endpoint === 'placeOrder')?.body;
			expect(body).toMatchObject({ quantity: '10', price: '800.05', triggerprice: '0' });
		});

		it('refuses a Wait for Status beyond 300 seconds before placing anything', async () => {
			const run = await world.run({ parameters: place({ orderType: 'MARKET', options: { waitSeconds: '={{ 1e9 }}' } }) });
			expect(run.error?.message).toMatch(/^Wait for Status \(Seconds\): Give a number of seconds from 0 to 300/);
			expect(count('placeOrder')).toBe(0);
		});
	});

	describe('tags', () => {
		it('uses a numeric tag from an expression as the tag, not a derived one', async () => {
			const run = await world.run({ parameters: place({ additionalFields: { tag: '={{ 12345 }}' } }) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ tag: '12345', duplicate: false });
			expect(world.sim.control.orderBook()).toEqual([expect.objectContaining({ ordertag: '12345' })]);
		});

		it.each([
			['a list', '={{ ["tv-1"] }}', /^Tag: Tag must be text \(got a list\)/],
			['an emoji', 'buy🚀', /^Tag: Tag "buy🚀" may hold only letters A–Z, digits and - _ \./],
			['a space', 'tv 0915', /^Tag: Tag "tv 0915" may hold only letters/],
			['19 characters with accents', 'éééééééééééééééééé1', /^Tag: .* may hold only letters/],
		])('refuses %s as a tag, naming Tag, and sends nothing', async (_what, tag, message) => {
			const run = await world.run({ parameters: place({ additionalFields: { tag } }) });
			expect(run.error?.message).toMatch(message);
			expect(count('placeOrder')).toBe(0);
		});
	});
});
