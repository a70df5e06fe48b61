// Market Data operations through n8n-core against the simulator: quotes for any number of instruments (batched
// by 50, one item each, depth as arrays, numbers as numbers), candles and open interest over chunked ranges.
import type { IDataObject } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { quoteItems } from '../../nodes/AngelOne/actions/marketData/quotes';
import { answers } from '../../nodes/AngelOne/transport/answers';
import { buildIndex } from '../../nodes/AngelOne/instruments';
import { startWorld, type AngelWorld } from '../support/angel';

const symbol = (value: string) => ({ __rl: true, mode: 'symbol', value });
const quote = (extra: IDataObject) => ({ resource: 'marketData', operation: 'getQuote', ...extra });
const DAY = 86_400_000;

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe('Market Data', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
	});

	afterEach(async () => {
		await world.close();
	});

	const sent = (endpoint: string) => world.sim.control.requests(500).filter((r) => r.endpoint === endpoint);

	describe('Get Quote', () => {
		it('gives the last price of picked instruments as numbers, one item each in the order picked', async () => {
			world.sim.control.setPrice('NSE', '3045', 815.45);
			world.sim.control.setPrice('NSE', '99926000', 25012.35);
			const run = await world.run({
				parameters: quote({
					mode: 'LTP',
					instruments: { values: [{ instrument: symbol('NSE:SBIN-EQ') }, { instrument: symbol('NSE:NIFTY') }] },
				}),
			});
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One').map((i) => i.json)).toEqual([
				{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', token: '3045', ltp: 815.45 },
				{ exchange: 'NSE', tradingSymbol: 'Nifty 50', token: '99926000', ltp: 25012.35 },
			]);
		});

		it('gives OHLC with every price a number', async () => {
			const run = await world.run({ parameters: quote({ mode: 'OHLC', instrumentsFrom: 'symbols', symbols: 'NSE:INFY' }) });
			const [item] = run.outputOf('Angel One').map((i) => i.json);
			expect(Object.keys(item)).toEqual(['exchange', 'tradingSymbol', 'token', 'ltp', 'open', 'high', 'low', 'close']);
			for (const key of ['ltp', 'open', 'high', 'low', 'close']) expect(typeof item[key]).toBe('number');
		});

		it('simplifies a full quote to the fields a trader reads, with best bid and ask from the depth', async () => {
			const run = await world.run({ parameters: quote({ mode: 'FULL', instrumentsFrom: 'symbols', symbols: 'NSE:SBIN-EQ' }) });
			const [item] = run.outputOf('Angel One').map((i) => i.json);
			expect(Object.keys(item)).toEqual([
				'exchange', 'tradingSymbol', 'token', 'ltp', 'netChange', 'percentChange', 'open', 'high', 'low', 'close', 'volume', 'bestBid', 'bestAsk',
			]);
			expect(item.volume).toEqual(expect.any(Number));
			expect(item.bestBid).toEqual(expect.any(Number));
			expect(item.bestAsk as number).toBeGreaterThan(item.bestBid as number);
		});

		it('returns the raw full quote with depth as arrays of {price, quantity, orders} when not simplified', async () => {
			const run = await world.run({
				parameters: quote({ mode: 'FULL', simplify: false, instrumentsFrom: 'symbols', symbols: 'NSE:SBIN-EQ' }),
			});
			const [item] = run.outputOf('Angel One').map((i) => i.json);
			expect(item).toMatchObject({
				exchange: 'NSE',
				tradingSymbol: 'SBIN-EQ',
				symbolToken: '3045',
				'52WeekHigh': expect.any(Number),
				tradeVolume: expect.any(Number),
				exchFeedTime: expect.stringMatching(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2}$/),
			});
			const depth = item.depth as { buy: IDataObject[]; sell: IDataObject[] };
			expect(depth.buy).toHaveLength(5);
			expect(depth.sell).toHaveLength(5);
			for (const level of [...depth.buy, ...depth.sell]) {
				expect(level).toEqual({ price: expect.any(Number), quantity: expect.any(Number), orders: expect.any(Number) });
			}
		});

		it('quotes 120 instruments in 3 requests of at most 50 and returns 120 items in the order given', async () => {
			const options = world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX' }).slice(0, 110);
			const symbols = [...options.map((o) => `NFO:${o.symbol}`), 'NSE:SBIN', 'NSE:INFY', 'NSE:TCS', 'NSE:NIFTY', 'BSE:SBIN', 'NSE:RELIANCE', 'NSE:ITC', 'NSE:WIPRO', 'NSE:LT', 'NSE:3456'];
			expect(new Set(symbols).size).toBe(120);
			world.sim.control.resetCounts();
			const run = await world.run({ parameters: quote({ mode: 'LTP', instrumentsFrom: 'symbols', symbols: symbols.join(',\n') }) });
			expect(run.error).toBeUndefined();
			const items = run.outputOf('Angel One').map((i) => i.json);
			expect(items).toHaveLength(120);
			expect(items.map((i) => `${i.exchange}:${i.tradingSymbol}`).slice(0, 110)).toEqual(symbols.slice(0, 110));
			expect(items[119]).toMatchObject({ exchange: 'NSE', token: '3456', tradingSymbol: 'TATAMOTORS-EQ' });
			expect(items.every((i) => typeof i.ltp === 'number' && i.error === undefined)).toBe(true);
			expect(world.sim.control.requestCounts().quote).toBe(3);
			const batches = sent('quote').map((r) => Object.values((r.body as { exchangeTokens: Record<string, string[]> }).exchangeTokens).flat().length);
			expect(batches).toEqual([50, 50, 20]);
		});

		it('takes the symbols as an array from an expression', async () => {
			const run = await world.run(
				{ parameters: quote({ mode: 'LTP', instrumentsFrom: 'symbols', symbols: '={{ $json.watchlist }}' }) },
				[{ watchlist: ['NSE:SBIN', 'NSE:3045', 'NSE:INFY-EQ'] }],
			);
			expect(run.error).toBeUndefined();
			// SBIN and 3045 are the same instrument: quoted and output once.
			expect(run.outputOf('Angel One').map((i) => i.json.tradingSymbol)).toEqual(['SBIN-EQ', 'INFY-EQ']);
		});

		it('refuses an unknown symbol by name and item before sending anything', async () => {
			world.sim.control.resetCounts();
			const run = await world.run({ parameters: quote({ mode: 'LTP', instrumentsFrom: 'symbols', symbols: 'NSE:SBIN, NSE:NOSUCHSCRIP' }) });
			expect(run.errorOf('Angel One')?.message).toMatch(/^Symbols: .*NOSUCHSCRIP/);
			expect(world.sim.control.requestCounts().quote).toBeUndefined();
		});
	});

	describe('Get Candles', () => {
		const candles = (extra: IDataObject) => ({
			resource: 'marketData',
			operation: 'getCandles',
			instrument: symbol('NSE:SBIN-EQ'),
			...extra,
		});

		it('returns one item per candle with an IST time and numbers, in time order', async () => {
			const run = await world.run({ parameters: candles({ interval: 'ONE_HOUR', from: '2026-01-02 09:00', to: '2026-01-05 15:30' }) });
			expect(run.error).toBeUndefined();
			const items = run.outputOf('Angel One').map((i) => i.json);
			expect(items).toHaveLength(14);
			expect(items[0]).toEqual({
				time: '2026-01-02T09:15:00+05:30',
				open: expect.any(Number),
				high: expect.any(Number),
				low: expect.any(Number),
				close: expect.any(Number),
				volume: expect.any(Number),
			});
			expect(items[13].time).toBe('2026-01-05T15:15:00+05:30');
			// The request said what the trader meant: IST wall-clock times.
			expect(sent('getCandleData')[0].body).toMatchObject({ exchange: 'NSE', symboltoken: '3045', interval: 'ONE_HOUR', fromdate: '2026-01-02 09:00', todate: '2026-01-05 15:30' });
		});

		it('reads a time with a zone in that zone', async () => {
			await world.run({ parameters: candles({ interval: 'ONE_DAY', from: '2026-01-05T03:45:00Z', to: '2026-01-09T10:00:00Z' }) });
			expect(sent('getCandleData')[0].body).toMatchObject({ fromdate: '2026-01-05 09:15', todate: '2026-01-09 15:30' });
		});

		it('splits 250 days of 15-minute candles into two requests and merges them without a gap or a repeat', async () => {
			const run = await world.run({ parameters: candles({ interval: 'FIFTEEN_MINUTE', from: '2025-03-03 09:15', to: '2025-11-08 09:15' }) });
			const requests = sent('getCandleData').map((r) => r.body as IDataObject);
			expect(requests.map((r) => [r.fromdate, r.todate])).toEqual([
				['2025-03-03 09:15', '2025-09-19 09:15'],
				['2025-09-19 09:15', '2025-11-08 09:15'],
			]);
			const times = run.outputOf('Angel One').map((i) => Date.parse(i.json.time as string));
			expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);
			// Friday 19 Sep 2025 09:15, the shared edge, is there exactly once.
			expect(times.filter((t) => t === Date.parse('2025-09-19T09:15:00+05:30'))).toHaveLength(1);
			// 25 candles a day (09:15 to 15:15) on every weekday of the range.
			let weekdays = 0;
			for (let d = Date.parse('2025-03-03T12:00:00+05:30'); d < Date.parse('2025-11-08T00:00:00+05:30'); d += DAY) {
				if (![0, 6].includes(new Date(d).getUTCDay())) weekdays++;
			}
			expect(times).toHaveLength(weekdays * 25);
		});

		it('takes dates from expressions such as $now.minus()', async () => {
			const run = await world.run({ parameters: candles({ interval: 'ONE_HOUR', from: '={{ $now.minus({ days: 3 }) }}', to: '={{ $now }}' }) });
			expect(run.error).toBeUndefined();
			const body = sent('getCandleData')[0].body as IDataObject;
			const asMs = (text: unknown) => Date.parse(`${String(text).replace(' ', 'T')}:00+05:30`);
			expect(asMs(body.todate) - asMs(body.fromdate)).toBe(3 * DAY);
			expect(Math.abs(asMs(body.todate) - Date.now())).toBeLessThan(5 * 60_000);
		});

		it('treats a "to" in the future as now', async () => {
			const run = await world.run({
				parameters: candles({ interval: 'ONE_DAY', from: new Date(Date.now() - 20 * DAY).toISOString(), to: new Date(Date.now() + 30 * DAY).toISOString() }),
			});
			expect(run.error).toBeUndefined();
			const [request] = sent('getCandleData');
			const todate = Date.parse(`${String((request.body as IDataObject).todate).replace(' ', 'T')}:00+05:30`);
			expect(todate).toBeLessThanOrEqual(Date.now());
			expect(todate).toBeGreaterThan(Date.now() - 5 * 60_000);
		});

		it('refuses a range that starts after it ends, naming the field, without sending anything', async () => {
			const run = await world.run({ parameters: candles({ interval: 'ONE_DAY', from: '2026-01-10 09:15', to: '2026-01-05 09:15' }) });
			expect(run.errorOf('Angel One')?.message).toBe('From: The range starts after it ends');
			expect(sent('getCandleData')).toHaveLength(0);
		});
	});

	describe('Get Open Interest', () => {
		it('returns one item per point {time, oi} for a future', async () => {
			const future = world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'FUTIDX' })[0];
			const run = await world.run({
				parameters: {
					resource: 'marketData',
					operation: 'getOpenInterest',
					instrument: symbol(`NFO:${future.symbol}`),
					interval: 'THREE_MINUTE',
					from: '2026-01-06 09:15',
					to: '2026-01-06 10:00',
				},
			});
			expect(run.error).toBeUndefined();
			const items = run.outputOf('Angel One').map((i) => i.json);
			expect(items).toHaveLength(16);
			expect(items[0]).toEqual({ time: '2026-01-06T09:15:00+05:30', oi: expect.any(Number) });
		});

		it('refuses a share, which has no open interest, before sending anything', async () => {
			const run = await world.run({
				parameters: { resource: 'marketData', operation: 'getOpenInterest', instrument: symbol('NSE:SBIN-EQ'), interval: 'ONE_DAY', from: '2026-01-05' },
			});
			expect(run.errorOf('Angel One')?.message).toMatch(/^Instrument: NSE:SBIN-EQ has no open interest/);
			expect(sent('getOIData')).toHaveLength(0);
		});
	});
});

describe('quote items', () => {
	const index = buildIndex([
		{ token: '3045', symbol: 'SBIN-EQ', name: 'SBIN', expiry: '', strike: '-1', lotsize: '1', instrumenttype: '', exch_seg: 'NSE', tick_size: '5' },
		{ token: '1594', symbol: 'INFY-EQ', name: 'INFY', expiry: '', strike: '-1', lotsize: '1', instrumenttype: '', exch_seg: 'NSE', tick_size: '5' },
		{ token: '2885', symbol: 'RELIANCE-EQ', name: 'RELIANCE', expiry: '', strike: '-1', lotsize: '1', instrumenttype: '', exch_seg: 'NSE', tick_size: '5' },
	]);
	const requested = ['SBIN-EQ', 'INFY-EQ', 'RELIANCE-EQ'].map((s) => index.bySymbol('NSE', s)!);

	it('reports instruments Angel One did not quote as items with the error, in their place, instead of dropping them', () => {
		const items = quoteItems(
			requested,
			[
				answers.quote({
					fetched: [{ exchange: 'NSE', tradingSymbol: 'RELIANCE-EQ', symbolToken: '2885', ltp: '1418.40' }],
					unfetched: [{ exchange: 'NSE', symbolToken: '3045', message: 'Invalid Token', errorCode: 'AB1009' }],
				}),
			],
			'LTP',
			true,
		);
		expect(items).toEqual([
			{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', token: '3045', error: 'Invalid Token', errorCode: 'AB1009' },
			{ exchange: 'NSE', tradingSymbol: 'INFY-EQ', token: '1594', error: 'Angel One returned no quote for this instrument', errorCode: null },
			{ exchange: 'NSE', tradingSymbol: 'RELIANCE-EQ', token: '2885', ltp: 1418.4 },
		]);
	});

	it('gives no best bid when the book is empty rather than a price of zero', () => {
		const empty = { price: 0, quantity: 0, orders: 0 };
		const [item] = quoteItems(
			requested.slice(0, 1),
			[answers.quote({ fetched: [{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', symbolToken: '3045', ltp: 812, depth: { buy: [empty], sell: [{ price: '812.05', quantity: '10', orders: '1' }] } }] })],
			'FULL',
			true,
		);
		expect(item).toMatchObject({ bestBid: null, bestAsk: 812.05 });
	});
});
