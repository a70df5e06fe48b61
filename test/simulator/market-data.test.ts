// Market data over REST: getLtpData on both paths, quote modes with and without the trailing slash,
// unfetched items and the 50-token cap, searchScrip, margin and brokerage calculators.

import { createClock } from '../../simulator/clock';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { call, ist, login, SECURE, type Tokens } from './sim-client';

type Json = Record<string, unknown>;

describe('simulator market data', () => {
	let sim: RunningSimulator;
	let tokens: Tokens;

	beforeAll(async () => {
		const clock = createClock();
		clock.freeze(ist(2026, 1, 7, 11, 0));
		sim = await startSimulator({ seed: 11, clock, masterSize: 2000, autoTick: false, rateLimits: false });
		tokens = await login(sim);
	});
	afterAll(() => sim.close());

	const post = (path: string, body: Json) => call(sim, 'POST', path, { body, jwt: tokens.jwtToken });

	it('answers getLtpData on the plain and the /order-service path with the price that was set', async () => {
		sim.control.setPrice('NSE', '3045', 801.25);
		for (const path of [`${SECURE}/order/v1/getLtpData`, `/order-service${SECURE}/order/v1/getLtpData`]) {
			const response = await post(path, { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' });
			expect(response.json).toMatchObject({ status: true, data: { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', ltp: 801.25 } });
		}
	});

	it('quotes LTP, OHLC and FULL with and without the trailing slash', async () => {
		sim.control.setPrice('NSE', 'RELIANCE-EQ', 1420.5);
		const ltp = await post(`${SECURE}/market/v1/quote`, { mode: 'LTP', exchangeTokens: { NSE: ['2885'] } });
		expect(ltp.json?.data).toEqual({ fetched: [{ exchange: 'NSE', tradingSymbol: 'RELIANCE-EQ', symbolToken: '2885', ltp: 1420.5 }], unfetched: [] });
		const ohlc = await post(`${SECURE}/market/v1/quote/`, { mode: 'OHLC', exchangeTokens: { NSE: ['2885'] } });
		const ohlcItem = (ohlc.json?.data as { fetched: Json[] }).fetched[0];
		expect(Object.keys(ohlcItem).sort()).toEqual(['close', 'exchange', 'high', 'low', 'ltp', 'open', 'symbolToken', 'tradingSymbol']);
		expect(Number(ohlcItem.high)).toBeGreaterThanOrEqual(1420.5);
		const full = await post(`${SECURE}/market/v1/quote`, { mode: 'FULL', exchangeTokens: { NSE: ['2885', '99926000'] } });
		const [stock, index] = (full.json?.data as { fetched: Json[] }).fetched;
		expect(stock).toMatchObject({ ltp: 1420.5, tradingSymbol: 'RELIANCE-EQ' });
		for (const key of ['lastTradeQty', 'exchFeedTime', 'exchTradeTime', 'netChange', 'percentChange', 'avgPrice', 'tradeVolume', 'opnInterest', 'lowerCircuit', 'upperCircuit', 'totBuyQuan', 'totSellQuan', '52WeekLow', '52WeekHigh', 'depth']) {
			expect(stock).toHaveProperty([key]);
		}
		const depth = stock.depth as { buy: Json[]; sell: Json[] };
		expect(depth.buy).toHaveLength(5);
		expect(Number(depth.sell[0].price)).toBeGreaterThan(Number(depth.buy[0].price));
		expect(stock.exchFeedTime).toMatch(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2}$/);
		expect(index).toMatchObject({ tradingSymbol: 'Nifty 50', tradeVolume: 0 });
	});

	it('lists unknown and empty tokens as unfetched', async () => {
		const response = await post(`${SECURE}/market/v1/quote`, { mode: 'LTP', exchangeTokens: { NSE: ['3045', '123456789', ''] } });
		const data = response.json?.data as { fetched: Json[]; unfetched: Json[] };
		expect(data.fetched).toHaveLength(1);
		expect(data.unfetched).toEqual([
			{ exchange: 'NSE', symbolToken: '123456789', message: 'Invalid Token', errorCode: 'AB1009' },
			{ exchange: 'NSE', symbolToken: '', message: 'Symbol token cannot be empty', errorCode: 'AB4018' },
		]);
	});

	it('refuses more than 50 tokens in one quote request', async () => {
		const tokensList = sim.control.instruments({ exchange: 'NFO' }).slice(0, 51).map((i) => i.token);
		const response = await post(`${SECURE}/market/v1/quote`, { mode: 'LTP', exchangeTokens: { NFO: tokensList } });
		expect(response.json).toMatchObject({ status: false, errorcode: 'AB1007' });
	});

	it('finds scrips by symbol prefix on one exchange', async () => {
		const response = await post(`${SECURE}/order/v1/searchScrip`, { exchange: 'NSE', searchscrip: 'SBIN' });
		expect(response.json?.data).toEqual(expect.arrayContaining([{ exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' }]));
		expect((response.json?.data as Json[]).every((r) => r.exchange === 'NSE')).toBe(true);
		const nfo = await post(`${SECURE}/order/v1/searchScrip`, { exchange: 'NFO', searchscrip: 'NIFTY' });
		expect((nfo.json?.data as Json[]).length).toBeGreaterThan(10);
	});

	it('computes a margin batch: full value for delivery, premium for option buys', async () => {
		sim.control.setPrice('NSE', '3045', 800);
		const option = sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX', optionType: 'PE' })[0];
		const response = await post(`${SECURE}/margin/v1/batch`, {
			positions: [
				{ exchange: 'NSE', qty: 10, price: 0, productType: 'DELIVERY', token: '3045', tradeType: 'BUY' },
				{ exchange: 'NFO', qty: 75, price: 100, productType: 'CARRYFORWARD', token: option.token, tradeType: 'BUY' },
			],
		});
		expect(response.json?.data).toMatchObject({ totalMarginRequired: 15500, marginComponents: { deliveryMargin: 8000, totOptionsPremium: 7500 } });
	});

	it('estimates charges with the brokerage, external charges and taxes breakdown', async () => {
		const response = await post(`${SECURE}/brokerage/v1/estimateCharges`, {
			orders: [{ product_type: 'DELIVERY', transaction_type: 'BUY', quantity: '10', price: '800', exchange: 'NSE', symbol_name: 'SBIN', token: '3045' }],
		});
		const data = response.json?.data as { summary: { total_charges: number; trade_value: number; breakup: Array<{ name: string; amount: number; breakup: Array<{ name: string }> }> }; charges: Json[] };
		expect(data.summary.trade_value).toBe(8000);
		expect(data.summary.breakup.map((b) => b.name)).toEqual(['Angel One Brokerage', 'External Charges', 'Taxes']);
		expect(data.summary.breakup[2].breakup.map((b) => b.name)).toEqual(['Security Transaction Tax', 'GST']);
		expect(data.summary.breakup[0].amount).toBe(8); // 0.1% of ₹8,000, under the ₹20 cap
		const sum = data.summary.breakup.reduce((a, b) => a + b.amount, 0);
		expect(data.summary.total_charges).toBeCloseTo(sum, 1);
		expect(data.charges).toHaveLength(1);
	});
});
