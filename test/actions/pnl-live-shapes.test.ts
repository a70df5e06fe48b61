// P&L where it really is (issue 12, item 4), through n8n-core against the simulator: Get Positions keeps the
// position rows' pnl, realised, unrealised, ltp and close as numbers; Get Funds names each RMS figure by what it
// means live (availablecash = net margin, utilisedpayout = withdrawable cash) and leaves out the m2m fields.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('P&L in its live places', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 800);
	});

	afterEach(async () => {
		await world.close();
	});

	const run = async (parameters: INodeParameters): Promise<IDataObject[]> => {
		const result = await world.run({ parameters });
		expect(result.error).toBeUndefined();
		return result.outputOf('Angel One').map((i) => i.json);
	};

	async function trade(side: string, quantity: number, price: number, tag: string): Promise<void> {
		await run({
			resource: 'order',
			operation: 'place',
			instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
			side,
			orderType: 'LIMIT',
			price,
			product: 'INTRADAY',
			quantity,
			quantityUnit: 'units',
			validity: 'DAY',
			additionalFields: { tag },
			options: { waitSeconds: 0 },
		});
	}

	it('Get Positions returns the last price, the previous close and the realised, unrealised and total P&L as numbers', async () => {
		await trade('BUY', 10, 800, 'b1');
		world.sim.control.setPrice('NSE', '3045', 810);
		await trade('SELL', 4, 810, 's1');
		world.sim.control.setPrice('NSE', '3045', 805);
		const raw = world.sim.control.positions()[0];
		expect(raw).toMatchObject({ ltp: '805.00', realised: '40.00', unrealised: '30.00', pnl: '70.00' });
		const [position] = await run({ resource: 'portfolio', operation: 'getPositions' });
		expect(position).toMatchObject({ tradingSymbol: 'SBIN-EQ', netQuantity: 6, ltp: 805, realisedPnl: 40, unrealisedPnl: 30, pnl: 70 });
		expect(position.close).toEqual(Number(raw.close));
	});

	it('Get Funds names the net margin and the withdrawable cash and leaves out the m2m fields that read 0 live', async () => {
		await trade('BUY', 10, 800, 'b1');
		world.sim.control.setPrice('NSE', '3045', 810);
		await trade('SELL', 10, 810, 's1');
		const rms = world.sim.control.rms();
		expect(rms).toMatchObject({ m2mrealized: '0.0000', m2munrealized: '0.0000' });
		const [funds] = await run({ resource: 'account', operation: 'getFunds' });
		expect(funds).toMatchObject({ netMarginAvailable: Number(rms.availablecash), withdrawableCash: Number(rms.utilisedpayout), net: Number(rms.net) });
		expect(funds.withdrawableCash).toBeGreaterThan(0);
		expect(Object.keys(funds).filter((k) => /m2m/i.test(k))).toEqual([]);
		const [raw] = await run({ resource: 'account', operation: 'getFunds', simplify: false });
		expect(raw).toEqual(rms);
	});

	it('Get Funds reads utilised fields that are null as null', async () => {
		world.sim.control.setVariants({ nullUtilised: true });
		const [funds] = await run({ resource: 'account', operation: 'getFunds' });
		expect(funds).toMatchObject({ marginUsed: null, spanMarginUsed: null, netMarginAvailable: expect.any(Number) });
	});
});
