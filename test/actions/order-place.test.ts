// Order → Place against the simulator through n8n-core: what is sent for each order type, and every pre-trade
// check failing before anything reaches Angel One (lots, ticks, prices, triggers, products, hours, read-only, dry run).
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RecordedRequest } from '../../simulator/request-log';
import { secretsOf, startWorld, type AngelWorld } from '../support/angel';
import { placeParameters } from '../support/orders';

/** A Wednesday, 10:30 IST: every exchange is in session. */
const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const SATURDAY = Date.parse('2026-11-28T11:00:00+05:30');

const symbol = (value: string) => ({ __rl: true, mode: 'symbol', value });
const token = (value: string) => ({ __rl: true, mode: 'id', value });

const place = placeParameters;

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('Order → Place', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	/** Requests that reached SmartAPI (the public instrument master is not one). */
	const sent = (): RecordedRequest[] => world.sim.control.requests().filter((r) => r.endpoint !== 'master');
	const placed = (): IDataObject[] => sent().filter((r) => r.endpoint === 'placeOrder').map((r) => r.body as IDataObject);
	const sbinFuture = () => world.sim.control.instruments({ exchange: 'NFO', name: 'SBIN', instrumentType: 'FUTSTK' })[0];

	it('places a limit buy and returns the open order in a trader\'s words, numbers as numbers', async () => {
		const run = await world.run({ parameters: place() });
		expect(run.error).toBeUndefined();
		const [item] = run.outputOf('Angel One');
		const book = world.sim.control.orderBook();
		expect(book).toHaveLength(1);
		expect(item.json).toMatchObject({
			orderId: book[0].orderid,
			uniqueOrderId: book[0].uniqueorderid,
			status: 'open',
			tradingSymbol: 'SBIN-EQ',
			exchange: 'NSE',
			side: 'BUY',
			orderType: 'LIMIT',
			product: 'DELIVERY',
			validity: 'DAY',
			quantity: 10,
			filledQuantity: 0,
			pendingQuantity: 10,
			price: 800,
			rejectionReason: null,
			duplicate: false,
			reconciled: false,
			final: false,
		});
		expect(item.json.tag).toMatch(/^n8n[0-9a-f]{16}$/);
		expect(item.json.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+05:30$/);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(placed()).toEqual([
			{
				variety: 'NORMAL',
				tradingsymbol: 'SBIN-EQ',
				symboltoken: '3045',
				exchange: 'NSE',
				transactiontype: 'BUY',
				ordertype: 'LIMIT',
				producttype: 'DELIVERY',
				duration: 'DAY',
				price: '800',
				triggerprice: '0',
				quantity: '10',
				ordertag: item.json.tag,
			},
		]);
		expect(book[0].ordertag).toBe(item.json.tag);
	});

	it('reads the order details instead of the book after placing when the twin check is turned off, and keeps it on for an unreadable value', async () => {
		// The broker requests one run makes after its placeOrder.
		const afterPlacing = async (options: INodeParameters, tag: string): Promise<string[]> => {
			const from = sent().length;
			const run = await world.run({ parameters: place({ additionalFields: { tag }, options }) });
			expect(run.error).toBeUndefined();
			const endpoints = sent().slice(from).map((r) => r.endpoint).filter((e) => e !== 'master');
			return endpoints.slice(endpoints.indexOf('placeOrder') + 1);
		};
		expect(await afterPlacing({ twinCheck: false }, 'solo-1')).toEqual(['orderDetails']);
		expect(await afterPlacing({ twinCheck: 'maybe' }, 'solo-2')).toEqual(['getOrderBook']);
		expect(await afterPlacing({}, 'solo-3')).toEqual(['getOrderBook']);
	});

	it('reads the credential from n8n once per order, not for every step and again inside every request', async () => {
		await world.run({ parameters: place({ additionalFields: { tag: 'warm-up' } }) });
		world.n8n.resetStats();
		const before = world.sim.control.requests().length;
		const run = await world.run({ parameters: place({ additionalFields: { tag: 'measured' } }) });
		expect(run.error).toBeUndefined();
		// One authentication per broker request: the duplicate check's book, placeOrder, the book read after placing.
		const sentNow = world.sim.control.requests().slice(before).map((r) => r.endpoint);
		expect(sentNow.filter((e) => e === 'placeOrder')).toHaveLength(1);
		// The instrument master is a public file: every other request is authenticated, once each.
		expect(world.n8n.stats.authentications).toBe(sentNow.filter((e) => e !== 'master').length);
		// Book, place and details, the read-only guard and the master URL: 9 reads before (each one a database
		// load and a decryption in a real n8n); now one, reused for a second (more only on a very slow machine).
		expect(world.n8n.stats.decryptions).toBeLessThanOrEqual(world.n8n.stats.authentications);
	});

	it('sends a market buy as a limit order 1 % above the quoted last price, and reports the fill price', async () => {
		const run = await world.run({ parameters: place({ orderType: 'MARKET' }) });
		expect(run.outputOf('Angel One')[0].json).toMatchObject({
			status: 'complete',
			filledQuantity: 10,
			pendingQuantity: 0,
			averagePrice: 812.35,
			final: true,
			protection: { reference: 812.35, referenceSource: 'quote', band: 1, limitPrice: 820.5 },
		});
		// 812.35 × 1.01 = 820.4735, rounded up to the 0.05 tick
		expect(placed()[0]).toMatchObject({ ordertype: 'LIMIT', price: '820.5', variety: 'NORMAL', duration: 'DAY' });
		expect(sent().map((r) => r.endpoint).filter((e) => e !== 'loginByPassword')).toEqual(['quote', 'getOrderBook', 'placeOrder', 'getOrderBook']);
	});

	it('sends stop-loss orders with the STOPLOSS variety and the trigger price', async () => {
		const run = await world.run({ parameters: place({ orderType: 'STOPLOSS_LIMIT', side: 'BUY', triggerPrice: 820, price: 821.5 }) });
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'trigger pending', triggerPrice: 820, price: 821.5 });
		expect(placed()[0]).toMatchObject({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', price: '821.5', triggerprice: '820' });

		// Stop Loss Market goes as a stop-loss limit whose limit is 1 % beyond the trigger: 800 × 0.99 = 792.
		const market = await world.run({ parameters: place({ orderType: 'STOPLOSS_MARKET', side: 'SELL', product: 'INTRADAY', triggerPrice: 800 }) });
		expect(placed()[1]).toMatchObject({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', price: '792', triggerprice: '800' });
		expect(market.outputOf('Angel One')[0].json).toMatchObject({ status: 'trigger pending', protection: { reference: 800, referenceSource: 'trigger price', band: 1, limitPrice: 792 } });
	});

	it('turns a quantity in lots into units for a future', async () => {
		const future = sbinFuture();
		world.sim.control.setPrice('NFO', future.token, 815);
		const run = await world.run({
			parameters: place({ instrument: token(`NFO:${future.token}`), product: 'CARRYFORWARD', quantity: 1, quantityUnit: 'lots', price: 810 }),
		});
		expect(run.error).toBeUndefined();
		expect(placed()[0]).toMatchObject({ exchange: 'NFO', symboltoken: future.token, quantity: String(future.lotSize), producttype: 'CARRYFORWARD' });
		expect(run.outputOf('Angel One')[0].json.quantity).toBe(future.lotSize);
	});

	it('sends the cautionary-scrip consent and a disclosed quantity when asked', async () => {
		await world.run({ parameters: place({ quantity: 100, additionalFields: { scripConsent: true, disclosedQuantity: 20 } }) });
		expect(placed()[0]).toMatchObject({ scripconsent: 'yes', disclosedquantity: '20', quantity: '100' });
	});

	describe('refuses bad input before anything is sent', () => {
		const cases: Array<[string, () => INodeParameters, string, RegExp]> = [
			['a quantity that is not a multiple of the lot size', () => place({ instrument: token(`NFO:${sbinFuture().token}`), product: 'CARRYFORWARD', quantity: 100 }), 'Quantity', /not a multiple of the lot size 750/],
			['a price off the tick size', () => place({ price: 812.33 }), 'Price', /tick size 0\.05.*812\.3 or 812\.35/],
			['a limit order without a price', () => place({ price: 0 }), 'Price', /needs a price above zero/],
			['a stop-loss order without a trigger price', () => place({ orderType: 'STOPLOSS_MARKET' }), 'Trigger Price', /needs a trigger price/],
			['a stop-loss buy whose trigger is above its limit', () => place({ orderType: 'STOPLOSS_LIMIT', triggerPrice: 825, price: 820 }), 'Trigger Price', /at or below the limit price/],
			['a stop-loss sell whose trigger is below its limit', () => place({ orderType: 'STOPLOSS_LIMIT', side: 'SELL', triggerPrice: 790, price: 795 }), 'Trigger Price', /at or above the limit price/],
			['Carry Forward on a cash exchange', () => place({ product: 'CARRYFORWARD' }), 'Product', /Carry Forward \(F&O\) is not available on NSE/],
			['Delivery on a derivatives exchange', () => place({ instrument: token(`NFO:${sbinFuture().token}`), quantity: 750, price: 810 }), 'Product', /Delivery is not available on NFO/],
			['an index', () => place({ instrument: symbol('NSE:NIFTY'), price: 25000 }), 'Instrument', /is an index/],
			['a tag of 20 characters', () => place({ additionalFields: { tag: 'x'.repeat(20) } }), 'Tag', /at most 19/],
			['IOC without the escape hatch', () => place({ instrument: token(`MCX:${world.sim.control.instruments({ exchange: 'MCX' })[0].token}`), product: 'CARRYFORWARD', validity: 'IOC', orderType: 'MARKET', quantity: world.sim.control.instruments({ exchange: 'MCX' })[0].lotSize }), 'Validity', /IOC orders are not allowed for API trading since 1 April 2026.*Fill or Cancel Within N Seconds/],
			['a disclosed quantity above the order quantity', () => place({ additionalFields: { disclosedQuantity: 11 } }), 'Disclosed Quantity', /more than the order quantity 10/],
		];

		it.each(cases)('%s', async (_name, parameters, field, message) => {
			const run = await world.run({ parameters: parameters() });
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message.startsWith(`${field}: `)).toBe(true);
			expect(run.error?.message).toMatch(message);
			expect(run.error?.description).toBe('Nothing was sent to Angel One for item 1.');
			expect(sent()).toEqual([]);
		});

		it('an order while the exchange is closed, unless it is marked after-market', async () => {
			world.runtime.now = () => SATURDAY;
			const run = await world.run({ parameters: place() });
			expect(run.error?.message).toMatch(/^After-Market Order: NSE is closed now .*Turn on After-Market Order/);
			expect(sent()).toEqual([]);
		});

		it('an after-market order while the exchange is open', async () => {
			const run = await world.run({ parameters: place({ additionalFields: { afterMarket: true } }) });
			expect(run.error?.message).toMatch(/^After-Market Order: NSE is open now/);
			expect(sent()).toEqual([]);
		});

		it('any order-changing call on a read-only credential, before even reading the instrument master', async () => {
			await world.close();
			world = await startWorld({ runtime, rateLimits: false }, { readOnly: true });
			const run = await world.run({ parameters: place() });
			expect(run.error?.message).toMatch(/^Read-Only: This Angel One credential is read-only/);
			expect(world.sim.control.requests()).toEqual([]);
		});

		it('names the failing item and keeps going with the others when Continue On Fail is set', async () => {
			const run = await world.run({ parameters: place({ price: '={{ $json.price }}' }), continueOnFail: true }, [{ price: 812.33 }, { price: 800 }]);
			const [bad, good] = run.outputOf('Angel One');
			expect(bad.json).toMatchObject({ field: 'Price' });
			expect(String(bad.json.error)).toMatch(/^Price: .*tick size/);
			expect(bad.pairedItem).toEqual({ item: 0 });
			expect(good.json).toMatchObject({ status: 'open', price: 800 });
			expect(good.pairedItem).toEqual({ item: 1 });
			expect(placed()).toHaveLength(1);
		});

		it('names the second item when it is the one that fails', async () => {
			const run = await world.run({ parameters: place({ quantity: '={{ $json.quantity }}' }) }, [{ quantity: 5 }, { quantity: -5 }]);
			expect(run.error?.message).toMatch(/^Quantity: /);
			expect(run.error?.description).toBe('Nothing was sent to Angel One for item 2.');
			expect(placed()).toHaveLength(1);
		});
	});

	it('places an after-market order as NORMAL while the exchange is closed', async () => {
		await world.close();
		world = await startWorld({ runtime, rateLimits: false, marketHours: 'closed' });
		world.runtime.now = () => Date.parse('2026-11-25T19:00:00+05:30');
		const run = await world.run({ parameters: place({ additionalFields: { afterMarket: true } }) });
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')[0].json).toMatchObject({ status: 'after market order req received', final: false });
		expect(placed()[0]).toMatchObject({ variety: 'NORMAL', ordertype: 'LIMIT' });
	});

	describe('dry run', () => {
		it('returns the exact request and sends nothing at all, not even the duplicate look-up', async () => {
			const run = await world.run({ parameters: place({ options: { dryRun: true } }) });
			expect(run.error).toBeUndefined();
			const result = run.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ dryRun: true, valid: true, errors: [], tagDerived: true });
			expect(result.request).toEqual({
				method: 'POST',
				url: `${world.sim.baseUrl}/rest/secure/angelbroking/order/v1/placeOrder`,
				body: expect.objectContaining({ variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', price: '800', quantity: '10', ordertag: result.tag }),
			});
			expect(result.instrument).toMatchObject({ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', token: '3045', lotSize: 1, tickSize: 0.05 });
			expect(sent()).toEqual([]);
			for (const secret of secretsOf(world)) expect(JSON.stringify(result)).not.toContain(secret);
		});

		it('derives the same tag as the real placement would', async () => {
			const dry = await world.run({ parameters: place({ options: { dryRun: true } }) });
			const real = await world.run({ parameters: place() });
			expect(real.outputOf('Angel One')[0].json.tag).toBe(dry.outputOf('Angel One')[0].json.tag);
		});

		it('lists every problem instead of failing', async () => {
			const run = await world.run({ parameters: place({ orderType: 'STOPLOSS_LIMIT', price: 812.33, product: 'CARRYFORWARD', options: { dryRun: true } }) });
			const result = run.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ dryRun: true, valid: false, request: null });
			expect((result.errors as IDataObject[]).map((e) => e.field)).toEqual(['Product', 'Price', 'Trigger Price']);
			expect(sent()).toEqual([]);
		});

		it('works on a read-only credential and says the order would be refused', async () => {
			await world.close();
			world = await startWorld({ runtime, rateLimits: false }, { readOnly: true });
			const run = await world.run({ parameters: place({ options: { dryRun: true } }) });
			const result = run.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ dryRun: true, valid: false });
			expect((result.errors as IDataObject[])[0]).toMatchObject({ field: 'Read-Only' });
			expect(sent()).toEqual([]);
		});
	});
});
