// The market feed's per-connection state: subscribe/unsubscribe requests (protocol §5.3), the subscription index
// by instrument, and the fan-out of each market tick as one encoded packet per mode shared by every subscriber.

import type { WebSocket } from 'ws';

import type { SimConfig, SimInstrument, SimMarket, TickSnapshot } from './contracts';
import { EXCHANGE_TYPE } from './contracts';
import { encodeTick, type PacketMode } from './packets';

export interface FeedConnection {
	ws: WebSocket;
	clientCode: string;
	/** Set for sockets open when the server stalled; nothing is sent to them until it resumes. */
	stalled: boolean;
	/** By subscription key (mode:exchangeType:token). */
	subscriptions: Map<string, { mode: PacketMode; instrument: string }>;
	/** Depth-20 subscriptions, capped separately (protocol §5.7). */
	depthCount: number;
}

export interface FeedRequest {
	correlationID: string;
	action: 0 | 1;
	mode: PacketMode;
	/** De-duplicated within the request. */
	instruments: Array<{ exchangeType: number; token: string }>;
}

export type ParsedFeedRequest = { ok: true; request: FeedRequest } | { ok: false; correlationID: string };

export const FEED_ERRORS = {
	invalidPayload: { errorCode: 'E1001', errorMessage: 'Invalid Request Payload.' },
	limitExceeded: { errorCode: 'E1002', errorMessage: 'Invalid Request. Subscription Limit Exceeded.' },
} as const;

/** Depth 20: nse_cm only and at most 50 tokens (what every SDK enforces client-side; protocol §5.4). */
export const DEPTH20_EXCHANGE_TYPE = EXCHANGE_TYPE.nse_cm;
export const DEPTH20_MAX_TOKENS = 50;

/**
 * Packets carry tokens as 25 ASCII bytes; anything that cannot be encoded is rejected up front so a bad request
 * fails with E1001 instead of breaking the tick stream later.
 */
const TOKEN_PATTERN = /^[\x21-\x7e]{1,25}$/;
const EXCHANGE_TYPES = new Set<number>(Object.values(EXCHANGE_TYPE));
/** Backlog (bytes) beyond which a slow subscriber's ticks are dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates one client text frame strictly (types exactly as the spec lists them), so that a client bug shows
 * up as E1001 here rather than passing silently and failing against the real server.
 */
export function parseFeedRequest(text: string): ParsedFeedRequest {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return { ok: false, correlationID: '' };
	}
	if (!isRecord(parsed)) return { ok: false, correlationID: '' };
	const correlationID = typeof parsed.correlationID === 'string' ? parsed.correlationID : '';
	const invalid: ParsedFeedRequest = { ok: false, correlationID };
	const { action, params } = parsed;
	if (action !== 0 && action !== 1) return invalid;
	if (!isRecord(params)) return invalid;
	const { mode, tokenList } = params;
	if (mode !== 1 && mode !== 2 && mode !== 3 && mode !== 4) return invalid;
	if (!Array.isArray(tokenList) || tokenList.length === 0) return invalid;

	const seen = new Set<string>();
	const instruments: FeedRequest['instruments'] = [];
	for (const entry of tokenList) {
		if (!isRecord(entry)) return invalid;
		const { exchangeType, tokens } = entry;
		if (typeof exchangeType !== 'number' || !EXCHANGE_TYPES.has(exchangeType)) return invalid;
		if (!Array.isArray(tokens) || tokens.length === 0) return invalid;
		for (const token of tokens) {
			if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return invalid;
			const key = instrumentKey(exchangeType, token);
			if (seen.has(key)) continue;
			seen.add(key);
			instruments.push({ exchangeType, token });
		}
	}
	if (action === 1 && mode === 4 && instruments.some((i) => i.exchangeType !== DEPTH20_EXCHANGE_TYPE)) {
		return invalid;
	}
	return { ok: true, request: { correlationID, action, mode, instruments } };
}

/** Index tokens in the master read 999 + the exchange's short code (99926009 Nifty Bank ↔ 26009). */
const INDEX_PREFIX = '999';

function instrumentKey(exchangeType: number, token: string): string {
	return `${exchangeType}:${token}`;
}

function subscriptionKey(mode: number, key: string): string {
	return `${mode}:${key}`;
}

/** Subscribers of one instrument, by mode (index 1–4). */
type ModeSubscribers = Array<Set<FeedConnection> | undefined>;

export class FeedHub {
	private readonly byInstrument = new Map<string, ModeSubscribers>();
	readonly connections = new Set<FeedConnection>();

	constructor(
		private readonly market: SimMarket,
		private readonly config: SimConfig,
	) {}

	add(connection: FeedConnection): void {
		this.connections.add(connection);
	}

	remove(connection: FeedConnection): void {
		this.connections.delete(connection);
		for (const { mode, instrument } of connection.subscriptions.values()) this.unindex(connection, mode, instrument);
		connection.subscriptions.clear();
		connection.depthCount = 0;
	}

	handleText(connection: FeedConnection, text: string): void {
		if (text === 'ping') {
			send(connection, 'pong');
			return;
		}
		const parsed = parseFeedRequest(text);
		if (!parsed.ok) {
			sendError(connection, parsed.correlationID, FEED_ERRORS.invalidPayload);
			return;
		}
		const { request } = parsed;
		if (request.action === 1) this.subscribe(connection, request);
		else this.unsubscribe(connection, request);
	}

	/**
	 * All or nothing: a request that would pass a limit changes no subscription (spec: "failure of one request
	 * does not affect existing subscriptions"). Tokens the market does not know are accepted and counted but
	 * never tick, as nothing in the spec says the server validates tokens.
	 */
	private subscribe(connection: FeedConnection, request: FeedRequest): void {
		const fresh = request.instruments.filter(
			(i) => !connection.subscriptions.has(subscriptionKey(request.mode, instrumentKey(i.exchangeType, i.token))),
		);
		const depthAfter = connection.depthCount + (request.mode === 4 ? fresh.length : 0);
		if (connection.subscriptions.size + fresh.length > this.config.maxSubscriptions || depthAfter > DEPTH20_MAX_TOKENS) {
			sendError(connection, request.correlationID, FEED_ERRORS.limitExceeded);
			return;
		}
		connection.depthCount = depthAfter;
		for (const { exchangeType, token } of fresh) {
			const key = instrumentKey(exchangeType, token);
			connection.subscriptions.set(subscriptionKey(request.mode, key), { mode: request.mode, instrument: key });
			this.index(connection, request.mode, key);
		}
		for (const { exchangeType, token } of fresh) {
			const snapshot = this.market.snapshot(exchangeType, token) ?? this.shortIndexSnapshot(exchangeType, token);
			if (snapshot) send(connection, encodeTick(request.mode, snapshot));
		}
	}

	/**
	 * Whether live accepts an index by its short code (the Python SDK's sample subscribes 26009) is unconfirmed;
	 * variant indexTokens 'both' (default) streams an index under both forms, each packet with the token asked for.
	 */
	private shortIndexSnapshot(exchangeType: number, token: string): TickSnapshot | undefined {
		if ((this.config.variants?.indexTokens ?? 'both') !== 'both' || token.startsWith(INDEX_PREFIX)) return undefined;
		const instrument = this.market.byExchangeType(exchangeType, INDEX_PREFIX + token);
		if (!instrument || instrument.instrumentType !== 'AMXIDX') return undefined;
		const snapshot = this.market.snapshot(exchangeType, INDEX_PREFIX + token);
		return snapshot && { ...snapshot, token };
	}

	private unsubscribe(connection: FeedConnection, request: FeedRequest): void {
		for (const { exchangeType, token } of request.instruments) {
			const key = instrumentKey(exchangeType, token);
			if (!connection.subscriptions.delete(subscriptionKey(request.mode, key))) continue;
			if (request.mode === 4) connection.depthCount--;
			this.unindex(connection, request.mode, key);
		}
	}

	/** Encodes each subscribed mode once and sends the same bytes to every subscriber of that mode. */
	readonly onTick = (instrument: SimInstrument, snapshot: TickSnapshot): void => {
		this.fanOut(instrumentKey(instrument.exchangeType, instrument.token), snapshot);
		if (instrument.instrumentType === 'AMXIDX' && instrument.token.startsWith(INDEX_PREFIX) && (this.config.variants?.indexTokens ?? 'both') === 'both') {
			const short = instrument.token.slice(INDEX_PREFIX.length);
			if (this.byInstrument.has(instrumentKey(instrument.exchangeType, short))) this.fanOut(instrumentKey(instrument.exchangeType, short), { ...snapshot, token: short });
		}
	};

	private fanOut(key: string, snapshot: TickSnapshot): void {
		const modes = this.byInstrument.get(key);
		if (!modes) return;
		for (let mode = 1; mode <= 4; mode++) {
			const subscribers = modes[mode];
			if (!subscribers) continue;
			const packet = encodeTick(mode as PacketMode, snapshot);
			for (const connection of subscribers) {
				// Market data is only worth its latest value: a subscriber that cannot keep up loses ticks.
				if (connection.ws.bufferedAmount > MAX_BUFFERED_BYTES) continue;
				send(connection, packet);
			}
		}
	}

	private index(connection: FeedConnection, mode: number, key: string): void {
		let modes = this.byInstrument.get(key);
		if (!modes) {
			modes = [];
			this.byInstrument.set(key, modes);
		}
		let subscribers = modes[mode];
		if (!subscribers) {
			subscribers = new Set();
			modes[mode] = subscribers;
		}
		subscribers.add(connection);
	}

	private unindex(connection: FeedConnection, mode: number, key: string): void {
		const modes = this.byInstrument.get(key);
		const subscribers = modes?.[mode];
		if (!modes || !subscribers) return;
		subscribers.delete(connection);
		if (subscribers.size > 0) return;
		modes[mode] = undefined;
		if (modes.every((s) => s === undefined)) this.byInstrument.delete(key);
	}
}

/** Every write goes through here so that a stalled connection stays silent. */
export function send(connection: { ws: WebSocket; stalled: boolean }, data: Buffer | string): void {
	if (connection.stalled || connection.ws.readyState !== connection.ws.OPEN) return;
	connection.ws.send(data);
}

function sendError(
	connection: FeedConnection,
	correlationID: string,
	error: { errorCode: string; errorMessage: string },
): void {
	send(connection, JSON.stringify({ correlationID, ...error }));
}
