// Switches inside collections (After-Market Order, Cautionary Scrip Consent, Split Above Freeze Quantity, the
// trigger's Market Hours Only), through n8n's engine against the simulator: "true" and "false" from an expression
// are on and off like the top-level switches, and an order switch that is neither refuses the item, naming the
// field, before anything is sent.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import type { RecordedRequest } from '../../simulator/request-log';
import { startWorld, type AngelWorld } from '../support/angel';
import { MARKET_OPEN, placeParameters } from '../support/orders';
import { serverConnections, startTriggerWorld, tickParameters, until, type TriggerWorld } from '../trigger/world';

/** The same Wednesday, 19:00 IST: every exchange is closed. */
const EVENING = Date.parse('2026-11-25T19:00:00+05:30');

describe('switches inside collections', () => {
	let world: AngelWorld;

	afterEach(async () => {
		await world.close();
	});

	const sent = (endpoint: string): RecordedRequest[] => world.sim.control.requests().filter((r) => r.endpoint === endpoint);
	const placed = (): IDataObject[] => sent('placeOrder').map((r) => r.body as IDataObject);

	describe('Order → Place, while NSE is open', () => {
		beforeEach(async () => {
			world = await startWorld({ runtime: { pacing: false, now: () => MARKET_OPEN }, rateLimits: false });
			world.sim.control.setPrice('NSE', '3045', 812.35);
		});

		it('reads After-Market Order "true" and "false" from an expression as on and off', async () => {
			const run = await world.run(
				{ parameters: placeParameters({ additionalFields: { afterMarket: '={{ $json.amo }}', tag: '={{ $json.tag }}' } }), continueOnFail: true },
				[{ amo: 'true', tag: 'amo-on' }, { amo: 'false', tag: 'amo-off' }],
			);
			const [on, off] = run.outputOf('Angel One');
			// On while the exchange is open is refused, as After-Market Order given as true is.
			expect(on.json).toMatchObject({ field: 'After-Market Order', error: expect.stringMatching(/^After-Market Order: NSE is open now/) });
			expect(off.json).toMatchObject({ status: 'open', tag: 'amo-off' });
			expect(placed()).toEqual([expect.objectContaining({ ordertag: 'amo-off', variety: 'NORMAL' })]);
		});

		it.each([
			['"maybe"', '={{ "maybe" }}', /^After-Market Order: "maybe" is neither on nor off/],
			['5', '={{ 5 }}', /^After-Market Order: 5 is neither on nor off/],
		])('refuses the order, naming After-Market Order, when it is %s, and sends nothing', async (_name, value, message) => {
			const run = await world.run({ parameters: placeParameters({ additionalFields: { afterMarket: value } }) });
			expect(run.error?.name).toBe('NodeOperationError');
			expect(run.error?.message).toMatch(message);
			expect(run.error?.description).toBe('Nothing was sent to Angel One for item 1.');
			expect(sent('placeOrder')).toEqual([]);
		});

		it('names an unreadable After-Market Order as an issue in a dry run', async () => {
			const run = await world.run({ parameters: placeParameters({ additionalFields: { afterMarket: '={{ "maybe" }}' }, options: { dryRun: true } }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({
				dryRun: true,
				valid: false,
				errors: [{ field: 'After-Market Order', message: expect.stringMatching(/neither on nor off/) }],
			});
			expect(sent('placeOrder')).toEqual([]);
		});

		it('sends the cautionary-scrip consent when Cautionary Scrip Consent is "true" from an expression, and not when it is "false"', async () => {
			const run = await world.run({ parameters: placeParameters({ additionalFields: { scripConsent: '={{ $json.consent }}', tag: '={{ $json.tag }}' } }) }, [
				{ consent: 'true', tag: 'consent-on' },
				{ consent: 'false', tag: 'consent-off' },
			]);
			expect(run.error).toBeUndefined();
			const [on, off] = placed();
			expect(on).toMatchObject({ ordertag: 'consent-on', scripconsent: 'yes' });
			expect(off).toMatchObject({ ordertag: 'consent-off' });
			expect(off).not.toHaveProperty('scripconsent');
		});

		it('refuses the order, naming Cautionary Scrip Consent, when it is neither on nor off', async () => {
			const run = await world.run({ parameters: placeParameters({ additionalFields: { scripConsent: '={{ "sure" }}' } }) });
			expect(run.error?.message).toMatch(/^Cautionary Scrip Consent: "sure" is neither on nor off/);
			expect(sent('placeOrder')).toEqual([]);
		});
	});

	describe('Order → Place, while NSE is closed', () => {
		beforeEach(async () => {
			world = await startWorld({ runtime: { pacing: false, now: () => EVENING }, rateLimits: false, marketHours: 'closed', variants: { liveAmo: true } });
			world.sim.control.setPrice('NSE', '3045', 812.35);
		});

		it('places an after-market order when After-Market Order is the expression {{ "true" }}', async () => {
			const run = await world.run({ parameters: placeParameters({ additionalFields: { afterMarket: '={{ "true" }}' }, options: { waitSeconds: 0 } }) });
			expect(run.error).toBeUndefined();
			expect(world.sim.control.orderBook()).toEqual([expect.objectContaining({ variety: 'AMO', status: 'open', orderid: expect.stringMatching(/AO$/) })]);
		});

		it('places an after-market order when After-Market Order comes from the input item as "true", and refuses the one whose is "false"', async () => {
			const run = await world.run(
				{ parameters: placeParameters({ additionalFields: { afterMarket: '={{ $json.amo }}', tag: '={{ $json.tag }}' }, options: { waitSeconds: 0 } }), continueOnFail: true },
				[{ amo: ' TRUE ', tag: 'amo-on' }, { amo: 'false', tag: 'amo-off' }],
			);
			const [on, off] = run.outputOf('Angel One');
			expect(on.json).toMatchObject({ tag: 'amo-on', duplicate: false });
			expect(off.json).toMatchObject({ field: 'After-Market Order', error: expect.stringMatching(/^After-Market Order: NSE is closed now/) });
			expect(world.sim.control.orderBook()).toEqual([expect.objectContaining({ variety: 'AMO', ordertag: 'amo-on' })]);
		});
	});

	describe('Order → Place above the freeze quantity', () => {
		let symbol = '';
		let price = 0;

		beforeEach(async () => {
			world = await startWorld({ runtime: { pacing: false, now: () => MARKET_OPEN }, rateLimits: false });
			const calls = world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX', optionType: 'CE' });
			const far = calls.reduce((a, b) => (b.strike > a.strike ? b : a));
			symbol = far.symbol;
			price = world.sim.control.price('NFO', far.token);
		});

		/** 51 lots of 75 = 3,825 units, above NIFTY's freeze quantity of 1,800. */
		const aboveFreeze = (split: string, tag = 'frz-switch', options: INodeParameters = {}): INodeParameters =>
			placeParameters({
				instrument: { __rl: true, mode: 'symbol', value: `NFO:${symbol}` },
				product: 'CARRYFORWARD',
				quantity: 51,
				quantityUnit: 'lots',
				price,
				additionalFields: { tag },
				options: { waitSeconds: 0, splitAboveFreeze: split, ...options },
			});

		it('splits when Split Above Freeze Quantity is the expression {{ "true" }}, and refuses instead when it is "false"', async () => {
			const run = await world.run({ parameters: aboveFreeze('={{ "true" }}') });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ split: true, legCount: 3 });
			expect(placed().map((body) => body.quantity)).toEqual(['1800', '1800', '225']);

			const off = await world.run({ parameters: aboveFreeze('={{ $json.split }}', 'frz-off') }, [{ split: 'false' }]);
			expect(off.error?.message).toMatch(/^Quantity: 3825 units is above the freeze quantity of 1800/);
			expect(sent('placeOrder')).toHaveLength(3);
		});

		it('lists the legs in a dry run when Split Above Freeze Quantity is "yes", and names it when it is neither on nor off', async () => {
			const yes = await world.run({ parameters: aboveFreeze('={{ "yes" }}', 'frz-switch', { dryRun: true }) });
			expect(yes.outputOf('Angel One')[0].json).toMatchObject({ valid: true, legs: [{ quantity: 1800 }, { quantity: 1800 }, { quantity: 225 }] });
			const unreadable = await world.run({ parameters: aboveFreeze('={{ "split" }}', 'frz-switch', { dryRun: true }) });
			const result = unreadable.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ valid: false, errors: [{ field: 'Split Above Freeze Quantity', message: expect.stringMatching(/^"split" is neither on nor off/) }] });
			expect(result).not.toHaveProperty('legs');
			expect(sent('placeOrder')).toEqual([]);
		});

		it('refuses the order, naming Split Above Freeze Quantity, when it is neither on nor off', async () => {
			const run = await world.run({ parameters: aboveFreeze('={{ "split" }}') });
			expect(run.error?.message).toMatch(/^Split Above Freeze Quantity: "split" is neither on nor off/);
			expect(sent('placeOrder')).toEqual([]);
		});
	});

	describe('Portfolio → Exit Position', () => {
		const exit = (options: INodeParameters): INodeParameters => ({
			resource: 'portfolio',
			operation: 'exitPosition',
			exitMode: 'one',
			instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
			product: 'any',
			options: { waitSeconds: 0, ...options },
		});

		beforeEach(async () => {
			// The simulator keeps NSE's real hours on its own clock, so the position is bought in session and exited after it.
			world = await startWorld({ runtime: { pacing: false, now: () => MARKET_OPEN }, rateLimits: false, marketHours: 'exchange', clock: MARKET_OPEN });
			world.sim.control.setPrice('NSE', '3045', 812.35);
			const buy = await world.run({ parameters: placeParameters({ orderType: 'MARKET', product: 'INTRADAY', additionalFields: { tag: 'setup-buy' } }) });
			expect(buy.error).toBeUndefined();
			world.sim.control.setClock(EVENING);
			world.runtime.now = () => EVENING;
		});

		it('exits with an after-market order when After-Market Order comes from the input item as "true"', async () => {
			const run = await world.run({ parameters: exit({ afterMarket: '={{ $json.amo }}' }) }, [{ amo: 'true' }]);
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ side: 'SELL', quantity: 10, status: 'after market order req received' });
			expect(placed()).toHaveLength(2);
		});

		it('refuses the exit, naming After-Market Order, when it is neither on nor off, before reading the positions', async () => {
			const run = await world.run({ parameters: exit({ afterMarket: '={{ "later" }}' }) });
			expect(run.error?.message).toMatch(/^After-Market Order: "later" is neither on nor off/);
			expect(sent('getPosition')).toEqual([]);
			expect(placed()).toHaveLength(1);
		});
	});
});

describe('the trigger\'s Market Hours Only', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		world = await startTriggerWorld();
		// A Saturday: no exchange is in session.
		const offset = fromIst(2026, 11, 28, 11, 0) - Date.now();
		world.runtime.now = () => Date.now() + offset;
	});

	afterEach(async () => {
		await world.close();
	});

	it('connects over a weekend when Market Hours Only is the expression {{ "false" }}', async () => {
		await world.activate(tickParameters('NSE:3045', { emit: 'everyTick' }, { options: { marketHours: '={{ "false" }}', watchdogSeconds: 30 } }));
		await until('the socket to connect', () => serverConnections(world).market === 1, 5000);
	});
});
