// Freeze quantity (issue 12, item 5), through n8n-core against the simulator: the master's freeze_qty reaches the
// instrument index; Order → Place refuses an F&O order above it before sending, naming Quantity and the freeze
// size, or with Split Above Freeze Quantity places freeze-sized legs, each once under its own derived tag.
import type { INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RecordedRequest } from '../../simulator/request-log';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('freeze quantity', () => {
	let world: AngelWorld;
	let symbol = '';
	let price = 0;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		const calls = world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX', optionType: 'CE' });
		const far = calls.reduce((a, b) => (b.strike > a.strike ? b : a));
		symbol = far.symbol;
		price = world.sim.control.price('NFO', far.token);
	});

	afterEach(async () => {
		await world.close();
	});

	const sent = (endpoint: string): RecordedRequest[] => world.sim.control.requests().filter((r) => r.endpoint === endpoint);
	const place = (lots: number, options: INodeParameters = {}, tag = 'frz-test'): INodeParameters => ({
		resource: 'order',
		operation: 'place',
		instrument: { __rl: true, mode: 'symbol', value: `NFO:${symbol}` },
		side: 'BUY',
		orderType: 'LIMIT',
		price,
		product: 'CARRYFORWARD',
		quantity: lots,
		quantityUnit: 'lots',
		validity: 'DAY',
		additionalFields: { tag },
		options: { waitSeconds: 0, ...options },
	});

	it('reads freeze_qty from the master into the instrument', async () => {
		const run = await world.run({ parameters: { resource: 'instrument', operation: 'resolve', instrument: { __rl: true, mode: 'symbol', value: `NFO:${symbol}` } } });
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')[0].json).toMatchObject({ lotSize: 75, freezeQuantity: 1800 });
	});

	it('refuses an order above the freeze quantity before sending, naming Quantity and the freeze size', async () => {
		const run = await world.run({ parameters: place(27) });
		expect(run.error?.message).toMatch(/^Quantity: 2025 units is above the freeze quantity of 1800/);
		expect(sent('placeOrder')).toHaveLength(0);
	});

	it('shows the refusal in a dry run', async () => {
		const run = await world.run({ parameters: place(27, { dryRun: true }) });
		expect(run.outputOf('Angel One')[0].json).toMatchObject({ valid: false, errors: [{ field: 'Quantity', message: expect.stringMatching(/freeze quantity of 1800/) }] });
	});

	it('shows the legs a split would place in a dry run, and sends nothing', async () => {
		const run = await world.run({ parameters: place(51, { dryRun: true, splitAboveFreeze: true }) });
		expect(run.outputOf('Angel One')[0].json).toMatchObject({
			valid: true,
			legs: [
				{ quantity: 1800, tag: 'frz-test-1' },
				{ quantity: 1800, tag: 'frz-test-2' },
				{ quantity: 225, tag: 'frz-test-3' },
			],
		});
		expect(sent('placeOrder')).toHaveLength(0);
	});

	it('refuses to modify an order above the freeze quantity before sending', async () => {
		// Below the market, so it rests open.
		const placed = await world.run({ parameters: { ...place(20), price: Math.round((price - 1) * 100) / 100 } });
		expect(placed.error).toBeUndefined();
		const orderId = String(placed.outputOf('Angel One')[0].json.orderId);
		expect(world.sim.control.orderBook()[0].text).toBe('');
		const run = await world.run({ parameters: { resource: 'order', operation: 'modify', orderId, updateFields: { quantity: 27, quantityUnit: 'lots' } } });
		expect(run.error?.message).toMatch(/^Quantity: 2025 units is above the freeze quantity of 1800/);
		expect(sent('modifyOrder')).toHaveLength(0);
	});

	it('places an order at the freeze quantity as one order', async () => {
		const run = await world.run({ parameters: place(24, { splitAboveFreeze: true }) });
		expect(run.error).toBeUndefined();
		expect(sent('placeOrder').map((r) => (r.body as { quantity: string }).quantity)).toEqual(['1800']);
	});

	it('splits an order above it into freeze-sized legs with derived tags, returned as one item, and never twice', async () => {
		const run = await world.run({ parameters: place(51, { splitAboveFreeze: true }) });
		expect(run.error).toBeUndefined();
		const items = run.outputOf('Angel One');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ split: true, freezeQuantity: 1800, quantity: 3825, legCount: 3, tag: 'frz-test' });
		expect(sent('placeOrder').map((r) => r.body as { quantity: string; ordertag: string })).toEqual([
			expect.objectContaining({ quantity: '1800', ordertag: 'frz-test-1' }),
			expect.objectContaining({ quantity: '1800', ordertag: 'frz-test-2' }),
			expect.objectContaining({ quantity: '225', ordertag: 'frz-test-3' }),
		]);
		const legs = items[0].json.legs as Array<{ tag: string; quantity: number }>;
		expect(legs.map((l) => [l.tag, l.quantity])).toEqual([['frz-test-1', 1800], ['frz-test-2', 1800], ['frz-test-3', 225]]);

		const again = await world.run({ parameters: place(51, { splitAboveFreeze: true }) });
		expect(again.error).toBeUndefined();
		expect(sent('placeOrder')).toHaveLength(3);
	});

	it('holds the whole order, not each leg, to the credential\'s Max Quantity per Order', async () => {
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...world.store.get(CREDENTIAL_ID).data, maxQuantity: 2000 });
		const run = await world.run({ parameters: place(51, { splitAboveFreeze: true }) });
		expect(run.error?.message).toMatch(/^Max Quantity per Order/);
		expect(sent('placeOrder')).toHaveLength(0);
	});

	it('keeps derived leg tags within Angel One\'s 19 characters', async () => {
		const run = await world.run({ parameters: { ...place(27, { splitAboveFreeze: true }), additionalFields: {} } });
		expect(run.error).toBeUndefined();
		const tags = sent('placeOrder').map((r) => (r.body as { ordertag: string }).ordertag);
		expect(tags).toHaveLength(2);
		for (const tag of tags) expect(tag.length).toBeLessThanOrEqual(19);
		expect(new Set(tags).size).toBe(2);
		expect(tags[0].slice(0, -2)).toBe(tags[1].slice(0, -2));
	});
});
