// Portfolio through n8n-core against the simulator: holdings (with totals), positions after fills, converting a
// position's product, and exits (one instrument or all) that are validated, placed once and never overshoot.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RecordedRequest } from '../../simulator/request-log';
import { startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const SATURDAY = Date.parse('2026-11-28T11:00:00+05:30');
const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };
const reliance = { __rl: true, mode: 'symbol', value: 'NSE:RELIANCE-EQ' };

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('Portfolio', () => {
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
	const net = (symbol: string, product: string): number => {
		const position = world.sim.control.positions().find((p) => p.tradingsymbol === symbol && p.producttype === product);
		return position ? Number(position.netqty) : 0;
	};

	async function trade(parameters: INodeParameters, tag: string): Promise<IDataObject> {
		const run = await world.run({
			parameters: {
				resource: 'order',
				operation: 'place',
				instrument: sbin,
				side: 'BUY',
				orderType: 'MARKET',
				product: 'INTRADAY',
				quantity: 10,
				quantityUnit: 'units',
				validity: 'DAY',
				additionalFields: { tag },
				...parameters,
			},
		});
		expect(run.error).toBeUndefined();
		return run.outputOf('Angel One')[0].json;
	}

	describe('Get Holdings', () => {
		it('returns one item per holding with numbers as numbers', async () => {
			const seeded = world.sim.control.holdings();
			const run = await world.run({ parameters: { resource: 'portfolio', operation: 'getHoldings' } });
			const items = run.outputOf('Angel One').map((i) => i.json);
			expect(items).toHaveLength(seeded.length);
			const sbinHolding = seeded.find((h) => h.tradingsymbol === 'SBIN-EQ');
			expect(items.find((i) => i.tradingSymbol === 'SBIN-EQ')).toEqual({
				tradingSymbol: 'SBIN-EQ',
				exchange: 'NSE',
				isin: sbinHolding?.isin,
				token: '3045',
				quantity: sbinHolding?.quantity,
				settledQuantity: sbinHolding?.realisedquantity,
				t1Quantity: 0,
				authorisedQuantity: 0,
				averagePrice: sbinHolding?.averageprice,
				ltp: 812.35,
				close: sbinHolding?.close,
				investedValue: Math.round((sbinHolding?.averageprice ?? 0) * (sbinHolding?.quantity ?? 0) * 100) / 100,
				currentValue: Math.round(812.35 * (sbinHolding?.quantity ?? 0) * 100) / 100,
				profitAndLoss: sbinHolding?.profitandloss,
				profitAndLossPercent: sbinHolding?.pnlpercentage,
			});
		});

		it('adds the account totals to every holding when asked', async () => {
			const run = await world.run({ parameters: { resource: 'portfolio', operation: 'getHoldings', includeTotals: true } });
			const items = run.outputOf('Angel One').map((i) => i.json);
			const value = world.sim.control.holdings().reduce((sum, h) => sum + h.ltp * h.quantity, 0);
			expect(items.length).toBeGreaterThan(1);
			for (const item of items) {
				expect(item.totals).toEqual({ holdingValue: Math.round(value * 100) / 100, investedValue: expect.any(Number), profitAndLoss: expect.any(Number), profitAndLossPercent: expect.any(Number) });
			}
			expect(sent('getAllHolding')).toHaveLength(1);
		});
	});

	describe('Get Positions', () => {
		it('shows the position a fill opened, and leaves out closed ones when asked', async () => {
			await trade({}, 'open-sbin');
			await trade({ instrument: reliance, quantity: 2 }, 'open-rel');
			await trade({ instrument: reliance, quantity: 2, side: 'SELL' }, 'close-rel');
			const all = await world.run({ parameters: { resource: 'portfolio', operation: 'getPositions' } });
			expect(all.outputOf('Angel One')).toHaveLength(2);
			const open = await world.run({ parameters: { resource: 'portfolio', operation: 'getPositions', openOnly: true } });
			expect(open.outputOf('Angel One').map((i) => i.json)).toEqual([
				expect.objectContaining({ tradingSymbol: 'SBIN-EQ', exchange: 'NSE', product: 'INTRADAY', netQuantity: 10, buyQuantity: 10, sellQuantity: 0, buyAveragePrice: 812.35, buyValue: 8123.5 }),
			]);
		});
	});

	describe('Convert Position', () => {
		const convert = (overrides: INodeParameters = {}): INodeParameters => ({
			resource: 'portfolio',
			operation: 'convertPosition',
			instrument: sbin,
			fromProduct: 'INTRADAY',
			toProduct: 'DELIVERY',
			quantity: 0,
			...overrides,
		});

		it('moves the whole intraday position to delivery', async () => {
			await trade({}, 'buy');
			const run = await world.run({ parameters: convert() });
			expect(run.outputOf('Angel One')[0].json).toEqual({
				converted: true,
				tradingSymbol: 'SBIN-EQ',
				exchange: 'NSE',
				fromProduct: 'INTRADAY',
				toProduct: 'DELIVERY',
				side: 'BUY',
				quantity: 10,
				positionQuantity: 10,
			});
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(0);
			expect(net('SBIN-EQ', 'DELIVERY')).toBe(10);
			expect(sent('convertPosition')[0].body).toMatchObject({ exchange: 'NSE', symboltoken: '3045', oldproducttype: 'INTRADAY', newproducttype: 'DELIVERY', transactiontype: 'BUY', quantity: 10, type: 'DAY' });
		});

		it('moves part of a position', async () => {
			await trade({}, 'buy');
			await world.run({ parameters: convert({ quantity: 4 }) });
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(6);
			expect(net('SBIN-EQ', 'DELIVERY')).toBe(4);
		});

		it('refuses a product the exchange does not have, and a position that does not exist, sending nothing', async () => {
			const badProduct = await world.run({ parameters: convert({ toProduct: 'CARRYFORWARD' }) });
			expect(badProduct.error?.message).toMatch(/^To Product: Carry Forward \(F&O\) is not available on NSE/);
			const noPosition = await world.run({ parameters: convert() });
			expect(noPosition.error?.message).toMatch(/^Instrument: There is no open Intraday position in NSE:SBIN-EQ; nothing was converted/);
			expect(sent('convertPosition')).toEqual([]);
		});

		it('refuses to convert more than the position', async () => {
			await trade({}, 'buy');
			const run = await world.run({ parameters: convert({ quantity: 11 }) });
			expect(run.error?.message).toMatch(/^Quantity: The Intraday position in NSE:SBIN-EQ is 10; 11 cannot be converted/);
			expect(sent('convertPosition')).toEqual([]);
		});
	});

	describe('Exit Position', () => {
		const exit = (overrides: INodeParameters = {}): INodeParameters => ({
			resource: 'portfolio',
			operation: 'exitPosition',
			exitMode: 'one',
			instrument: sbin,
			product: 'any',
			...overrides,
		});

		it('squares off one position with a protected market order (a limit 1 % through the last price) in the opposite direction', async () => {
			await trade({}, 'buy');
			const run = await world.run({ parameters: exit({ options: { waitSeconds: 2 } }) });
			expect(run.error).toBeUndefined();
			const [item] = run.outputOf('Angel One');
			expect(item.json).toMatchObject({ exited: true, positionQuantity: 10, side: 'SELL', orderType: 'LIMIT', product: 'INTRADAY', quantity: 10, status: 'complete', final: true, duplicate: false });
			// 812.35 × 0.99 = 804.2265, rounded down to the tick
			expect(item.json.protection).toMatchObject({ reference: 812.35, referenceSource: 'quote', band: 1, limitPrice: 804.2 });
			expect(item.json.tag).toMatch(/^n8n[0-9a-f]{16}$/);
			expect(sent('placeOrder').at(-1)?.body).toMatchObject({ variety: 'NORMAL', transactiontype: 'SELL', ordertype: 'LIMIT', producttype: 'INTRADAY', quantity: '10', price: '804.2' });
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(0);
		});

		it('does not exit twice when it runs again', async () => {
			await trade({}, 'buy');
			await world.run({ parameters: exit() });
			const again = await world.run({ parameters: exit() });
			expect(again.outputOf('Angel One')[0].json).toMatchObject({ exited: false, message: 'No open position in NSE:SBIN-EQ' });
			expect(sent('placeOrder')).toHaveLength(2);
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(0);
		});

		it('sends nothing more when working orders already cover the position', async () => {
			await trade({}, 'buy');
			await trade({ side: 'SELL', orderType: 'LIMIT', price: 830 }, 'target');
			const run = await world.run({ parameters: exit() });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ exited: false, positionQuantity: 10, message: expect.stringMatching(/Working SELL orders for NSE:SBIN-EQ already cover the position/) });
			expect(sent('placeOrder')).toHaveLength(2);
		});

		it('exits only what working orders leave open', async () => {
			await trade({}, 'buy');
			await trade({ side: 'SELL', orderType: 'LIMIT', price: 830, quantity: 4 }, 'part');
			await world.run({ parameters: exit() });
			expect(sent('placeOrder').at(-1)?.body).toMatchObject({ transactiontype: 'SELL', quantity: '6' });
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(4);
		});

		it('finds an exit whose answer was lost instead of sending a second one', async () => {
			await trade({}, 'buy');
			world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'placeOrder' });
			const run = await world.run({ parameters: exit() });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ exited: true, reconciled: true, status: 'complete' });
			expect(sent('placeOrder')).toHaveLength(2);
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(0);
		});

		it('exits every open position, long and short, one item each', async () => {
			await trade({}, 'buy-sbin');
			await trade({ instrument: reliance, quantity: 3, side: 'SELL' }, 'short-rel');
			await trade({ instrument: reliance, quantity: 2, product: 'DELIVERY' }, 'buy-rel-delivery');
			const run = await world.run({ parameters: exit({ exitMode: 'all', product: 'INTRADAY' }) });
			const items = run.outputOf('Angel One').map((i) => i.json);
			expect(items.map((i) => [i.tradingSymbol, i.side, i.quantity, i.exited])).toEqual([
				['SBIN-EQ', 'SELL', 10, true],
				['RELIANCE-EQ', 'BUY', 3, true],
			]);
			expect(new Set(items.map((i) => i.tag)).size).toBe(2);
			expect(net('SBIN-EQ', 'INTRADAY')).toBe(0);
			expect(net('RELIANCE-EQ', 'INTRADAY')).toBe(0);
			expect(net('RELIANCE-EQ', 'DELIVERY')).toBe(2);
		});

		it('validates every exit first and sends none when one cannot go', async () => {
			await trade({}, 'buy');
			world.runtime.now = () => SATURDAY;
			const run = await world.run({ parameters: exit({ exitMode: 'all' }) });
			expect(run.error?.message).toMatch(/^After-Market Order: NSE:SBIN-EQ: NSE is closed now/);
			expect(run.error?.description).toBe('Nothing was sent to Angel One for item 1.');
			expect(sent('placeOrder')).toHaveLength(1);
		});

		it('shows the exit orders in a dry run without sending them', async () => {
			await trade({}, 'buy');
			const run = await world.run({ parameters: exit({ exitMode: 'all', options: { dryRun: true } }) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				dryRun: true,
				valid: true,
				positionQuantity: 10,
				request: { method: 'POST', body: expect.objectContaining({ transactiontype: 'SELL', ordertype: 'LIMIT', price: '804.2', quantity: '10', producttype: 'INTRADAY' }) },
			});
			expect(sent('placeOrder')).toHaveLength(1);
		});

		it('is blocked by a read-only credential before anything is read', async () => {
			await world.close();
			world = await startWorld({ runtime, rateLimits: false }, { readOnly: true });
			const run = await world.run({ parameters: exit({ exitMode: 'all' }) });
			expect(run.error?.message).toMatch(/^Read-Only: /);
			expect(world.sim.control.requests()).toEqual([]);
		});
	});
});
