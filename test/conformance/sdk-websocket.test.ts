/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test: loads the official SDK, owns its timers */
// Conformance of the simulator's sockets with the official JS SDK (smartapi-javascript 1.0.27): its WebSocketV2
// decodes our packets field for field, and its order-update client is accepted and greeted.

import { createRequire } from 'node:module';
import { authenticator } from 'otplib';

import { decodePacket } from '../../nodes/AngelOne/feed/codec';
import type { DecodedTick, FeedDepthLevel } from '../../nodes/AngelOne/feed/types';
import { startSimulator, type RunningSimulator } from '../../simulator/server';

interface SdkSocket {
	connect(): Promise<unknown>;
	fetchData(request: { correlationID?: string; action: number; mode: number; exchangeType: number; tokens: string[] }): void;
	on(event: 'tick', callback: (data: unknown) => void): void;
	close(): void;
}
type SdkSocketConstructor = new (params: { clientcode: string; jwttoken: string; apikey: string; feedtype: string }) => SdkSocket;

// The SDK has no types; these casts state the shape of the parts the test uses.
const load = createRequire(__filename);
const { CONSTANTS } = load('smartapi-javascript/config/constant') as {
	CONSTANTS: { websocketURL: string; wsclientupdatesURL: string };
};
const WebSocketV2 = load('smartapi-javascript/lib/websocket2.0') as SdkSocketConstructor;
const WSOrderUpdates = load('smartapi-javascript/lib/ws_orderupdates') as SdkSocketConstructor;

/** Every value the SDK reports, as it reports it: strings, with the token JSON-quoted. */
type SdkTick = Record<string, string | Array<Record<string, string>>>;

const original = { ...CONSTANTS };
const realSetInterval = setInterval;
/** The SDK starts ping and staleness intervals it never fully clears; the test collects and clears them. */
const sdkIntervals: Array<ReturnType<typeof setInterval>> = [];
let sim: RunningSimulator;
let session: { jwtToken: string; feedToken: string };

async function login(s: RunningSimulator): Promise<{ jwtToken: string; feedToken: string }> {
	const response = await fetch(`${s.baseUrl}/rest/auth/angelbroking/user/v1/loginByPassword`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			Accept: 'application/json',
			'X-UserType': 'USER',
			'X-SourceID': 'WEB',
			'X-ClientLocalIP': '127.0.0.1',
			'X-ClientPublicIP': '127.0.0.1',
			'X-MACAddress': '00:00:00:00:00:00',
			'X-PrivateKey': s.account.apiKey,
		},
		body: JSON.stringify({
			clientcode: s.account.clientCode,
			password: s.account.pin,
			totp: authenticator.generate(s.account.totpSecret),
		}),
	});
	const envelope = (await response.json()) as { status: boolean; data?: { jwtToken: string; feedToken: string } };
	if (!envelope.status || !envelope.data) throw new Error(`simulator login failed: ${JSON.stringify(envelope)}`);
	return envelope.data;
}

async function until(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

beforeAll(async () => {
	sim = await startSimulator({ autoTick: false, masterSize: 0, rateLimits: false });
	session = await login(sim);
	CONSTANTS.websocketURL = sim.urls.marketSocket;
	CONSTANTS.wsclientupdatesURL = sim.urls.orderSocket;
	global.setInterval = ((...args: Parameters<typeof setInterval>) => {
		const handle = realSetInterval(...args);
		sdkIntervals.push(handle);
		return handle;
	}) as typeof setInterval;
});

afterAll(async () => {
	global.setInterval = realSetInterval;
	for (const handle of sdkIntervals) clearInterval(handle);
	Object.assign(CONSTANTS, original);
	await sim.close();
});

/** The SDK's rendering of one of our decoded ticks (its field names and its all-strings convention). */
function sdkView(tick: DecodedTick): SdkTick {
	const s = (value: number | undefined): string => String(value);
	const head = { subscription_mode: s(tick.mode), exchange_type: s(tick.exchangeType), token: JSON.stringify(tick.token) };
	const depth = (levels: FeedDepthLevel[] | undefined) =>
		(levels ?? []).map((l) => ({ quantity: s(l.quantity), price: s(l.price), no_of_orders: s(l.orders) }));
	if (tick.mode === 4) {
		return {
			...head,
			exchange_timestamp: s(tick.exchangeTimestamp),
			packet_received_time: s(tick.packetReceivedTime),
			depth_twenty_buy_data: depth(tick.depth20Buy),
			depth_twenty_sell_data: depth(tick.depth20Sell),
		};
	}
	const ltp = {
		...head,
		sequence_number: s(tick.sequenceNumber),
		exchange_timestamp: s(tick.exchangeTimestamp),
		last_traded_price: s(tick.ltp),
	};
	if (tick.mode === 1) return ltp;
	const quote = {
		...ltp,
		last_traded_quantity: s(tick.lastTradedQuantity),
		avg_traded_price: s(tick.averageTradedPrice),
		vol_traded: s(tick.volume),
		total_buy_quantity: s(tick.totalBuyQuantity),
		total_sell_quantity: s(tick.totalSellQuantity),
		open_price_day: s(tick.open),
		high_price_day: s(tick.high),
		low_price_day: s(tick.low),
		close_price: s(tick.close),
	};
	if (tick.mode === 2) return quote;
	const five = (levels: FeedDepthLevel[] | undefined, flag: string) =>
		depth(levels).map((l) => ({ flag, ...l }));
	return {
		...quote,
		last_traded_timestamp: s(tick.lastTradedTimestamp),
		open_interest: s(tick.openInterest),
		open_interest_change: s(tick.openInterestChangePercent),
		best_5_buy_data: five(tick.bestFiveBuy, '1'),
		best_5_sell_data: five(tick.bestFiveSell, '0'),
		upper_circuit: s(tick.upperCircuit),
		lower_circuit: s(tick.lowerCircuit),
		fiftytwo_week_high: s(tick.week52High),
		fiftytwo_week_low: s(tick.week52Low),
	};
}

function key(mode: unknown, token: string): string {
	return `${String(mode)}:${token}`;
}

it('the official SDK WebSocketV2 connects, subscribes in all four modes and decodes what the simulator sent', async () => {
	const subscriptions = [
		{ mode: 1, tokens: ['3045', '2885'] },
		{ mode: 2, tokens: ['3045'] },
		{ mode: 3, tokens: ['2885'] },
		{ mode: 4, tokens: ['3045'] },
	];

	// A reference client on the same feed receives the same bytes; our decoder says what they contain.
	const sent = new Map<string, DecodedTick[]>();
	const reference = new WebSocket(sim.urls.marketSocket, {
		headers: {
			Authorization: `Bearer ${session.jwtToken}`,
			'x-api-key': sim.account.apiKey,
			'x-client-code': sim.account.clientCode,
			'x-feed-token': session.feedToken,
		},
	});
	reference.binaryType = 'arraybuffer';
	reference.addEventListener('message', (event: MessageEvent) => {
		if (typeof event.data === 'string') return;
		const tick = decodePacket(event.data as ArrayBuffer);
		const list = sent.get(key(tick.mode, tick.token)) ?? [];
		list.push(tick);
		sent.set(key(tick.mode, tick.token), list);
	});
	await new Promise((resolve) => reference.addEventListener('open', resolve));
	for (const { mode, tokens } of subscriptions) {
		reference.send(JSON.stringify({ action: 1, params: { mode, tokenList: [{ exchangeType: 1, tokens }] } }));
	}

	const received = new Map<string, SdkTick[]>();
	const sdk = new WebSocketV2({
		clientcode: sim.account.clientCode,
		jwttoken: session.jwtToken,
		apikey: sim.account.apiKey,
		feedtype: session.feedToken,
	});
	sdk.on('tick', (data) => {
		if (typeof data !== 'object' || data === null || Buffer.isBuffer(data)) return;
		const tick = data as SdkTick;
		const token = JSON.parse(String(tick.token)) as string;
		const list = received.get(key(tick.subscription_mode, token)) ?? [];
		list.push(tick);
		received.set(key(tick.subscription_mode, token), list);
	});
	await sdk.connect();
	for (const { mode, tokens } of subscriptions) {
		sdk.fetchData({ correlationID: 'conform001', action: 1, mode, exchangeType: 1, tokens });
	}

	const streams = subscriptions.flatMap(({ mode, tokens }) => tokens.map((token) => key(mode, token)));
	const count = (map: Map<string, unknown[]>, stream: string) => map.get(stream)?.length ?? 0;
	await until(() => streams.every((stream) => count(received, stream) >= 1 && count(sent, stream) >= 1));

	sim.control.setPrice('NSE', '3045', 815.55);
	sim.control.setPrice('NSE', '2885', 1420.1);
	await until(() => streams.every((stream) => count(received, stream) >= 2 && count(sent, stream) >= 2));

	for (const stream of streams) {
		const expected = (sent.get(stream) ?? []).slice(0, 2).map(sdkView);
		expect({ stream, ticks: (received.get(stream) ?? []).slice(0, 2) }).toEqual({ stream, ticks: expected });
	}
	expect(received.get(key(1, '3045'))?.[1].last_traded_price).toBe('81555');
	expect(received.get(key(3, '2885'))?.[1].last_traded_price).toBe('142010');

	sdk.close();
	reference.close();
});

it('the official SDK order-update client is accepted and greeted with AB00', async () => {
	const messages: unknown[] = [];
	const sdk = new WSOrderUpdates({
		clientcode: sim.account.clientCode,
		jwttoken: session.jwtToken,
		apikey: sim.account.apiKey,
		feedtype: session.feedToken,
	});
	sdk.on('tick', (data) => messages.push(data));
	await sdk.connect();
	await until(() => messages.length >= 1);
	const greeting = JSON.parse(String(messages[0])) as Record<string, unknown>;
	expect(greeting).toMatchObject({ 'user-id': sim.account.clientCode, 'order-status': 'AB00', 'status-code': '200' });
	sdk.close();
});
