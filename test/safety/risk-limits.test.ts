// Risk limits on the credential, through n8n's engine against the simulator: each limit refuses an order that
// adds exposure before anything is sent (naming its field), Dry Run shows it, an unreadable limit refuses, and
// Exit Position and Cancel are never blocked.
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const AFTER_WINDOW = Date.parse('2026-11-25T15:20:00+05:30');
const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };
const ORDER_WRITES = ['placeOrder', 'modifyOrder', 'gttCreateRule', 'gttModifyRule'];

function place(overrides: INodeParameters = {}, tag?: string): INodeParameters {
	return {
		resource: 'order',
		operation: 'place',
		instrument: sbin,
		side: 'BUY',
		orderType: 'LIMIT',
		product: 'DELIVERY',
		quantity: 10,
		quantityUnit: 'units',
		price: 790,
		validity: 'DAY',
		...(tag ? { additionalFields: { tag } } : {}),
		...overrides,
	};
}

const gtt = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'gtt',
	operation: 'create',
	instrument: sbin,
	transactionType: 'BUY',
	productType: 'DELIVERY',
	quantity: 5,
	triggerPrice: 781,
	price: 780,
	...overrides,
});

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('risk limits on the credential', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 800);
	});

	afterEach(async () => {
		await world.close();
	});

	function limit(fields: ICredentialDataDecryptedObject): void {
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, ...fields });
	}

	function writes(): number {
		const counts = world.sim.control.requestCounts();
		return ORDER_WRITES.reduce((sum, name) => sum + (counts[name] ?? 0), 0);
	}

	/** Runs the node; returns its error message (undefined when it succeeded) and whether any order-changing request left. */
	async function attempt(parameters: INodeParameters): Promise<{ error?: string; description?: string; sent: boolean; json?: IDataObject }> {
		const before = writes();
		const run = await world.run({ parameters });
		const error = run.errorOf('Angel One');
		return {
			error: error?.message,
			description: error?.description === undefined || error?.description === null ? undefined : String(error.description),
			sent: writes() > before,
			json: error ? undefined : run.outputOf('Angel One')[0]?.json,
		};
	}

	it('Max Quantity per Order refuses more units than the limit and lets the limit itself through', async () => {
		limit({ maxQuantity: 5 });
		const refused = await attempt(place({ quantity: 10 }));
		expect(refused.error).toMatch(/^Max Quantity per Order \(Units\): 10 units is more than the limit of 5 units per order/);
		expect(refused.description).toMatch(/Nothing was sent/);
		expect(refused.sent).toBe(false);
		expect((await attempt(place({ quantity: 5 }))).sent).toBe(true);
	});

	it('Max Order Value refuses an order worth more than the limit (units × limit price)', async () => {
		limit({ maxOrderValue: 10000 });
		const refused = await attempt(place({ quantity: 20, price: 790 }));
		expect(refused.error).toMatch(/^Max Order Value \(₹\): 20 × ₹790 = ₹15,800 is more than the limit of ₹10,000 per order/);
		expect(refused.sent).toBe(false);
		expect((await attempt(place({ quantity: 12, price: 790 }))).sent).toBe(true);
	});

	it('Max Orders per Day counts the account\'s own order book, so it holds in another n8n process too', async () => {
		limit({ maxOrdersPerDay: 2 });
		expect((await attempt(place({}, 'one'))).sent).toBe(true);
		expect((await attempt(place({}, 'two'))).sent).toBe(true);
		const refused = await attempt(place({}, 'three'));
		expect(refused.error).toMatch(/^Max Orders per Day: Today's order book already holds 2 orders; the limit is 2 per day/);
		expect(refused.sent).toBe(false);
		const before = writes();
		const elsewhere = await world.run({ parameters: place({}, 'four') }, [{}], world.process());
		expect(elsewhere.errorOf('Angel One')?.message).toMatch(/^Max Orders per Day/);
		expect(writes()).toBe(before);
		// The same order delivered again is still returned as the duplicate it is, not refused.
		const again = await attempt(place({}, 'two'));
		expect(again.json).toMatchObject({ duplicate: true });
	});

	it('Allowed Exchanges refuses an order on another exchange', async () => {
		limit({ allowedExchanges: ['NSE'] });
		const refused = await attempt(place({ instrument: { __rl: true, mode: 'symbol', value: 'BSE:SBIN' } }));
		expect(refused.error).toMatch(/^Allowed Exchanges: BSE is not an allowed exchange \(allowed: NSE\)/);
		expect(refused.sent).toBe(false);
		expect((await attempt(place())).sent).toBe(true);
	});

	it('Allowed Products refuses an order with another product', async () => {
		limit({ allowedProducts: ['INTRADAY'] });
		const refused = await attempt(place({ product: 'DELIVERY' }));
		expect(refused.error).toMatch(/^Allowed Products: DELIVERY is not an allowed product \(allowed: INTRADAY\)/);
		expect(refused.sent).toBe(false);
		expect((await attempt(place({ product: 'INTRADAY' }))).sent).toBe(true);
	});

	it('Trading Window refuses an order outside the IST window, while the exchange is still open', async () => {
		limit({ tradingWindow: '09:20-15:10' });
		world.runtime.now = () => AFTER_WINDOW;
		const refused = await attempt(place());
		expect(refused.error).toMatch(/^Trading Window \(IST\): It is 15:20 IST, outside the trading window 09:20–15:10 IST/);
		expect(refused.sent).toBe(false);
		world.runtime.now = () => MARKET_OPEN;
		expect((await attempt(place())).sent).toBe(true);
	});

	it('refuses, naming the field, when a limit cannot be read', async () => {
		limit({ maxQuantity: 'ten' });
		const quantity = await attempt(place());
		expect(quantity.error).toMatch(/^Max Quantity per Order \(Units\): "ten" cannot be read/);
		expect(quantity.sent).toBe(false);
		limit({ maxQuantity: 0, tradingWindow: '9 to 5' });
		const window = await attempt(place());
		expect(window.error).toMatch(/^Trading Window \(IST\): "9 to 5" cannot be read/);
		expect(window.sent).toBe(false);
	});

	it('Dry Run shows the limit that would refuse, and sends nothing', async () => {
		limit({ maxQuantity: 5, allowedProducts: ['INTRADAY'] });
		const dry = await attempt(place({ options: { dryRun: true } }));
		expect(dry.json).toMatchObject({ dryRun: true, valid: false });
		expect((dry.json?.errors as IDataObject[]).map((issue) => issue.field)).toEqual(['Allowed Products', 'Max Quantity per Order (Units)']);
		expect(dry.sent).toBe(false);
	});

	it('Modify meets the limits only when it adds exposure', async () => {
		const placed = await attempt(place({ quantity: 5 }));
		const orderId = String(placed.json?.orderId);
		limit({ maxQuantity: 8, tradingWindow: '09:20-10:00' });
		const up = await attempt({ resource: 'order', operation: 'modify', orderId, updateFields: { quantity: 10 } });
		expect(up.error).toMatch(/^Max Quantity per Order \(Units\): 10 units/);
		expect(up.error).toMatch(/Trading Window/);
		expect(up.sent).toBe(false);
		const down = await attempt({ resource: 'order', operation: 'modify', orderId, updateFields: { price: 785 } });
		expect(down.error).toBeUndefined();
		expect(down.json).toMatchObject({ price: 785, modified: true });
	});

	it('GTT Create and a larger GTT Modify meet the limits', async () => {
		const created = await attempt(gtt());
		const ruleId = String(created.json?.id);
		limit({ maxOrderValue: 3000 });
		const create = await attempt(gtt());
		expect(create.error).toMatch(/^Max Order Value \(₹\): 5 × ₹780 = ₹3,900/);
		expect(create.sent).toBe(false);
		const modify = await attempt({ resource: 'gtt', operation: 'modify', ruleId, updateFields: { quantity: 6 } });
		expect(modify.error).toMatch(/^Max Order Value/);
		expect(modify.sent).toBe(false);
		const smaller = await attempt({ resource: 'gtt', operation: 'modify', ruleId, updateFields: { quantity: 3 } });
		expect(smaller.error).toBeUndefined();
	});

	it('Convert Position meets Allowed Products and the Trading Window as the product it converts into', async () => {
		const buy = await attempt(place({ product: 'INTRADAY', price: 812.5 }, 'conv1'));
		expect(buy.error).toBeUndefined();
		limit({ allowedProducts: ['INTRADAY'] });
		const convert = { resource: 'portfolio', operation: 'convertPosition', instrument: sbin, fromProduct: 'INTRADAY', toProduct: 'DELIVERY', quantity: 0 };
		const refused = await attempt(convert);
		expect(refused.error).toMatch(/^Allowed Products: /);
		expect(world.sim.control.requestCounts().convertPosition ?? 0).toBe(0);
		limit({ allowedProducts: ['INTRADAY', 'DELIVERY'] });
		const converted = await attempt(convert);
		expect(converted.error).toBeUndefined();
		expect(world.sim.control.requestCounts().convertPosition).toBe(1);
	});

	it('never blocks Exit Position or Cancel', async () => {
		const bought = await attempt(place({ product: 'INTRADAY', price: 810 }, 'entry'));
		expect(bought.sent).toBe(true);
		const open = await attempt(place({ quantity: 1, price: 780 }, 'resting'));
		limit({ maxQuantity: 1, maxOrderValue: 1, maxOrdersPerDay: 1, allowedProducts: ['MARGIN'], allowedExchanges: ['MCX'], tradingWindow: '09:20-09:21' });
		const cancel = await attempt({ resource: 'order', operation: 'cancel', orderId: String(open.json?.orderId) });
		expect(cancel.error).toBeUndefined();
		expect(cancel.json).toMatchObject({ cancelled: true });
		const exit = await attempt({ resource: 'portfolio', operation: 'exitPosition', exitMode: 'one', instrument: sbin, product: 'any' });
		expect(exit.error).toBeUndefined();
		expect(exit.json).toMatchObject({ side: 'SELL', quantity: 10 });
	});
});
