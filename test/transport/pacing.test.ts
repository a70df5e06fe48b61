import { transportStats } from '../../nodes/AngelOne/transport/request';
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
});
