/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test: real servers and event-loop turns */
// The simulator's socket servers against a fake SocketContext: handshake auth and limits, subscriptions and
// tick fan-out on /smart-stream, the order-update socket, heartbeats and the fault controls.

import { EventEmitter } from 'node:events';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import WsClient from 'ws';

import { decodePacket, parseTextFrame } from '../../nodes/AngelOne/feed/codec';
import type { DecodedTick } from '../../nodes/AngelOne/feed/types';
import { createClock } from '../../simulator/clock';
import type {
	AuthResult,
	OrderUpdateMessage,
	SimInstrument,
	SocketContext,
	TickSnapshot,
} from '../../simulator/contracts';
import { randomSnapshot } from '../../simulator/packets';
import { createRng } from '../../simulator/rng';
import { attachSockets, type SimSockets, type SocketOptions } from '../../simulator/sockets';

interface Account {
	jwt: string;
	feedToken: string;
}

const API_KEY = 'sim-api-key';
const ACCOUNTS: Record<string, Account> = {
	A123: { jwt: 'jwt-of-a123', feedToken: 'feed-of-a123' },
	B456: { jwt: 'jwt-of-b456', feedToken: 'feed-of-b456' },
};

/** A market with a few instruments whose snapshots change only when a test calls tick(). */
class FakeMarket extends EventEmitter {
	private readonly rng = createRng(7);
	private readonly current = new Map<string, TickSnapshot>();
	readonly instruments: SimInstrument[] = [
		['1', '3045', 'SBIN-EQ'],
		['1', '2885', 'RELIANCE-EQ'],
		['2', '43854', 'NIFTY30JAN2525000CE'],
		['13', '1594', 'USDINR25JANFUT'],
	].map(([exchangeType, token, symbol]) => ({
		token,
		symbol,
		name: symbol,
		expiry: '',
		strike: -1,
		lotSize: 1,
		instrumentType: '',
		exchange: 'NSE',
		exchangeType: Number(exchangeType),
		tickSize: 5,
		priceDivisor: exchangeType === '13' ? 10_000_000 : 100,
	}));

	byExchangeType(exchangeType: number, token: string): SimInstrument | undefined {
		return this.instruments.find((i) => i.exchangeType === exchangeType && i.token === token);
	}

	snapshot(exchangeType: number, token: string): TickSnapshot | undefined {
		const instrument = this.byExchangeType(exchangeType, token);
		if (!instrument) return undefined;
		const key = `${exchangeType}:${token}`;
		let snapshot = this.current.get(key);
		if (!snapshot) {
			snapshot = randomSnapshot(this.rng, exchangeType, token);
			this.current.set(key, snapshot);
		}
		return snapshot;
	}

	/** Moves one instrument and emits the tick, returning the new snapshot. */
	tick(exchangeType: number, token: string): TickSnapshot {
		const instrument = this.byExchangeType(exchangeType, token);
		if (!instrument) throw new Error(`test bug: no instrument ${exchangeType}:${token}`);
		const snapshot = randomSnapshot(this.rng, exchangeType, token);
		this.current.set(`${exchangeType}:${token}`, snapshot);
		this.emit('tick', instrument, snapshot);
		return snapshot;
	}
}

function fail(message: string): AuthResult {
	return { ok: false, message };
}

/** Auth that knows two accounts and answers with the spec's handshake messages. */
const fakeAuth = {
	events: new EventEmitter(),
	checkFeed(args: { jwt?: string; apiKey?: string; clientCode?: string; feedToken?: string }): AuthResult {
		const account = args.clientCode === undefined ? undefined : ACCOUNTS[args.clientCode];
		if (!account || args.clientCode === undefined) return fail('Invalid Header - Invalid Client Code');
		if (args.jwt !== undefined && args.jwt.replace(/^Bearer /, '') !== account.jwt) {
			return fail('Invalid Header - Invalid Auth token');
		}
		if (args.apiKey !== API_KEY) return fail('Invalid Header - Invalid API Key');
		if (args.feedToken !== account.feedToken) return fail('Invalid Header - Invalid Feed Token');
		return { ok: true, clientCode: args.clientCode };
	},
	checkJwt(jwt: string | undefined): AuthResult {
		const bare = jwt?.replace(/^Bearer /, '');
		const clientCode = Object.keys(ACCOUNTS).find((code) => ACCOUNTS[code].jwt === bare);
		return clientCode ? { ok: true, clientCode } : fail('Invalid Token');
	},
};

interface Harness {
	url: string;
	market: FakeMarket;
	orderEvents: EventEmitter;
	authEvents: EventEmitter;
	counts: Record<string, number>;
	sockets: SimSockets;
	server: http.Server;
}

let harness: Harness | undefined;
const openClients: Array<{ close(): void }> = [];

async function start(options: SocketOptions = {}, maxSubscriptions = 1000): Promise<Harness> {
	const market = new FakeMarket();
	const orderEvents = new EventEmitter();
	const authEvents = new EventEmitter();
	const counts: Record<string, number> = {};
	const ctx: SocketContext = {
		clock: createClock(),
		market,
		auth: { ...fakeAuth, events: authEvents },
		orders: { events: orderEvents },
		config: { seed: 1, maxConnections: 3, maxSubscriptions },
		count: (endpoint) => {
			counts[endpoint] = (counts[endpoint] ?? 0) + 1;
		},
	};
	const server = http.createServer((_req, res) => res.writeHead(404).end());
	const sockets = attachSockets(server, ctx, options);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	harness = { url: `ws://127.0.0.1:${port}`, market, orderEvents, authEvents, counts, sockets, server };
	return harness;
}

afterEach(async () => {
	for (const client of openClients.splice(0)) client.close();
	if (harness) {
		const { server } = harness;
		harness = undefined;
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
});

type Frame = ArrayBuffer | string;

/** Node 24's global WebSocket with a queue, so a test can await frames in order. */
class Client {
	private readonly frames: Frame[] = [];
	private readonly waiting: Array<(frame: Frame) => void> = [];
	readonly closed: Promise<{ code: number; wasClean: boolean }>;

	private constructor(readonly ws: WebSocket) {
		ws.binaryType = 'arraybuffer';
		ws.addEventListener('message', (event: MessageEvent) => {
			const frame = event.data as Frame;
			const waiter = this.waiting.shift();
			if (waiter) waiter(frame);
			else this.frames.push(frame);
		});
		this.closed = new Promise((resolve) =>
			ws.addEventListener('close', (event: CloseEvent) => resolve({ code: event.code, wasClean: event.wasClean })),
		);
		openClients.push(this);
	}

	static open(url: string, headers: Record<string, string> = {}): Promise<Client> {
		const ws = new WebSocket(url, { headers });
		const client = new Client(ws);
		return new Promise((resolve, reject) => {
			ws.addEventListener('open', () => resolve(client));
			ws.addEventListener('error', () => reject(new Error(`could not connect to ${url}`)));
		});
	}

	pending(): number {
		return this.frames.length;
	}

	next(): Promise<Frame> {
		const frame = this.frames.shift();
		if (frame !== undefined) return Promise.resolve(frame);
		return new Promise((resolve) => this.waiting.push(resolve));
	}

	async nextTick(): Promise<DecodedTick> {
		const frame = await this.next();
		if (typeof frame === 'string') throw new Error(`expected a packet, got text ${frame}`);
		return decodePacket(frame);
	}

	async nextText(): Promise<string> {
		const frame = await this.next();
		if (typeof frame !== 'string') throw new Error(`expected text, got a ${frame.byteLength}-byte packet`);
		return frame;
	}

	send(value: string | object): void {
		this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
	}

	/** A ping/pong round trip: every frame the server sent before the pong has arrived once this resolves. */
	async sync(): Promise<void> {
		this.send('ping');
		expect(await this.nextText()).toBe('pong');
	}

	close(): void {
		this.ws.close();
	}
}

function feedHeaders(clientCode = 'A123', overrides: Record<string, string> = {}): Record<string, string> {
	return {
		Authorization: ACCOUNTS[clientCode].jwt,
		'x-api-key': API_KEY,
		'x-client-code': clientCode,
		'x-feed-token': ACCOUNTS[clientCode].feedToken,
		...overrides,
	};
}

function openFeed(h: Harness, clientCode = 'A123'): Promise<Client> {
	return Client.open(`${h.url}/smart-stream`, feedHeaders(clientCode));
}

function subscribe(mode: number, tokenList: Array<{ exchangeType: number; tokens: string[] }>, action = 1) {
	return { correlationID: 'abc1234567', action, params: { mode, tokenList } };
}

/** The status and x-error-message of a handshake the server refuses (the ws client exposes them). */
function refusedHandshake(url: string, headers: Record<string, string>): Promise<{ status: number; message?: string }> {
	return new Promise((resolve, reject) => {
		const ws = new WsClient(url, { headers });
		ws.on('error', () => undefined);
		ws.on('unexpected-response', (req, res) => {
			const message = res.headers['x-error-message'];
			resolve({ status: res.statusCode ?? 0, message: typeof message === 'string' ? message : undefined });
			res.resume();
			req.destroy();
		});
		ws.on('open', () => {
			ws.terminate();
			reject(new Error('the handshake was accepted'));
		});
	});
}

async function waitFor(condition: () => boolean): Promise<void> {
	while (!condition()) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('market feed handshake', () => {
	it('accepts the header form with a raw JWT and with a Bearer JWT', async () => {
		const h = await start();
		await openFeed(h);
		await Client.open(`${h.url}/smart-stream`, feedHeaders('A123', { Authorization: `Bearer ${ACCOUNTS.A123.jwt}` }));
		expect(h.sockets.connections().market).toEqual({ A123: 2 });
		expect(h.counts['ws:smart-stream']).toBe(2);
	});

	it('accepts the browser query form without a JWT', async () => {
		const h = await start();
		const query = new URLSearchParams({ clientCode: 'B456', feedToken: ACCOUNTS.B456.feedToken, apiKey: API_KEY });
		const client = await Client.open(`${h.url}/smart-stream?${query.toString()}`);
		await client.sync();
		expect(h.sockets.connections().market).toEqual({ B456: 1 });
	});

	it.each([
		['Authorization', 'jwt-forged', 'Invalid Header - Invalid Auth token'],
		['x-client-code', 'Z999', 'Invalid Header - Invalid Client Code'],
		['x-api-key', 'wrong-key', 'Invalid Header - Invalid API Key'],
		['x-feed-token', 'wrong-feed', 'Invalid Header - Invalid Feed Token'],
	])('refuses a bad %s with 401 and the x-error-message header', async (name, value, message) => {
		const h = await start();
		const refused = await refusedHandshake(`${h.url}/smart-stream`, feedHeaders('A123', { [name]: value }));
		expect(refused).toEqual({ status: 401, message });
		expect(h.sockets.connections().market).toEqual({});
	});

	it('refuses an unknown client code in the query form with 401', async () => {
		const h = await start();
		const query = new URLSearchParams({ clientCode: 'Z999', feedToken: 'x', apiKey: API_KEY });
		expect(await refusedHandshake(`${h.url}/smart-stream?${query.toString()}`, {})).toEqual({
			status: 401,
			message: 'Invalid Header - Invalid Client Code',
		});
	});

	it('refuses a fourth connection of one client code with 429 but still lets another client code in', async () => {
		const h = await start();
		const first = await openFeed(h);
		await openFeed(h);
		await openFeed(h);
		expect(await refusedHandshake(`${h.url}/smart-stream`, feedHeaders())).toEqual({ status: 429 });
		await openFeed(h, 'B456');
		expect(h.sockets.connections().market).toEqual({ A123: 3, B456: 1 });

		first.close();
		await waitFor(() => h.sockets.connections().market.A123 === 2);
		await openFeed(h);
		expect(h.counts['ws:smart-stream']).toBe(6);
	});

	it('answers an unknown path with 404', async () => {
		const h = await start();
		expect(await refusedHandshake(`${h.url}/smart-stream-v3`, feedHeaders())).toEqual({ status: 404 });
	});
});

describe('market feed subscriptions', () => {
	it('sends a snapshot per token and mode on subscribe, then a packet per tick and mode', async () => {
		const h = await start();
		const client = await openFeed(h);
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045', '2885'] }]));
		client.send(subscribe(3, [{ exchangeType: 1, tokens: ['3045'] }]));
		const snapshots = [await client.nextTick(), await client.nextTick(), await client.nextTick()];
		expect(snapshots.map((t) => `${t.mode}:${t.token}`)).toEqual(['1:3045', '1:2885', '3:3045']);
		expect(snapshots[2].ltp).toBe(h.market.snapshot(1, '3045')?.ltp);

		h.market.tick(1, '2885');
		const moved = h.market.tick(1, '3045');
		const ticks = [await client.nextTick(), await client.nextTick(), await client.nextTick()];
		expect(ticks.map((t) => `${t.mode}:${t.token}`)).toEqual(['1:2885', '1:3045', '3:3045']);
		expect(ticks[1]).toMatchObject({ ltp: moved.ltp, sequenceNumber: moved.sequenceNumber });
		expect(ticks[2]).toMatchObject({ ltp: moved.ltp, volume: moved.volume, bestFiveBuy: moved.bestFiveBuy });
	});

	it('sends every subscriber of a tick the same packet', async () => {
		const h = await start();
		const [a, b] = [await openFeed(h), await openFeed(h, 'B456')];
		for (const client of [a, b]) {
			client.send(subscribe(2, [{ exchangeType: 13, tokens: ['1594'] }]));
			await client.nextTick();
		}
		h.market.tick(13, '1594');
		const [packetA, packetB] = [await a.next(), await b.next()];
		expect(Buffer.from(packetA as ArrayBuffer).equals(Buffer.from(packetB as ArrayBuffer))).toBe(true);
	});

	it('stops ticking an instrument after unsubscribe and ignores unsubscribing what was never subscribed', async () => {
		const h = await start();
		const client = await openFeed(h);
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045', '2885'] }]));
		await client.nextTick();
		await client.nextTick();
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['2885', '11536'] }], 0));
		client.send(subscribe(2, [{ exchangeType: 1, tokens: ['3045'] }], 0));
		await client.sync();

		h.market.tick(1, '2885');
		h.market.tick(1, '3045');
		expect(await client.nextTick()).toMatchObject({ mode: 1, token: '3045' });
	});

	it('stops ticking a closed connection and keeps ticking the others', async () => {
		const h = await start();
		const [gone, staying] = [await openFeed(h), await openFeed(h)];
		for (const client of [gone, staying]) {
			client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045'] }]));
			await client.nextTick();
		}
		gone.close();
		await gone.closed;
		await waitFor(() => h.sockets.connections().market.A123 === 1);
		h.market.tick(1, '3045');
		expect(await staying.nextTick()).toMatchObject({ token: '3045' });
	});

	it('accepts tokens the market does not know and never ticks them', async () => {
		const h = await start();
		const client = await openFeed(h);
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['999999', '3045'] }]));
		expect(await client.nextTick()).toMatchObject({ token: '3045' });
		await client.sync();
	});

	it.each([
		['text that is not JSON', 'subscribe me'],
		['an unknown action', { action: 2, params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] } }],
		['an unknown mode', { action: 1, params: { mode: 5, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] } }],
		['a mode sent as a string', { action: 1, params: { mode: '1', tokenList: [{ exchangeType: 1, tokens: ['3045'] }] } }],
		['numeric tokens', { action: 1, params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: [3045] }] } }],
		['an unknown exchange type', { action: 1, params: { mode: 1, tokenList: [{ exchangeType: 6, tokens: ['1'] }] } }],
		['an empty token list', { action: 1, params: { mode: 1, tokenList: [] } }],
		['a token longer than 25 bytes', { action: 1, params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: ['9'.repeat(26)] }] } }],
		['depth 20 outside nse_cm', { action: 1, params: { mode: 4, tokenList: [{ exchangeType: 2, tokens: ['43854'] }] } }],
	])('answers %s with E1001', async (_case, request) => {
		const h = await start();
		const client = await openFeed(h);
		client.send(typeof request === 'string' ? request : { correlationID: 'corr000001', ...request });
		expect(parseTextFrame(await client.nextText())).toEqual({
			kind: 'error',
			correlationID: typeof request === 'string' ? '' : 'corr000001',
			errorCode: 'E1001',
			errorMessage: 'Invalid Request Payload.',
		});
	});

	it('answers E1002 past 1000 subscriptions without touching existing ones, and does not count duplicates', async () => {
		const h = await start();
		const client = await openFeed(h);
		// Unknown tokens count like known ones but send no snapshots, which keeps this test small.
		const unknown = Array.from({ length: 999 }, (_, i) => String(500_000 + i));
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045', ...unknown] }]));
		await client.nextTick();
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045', ...unknown.slice(0, 10)] }]));
		await client.sync();

		client.send({ ...subscribe(2, [{ exchangeType: 1, tokens: ['3045'] }]), correlationID: 'over000001' });
		expect(parseTextFrame(await client.nextText())).toEqual({
			kind: 'error',
			correlationID: 'over000001',
			errorCode: 'E1002',
			errorMessage: 'Invalid Request. Subscription Limit Exceeded.',
		});
		h.market.tick(1, '3045');
		expect(await client.nextTick()).toMatchObject({ mode: 1, token: '3045' });

		client.send(subscribe(1, [{ exchangeType: 1, tokens: [unknown[0]] }], 0));
		client.send(subscribe(2, [{ exchangeType: 1, tokens: ['3045'] }]));
		expect(await client.nextTick()).toMatchObject({ mode: 2, token: '3045' });
	});

	it('refuses a request that would pass the limit as a whole, subscribing none of its tokens', async () => {
		const h = await start({}, 2);
		const client = await openFeed(h);
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045'] }]));
		await client.nextTick();
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['2885', '123456'] }]));
		expect(parseTextFrame(await client.nextText())).toMatchObject({ errorCode: 'E1002' });
		h.market.tick(1, '2885');
		h.market.tick(1, '3045');
		expect(await client.nextTick()).toMatchObject({ token: '3045' });
	});

	it('serves depth 20 for nse_cm and refuses a 51st depth token with E1002', async () => {
		const h = await start();
		const client = await openFeed(h);
		const fillers = Array.from({ length: 49 }, (_, i) => String(700_000 + i));
		client.send(subscribe(4, [{ exchangeType: 1, tokens: ['2885', ...fillers] }]));
		const depth = await client.nextTick();
		expect(depth).toMatchObject({ mode: 4, token: '2885', depth20Buy: h.market.snapshot(1, '2885')?.depth20Buy });
		client.send(subscribe(4, [{ exchangeType: 1, tokens: ['3045'] }]));
		expect(parseTextFrame(await client.nextText())).toMatchObject({ errorCode: 'E1002' });
		client.send(subscribe(4, [{ exchangeType: 1, tokens: [fillers[0]] }], 0));
		client.send(subscribe(4, [{ exchangeType: 1, tokens: ['3045'] }]));
		expect(await client.nextTick()).toMatchObject({ mode: 4, token: '3045' });
	});

	it('answers a text ping with a text pong and a protocol ping with a pong frame', async () => {
		const h = await start();
		const client = await openFeed(h);
		client.send('ping');
		expect(await client.nextText()).toBe('pong');

		const raw = new WsClient(`${h.url}/smart-stream`, { headers: feedHeaders() });
		openClients.push({ close: () => raw.terminate() });
		await new Promise((resolve) => raw.once('open', resolve));
		const pong = new Promise<Buffer>((resolve) => raw.once('pong', resolve));
		raw.ping('ping');
		expect((await pong).toString()).toBe('ping');
	});
});

describe('order-update socket', () => {
	function orderMessage(clientCode: string, orderid: string): OrderUpdateMessage {
		return {
			'user-id': clientCode,
			'status-code': '200',
			'order-status': 'AB05',
			'error-message': '',
			orderData: { orderid, status: 'complete', filledshares: '10', price: 1418.4 },
		};
	}

	it('greets with AB00 and empty order data, then forwards only its own client code updates', async () => {
		const h = await start();
		const client = await Client.open(`${h.url}/smart-order-update`, { Authorization: `Bearer ${ACCOUNTS.A123.jwt}` });
		const greeting = JSON.parse(await client.nextText()) as OrderUpdateMessage;
		expect(greeting).toMatchObject({ 'user-id': 'A123', 'status-code': '200', 'order-status': 'AB00', 'error-message': '' });
		expect(Object.values(greeting.orderData).every((v) => v === '' || v === 0 || v === '0')).toBe(true);
		expect(greeting.orderData).toHaveProperty('orderid', '');

		h.orderEvents.emit('update', 'B456', orderMessage('B456', 'not-mine'));
		h.orderEvents.emit('update', 'A123', orderMessage('A123', '250101000000001'));
		expect(JSON.parse(await client.nextText())).toEqual(orderMessage('A123', '250101000000001'));
		await client.sync();
		expect(h.counts['ws:smart-order-update']).toBe(1);
	});

	it('refuses a bad JWT with 401 and a fourth connection with 429', async () => {
		const h = await start();
		expect(await refusedHandshake(`${h.url}/smart-order-update`, { Authorization: 'Bearer forged' })).toEqual({
			status: 401,
			message: 'Invalid Token',
		});
		const headers = { Authorization: `Bearer ${ACCOUNTS.B456.jwt}` };
		for (let i = 0; i < 3; i++) await Client.open(`${h.url}/smart-order-update`, headers);
		expect(await refusedHandshake(`${h.url}/smart-order-update`, headers)).toEqual({ status: 429 });
		expect(h.sockets.connections()).toEqual({ market: {}, orders: { B456: 3 } });
	});
});

describe('faults', () => {
	it('dropAll closes every socket abnormally and reports how many it dropped', async () => {
		const h = await start();
		const feed = await openFeed(h);
		const orders = await Client.open(`${h.url}/smart-order-update`, { Authorization: ACCOUNTS.A123.jwt });
		expect(h.sockets.dropAll()).toBe(2);
		expect(h.sockets.connections()).toEqual({ market: {}, orders: {} });
		expect(await feed.closed).toEqual({ code: 1006, wasClean: false });
		expect(await orders.closed).toEqual({ code: 1006, wasClean: false });
		await openFeed(h);
	});

	it('stall silences open sockets (ticks, pongs, order updates) with TCP open, and resume brings them back', async () => {
		const h = await start();
		const stalled = await openFeed(h);
		stalled.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045'] }]));
		await stalled.nextTick();
		const orders = await Client.open(`${h.url}/smart-order-update`, { Authorization: ACCOUNTS.A123.jwt });
		await orders.nextText();

		h.sockets.stall();
		const lost = h.market.tick(1, '3045');
		h.orderEvents.emit('update', 'A123', { 'user-id': 'A123', 'status-code': '200', 'order-status': 'AB01', 'error-message': '', orderData: {} });
		stalled.send('ping');

		// A socket opened during the stall works; once it has seen the tick after `lost`, the stalled one would have too.
		const fresh = await openFeed(h);
		fresh.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045'] }]));
		expect(await fresh.nextTick()).toMatchObject({ ltp: lost.ltp });
		const seen = h.market.tick(1, '3045');
		expect(await fresh.nextTick()).toMatchObject({ ltp: seen.ltp });
		await fresh.sync();
		expect(stalled.pending()).toBe(0);
		expect(orders.pending()).toBe(0);
		expect(stalled.ws.readyState).toBe(WebSocket.OPEN);
		expect(h.sockets.connections().market).toEqual({ A123: 2 });

		h.sockets.resume();
		expect(await stalled.nextText()).toBe('pong');
		const after = h.market.tick(1, '3045');
		expect(await stalled.nextTick()).toMatchObject({ ltp: after.ltp, sequenceNumber: after.sequenceNumber });
		await orders.sync();
	});

	it('stall leaves protocol pings unanswered until resume', async () => {
		const h = await start();
		const raw = new WsClient(`${h.url}/smart-order-update`, { headers: { Authorization: ACCOUNTS.A123.jwt } });
		openClients.push({ close: () => raw.terminate() });
		const texts: string[] = [];
		raw.on('message', (data: Buffer) => texts.push(data.toString()));
		await new Promise((resolve) => raw.once('open', resolve));
		await waitFor(() => texts.length === 1);

		h.sockets.stall();
		let pongs = 0;
		raw.on('pong', () => pongs++);
		raw.ping('are-you-there');
		raw.send('ping');
		// A fresh connection's round trip proves the server is running; the stalled one still owes both answers.
		const probe = await Client.open(`${h.url}/smart-order-update`, { Authorization: ACCOUNTS.A123.jwt });
		await probe.nextText();
		await probe.sync();
		expect(pongs).toBe(0);
		expect(texts).toHaveLength(1);

		h.sockets.resume();
		await waitFor(() => pongs === 1 && texts.length === 2);
		expect(texts[1]).toBe('pong');
	});

	it('keeps open sockets streaming when sessions are invalidated, by default', async () => {
		const h = await start();
		const client = await openFeed(h);
		client.send(subscribe(1, [{ exchangeType: 1, tokens: ['3045'] }]));
		await client.nextTick();
		h.authEvents.emit('invalidated', 'A123');
		const tick = h.market.tick(1, '3045');
		expect(await client.nextTick()).toMatchObject({ ltp: tick.ltp });
	});

	it('closes the sockets of an invalidated client code with 1008 when configured to', async () => {
		const h = await start({ onSessionInvalidated: 'close' });
		const [a, b] = [await openFeed(h), await openFeed(h, 'B456')];
		const orders = await Client.open(`${h.url}/smart-order-update`, { Authorization: ACCOUNTS.A123.jwt });
		h.authEvents.emit('invalidated', 'A123');
		expect(await a.closed).toMatchObject({ code: 1008 });
		expect(await orders.closed).toMatchObject({ code: 1008 });
		await b.sync();
	});

	it('closing the http server terminates every socket instead of waiting for them', async () => {
		const h = await start();
		const client = await openFeed(h);
		await new Promise<void>((resolve) => h.server.close(() => resolve()));
		harness = undefined;
		expect((await client.closed).code).toBe(1006);
		expect(h.market.listenerCount('tick')).toBe(0);
		expect(h.orderEvents.listenerCount('update')).toBe(0);
	});
});
