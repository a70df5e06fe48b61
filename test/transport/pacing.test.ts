import { transportStats } from '../../nodes/AngelOne/processState';
import { startWorld, type AngelWorld } from '../support/angel';

const order = {
	variety: 'NORMAL',
	tradingsymbol: 'SBIN-EQ',
	symboltoken: '3045',
	transactiontype: 'BUY',
	exchange: 'NSE',
	ordertype: 'LIMIT',
	producttype: 'INTRADAY',
	duration: 'DAY',
	price: '1.00',
	quantity: '1',
};

describe('pacing to the published rate limits', () => {
	let world: AngelWorld;
	afterEach(async () => world.close());

	it('sends a burst of 100 reads without a single 403 from a simulator that enforces the limits', async () => {
		world = await startWorld({ rateLimits: true });
		const before = transportStats.rateLimited;
		const body = JSON.stringify({ exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' });
		const run = await world.run(
			{ type: world.n8n.typeName('transportProbe'), parameters: { endpoint: 'getLtpData', body } },
			Array.from({ length: 100 }, () => ({})),
		);
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')).toHaveLength(100);
		expect(transportStats.rateLimited - before).toBe(0);
		expect(world.sim.control.requestCounts().getLtpData).toBe(100);
	});

	it('keeps place, modify and cancel together under their shared 9 per second', async () => {
		world = await startWorld({ rateLimits: true });
		const before = transportStats.rateLimited;
		const place = world.run(
			{ type: world.n8n.typeName('transportProbe'), parameters: { endpoint: 'placeOrder', body: JSON.stringify(order) } },
			Array.from({ length: 12 }, () => ({})),
		);
		const cancelUnknown = world.run(
			{
				type: world.n8n.typeName('transportProbe'),
				parameters: { endpoint: 'cancelOrder', body: JSON.stringify({ variety: 'NORMAL', orderid: '1' }) },
				continueOnFail: true,
			},
			Array.from({ length: 8 }, () => ({})),
		);
		const [placed, cancelled] = await Promise.all([place, cancelUnknown]);
		expect(placed.error).toBeUndefined();
		expect(placed.outputOf('Angel One')).toHaveLength(12);
		// The cancels fail at the broker (no such order) but none of the 20 calls was throttled.
		expect(cancelled.outputOf('Angel One')).toHaveLength(8);
		expect(transportStats.rateLimited - before).toBe(0);
		expect(world.sim.control.orderBook()).toHaveLength(12);
	});

	it('never lets a burst mixing segments reach the exchanges\' 10 orders per second in any segment', async () => {
		// The 2026 rules: below 10 orders per second per exchange segment an API client needs no algo registration.
		world = await startWorld({ rateLimits: true });
		const future = world.sim.control.instruments({ exchange: 'NFO', name: 'SBIN', instrumentType: 'FUTSTK' })[0];
		const nfo = { ...order, tradingsymbol: future.symbol, symboltoken: future.token, exchange: 'NFO', quantity: String(future.lotSize) };
		const probe = (body: object, count: number) =>
			world.run(
				{ type: world.n8n.typeName('transportProbe'), parameters: { endpoint: 'placeOrder', body: JSON.stringify(body) }, continueOnFail: true },
				Array.from({ length: count }, () => ({})),
			);
		const runs = await Promise.all([probe(order, 14), probe(nfo, 14), probe({ ...order, price: '2.00' }, 6)]);
		for (const run of runs) expect(run.error).toBeUndefined();
		const arrivals = world.sim.control.requests().filter((r) => r.endpoint === 'placeOrder');
		expect(arrivals).toHaveLength(34);
		const busiest = (segment: string): number => {
			const times = arrivals.filter((r) => (r.body as { exchange: string }).exchange === segment).map((r) => r.at);
			return Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + 1000).length));
		};
		expect(busiest('NSE')).toBeLessThanOrEqual(9);
		expect(busiest('NFO')).toBeLessThanOrEqual(9);
		// And all segments together stay under the broker's shared 9 per second for place, modify and cancel.
		const all = arrivals.map((r) => r.at);
		expect(Math.max(...all.map((start) => all.filter((t) => t >= start && t < start + 1000).length))).toBeLessThanOrEqual(9);
	});
});
