// Account operations through n8n-core against the simulator: profile and funds, the margin calculator and the
// charges estimate (numbers as numbers; legs from fields or JSON, checked like orders before anything is sent).
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';

const symbol = (value: string) => ({ __rl: true, mode: 'symbol', value });

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe('Account', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
	});

	afterEach(async () => {
		await world.close();
	});

	const run = async (parameters: INodeParameters, input: IDataObject[] = [{}]) => {
		const result = await world.run({ parameters }, input);
		expect(result.errorOf('Angel One')).toBeUndefined();
		return result.outputOf('Angel One').map((i) => i.json);
	};
	const niftyOption = () => world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX', optionType: 'CE' }).find((o) => o.strike === 2500000)!;

	it('still gets the profile and funds', async () => {
		expect((await run({ resource: 'account', operation: 'getProfile' }))[0].clientCode).toBe(world.sim.account.clientCode);
		expect((await run({ resource: 'account', operation: 'getFunds' }))[0].netMarginAvailable).toEqual(expect.any(Number));
	});

	describe('Calculate Margin', () => {
		const margin = (extra: IDataObject) => ({ resource: 'account', operation: 'calculateMargin', ...extra });

		it('returns the total and its components as numbers for positions given as fields', async () => {
			const option = niftyOption();
			const [item] = await run(
				margin({
					positions: {
						values: [
							{ instrument: symbol('NSE:SBIN-EQ'), side: 'BUY', quantity: 10, product: 'DELIVERY', orderType: 'LIMIT', price: 812.35 },
							{ instrument: symbol(`NFO:${option.symbol}`), side: 'SELL', quantity: 75, product: 'CARRYFORWARD', orderType: 'MARKET', price: 0 },
						],
					},
				}),
			);
			expect(item).toMatchObject({
				totalMarginRequired: expect.any(Number),
				spanMargin: expect.any(Number),
				deliveryMargin: expect.any(Number),
				netPremium: expect.any(Number),
				marginBenefit: expect.any(Number),
			});
			expect(item.totalMarginRequired as number).toBeGreaterThan(item.deliveryMargin as number);
			expect(item.deliveryMargin as number).toBeGreaterThan(0);
			expect(item.positions).toEqual([
				{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', token: '3045', side: 'BUY', quantity: 10, product: 'DELIVERY', orderType: 'LIMIT', price: 812.35 },
				{ exchange: 'NFO', tradingSymbol: option.symbol, token: option.token, side: 'SELL', quantity: 75, product: 'CARRYFORWARD', orderType: 'MARKET', price: 0 },
			]);
			expect(world.sim.control.requests(5).find((r) => r.endpoint === 'marginBatch')?.body).toEqual({
				positions: [
					{ exchange: 'NSE', qty: 10, price: 812.35, productType: 'DELIVERY', token: '3045', tradeType: 'BUY', orderType: 'LIMIT' },
					{ exchange: 'NFO', qty: 75, price: 0, productType: 'CARRYFORWARD', token: option.token, tradeType: 'SELL', orderType: 'MARKET' },
				],
			});
		});

		it('takes positions as JSON, in lots, with other brokers\' product names', async () => {
			const option = niftyOption();
			const [item] = await run(
				margin({
					positionsFrom: 'json',
					quantityUnit: 'lots',
					positionsJson: JSON.stringify([{ symbol: `NFO:${option.symbol}`, side: 'buy', quantity: 2, product: 'NRML', orderType: 'MARKET' }]),
				}),
			);
			expect(item.positions).toEqual([expect.objectContaining({ quantity: 150, product: 'CARRYFORWARD', side: 'BUY' })]);
			expect(item.totOptionsPremium as number).toBeGreaterThan(0);
			expect(item.optionPremiums).toEqual([expect.objectContaining({ tradingSymbol: option.symbol, token: option.token, optionPremium: expect.any(Number) })]);
		});

		it.each<[string, INodeParameters, RegExp]>([
			['a quantity that is not whole lots', { instrument: 'option', quantity: 70, product: 'CARRYFORWARD' }, /^Positions 1: Quantity: .*lot size 75/],
			['carry forward on a share', { instrument: 'NSE:SBIN-EQ', quantity: 1, product: 'CARRYFORWARD' }, /^Positions 1: Product: CARRYFORWARD is not available for NSE:SBIN-EQ/],
			['delivery on an option', { instrument: 'option', quantity: 75, product: 'DELIVERY' }, /^Positions 1: Product: DELIVERY is not available/],
			['a limit price off the tick', { instrument: 'NSE:SBIN-EQ', quantity: 1, product: 'DELIVERY', price: 812.33 }, /^Positions 1: Price: .*tick size 0\.05/],
		])('refuses %s before sending anything', async (_label, leg, message) => {
			const instrument = leg.instrument === 'option' ? `NFO:${niftyOption().symbol}` : (leg.instrument as string);
			world.sim.control.resetCounts();
			const result = await world.run({
				parameters: margin({ positions: { values: [{ side: 'BUY', orderType: 'LIMIT', price: 812.35, ...leg, instrument: symbol(instrument) }] } }),
			});
			expect(result.errorOf('Angel One')?.message).toMatch(message);
			expect(world.sim.control.requestCounts().marginBatch).toBeUndefined();
		});

		it('refuses more than 50 positions rather than splitting the basket', async () => {
			const legs = Array.from({ length: 51 }, () => ({ symbol: 'NSE:SBIN-EQ', side: 'BUY', quantity: 1, product: 'DELIVERY', orderType: 'MARKET' }));
			const result = await world.run({ parameters: margin({ positionsFrom: 'json', positionsJson: JSON.stringify(legs) }) });
			expect(result.errorOf('Angel One')?.message).toBe('Positions: At most 50 positions fit in one calculation (got 51)');
		});
	});

	describe('Estimate Charges', () => {
		it('returns the total, the breakup and each charge by name as numbers', async () => {
			const [item] = await run({
				resource: 'account',
				operation: 'estimateCharges',
				orders: {
					values: [
						{ instrument: symbol('NSE:SBIN-EQ'), side: 'BUY', quantity: 100, product: 'DELIVERY', price: 812.35 },
						{ instrument: symbol('NSE:SBIN-EQ'), side: 'SELL', quantity: 100, product: 'DELIVERY', price: 820 },
					],
				},
			});
			expect(item.totalCharges).toEqual(expect.any(Number));
			expect(item.totalCharges as number).toBeGreaterThan(0);
			expect(item.tradeValue).toBeCloseTo(100 * 812.35 + 100 * 820, 2);
			expect(item.byName).toMatchObject({
				angelOneBrokerage: expect.any(Number),
				externalCharges: expect.any(Number),
				stampDuty: expect.any(Number),
				sebiFees: expect.any(Number),
				securityTransactionTax: expect.any(Number),
				gst: expect.any(Number),
			});
			const breakup = item.breakup as Array<{ name: string; amount: number; breakup: unknown[] }>;
			expect(breakup.map((c) => c.name)).toEqual(['Angel One Brokerage', 'External Charges', 'Taxes']);
			expect(breakup.reduce((sum, c) => sum + c.amount, 0)).toBeCloseTo(item.totalCharges as number, 1);
			const orders = item.orders as IDataObject[];
			expect(orders).toHaveLength(2);
			expect(orders[1]).toMatchObject({ side: 'SELL', tradingSymbol: 'SBIN-EQ', totalCharges: expect.any(Number), tradeValue: 82000 });
			expect(world.sim.control.requests(5).find((r) => r.endpoint === 'estimateCharges')?.body).toEqual({
				orders: [
					{ product_type: 'DELIVERY', transaction_type: 'BUY', quantity: '100', price: '812.35', exchange: 'NSE', symbol_name: 'SBIN', token: '3045' },
					{ product_type: 'DELIVERY', transaction_type: 'SELL', quantity: '100', price: '820', exchange: 'NSE', symbol_name: 'SBIN', token: '3045' },
				],
			});
		});

		it('needs a traded price for every order', async () => {
			const result = await world.run({
				parameters: {
					resource: 'account',
					operation: 'estimateCharges',
					orders: { values: [{ instrument: symbol('NSE:SBIN-EQ'), side: 'BUY', quantity: 1, product: 'INTRADAY', price: 0 }] },
				},
			});
			expect(result.errorOf('Angel One')?.message).toMatch(/^Orders 1: Price: .*above zero/);
		});
	});
});
