/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test: runs the SDK in a scratch directory */
// Conformance of the simulator's REST side with the official JS SDK (smartapi-javascript 1.0.27) pointed at it
// through its `root` option: login with an otplib TOTP, orders, books, portfolio, quotes, candles, GTT, refresh,
// logout and the SDK's session-expiry hook — all without errors.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { authenticator } from 'otplib';

import { startSimulator, type RunningSimulator } from '../../simulator/server';

// The SDK looks up the machine's public IP at construction (internet); this machine has none, so the lookup is
// answered locally. The SDK requires the module itself, so jest's registry swaps it in.
jest.mock('public-ip', () => ({ v4: async () => '127.0.0.1' }));

/** What every SDK call resolves to: the envelope (JSON body) the server sent. */
interface Envelope {
	status?: boolean;
	success?: boolean;
	message: string;
	errorcode?: string;
	errorCode?: string;
	data: unknown;
}

type Call = (params?: Record<string, unknown>) => Promise<Envelope>;

interface SmartApi {
	generateSession(clientCode: string, pin: string, totp: string): Promise<Envelope>;
	generateToken(refreshToken: string): Promise<Envelope>;
	setSessionExpiryHook(callback: () => void): void;
	logout(clientCode: string): Promise<Envelope>;
	indOrderDetails(id: string): Promise<Envelope>;
	getProfile: Call;
	placeOrder: Call;
	modifyOrder: Call;
	cancelOrder: Call;
	getOrderBook: Call;
	getTradeBook: Call;
	getRMS: Call;
	getHolding: Call;
	getAllHolding: Call;
	getPosition: Call;
	marketData: Call;
	getCandleData: Call;
	createRule: Call;
	ruleList: Call;
	marginApi: Call;
	estimateCharges: Call;
}

// The SDK writes every failed response, JWT included, to ./error.log (winston, opened when it loads); it runs in
// a scratch directory that is removed afterwards, so no token lands in the checkout.
const repoDir = process.cwd();
const scratch = mkdtempSync(join(tmpdir(), 'sdk-rest-'));
process.chdir(scratch);

// The SDK ships no types; this cast states the shape of the parts the test uses.
const { SmartAPI } = jest.requireActual<{ SmartAPI: new (params: { api_key: string; root: string }) => SmartApi }>('smartapi-javascript');

describe('the official smartapi-javascript SDK against the simulator', () => {
	let sim: RunningSimulator;
	let sdk: SmartApi;

	beforeAll(async () => {
		// Market hours pinned open so market orders fill whenever the suite runs.
		// The SDK's own market order is a test of the simulator's native behaviour, not of this package.
		sim = await startSimulator({ seed: 21, masterSize: 2000, autoTick: false, marketHours: 'open', rateLimits: false, apiOrderRules: { enforce: false, nativeReason: 'simulator-test' } });
		sdk = new SmartAPI({ api_key: sim.account.apiKey, root: sim.baseUrl });
	});
	afterAll(async () => {
		await sim.close();
		process.chdir(repoDir);
		rmSync(scratch, { recursive: true, force: true });
	});

	const succeeded = (envelope: Envelope): void => {
		expect(envelope).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
	};

	it('logs in with generateSession and reads the profile', async () => {
		const session = await sdk.generateSession(sim.account.clientCode, sim.account.pin, authenticator.generate(sim.account.totpSecret));
		succeeded(session);
		expect(session.data).toMatchObject({ jwtToken: expect.any(String), refreshToken: expect.any(String), feedToken: expect.any(String) });
		const profile = await sdk.getProfile();
		succeeded(profile);
		expect(profile.data).toMatchObject({ clientcode: sim.account.clientCode });
	});

	it('places, lists, modifies and cancels orders', async () => {
		const market = await sdk.placeOrder({ variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', transactiontype: 'BUY', exchange: 'NSE', ordertype: 'MARKET', producttype: 'INTRADAY', duration: 'DAY', price: '0', squareoff: '0', stoploss: '0', quantity: '1' });
		succeeded(market);
		const { orderid, uniqueorderid } = market.data as { orderid: string; uniqueorderid: string };
		sim.control.setPrice('NSE', '3045', 800);
		const limit = await sdk.placeOrder({ variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', transactiontype: 'BUY', exchange: 'NSE', ordertype: 'LIMIT', producttype: 'INTRADAY', duration: 'DAY', price: '780', squareoff: '0', stoploss: '0', quantity: '2' });
		succeeded(limit);
		const limitId = (limit.data as { orderid: string }).orderid;
		succeeded(await sdk.modifyOrder({ variety: 'NORMAL', orderid: limitId, ordertype: 'LIMIT', producttype: 'INTRADAY', duration: 'DAY', price: '781', quantity: '2', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE' }));
		succeeded(await sdk.cancelOrder({ variety: 'NORMAL', orderid: limitId }));

		const book = await sdk.getOrderBook();
		succeeded(book);
		const orders = book.data as Array<Record<string, string>>;
		expect(orders.map((o) => [o.orderid, o.status])).toEqual([
			[orderid, 'complete'],
			[limitId, 'cancelled'],
		]);
		const details = await sdk.indOrderDetails(uniqueorderid);
		succeeded(details);
		expect(details.data).toMatchObject({ orderid, status: 'complete' });
		const trades = await sdk.getTradeBook();
		succeeded(trades);
		expect(trades.data).toEqual([expect.objectContaining({ orderid, fillsize: 1 })]);
	});

	it('reads funds, holdings and positions', async () => {
		for (const envelope of [await sdk.getRMS(), await sdk.getHolding(), await sdk.getAllHolding(), await sdk.getPosition()]) succeeded(envelope);
		const positions = (await sdk.getPosition()).data as Array<Record<string, string>>;
		expect(positions[0]).toMatchObject({ tradingsymbol: 'SBIN-EQ', netqty: '1' });
		const holdings = (await sdk.getHolding()).data as Array<Record<string, unknown>>;
		expect(holdings.length).toBeGreaterThan(0);
	});

	it('gets quotes, candles, margins, charges and GTT rules', async () => {
		const quote = await sdk.marketData({ mode: 'FULL', exchangeTokens: { NSE: ['3045'] } });
		succeeded(quote);
		expect((quote.data as { fetched: Array<Record<string, unknown>> }).fetched[0]).toMatchObject({ tradingSymbol: 'SBIN-EQ', ltp: 800 });
		const candles = await sdk.getCandleData({ exchange: 'NSE', symboltoken: '3045', interval: 'ONE_DAY', fromdate: '2025-01-01 09:15', todate: '2025-01-10 15:30' });
		succeeded(candles);
		expect((candles.data as unknown[]).length).toBeGreaterThan(0);
		succeeded(await sdk.marginApi({ positions: [{ exchange: 'NSE', qty: 1, price: 0, productType: 'DELIVERY', token: '3045', tradeType: 'BUY' }] }));
		succeeded(await sdk.estimateCharges({ orders: [{ product_type: 'DELIVERY', transaction_type: 'BUY', quantity: '1', price: '800', exchange: 'NSE', symbol_name: 'SBIN', token: '3045' }] }));
		succeeded(await sdk.createRule({ tradingsymbol: 'SBIN-EQ', symboltoken: '3045', exchange: 'NSE', producttype: 'DELIVERY', transactiontype: 'BUY', price: 700, qty: 1, disclosedqty: 0, triggerprice: 700.5, timeperiod: 365 }));
		const rules = await sdk.ruleList({ status: ['NEW', 'ACTIVE'], page: 1, count: 10 });
		succeeded(rules);
		expect(rules.data).toHaveLength(1);
	});

	it('refreshes the session with generateToken and fires the expiry hook on AG8001 after invalidation', async () => {
		const session = await sdk.generateSession(sim.account.clientCode, sim.account.pin, authenticator.generate(sim.account.totpSecret));
		const refreshed = await sdk.generateToken((session.data as { refreshToken: string }).refreshToken);
		succeeded(refreshed);
		succeeded(await sdk.getProfile());
		let expired = 0;
		sdk.setSessionExpiryHook(() => {
			expired += 1;
		});
		sim.control.invalidateSessions();
		const after = await sdk.getProfile();
		expect(after).toEqual({ success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' });
		expect(expired).toBe(1);
	});

	it('logs out', async () => {
		await sdk.generateSession(sim.account.clientCode, sim.account.pin, authenticator.generate(sim.account.totpSecret));
		succeeded(await sdk.logout(sim.account.clientCode));
		expect((await sdk.getProfile()).errorCode).toBe('AG8001');
	});
});
