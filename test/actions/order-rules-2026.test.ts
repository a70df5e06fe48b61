// The 2026 rules for API orders through the real node: Market protected with a reference from the item or a
// quote and a chosen band, clamped at the circuit; Fill or Cancel Within N Seconds with a full, a partial and no
// fill; a modify into Market; the escape hatch (fail-closed parsing); and both ways the broker may refuse.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { SimulatorOptions } from '../../simulator/server';
import { startWorld, type AngelWorld } from '../support/angel';

/** A Wednesday, 10:30 IST: every exchange is in session. */
const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

function place(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'order',
		operation: 'place',
		instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
		side: 'BUY',
		orderType: 'MARKET',
		product: 'INTRADAY',
		quantity: 10,
		quantityUnit: 'units',
		validity: 'DAY',
		...overrides,
	};
}

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN, orders: { pollIntervalsMs: [100] } };

describe('the 2026 order rules in the Angel One node', () => {
	let world: AngelWorld;

	async function open(options: SimulatorOptions = {}, credential: IDataObject = {}): Promise<void> {
		await world?.close();
		world = await startWorld({ runtime, rateLimits: false, ...options }, credential);
		world.sim.control.setPrice('NSE', '3045', 812.35);
	}

	beforeEach(async () => {
		await open();
	});

	afterEach(async () => {
		await world.close();
	});

	const placed = (): IDataObject[] => world.sim.control.requests().filter((r) => r.endpoint === 'placeOrder').map((r) => r.body as IDataObject);

	describe('Market, protected', () => {
		it('takes the reference price from the item when one is given, and the band set on the node', async () => {
			const run = await world.run({ parameters: place({ side: 'SELL', additionalFields: { referencePrice: '={{ $json.ltp }}', protectionBand: 0.5 } }) }, [{ ltp: 812.5 }]);
			expect(run.error).toBeUndefined();
			// 812.5 × 0.995 = 808.4375 → rounded down to the tick: 808.40
			expect(placed()[0]).toMatchObject({ ordertype: 'LIMIT', transactiontype: 'SELL', price: '808.4' });
			expect(run.outputOf('Angel One')[0].json.protection).toMatchObject({ reference: 812.5, referenceSource: 'item', band: 0.5, limitPrice: 808.4 });
		});

		it('stops the limit at the day\'s upper circuit and the order is accepted', async () => {
			const quote = await world.run({ parameters: { resource: 'marketData', operation: 'getQuote', mode: 'FULL', simplify: false, instrumentsFrom: 'symbols', symbols: 'NSE:SBIN-EQ' } });
			const upper = Number(quote.outputOf('Angel One')[0]?.json.upperCircuit);
			expect(upper).toBeGreaterThan(812.35);
			world.sim.control.setPrice('NSE', '3045', Math.round((upper - 0.05) * 100) / 100);
			const run = await world.run({ parameters: place() });
			expect(run.error).toBeUndefined();
			expect(placed()[0]).toMatchObject({ ordertype: 'LIMIT', price: String(upper) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'complete', protection: { limitPrice: upper, upperCircuit: upper, clampedTo: 'upper circuit' } });
		});

		it('shows the protected request in a dry run without placing anything', async () => {
			const run = await world.run({ parameters: place({ options: { dryRun: true } }) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				dryRun: true,
				valid: true,
				request: { body: expect.objectContaining({ ordertype: 'LIMIT', price: '820.5' }) },
				protection: { reference: 812.35, band: 1, limitPrice: 820.5 },
			});
			expect(placed()).toEqual([]);
		});

		it('refuses a band above 20 % before anything is sent', async () => {
			const run = await world.run({ parameters: place({ additionalFields: { protectionBand: 25 } }) });
			expect(run.error?.message).toMatch(/^Protection Band \(%\): "25" must be a percentage above 0 and at most 20/);
			expect(placed()).toEqual([]);
		});

		it('sends a modify into Market as a limit at the protected price', async () => {
			const first = await world.run({ parameters: place({ orderType: 'LIMIT', price: 800 }) });
			const orderId = String(first.outputOf('Angel One')[0].json.orderId);
			const run = await world.run({ parameters: { resource: 'order', operation: 'modify', orderId, updateFields: { orderType: 'MARKET' }, options: { waitSeconds: 2 } } });
			expect(run.error).toBeUndefined();
			const body = world.sim.control.requests().find((r) => r.endpoint === 'modifyOrder')?.body;
			expect(body).toMatchObject({ ordertype: 'LIMIT', price: '820.5', duration: 'DAY' });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'complete', protection: { limitPrice: 820.5 } });
		});
	});

	describe('Fill or Cancel Within N Seconds', () => {
		const fillOrCancel = (extra: INodeParameters = {}) => place({ validity: 'FILL_OR_CANCEL', fillWithinSeconds: 1, ...extra });

		it('reports a full fill and cancels nothing', async () => {
			const run = await world.run({ parameters: fillOrCancel() });
			expect(run.error).toBeUndefined();
			expect(placed()[0]).toMatchObject({ ordertype: 'LIMIT', duration: 'DAY' });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				status: 'complete',
				fillOrCancel: { outcome: 'filled', quantity: 10, filledQuantity: 10, cancelledQuantity: 0 },
			});
			expect(world.sim.control.requests().filter((r) => r.endpoint === 'cancelOrder')).toEqual([]);
		});

		it('cancels the rest of a partial fill after N seconds and says how much filled', async () => {
			world.sim.control.setLiquidity('NSE', '3045', 3);
			const run = await world.run({ parameters: fillOrCancel() });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				status: 'cancelled',
				filledQuantity: 3,
				fillOrCancel: { outcome: 'partly filled', quantity: 10, filledQuantity: 3, cancelledQuantity: 7 },
			});
			expect(world.sim.control.orderBook()[0]).toMatchObject({ status: 'cancelled', filledshares: '3', cancelsize: '7' });
			expect(world.sim.control.positions()[0]).toMatchObject({ buyqty: '3' });
		});

		it('cancels an order nothing of which filled', async () => {
			world.sim.control.setLiquidity('NSE', '3045', 0);
			const run = await world.run({ parameters: fillOrCancel({ orderType: 'LIMIT', price: 805 }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				status: 'cancelled',
				fillOrCancel: { outcome: 'cancelled', quantity: 10, filledQuantity: 0, cancelledQuantity: 10 },
			});
			expect(world.sim.control.requests().filter((r) => r.endpoint === 'cancelOrder')).toHaveLength(1);
		});
	});

	it('refuses Fill or Cancel for an after-market order before anything is sent', async () => {
		const run = await world.run({ parameters: place({ validity: 'FILL_OR_CANCEL', fillWithinSeconds: 1, additionalFields: { afterMarket: true } }) });
		expect(run.error?.message).toMatch(/^Fill Within \(Seconds\): Fill or Cancel Within N Seconds cannot be an after-market order/);
		expect(world.sim.control.requests().filter((r) => r.endpoint !== 'loginByPassword')).toEqual([]);
	});

	describe('the escape hatch', () => {
		it('sends native market and IOC orders when the credential allows them', async () => {
			await open({ apiOrderRules: { enforce: false, nativeReason: 'escape-hatch' } }, { allowNativeOrders: true });
			const market = await world.run({ parameters: place() });
			expect(market.error).toBeUndefined();
			expect(market.outputOf('Angel One')[0].json.protection).toBeUndefined();
			const ioc = await world.run({ parameters: place({ validity: 'IOC', additionalFields: { tag: 'ioc-1' } }) });
			expect(ioc.error).toBeUndefined();
			expect(placed()).toEqual([expect.objectContaining({ ordertype: 'MARKET', price: '0' }), expect.objectContaining({ ordertype: 'MARKET', duration: 'IOC' })]);
		});

		it('stays off for a value that is not a clear yes, and converts the order', async () => {
			await open({}, { allowNativeOrders: 'maybe' });
			const run = await world.run({ parameters: place() });
			expect(run.error).toBeUndefined();
			expect(placed()[0]).toMatchObject({ ordertype: 'LIMIT', price: '820.5' });
		});

		it('points to the protected path when the broker refuses a native order at placement', async () => {
			await open({ apiOrderRules: { refusal: 'at-placement', nativeReason: 'escape-hatch' } }, { allowNativeOrders: 'yes' });
			const run = await world.run({ parameters: place() });
			expect(run.error?.message).toMatch(/not allowed for API trading\. Turn off "Allow Native Market and IOC Orders" in the credential, so Market orders go as protected limit orders/);
			expect(world.sim.control.orderBook()).toEqual([]);
		});

		it('points to the protected path when the broker accepts a native order and then rejects it', async () => {
			await open({ apiOrderRules: { refusal: 'in-order-book', nativeReason: 'escape-hatch' } }, { allowNativeOrders: true });
			const run = await world.run({ parameters: place({ options: { waitSeconds: 2 } }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				status: 'rejected',
				rejectionReason: expect.stringMatching(/^RMS: Market, stop-loss market and IOC orders are not allowed/),
				hint: expect.stringMatching(/Turn off "Allow Native Market and IOC Orders"/),
			});
		});
	});
});
