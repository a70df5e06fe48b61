/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test: polling needs timers */
// The simulator's live-behaviour switches (simulator/variants.ts) and the live shapes of issue 12: defaults, the
// control handle and /__sim/variants, the lenient or strict socket handshake, index tokens in both forms, the
// order socket's keep-alive, and the data shapes live answers show.

import WsClient from 'ws';

import { decodePacket } from '../../nodes/AngelOne/feed/codec';
import { demoAccount } from '../../simulator/accounts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/server';
import { applyVariants, createVariants, DEFAULT_VARIANTS, parseVariantFlag } from '../../simulator/variants';
import { call, ist, login, SECURE, type Tokens } from './sim-client';

const OPEN = ist(2026, 1, 7, 11, 0);

describe('simulator variants', () => {
	let sim: RunningSimulator;
	const sockets: WsClient[] = [];

	async function start(options: SimulatorOptions = {}): Promise<Tokens> {
		sim = await startSimulator({ seed: 3, masterSize: 3000, clock: OPEN, autoTick: false, rateLimits: false, marketHours: 'open', ...options });
		return await login(sim);
	}

	afterEach(async () => {
		for (const socket of sockets.splice(0)) socket.terminate();
		await sim?.close();
	});

	function open(url: string, headers: Record<string, string>): Promise<{ ws: WsClient; frames: Array<Buffer | string> }> {
		return new Promise((resolve, reject) => {
			const ws = new WsClient(url, { headers });
			sockets.push(ws);
			const frames: Array<Buffer | string> = [];
			ws.on('message', (data: Buffer, binary: boolean) => frames.push(binary ? data : data.toString()));
			ws.once('open', () => resolve({ ws, frames }));
			ws.once('unexpected-response', (_req, res) => reject(new Error(`handshake ${res.statusCode} ${String(res.headers['x-error-message'] ?? '')}`)));
			ws.once('error', reject);
		});
	}

	const feed = (tokens: Tokens, headers: Record<string, string> = {}) =>
		open(sim.urls.marketSocket, { Authorization: tokens.jwtToken, 'x-api-key': sim.account.apiKey, 'x-client-code': sim.account.clientCode, 'x-feed-token': tokens.feedToken, ...headers });

	async function until(condition: () => boolean): Promise<void> {
		for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
		for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
		if (!condition()) throw new Error('condition not met');
	}

	describe('settings', () => {
		it('start from the documented defaults', async () => {
			await start();
			expect(sim.control.variants()).toEqual({ emptyOrderStatus: false, liveAmo: false, nullUtilised: false, strictHandshake: false, refreshRevokes: false, indexTokens: 'both', wholeSecondTimestamps: true });
			expect(sim.control.variants()).toEqual(DEFAULT_VARIANTS);
		});

		it('are set from the options, the control handle and /__sim/variants, and refuse unknown names or values', async () => {
			await start({ variants: { liveAmo: true } });
			expect(sim.control.variants().liveAmo).toBe(true);
			expect(sim.control.setVariants({ nullUtilised: true }).nullUtilised).toBe(true);
			const posted = await fetch(`${sim.baseUrl}/__sim/variants`, { method: 'POST', body: JSON.stringify({ strictHandshake: true, indexTokens: 'master' }) });
			expect(await posted.json()).toMatchObject({ liveAmo: true, nullUtilised: true, strictHandshake: true, indexTokens: 'master' });
			expect(await (await fetch(`${sim.baseUrl}/__sim/variants`)).json()).toEqual(sim.control.variants());
			expect((await fetch(`${sim.baseUrl}/__sim/variants`, { method: 'POST', body: JSON.stringify({ noSuch: true }) })).status).toBe(400);
			expect(() => sim.control.setVariants({ indexTokens: 'short' as 'both' })).toThrow(/indexTokens/);
		});

		it('are read from the CLI form name=value', () => {
			expect(applyVariants(createVariants(), parseVariantFlag('liveAmo=true'))).toMatchObject({ liveAmo: true });
			expect(applyVariants(createVariants(), parseVariantFlag('indexTokens=master')).indexTokens).toBe('master');
			expect(() => parseVariantFlag('liveAmo')).toThrow(/name=value/);
			expect(() => applyVariants(createVariants(), parseVariantFlag('liveAmo=maybe'))).toThrow(/true or false/);
		});
	});

	describe('market-feed handshake', () => {
		it('is lenient by default: a placeholder x-api-key and another x-client-code still stream', async () => {
			const tokens = await start();
			const { ws } = await feed(tokens, { 'x-api-key': 'placeholder', 'x-client-code': 'SOMEONE' });
			expect(ws.readyState).toBe(WsClient.OPEN);
			await expect(feed(tokens, { 'x-feed-token': 'forged' })).rejects.toThrow(/401 Invalid Header - Invalid Feed Token/);
		});

		it('checks every header against the session with strictHandshake', async () => {
			const tokens = await start({ variants: { strictHandshake: true } });
			await expect(feed(tokens, { 'x-api-key': 'placeholder' })).rejects.toThrow(/401 Invalid Header - Invalid API Key/);
			await expect(feed(tokens, { 'x-client-code': 'SOMEONE' })).rejects.toThrow(/401 Invalid Header - Invalid Client Code/);
			expect((await feed(tokens)).ws.readyState).toBe(WsClient.OPEN);
			const orders = (headers: Record<string, string>) => open(sim.urls.orderSocket, { Authorization: `Bearer ${tokens.jwtToken}`, ...headers });
			await expect(orders({ 'x-client-code': 'SOMEONE' })).rejects.toThrow(/401 Invalid Header - Invalid Client Code/);
			await expect(orders({ 'x-api-key': 'placeholder' })).rejects.toThrow(/401 Invalid Header - Invalid API Key/);
			expect((await orders({ 'x-client-code': sim.account.clientCode, 'x-api-key': sim.account.apiKey })).ws.readyState).toBe(WsClient.OPEN);
		});

		it('lets the order socket take loose x-api-key and x-client-code by default', async () => {
			const tokens = await start();
			const { ws } = await open(sim.urls.orderSocket, { Authorization: `Bearer ${tokens.jwtToken}`, 'x-api-key': 'placeholder', 'x-client-code': 'SOMEONE' });
			expect(ws.readyState).toBe(WsClient.OPEN);
		});
	});

	describe('index tokens', () => {
		const subscribe = (ws: WsClient, token: string) => ws.send(JSON.stringify({ correlationID: 'idx0000001', action: 1, params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: [token] }] } }));
		const ticks = (frames: Array<Buffer | string>) => frames.filter((f): f is Buffer => typeof f !== 'string').map((f) => decodePacket(f));

		it('streams an index under both the master token 99926009 and the short 26009 by default, each as asked', async () => {
			const tokens = await start();
			const { ws, frames } = await feed(tokens);
			subscribe(ws, '26009');
			subscribe(ws, '99926009');
			await until(() => ticks(frames).length >= 2);
			expect(ticks(frames).map((t) => t.token).sort()).toEqual(['26009', '99926009']);
			sim.control.setPrice('NSE', '99926009', 56300.5);
			await until(() => ticks(frames).length >= 4);
			expect(ticks(frames).slice(2).map((t) => [t.token, t.ltp]).sort()).toEqual([['26009', 5630050], ['99926009', 5630050]]);
		});

		it('streams only the master token with indexTokens master', async () => {
			const tokens = await start({ variants: { indexTokens: 'master' } });
			const { ws, frames } = await feed(tokens);
			subscribe(ws, '26009');
			subscribe(ws, '99926009');
			await until(() => ticks(frames).length >= 1);
			sim.control.setPrice('NSE', '99926009', 56300.5);
			await until(() => ticks(frames).length >= 2);
			expect(new Set(ticks(frames).map((t) => t.token))).toEqual(new Set(['99926009']));
		});
	});

	it('sends a one-byte 0x00 keep-alive frame on the order socket', async () => {
		const tokens = await start({ orderKeepAliveMs: 20 });
		const { frames } = await open(sim.urls.orderSocket, { Authorization: `Bearer ${tokens.jwtToken}` });
		await until(() => frames.length >= 3);
		expect(JSON.parse(String(frames[0]))).toMatchObject({ 'order-status': 'AB00' });
		expect(frames.slice(1, 3)).toEqual([Buffer.of(0), Buffer.of(0)]);
	});

	describe('live data shapes', () => {
		const place = (tokens: Tokens, body: Record<string, unknown>) =>
			call(sim, 'POST', `${SECURE}/order/v1/placeOrder`, {
				jwt: tokens.jwtToken,
				body: { variety: 'NORMAL', exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', transactiontype: 'BUY', ordertype: 'LIMIT', producttype: 'DELIVERY', duration: 'DAY', price: '800', quantity: '1', ...body },
			});

		it('answers the order book with numeric prices and strike, averageprice 0 when unfilled, and optiontype XX on futures', async () => {
			const tokens = await start();
			sim.control.setPrice('NSE', '3045', 812);
			await place(tokens, {});
			const future = sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'FUTIDX' })[0];
			sim.control.setPrice('NFO', future.token, 25000);
			await place(tokens, { exchange: 'NFO', tradingsymbol: future.symbol, symboltoken: future.token, producttype: 'CARRYFORWARD', price: '24000', quantity: String(future.lotSize) });
			const book = (await call(sim, 'GET', `${SECURE}/order/v1/getOrderBook`, { jwt: tokens.jwtToken })).json?.data as Array<Record<string, unknown>>;
			expect(book[0]).toMatchObject({ price: 800, triggerprice: 0, averageprice: 0, strikeprice: -1, quantity: '1' });
			expect(book[1]).toMatchObject({ optiontype: 'XX', instrumenttype: 'FUTIDX' });
		});

		it('marks rejected orders with an empty orderstatus with emptyOrderStatus', async () => {
			const tokens = await start({ variants: { emptyOrderStatus: true } });
			await place(tokens, { quantity: '100000' });
			expect(sim.control.orderBook()[0]).toMatchObject({ status: 'rejected', orderstatus: '' });
		});

		it('shows after-market orders with variety AMO, status open and an id ending in AO with liveAmo, and accepts variety AMO with stop-loss types', async () => {
			const tokens = await start({ marketHours: 'closed', variants: { liveAmo: true } });
			const placed = await place(tokens, { variety: 'AMO', ordertype: 'STOPLOSS_LIMIT', price: '830', triggerprice: '825' });
			expect(placed.json).toMatchObject({ status: true, data: { orderid: expect.stringMatching(/^[0-9a-f]{12}AO$/) } });
			expect(sim.control.orderBook()[0]).toMatchObject({ variety: 'AMO', ordertype: 'STOPLOSS_LIMIT', status: 'open', orderstatus: 'open' });
		});

		it('answers positions with ltp, close, realised, unrealised and pnl, and RMS with the payout and m2m 0.00', async () => {
			const tokens = await start();
			sim.control.setPrice('NSE', '3045', 800);
			await place(tokens, { producttype: 'INTRADAY', quantity: '10' });
			sim.control.setPrice('NSE', '3045', 803);
			const [position] = (await call(sim, 'GET', `${SECURE}/order/v1/getPosition`, { jwt: tokens.jwtToken })).json?.data as Array<Record<string, string>>;
			expect(position).toMatchObject({ ltp: '803.00', realised: '0.00', unrealised: '30.00', pnl: '30.00', close: expect.stringMatching(/^\d+\.\d{2}$/) });
			const rms = (await call(sim, 'GET', `${SECURE}/user/v1/getRMS`, { jwt: tokens.jwtToken })).json?.data as Record<string, string | null>;
			expect(rms).toMatchObject({ m2mrealized: '0.0000', m2munrealized: '0.0000' });
			expect(Number(rms.utilisedpayout)).toBeGreaterThan(0);
			sim.control.setVariants({ nullUtilised: true });
			const nulls = (await call(sim, 'GET', `${SECURE}/user/v1/getRMS`, { jwt: tokens.jwtToken })).json?.data as Record<string, string | null>;
			expect(nulls).toMatchObject({ utiliseddebits: null, utilisedspan: null, utilisedexposure: null });
		});

		it('answers getAllHolding for an account without holdings with totalholding null, and logout with a text', async () => {
			sim = await startSimulator({ seed: 3, masterSize: 3000, clock: OPEN, autoTick: false, rateLimits: false, accounts: [{ ...demoAccount(3), holdings: [] }] });
			const tokens = await login(sim);
			const all = await call(sim, 'GET', `${SECURE}/portfolio/v1/getAllHolding`, { jwt: tokens.jwtToken });
			expect(all.json?.data).toEqual({ holdings: [], totalholding: null });
			const out = await call(sim, 'POST', `${SECURE}/user/v1/logout`, { jwt: tokens.jwtToken, body: { clientcode: sim.account.clientCode } });
			expect(typeof out.json?.data).toBe('string');
		});

		it('answers getLtpData with numbers and gives cash stocks a non-zero open interest in quotes', async () => {
			const tokens = await start();
			const ltp = await call(sim, 'POST', `${SECURE}/order/v1/getLtpData`, { jwt: tokens.jwtToken, body: { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' } });
			const data = ltp.json?.data as Record<string, unknown>;
			for (const key of ['open', 'high', 'low', 'close', 'ltp']) expect(typeof data[key]).toBe('number');
			const quote = await call(sim, 'POST', `${SECURE}/market/v1/quote/`, { jwt: tokens.jwtToken, body: { mode: 'FULL', exchangeTokens: { NSE: ['3045'] } } });
			const fetched = (quote.json?.data as { fetched: Array<Record<string, number>> }).fetched;
			expect(fetched[0].opnInterest).toBeGreaterThan(0);
		});
	});
});
