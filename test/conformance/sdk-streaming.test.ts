/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test: loads the official SDK, owns its timers and clock */
// The official JS SDK's (smartapi-javascript 1.0.27) WebSocket 2.0 client and order-update client end to end
// against the simulator: connect, subscribe every mode, heartbeat (text ping → pong), reconnect after the server
// drops them, and order updates (AB09 before AB01, the 0x00 keep-alive frames passed through without harm).
// The SDK's own timers run 100 times faster here, and its staleness clock is moved forward to make it reconnect.

import { createRequire } from 'node:module';
import { authenticator } from 'otplib';

import { startSimulator, type RunningSimulator } from '../../simulator/server';

interface SdkSocket {
	connect(): Promise<unknown>;
	fetchData(request: { correlationID?: string; action: number; mode: number; exchangeType: number; tokens: string[] }): void;
	on(event: 'tick', callback: (data: unknown) => void): void;
	reconnection(type: 'simple' | 'exponential', delayMs: number, multiplier?: number): void;
	close(): void;
}
type SdkSocketConstructor = new (params: { clientcode: string; jwttoken: string; apikey: string; feedtype: string }) => SdkSocket;

const load = createRequire(__filename);
const { CONSTANTS } = load('smartapi-javascript/config/constant') as { CONSTANTS: { websocketURL: string; wsclientupdatesURL: string } };
const WebSocketV2 = load('smartapi-javascript/lib/websocket2.0') as SdkSocketConstructor;
const WSOrderUpdates = load('smartapi-javascript/lib/ws_orderupdates') as SdkSocketConstructor;

const original = { ...CONSTANTS };
const realSetInterval = setInterval;
const realNow = Date.now;
/** Added to Date.now, so the SDK's "no message for 20 s" check fires without waiting 20 s. */
let clockOffset = 0;
const sdkIntervals: Array<ReturnType<typeof setInterval>> = [];
let sim: RunningSimulator;
let session: { jwtToken: string; feedToken: string };

async function rest(path: string, body: unknown, jwt?: string): Promise<Record<string, unknown>> {
	const response = await fetch(`${sim.baseUrl}${path}`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Accept: 'application/json',
			'X-UserType': 'USER',
			'X-SourceID': 'WEB',
			'X-PrivateKey': sim.account.apiKey,
			...(jwt ? { Authorization: `Bearer ${jwt}` } : {}),
		},
		body: JSON.stringify(body),
	});
	return (await response.json()) as Record<string, unknown>;
}

async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = realNow() + timeoutMs;
	while (!condition()) {
		if (realNow() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

beforeAll(async () => {
	sim = await startSimulator({ autoTick: false, masterSize: 0, rateLimits: false, marketHours: 'open', orderKeepAliveMs: 30 });
	const login = await rest('/rest/auth/angelbroking/user/v1/loginByPassword', {
		clientcode: sim.account.clientCode,
		password: sim.account.pin,
		totp: authenticator.generate(sim.account.totpSecret),
	});
	session = login.data as { jwtToken: string; feedToken: string };
	CONSTANTS.websocketURL = sim.urls.marketSocket;
	CONSTANTS.wsclientupdatesURL = sim.urls.orderSocket;
	global.setInterval = ((handler: () => void, ms?: number) => {
		const handle = realSetInterval(handler, Math.max(10, (ms ?? 0) / 100));
		sdkIntervals.push(handle);
		return handle;
	}) as typeof setInterval;
	Date.now = () => realNow() + clockOffset;
});

afterAll(async () => {
	global.setInterval = realSetInterval;
	Date.now = realNow;
	for (const handle of sdkIntervals) clearInterval(handle);
	Object.assign(CONSTANTS, original);
	await sim.close();
});

const params = () => ({ clientcode: sim.account.clientCode, jwttoken: session.jwtToken, apikey: sim.account.apiKey, feedtype: session.feedToken });

it('the SDK WebSocketV2 subscribes every mode, gets pong for its ping, and after a drop reconnects and resubscribes by itself', async () => {
	const ticks: Array<Record<string, unknown>> = [];
	const texts: string[] = [];
	const sdk = new WebSocketV2(params());
	sdk.on('tick', (data) => {
		if (typeof data === 'string') texts.push(data);
		else if (typeof data === 'object' && data !== null && !Buffer.isBuffer(data)) ticks.push(data as Record<string, unknown>);
	});
	sdk.reconnection('simple', 50);
	await sdk.connect();
	for (const mode of [1, 2, 3, 4]) sdk.fetchData({ correlationID: `stream000${mode}`, action: 1, mode, exchangeType: 1, tokens: ['3045'] });
	const modes = () => new Set(ticks.map((t) => String(t.subscription_mode)));
	await until('a snapshot in every mode', () => modes().size === 4);
	await until('pong for the heartbeat', () => texts.includes('pong'));

	expect(sim.control.dropSockets()).toBe(1);
	ticks.length = 0;
	await until('the SDK to reconnect', () => (sim.control.socketConnections().market[sim.account.clientCode] ?? 0) === 1);
	await until('the resubscribed snapshots', () => modes().size === 4);
	sim.control.setPrice('NSE', '3045', 817.45);
	await until('the new price in LTP mode', () => ticks.some((t) => t.subscription_mode === '1' && t.last_traded_price === '81745'));
	expect(sim.control.requestCounts()['ws:smart-stream']).toBeGreaterThanOrEqual(2);
	sdk.close();
});

it('the SDK order-update client gets AB09 then AB01 for a new order, the keep-alive frames do it no harm, and it reconnects when the socket goes silent', async () => {
	const messages: unknown[] = [];
	const sdk = new WSOrderUpdates(params());
	sdk.on('tick', (data) => messages.push(data));
	await sdk.connect();
	const json = () => messages.filter((m) => typeof m === 'string' && m.startsWith('{')).map((m) => JSON.parse(m as string) as Record<string, unknown>);
	await until('the AB00 greeting', () => json().some((m) => m['order-status'] === 'AB00'));
	await until('a keep-alive frame', () => messages.some((m) => Buffer.isBuffer(m) && m.length === 1 && m[0] === 0));
	await until('pong for the heartbeat', () => messages.includes('pong'));

	sim.control.setPrice('NSE', '3045', 812);
	const placed = await rest(
		'/rest/secure/angelbroking/order/v1/placeOrder',
		{ variety: 'NORMAL', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', transactiontype: 'BUY', exchange: 'NSE', ordertype: 'LIMIT', producttype: 'DELIVERY', duration: 'DAY', price: '800', quantity: '1' },
		session.jwtToken,
	);
	const orderid = (placed.data as { orderid: string }).orderid;
	await until('the open update', () => json().some((m) => m['order-status'] === 'AB01'));
	const codes = json().filter((m) => (m.orderData as { orderid?: string }).orderid === orderid).map((m) => m['order-status']);
	expect(codes).toEqual(['AB09', 'AB01']);

	// A hung server: nothing arrives. The SDK's staleness check (no message for 20 s) closes and reconnects.
	sim.control.stallSockets();
	const before = sim.control.requestCounts()['ws:smart-order-update'] ?? 0;
	clockOffset += 25_000;
	await until('the SDK to reconnect', () => (sim.control.requestCounts()['ws:smart-order-update'] ?? 0) > before);
	sim.control.resumeSockets();
	await until('a fresh AB00 greeting', () => json().filter((m) => m['order-status'] === 'AB00').length >= 2);
	sdk.close();
});
