// Order nodes chained in one workflow through n8n-core, the way people build them: an alert places an order, the
// next nodes modify and cancel it by the order ID they receive, and an exit takes its instrument from a fill.
import type { IConnections, IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIALS, startWorld, type AngelWorld } from '../support/angel';
import { FIXTURE_INPUT_TYPE, MANUAL_TRIGGER_TYPE, type WorkflowRun } from '../support/n8n/harness';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('order workflows', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	/** Start → Input → the given Angel One nodes, in a chain. */
	async function chain(steps: Array<[string, INodeParameters]>, items: IDataObject[]): Promise<WorkflowRun> {
		const names = ['Start', 'Input', ...steps.map(([name]) => name)];
		const connections: IConnections = {};
		names.slice(0, -1).forEach((name, i) => {
			connections[name] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
		});
		return await world.n8n.runWorkflow(
			{
				id: 'alerts-to-orders',
				nodes: [
					{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
					{ name: 'Input', type: FIXTURE_INPUT_TYPE },
					...steps.map(([name, parameters]) => ({ name, type: world.n8n.typeName('angelOne'), parameters, credentials: CREDENTIALS })),
				],
				connections,
			},
			{ inputItems: items },
		);
	}

	const placeFromAlert: INodeParameters = {
		resource: 'order',
		operation: 'place',
		instrument: { __rl: true, mode: 'symbol', value: '={{ $json.body.exchange }}:{{ $json.body.ticker }}' },
		side: '={{ $json.body.action.toUpperCase() }}',
		orderType: 'LIMIT',
		product: 'INTRADAY',
		quantity: '={{ $json.body.qty }}',
		quantityUnit: 'units',
		price: '={{ $json.body.price }}',
		validity: 'DAY',
	};

	it('places from an alert, then modifies and cancels the order by the ID it passed on', async () => {
		const run = await chain(
			[
				['Place', placeFromAlert],
				['Modify', { resource: 'order', operation: 'modify', orderId: '={{ $json.orderId }}', updateFields: { price: 801.5 } }],
				['Cancel', { resource: 'order', operation: 'cancel', orderId: '={{ $json.orderId }}' }],
			],
			[{ headers: { 'x-request-id': 'r1' }, body: { exchange: 'NSE', ticker: 'SBIN', action: 'buy', qty: 5, price: 799.95 } }],
		);
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Place')[0].json).toMatchObject({ status: 'open', tradingSymbol: 'SBIN-EQ', side: 'BUY', quantity: 5, price: 799.95 });
		expect(run.outputOf('Modify')[0].json).toMatchObject({ status: 'open', price: 801.5, modified: true });
		expect(run.outputOf('Cancel')[0].json).toMatchObject({ status: 'cancelled', cancelled: true, price: 801.5 });
		expect(world.sim.control.orderBook()).toEqual([expect.objectContaining({ status: 'cancelled', price: 801.5, quantity: '5' })]);
	});

	it('squares off the position a fill opened, with the instrument taken from the fill', async () => {
		const run = await chain(
			[
				['Buy', { ...placeFromAlert, orderType: 'MARKET' }],
				[
					'Exit',
					{
						resource: 'portfolio',
						operation: 'exitPosition',
						exitMode: 'one',
						instrument: { __rl: true, mode: 'symbol', value: '={{ $json.exchange }}:{{ $json.tradingSymbol }}' },
						product: '={{ $json.product }}',
						options: { waitSeconds: 2 },
					},
				],
			],
			[{ headers: {}, body: { exchange: 'NSE', ticker: 'SBIN', action: 'buy', qty: 3, price: 0 } }],
		);
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Exit')[0].json).toMatchObject({ exited: true, side: 'SELL', quantity: 3, status: 'complete' });
		expect(world.sim.control.positions()).toEqual([expect.objectContaining({ tradingsymbol: 'SBIN-EQ', netqty: '0' })]);
	});

	it('places one order per alert when a batch holds the same alert twice, and says which one was the repeat', async () => {
		const alert = { exchange: 'NSE', ticker: 'SBIN', action: 'buy', qty: 1, price: 800, time: '10:29:58' };
		const run = await chain([['Place', placeFromAlert]], [{ headers: { a: 1 }, body: alert }, { headers: { a: 2 }, body: alert }, { headers: {}, body: { ...alert, time: '10:31:02' } }]);
		expect(run.outputOf('Place').map((i) => [i.pairedItem, i.json.duplicate])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
		]);
		expect(world.sim.control.orderBook()).toHaveLength(2);
	});
});
