// The first order of a process without the whole instrument master: an NSE share whose prices the search can
// vouch for is resolved from one searchScrip answer while the master loads in the background; every other order
// waits for the master as before, and a bad one is refused with nothing sent. Against the simulator through n8n-core.
import { sleep, type INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { masterCacheFor } from '../../nodes/AngelOne/instruments';
import type { RecordedRequest } from '../../simulator/request-log';
import { startWorld, type AngelWorld } from '../support/angel';
import { placeParameters } from '../support/orders';

/** A Wednesday, 10:30 IST: every exchange is in session. */
const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

const symbol = (value: string) => ({ __rl: true, mode: 'symbol', value });

const place = placeParameters;

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(25);
	}
}

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('Order → Place: the first order of a process', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	const endpoints = (): string[] => world.sim.control.requests().map((r: RecordedRequest) => r.endpoint);
	const placed = () => world.sim.control.requests().filter((r) => r.endpoint === 'placeOrder').map((r) => r.body);

	it('reaches the broker for an NSE share without the instrument master, which loads once the order is out', async () => {
		world.sim.control.injectFault({ kind: 'hang', endpoint: 'master' });
		const run = await world.run({ parameters: place() });
		expect(run.error).toBeUndefined();
		expect(placed()).toEqual([expect.objectContaining({ tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE', quantity: '10', price: '800' })]);
		// The master is asked for once the order is out, in the background (here it never answers).
		await until('the master to be asked for in the background', () => endpoints().includes('master'));
		const order = endpoints();
		expect(order.filter((e) => e !== 'loginByPassword')).toEqual(['searchScrip', 'getOrderBook', 'placeOrder', 'getOrderBook', 'master']);
		expect(world.sim.control.requests().find((r) => r.endpoint === 'searchScrip')?.body).toMatchObject({ exchange: 'NSE', searchscrip: 'SBIN' });
	});

	it('takes TradingView’s NSE:SBIN as the EQ series, as the master would', async () => {
		world.sim.control.injectFault({ kind: 'hang', endpoint: 'master' });
		const run = await world.run({ parameters: place({ instrument: symbol('NSE:SBIN') }) });
		expect(run.error).toBeUndefined();
		expect(placed()[0]).toMatchObject({ tradingsymbol: 'SBIN-EQ', symboltoken: '3045' });
	});

	it('waits for the master (and sends nothing when it cannot be read) for any order the search cannot vouch for', async () => {
		world.sim.control.injectFault({ kind: 'http-500', endpoint: 'master', count: 10 });
		const future = world.sim.control.instruments({ exchange: 'NFO', name: 'SBIN', instrumentType: 'FUTSTK' })[0];
		const orders: INodeParameters[] = [
			place({ price: 1200 }), // ₹1,000 and above: the share may be in a coarser tick band
			place({ price: 800.01 }), // off the ₹0.05 grid
			place({ instrument: symbol('BSE:SBIN') }),
			place({ instrument: { __rl: true, mode: 'id', value: 'NSE:3045' } }),
			place({ instrument: symbol(`NFO:${future.symbol}`), product: 'CARRYFORWARD', quantity: 1, quantityUnit: 'lots', orderType: 'MARKET' }),
			place({ instrument: symbol('NSE:NIFTY') }),
		];
		for (const parameters of orders) {
			const run = await world.run({ parameters });
			// The master's own failure (HTTP 500 first, then "could not be loaded … tried again after …").
			expect(run.error?.message).toMatch(/status code 500|instrument master could not be loaded/);
		}
		expect(endpoints().filter((e) => e !== 'master')).toEqual([]);
	});

	it('refuses a bad order on the quick path with nothing sent, judged by the master', async () => {
		const run = await world.run({ parameters: place({ quantity: 0 }) });
		expect(run.error?.message).toMatch(/Quantity/);
		expect(endpoints().filter((e) => e !== 'master')).toEqual([]);
	});

	it('uses the master for the orders after it has loaded in the background', async () => {
		await world.run({ parameters: place({ additionalFields: { tag: 'first-order' } }) });
		expect(endpoints()).toContain('searchScrip');
		await until('the master to load in the background', () => masterCacheFor(world.sim.urls.master).ready(Date.now()));
		world.sim.control.resetCounts();
		const run = await world.run({ parameters: place({ additionalFields: { tag: 'second-order' } }) });
		expect(run.error).toBeUndefined();
		expect(endpoints()).not.toContain('searchScrip');
		expect(endpoints()).not.toContain('master');
		expect(placed()[0]).toMatchObject({ tradingsymbol: 'SBIN-EQ', symboltoken: '3045', ordertag: 'second-order' });
	});
});
