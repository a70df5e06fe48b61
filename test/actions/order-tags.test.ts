// A tag names one order, through n8n's engine against the simulator: a tag reused for a different order is refused
// before anything is sent, and a derived tag makes a repeated signal a duplicate only inside its Duplicate Window.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { createClock } from '../../simulator/clock';
import type { SimClock } from '../../simulator/contracts';
import { startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };
const reliance = { __rl: true, mode: 'symbol', value: 'NSE:RELIANCE-EQ' };

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

/** The same TradingView-style alert, as n8n's Webhook node emits it. */
const alert: IDataObject = { headers: { 'content-type': 'application/json' }, params: {}, query: {}, body: { ticker: 'SBIN', action: 'buy' } };

describe('Order tags', () => {
	let world: AngelWorld;
	let clock: SimClock;

	beforeEach(async () => {
		// One clock for the node's calendar and the simulator's order times, frozen so each step sets the time.
		clock = createClock(MARKET_OPEN);
		clock.freeze();
		const runtime = { pacing: false, now: () => clock.now(), orders: { reconcileDelaysMs: [0, 20, 20] } };
		world = await startWorld({ runtime, rateLimits: false, clock });
		world.sim.control.setPrice('NSE', '3045', 812.35);
		world.sim.control.setPrice('NSE', '2885', 1418.4);
	});

	afterEach(async () => {
		await world.close();
	});

	const placed = (): number => world.sim.control.requestCounts().placeOrder ?? 0;
	const at = (iso: string): void => clock.set(Date.parse(iso));

	async function result(parameters: INodeParameters, items: IDataObject[] = [{}]): Promise<IDataObject> {
		const run = await world.run({ parameters }, items);
		expect(run.error).toBeUndefined();
		return run.outputOf('Angel One')[0].json;
	}

	describe('a given tag names one order', () => {
		it.each([
			['the other side', { side: 'SELL' }, /side SELL \(that order: BUY\)/],
			['another instrument', { instrument: reliance, price: 1418.4 }, /instrument NSE:RELIANCE-EQ \(that order: NSE:SBIN-EQ\)/],
			['another quantity', { quantity: 20 }, /quantity 20 \(that order: 10\)/],
			['another product', { product: 'DELIVERY' }, /product DELIVERY \(that order: INTRADAY\)/],
		])('refuses the tag reused for %s, naming Tag, and sends nothing', async (_what, change, difference) => {
			const first = await result(place({ additionalFields: { tag: 'tv-entry-1' } }));
			expect(first).toMatchObject({ duplicate: false, tag: 'tv-entry-1' });
			const run = await world.run({ parameters: place({ ...change, additionalFields: { tag: 'tv-entry-1' } }) });
			expect(run.error?.message).toMatch(/^Tag: "tv-entry-1" already names today's order \d+, which is a different order: /);
			expect(run.error?.message).toMatch(difference);
			expect(run.error?.message).toMatch(/Nothing was sent/);
			expect(placed()).toBe(1);
		});

		it('returns the first order for the same order with the same tag, even at another limit price', async () => {
			const first = await result(place({ additionalFields: { tag: 'tv-entry-2' } }));
			const again = await result(place({ price: 801, additionalFields: { tag: 'tv-entry-2' } }));
			expect(again).toMatchObject({ duplicate: true, orderId: first.orderId, price: 800 });
			expect(placed()).toBe(1);
		});
	});

	describe('Duplicate Window for derived tags', () => {
		it('returns the first order for a repeat inside the default five minutes, and places a new order after them', async () => {
			at('2026-11-25T10:00:00+05:30');
			const first = await result(place(), [alert]);
			at('2026-11-25T10:04:30+05:30');
			const repeat = await result(place(), [alert]);
			expect(repeat).toMatchObject({ duplicate: true, orderId: first.orderId, tag: first.tag });

			at('2026-11-25T13:00:00+05:30');
			const later = await result(place(), [alert]);
			expect(later).toMatchObject({ duplicate: false });
			expect(later.orderId).not.toBe(first.orderId);
			expect(later.tag).not.toBe(first.tag);
			expect(placed()).toBe(2);
		});

		it('counts the window from the first order, wherever the boundary of its bucket falls', async () => {
			// 10:34:59 is the last second of the 10:30–10:35 bucket: the repeats fall into the next buckets.
			at('2026-11-25T10:34:59+05:30');
			const first = await result(place(), [alert]);
			at('2026-11-25T10:35:01+05:30');
			expect(await result(place(), [alert])).toMatchObject({ duplicate: true, orderId: first.orderId });
			at('2026-11-25T10:39:58+05:30');
			expect(await result(place(), [alert])).toMatchObject({ duplicate: true, orderId: first.orderId });
			expect(placed()).toBe(1);

			at('2026-11-25T10:40:00+05:30');
			const second = await result(place(), [alert]);
			expect(second).toMatchObject({ duplicate: false });
			expect(second.tag).not.toBe(first.tag);
			at('2026-11-25T10:41:00+05:30');
			expect(await result(place(), [alert])).toMatchObject({ duplicate: true, orderId: second.orderId });
			expect(placed()).toBe(2);
		});

		it('keeps a repeat a duplicate for the whole IST day with a window of 1440 minutes', async () => {
			at('2026-11-25T09:20:00+05:30');
			const first = await result(place({ options: { duplicateWindowMinutes: 1440 } }), [alert]);
			at('2026-11-25T15:10:00+05:30');
			expect(await result(place({ options: { duplicateWindowMinutes: 1440 } }), [alert])).toMatchObject({ duplicate: true, orderId: first.orderId });
			expect(placed()).toBe(1);
		});

		it('refuses a window outside one minute to the whole day, naming Duplicate Window', async () => {
			const run = await world.run({ parameters: place({ options: { duplicateWindowMinutes: 0 } }) }, [alert]);
			expect(run.error?.message).toMatch(/^Duplicate Window: /);
			expect(placed()).toBe(0);
		});

		it('finds the order this attempt placed after a lost answer at a bucket boundary, and a retry gets it too', async () => {
			at('2026-11-25T10:34:59+05:30');
			world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'placeOrder' });
			// The answer is lost; by the time the book is read the clock has crossed into the next bucket.
			const stop = world.sim.control.onOrderUpdate(() => at('2026-11-25T10:35:02+05:30'));
			const first = await result(place(), [alert]);
			stop();
			expect(first).toMatchObject({ reconciled: true, duplicate: false });
			expect(world.sim.control.orderBook()).toEqual([expect.objectContaining({ ordertag: first.tag, orderid: first.orderId })]);

			at('2026-11-25T10:36:00+05:30');
			expect(await result(place(), [alert])).toMatchObject({ duplicate: true, orderId: first.orderId });
			expect(placed()).toBe(1);
		});

		it('exits again when the same exit signal comes later the same day, after a new entry', async () => {
			const exitAlert: IDataObject = { ...alert, body: { ticker: 'SBIN', action: 'exit' } };
			const exit: INodeParameters = { resource: 'portfolio', operation: 'exitPosition', exitMode: 'one', instrument: sbin, product: 'any' };
			at('2026-11-25T10:00:00+05:30');
			await result(place({ orderType: 'MARKET', additionalFields: { tag: 'entry-1' } }));
			const firstExit = await result(exit, [exitAlert]);
			expect(firstExit).toMatchObject({ exited: true, duplicate: false, status: 'complete' });

			at('2026-11-25T11:30:00+05:30');
			await result(place({ orderType: 'MARKET', additionalFields: { tag: 'entry-2' } }));
			const secondExit = await result(exit, [exitAlert]);
			expect(secondExit).toMatchObject({ exited: true, duplicate: false, status: 'complete' });
			expect(secondExit.orderId).not.toBe(firstExit.orderId);
			const position = world.sim.control.positions().find((p) => p.tradingsymbol === 'SBIN-EQ' && p.producttype === 'INTRADAY');
			expect(Number(position?.netqty ?? 0)).toBe(0);
		});
	});
});
