// GTT operations through n8n-core against the simulator: the full rule life cycle, Get Many's status filter and
// paging, and the checks that refuse a rule (exchange, product, lot, tick, read-only) before anything is sent.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';

const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };
const create = (extra: INodeParameters = {}) => ({
	resource: 'gtt',
	operation: 'create',
	instrument: sbin,
	transactionType: 'BUY',
	productType: 'DELIVERY',
	quantity: 5,
	triggerPrice: 781,
	price: 780,
	...extra,
});
const WRITES = ['gttCreateRule', 'gttModifyRule', 'gttCancelRule'];

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe('GTT', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 800);
	});

	afterEach(async () => {
		await world.close();
	});

	const run = async (parameters: INodeParameters, input: IDataObject[] = [{}]) => {
		const result = await world.run({ parameters }, input);
		expect(result.errorOf('Angel One')).toBeUndefined();
		return result.outputOf('Angel One').map((i) => i.json);
	};
	const writes = () => WRITES.map((name) => world.sim.control.requestCounts()[name] ?? 0).reduce((a, b) => a + b, 0);
	const get = async (ruleId: string, simplify = true) => (await run({ resource: 'gtt', operation: 'get', ruleId, simplify }))[0];

	it('creates a rule and reads it back with numbers as numbers', async () => {
		const [created] = await run(create());
		expect(created).toEqual({
			id: expect.stringMatching(/^\d+$/),
			exchange: 'NSE',
			tradingSymbol: 'SBIN-EQ',
			token: '3045',
			transactionType: 'BUY',
			productType: 'DELIVERY',
			quantity: 5,
			triggerPrice: 781,
			price: 780,
			disclosedQuantity: 0,
			timePeriod: 365,
		});
		expect(world.sim.control.requests(5).find((r) => r.endpoint === 'gttCreateRule')?.body).toMatchObject({
			tradingsymbol: 'SBIN-EQ',
			symboltoken: '3045',
			exchange: 'NSE',
			qty: '5',
			triggerprice: '781',
			price: '780',
		});
		expect(await get(created.id as string)).toEqual({
			id: created.id,
			status: 'NEW',
			exchange: 'NSE',
			tradingSymbol: 'SBIN-EQ',
			token: '3045',
			transactionType: 'BUY',
			productType: 'DELIVERY',
			quantity: 5,
			triggerPrice: 781,
			price: 780,
			expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
		});
	});

	it('returns the broker\'s full rule when not simplified', async () => {
		const [created] = await run(create());
		const raw = await get(created.id as string, false);
		expect(raw).toMatchObject({ id: created.id, tradingsymbol: 'SBIN-EQ', symboltoken: '3045', qty: 5, triggerprice: 781, clientid: world.sim.account.clientCode, gttType: 'GENERIC' });
	});

	it('modifies only the fields given and keeps the rest of the rule', async () => {
		const [created] = await run(create());
		const [modified] = await run({ resource: 'gtt', operation: 'modify', ruleId: String(created.id), updateFields: { price: 778.5, triggerPrice: 779.05 } });
		expect(modified).toMatchObject({ id: created.id, quantity: 5, price: 778.5, triggerPrice: 779.05 });
		expect(await get(created.id as string)).toMatchObject({ status: 'ACTIVE', quantity: 5, price: 778.5, triggerPrice: 779.05 });
		const body = world.sim.control.requests(10).find((r) => r.endpoint === 'gttModifyRule')?.body as IDataObject;
		expect(body).toEqual({ id: created.id, symboltoken: '3045', exchange: 'NSE', price: '778.5', qty: '5', triggerprice: '779.05', disclosedqty: '0' });
	});

	it('cancels a rule, and a second cancel reports it already cancelled without sending anything', async () => {
		const [created] = await run(create());
		expect(await run({ resource: 'gtt', operation: 'cancel', ruleId: String(created.id) })).toEqual([
			{ id: created.id, exchange: 'NSE', tradingSymbol: 'SBIN-EQ', cancelled: true, alreadyCancelled: false },
		]);
		expect((await get(created.id as string)).status).toBe('CANCELLED');
		world.sim.control.resetCounts();
		expect((await run({ resource: 'gtt', operation: 'cancel', ruleId: String(created.id) }))[0]).toMatchObject({ cancelled: true, alreadyCancelled: true });
		expect(world.sim.control.requestCounts().gttCancelRule).toBeUndefined();
	});

	it('refuses to cancel or modify a rule that has fired, pointing at its order', async () => {
		const [created] = await run(create({ triggerPrice: 795, price: 795 }));
		world.sim.control.setPrice('NSE', '3045', 795);
		expect((await get(created.id as string)).status).toBe('SENTTOEXCHANGE');
		world.sim.control.resetCounts();
		const cancel = await world.run({ parameters: { resource: 'gtt', operation: 'cancel', ruleId: String(created.id) } });
		expect(cancel.errorOf('Angel One')?.message).toMatch(/^Rule ID: Rule \d+ is SENTTOEXCHANGE .*cancel the order instead/);
		const modify = await world.run({ parameters: { resource: 'gtt', operation: 'modify', ruleId: String(created.id), updateFields: { quantity: 2 } } });
		expect(modify.errorOf('Angel One')?.message).toMatch(/only new or active rules can be modified/);
		expect(writes()).toBe(0);
	});

	it('lists rules filtered by status, newest first, with Limit and Return All mapped to page and count', async () => {
		const ids: string[] = [];
		for (const trigger of [781, 782, 783, 784]) ids.push((await run(create({ triggerPrice: trigger })))[0].id as string);
		await run({ resource: 'gtt', operation: 'cancel', ruleId: ids[1] });
		world.sim.control.resetCounts();

		const cancelled = await run({ resource: 'gtt', operation: 'getMany', status: ['CANCELLED'], returnAll: true });
		expect(cancelled.map((r) => [r.id, r.status])).toEqual([[ids[1], 'CANCELLED']]);

		const two = await run({ resource: 'gtt', operation: 'getMany', status: ['NEW'], limit: 2 });
		expect(two.map((r) => r.id)).toEqual([ids[3], ids[2]]);
		expect(two[0]).toMatchObject({ status: 'NEW', quantity: 5, triggerPrice: 784, price: 780 });

		const all = await run({ resource: 'gtt', operation: 'getMany', returnAll: true });
		expect(all.map((r) => r.id)).toEqual([...ids].reverse());
		const bodies = world.sim.control.requests(20).filter((r) => r.endpoint === 'gttRuleList').map((r) => r.body);
		expect(bodies).toEqual([
			{ status: ['CANCELLED'], page: 1, count: 50 },
			{ status: ['NEW'], page: 1, count: 2 },
			{ status: ['FORALL'], page: 1, count: 50 },
		]);
	});

	it('pages through more rules than one page holds', async () => {
		for (let i = 0; i < 55; i++) await run(create({ triggerPrice: 700 + i }));
		world.sim.control.resetCounts();
		const all = await run({ resource: 'gtt', operation: 'getMany', returnAll: true });
		expect(all).toHaveLength(55);
		expect(new Set(all.map((r) => r.id)).size).toBe(55);
		expect(world.sim.control.requestCounts().gttRuleList).toBe(2);
		const some = await run({ resource: 'gtt', operation: 'getMany', limit: 52 });
		expect(some).toHaveLength(52);
	});

	describe('refuses a rule the API would refuse, naming the field and item, with nothing sent', () => {
		it.each<[string, INodeParameters, RegExp]>([
			['on NFO', { instrument: { __rl: true, mode: 'symbol', value: 'NSE:NIFTY1!' } }, /^Instrument: GTT rules work only on NSE and BSE/],
			['on an index', { instrument: { __rl: true, mode: 'symbol', value: 'NSE:NIFTY' } }, /^Instrument: NSE:Nifty 50 is an index and cannot be traded/],
			['with product INTRADAY', { productType: 'INTRADAY' }, /^Product: GTT rules take only DELIVERY or MARGIN/],
			['with a trigger price off the tick', { triggerPrice: 781.01 }, /^Trigger Price: .*not a multiple of the tick size 0\.05.*781 or 781\.05/],
			['with a limit price off the tick', { price: 780.03 }, /^Limit Price: .*tick size/],
			['with a fractional quantity', { quantity: 2.5 }, /^Quantity: /],
			['with a disclosed quantity above the quantity', { options: { disclosedQuantity: 6 } }, /^Disclosed Quantity: /],
			['with a validity beyond 365 days', { options: { timePeriod: 400 } }, /^Validity \(Days\): /],
		])('%s', async (_label, overrides, message) => {
			world.sim.control.resetCounts();
			const result = await world.run({ parameters: create(overrides) }, [{}, {}]);
			const error = result.errorOf('Angel One');
			expect(error?.message).toMatch(message);
			expect(error?.description).toBe('Nothing was sent to Angel One for item 1.');
			expect(writes()).toBe(0);
		});

		it('on NFO, given as a plain option symbol', async () => {
			const option = world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX' })[0];
			world.sim.control.resetCounts();
			const result = await world.run({ parameters: create({ instrument: { __rl: true, mode: 'symbol', value: `NFO:${option.symbol}` } }) });
			expect(result.errorOf('Angel One')?.message).toMatch(/^Instrument: GTT rules work only on NSE and BSE; NFO:/);
			expect(writes()).toBe(0);
		});
	});

	it('keeps going past a refused item with Continue On Fail, sending only the good ones', async () => {
		const result = await world.run(
			{ parameters: create({ triggerPrice: '={{ $json.trigger }}' }), continueOnFail: true },
			[{ trigger: 781 }, { trigger: 781.02 }, { trigger: 782 }],
		);
		const out = result.outputOf('Angel One').map((i) => i.json);
		expect(out[0].id).toEqual(expect.any(String));
		expect(out[1]).toMatchObject({ field: 'Trigger Price' });
		expect(out[2].id).toEqual(expect.any(String));
		expect(world.sim.control.requestCounts().gttCreateRule).toBe(2);
	});

	it('creates nothing with a read-only credential', async () => {
		await world.close();
		world = await startWorld({ runtime, rateLimits: false }, { readOnly: true });
		const result = await world.run({ parameters: create() });
		expect(result.errorOf('Angel One')?.message).toMatch(/read-only/i);
		expect(world.sim.control.requestCounts().gttCreateRule).toBeUndefined();
	});
});
