/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- a test of the audit file, never shipped */
// The simulator applies the 2026 rules for API orders: market, stop-loss market and IOC orders refused at
// placement or rejected in the order book, limit prices outside the day's circuit band rejected, circuits in
// quotes, controllable liquidity for partial fills, and the audit line for every native body.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AUDIT_ENV } from '../../simulator/api-order-rules';
import { createClock } from '../../simulator/clock';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/server';
import { call, ist, login, SECURE, type Tokens } from './sim-client';

type Json = Record<string, unknown>;

describe('the 2026 order rules in the simulator', () => {
	let sim: RunningSimulator;
	let tokens: Tokens;
	const clock = createClock();

	async function start(options: SimulatorOptions = {}): Promise<void> {
		clock.freeze(ist(2026, 1, 7, 10, 30)); // a Wednesday, market open
		// These tests send native orders on purpose, to see them refused.
		sim = await startSimulator({ seed: 3, clock, masterSize: 2000, autoTick: false, rateLimits: false, apiOrderRules: { nativeReason: 'simulator-test' }, ...options });
		tokens = await login(sim);
		sim.control.setPrice('NSE', '3045', 812.35);
	}
	afterEach(() => sim.close());

	const post = (path: string, body: Json) => call(sim, 'POST', `${SECURE}/${path}`, { body, jwt: tokens.jwtToken });
	const sbin = (overrides: Json = {}): Json => ({
		variety: 'NORMAL',
		tradingsymbol: 'SBIN-EQ',
		symboltoken: '3045',
		exchange: 'NSE',
		transactiontype: 'BUY',
		ordertype: 'LIMIT',
		producttype: 'INTRADAY',
		duration: 'DAY',
		price: '812.35',
		quantity: '10',
		...overrides,
	});

	it('refuses market, stop-loss market and IOC orders at placement by default, and books nothing', async () => {
		await start();
		for (const body of [
			sbin({ ordertype: 'MARKET', price: '0' }),
			sbin({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', triggerprice: '820', price: '0' }),
			sbin({ duration: 'IOC' }),
		]) {
			const answer = await post('order/v1/placeOrder', body);
			expect(answer.json).toMatchObject({ status: false, errorcode: 'AB4900', message: expect.stringMatching(/not allowed for API \(algo\) trading since 1 April 2026/) });
		}
		expect(sim.control.orderBook()).toEqual([]);
	});

	it('accepts them and then rejects them in the order book with the reason, when set to', async () => {
		await start({ apiOrderRules: { refusal: 'in-order-book', nativeReason: 'simulator-test' } });
		const answer = await post('order/v1/placeOrder', sbin({ ordertype: 'MARKET', price: '0' }));
		expect(answer.json).toMatchObject({ status: true, data: { orderid: expect.any(String) } });
		expect(sim.control.orderBook()).toEqual([
			expect.objectContaining({ status: 'rejected', ordertype: 'MARKET', text: expect.stringMatching(/^RMS: Market, stop-loss market and IOC orders are not allowed/) }),
		]);
	});

	it('refuses a modify into a market order', async () => {
		await start();
		const placed = await post('order/v1/placeOrder', sbin({ price: '800' }));
		const orderid = (placed.json?.data as Json).orderid;
		const modified = await post('order/v1/modifyOrder', { ...sbin({ ordertype: 'MARKET', price: '0' }), orderid });
		expect(modified.json).toMatchObject({ status: false, errorcode: 'AB4900' });
		expect(sim.control.orderBook()[0]).toMatchObject({ ordertype: 'LIMIT', price: 800, status: 'open' });
	});

	it('fills market orders natively when the rules are turned off', async () => {
		await start({ apiOrderRules: { enforce: false, nativeReason: 'simulator-test' } });
		await post('order/v1/placeOrder', sbin({ ordertype: 'MARKET', price: '0' }));
		expect(sim.control.orderBook()[0]).toMatchObject({ ordertype: 'MARKET', status: 'complete', averageprice: 812.35 });
	});

	it('rejects a limit price outside the day\'s circuit band with a price-protection reason, and accepts one on the band', async () => {
		await start();
		const quote = await post('market/v1/quote', { mode: 'FULL', exchangeTokens: { NSE: ['3045'] } });
		const record = ((quote.json?.data as Json).fetched as Json[])[0];
		const upper = Number(record.upperCircuit);
		const lower = Number(record.lowerCircuit);
		expect(upper).toBeGreaterThan(812.35);
		expect(lower).toBeLessThan(812.35);
		expect(lower).toBeGreaterThan(0);
		await post('order/v1/placeOrder', sbin({ price: String(Math.round((upper + 0.05) * 100) / 100) }));
		await post('order/v1/placeOrder', sbin({ price: String(upper) }));
		await post('order/v1/placeOrder', sbin({ transactiontype: 'SELL', price: String(Math.round((lower - 0.05) * 100) / 100) }));
		const book = sim.control.orderBook();
		expect(book[0]).toMatchObject({ status: 'rejected', text: expect.stringMatching(/^Price protection: order price .* is outside the day's circuit limits/) });
		expect(book[1]).toMatchObject({ status: 'complete' });
		expect(book[2]).toMatchObject({ status: 'rejected', text: expect.stringMatching(/^Price protection/) });
	});

	it('fills only what the market offers when liquidity is limited, leaving the order open for the rest', async () => {
		await start();
		sim.control.setLiquidity('NSE', '3045', 3);
		await post('order/v1/placeOrder', sbin({ price: '813' }));
		expect(sim.control.orderBook()[0]).toMatchObject({ status: 'open', filledshares: '3', unfilledshares: '7', averageprice: 812.35 });
		expect(sim.control.tradeBook()).toHaveLength(1);
		sim.control.setLiquidity('NSE', '3045', undefined);
		sim.control.setPrice('NSE', '3045', 812.5);
		expect(sim.control.orderBook()[0]).toMatchObject({ status: 'complete', filledshares: '10', unfilledshares: '0' });
		expect(sim.control.positions()[0]).toMatchObject({ buyqty: '10' });
	});

	it('writes one audit line per native body received, with the reason the test declared', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'audit-'));
		const file = join(dir, 'audit.jsonl');
		const suiteAudit = process.env[AUDIT_ENV];
		process.env[AUDIT_ENV] = file;
		try {
			await start({ apiOrderRules: {} });
			await post('order/v1/placeOrder', sbin({ ordertype: 'MARKET', price: '0' }));
			await post('order/v1/placeOrder', sbin());
			sim.control.setOrderRules({ nativeReason: 'escape-hatch' });
			await post('order/v1/placeOrder', sbin({ duration: 'IOC' }));
			const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Json);
			expect(lines).toEqual([
				expect.objectContaining({ endpoint: 'placeOrder', parts: ['MARKET'], enforced: true, reason: null, test: expect.stringContaining('order-rules.test.ts') }),
				expect.objectContaining({ endpoint: 'placeOrder', parts: ['IOC'], enforced: true, reason: 'escape-hatch' }),
			]);
		} finally {
			process.env[AUDIT_ENV] = suiteAudit;
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
