/* eslint-disable @n8n/community-nodes/no-restricted-imports -- simulator code runs in tests and the demo, never inside n8n */
// The seams between the simulator's parts: the REST/state side (server, sessions, market, order engine)
// and the socket side (market feed at /smart-stream, order updates at /smart-order-update, packet encoder).

import type { SimVariants } from './variants';
import type { EventEmitter } from 'node:events';

/** A controllable clock: real time plus an offset, or frozen. Every timestamp the simulator produces comes from here. */
export interface SimClock {
	now(): number;
	/** Jump to an instant (keeps running from there unless frozen). */
	set(ms: number): void;
	advance(ms: number): void;
	freeze(atMs?: number): void;
	unfreeze(): void;
}

/** exchangeType codes used by WebSocket 2.0. */
export const EXCHANGE_TYPE = {
	nse_cm: 1,
	nse_fo: 2,
	bse_cm: 3,
	bse_fo: 4,
	mcx_fo: 5,
	ncx_fo: 7,
	cde_fo: 13,
} as const;

/** One row of the instrument master exactly as the real file has it: every value a string. */
export interface ScripMasterRow {
	token: string;
	symbol: string;
	name: string;
	expiry: string;
	strike: string;
	lotsize: string;
	instrumenttype: string;
	exch_seg: string;
	tick_size: string;
	/** F&O rows only (live master, 2025): the most units one order may carry. */
	freeze_qty?: string;
	/** Cash-equity rows (live master, 2025): a JSON boolean, the only non-string value. */
	is_cas_enabled?: boolean;
}

export interface SimInstrument {
	token: string;
	symbol: string;
	name: string;
	/** "30JAN2025" or "" */
	expiry: string;
	/** As in the master: strike × 100 (× 10^7 for currency options), -1 for equity, 0 for index. */
	strike: number;
	lotSize: number;
	instrumentType: string;
	/** NSE, BSE, NFO, BFO, MCX, CDS */
	exchange: string;
	exchangeType: number;
	/** Tick size in the feed's price unit (paise; 10^7 units for CDS). 0 for indices. */
	tickSize: number;
	/** Divisor from feed units to rupees: 100, or 10^7 for currency derivatives. */
	priceDivisor: number;
}

export interface DepthLevel {
	quantity: number;
	/** feed units (paise) */
	price: number;
	orders: number;
}

/** Everything the feed can say about one instrument at one moment; prices in feed units (integers). */
export interface TickSnapshot {
	exchangeType: number;
	token: string;
	sequenceNumber: number;
	/** epoch ms */
	exchangeTimestamp: number;
	ltp: number;
	lastTradedQuantity: number;
	averageTradedPrice: number;
	volume: number;
	totalBuyQuantity: number;
	totalSellQuantity: number;
	open: number;
	high: number;
	low: number;
	close: number;
	/** epoch seconds (the unit is UNCONFIRMED in the spec; seconds chosen) */
	lastTradedTimestamp: number;
	openInterest: number;
	openInterestChangePercent: number;
	bestFiveBuy: DepthLevel[];
	bestFiveSell: DepthLevel[];
	upperCircuit: number;
	lowerCircuit: number;
	week52High: number;
	week52Low: number;
	depth20Buy: DepthLevel[];
	depth20Sell: DepthLevel[];
}

export type AuthResult = { ok: true; clientCode: string } | { ok: false; message: string };

export interface SimMarket extends EventEmitter {
	/** Looks an instrument up by feed exchangeType and token. */
	byExchangeType(exchangeType: number, token: string): SimInstrument | undefined;
	/** Current snapshot; marks the instrument active so its price keeps moving. */
	snapshot(exchangeType: number, token: string): TickSnapshot | undefined;
	/** Emits 'tick' (instrument: SimInstrument, snapshot: TickSnapshot) on every price change. */
}

export interface SimAuth {
	/** Checks the market-feed handshake (header or query form). JWT with or without "Bearer ". */
	checkFeed(args: { jwt?: string; apiKey?: string; clientCode?: string; feedToken?: string }): AuthResult;
	/** Checks a Bearer JWT for the order-update socket. */
	checkJwt(jwt: string | undefined): AuthResult;
	/** The order-update handshake: the JWT, and with strictHandshake the x-api-key and x-client-code sent beside it. */
	checkOrderSocket?(args: { jwt?: string; apiKey?: string; clientCode?: string }): AuthResult;
	/** Emits 'invalidated' (clientCode | undefined) when sessions die, so sockets can close with 401-like behaviour. */
	events: EventEmitter;
}

/** One message of the order-status socket, field for field as the spec lists them. */
export interface OrderUpdateMessage {
	'user-id': string;
	'status-code': string;
	'order-status': string;
	'error-message': string;
	orderData: Record<string, string | number>;
}

export interface SimOrderEvents {
	/** Emits 'update' (clientCode: string, message: OrderUpdateMessage) on every order status change. */
	events: EventEmitter;
}

export interface SocketFaultControl {
	/** Closes every open socket (abnormal close, code 1006-like: terminate TCP). */
	dropAll(): number;
	/** Stops sending anything on open sockets (TCP stays open, pings unanswered) until resume(). */
	stall(): void;
	resume(): void;
	/** Open connection counts by client code and socket kind. */
	connections(): { market: Record<string, number>; orders: Record<string, number> };
}

export interface SimConfig {
	seed: number;
	/** Max concurrent connections per client code, per socket kind. Default 3. */
	maxConnections: number;
	/** Max token × mode subscriptions per connection. Default 1000. */
	maxSubscriptions: number;
	/** Live switches (variants.ts); the feed reads indexTokens. Default: the documented defaults. */
	variants?: SimVariants;
	/** The order socket's keep-alive: a one-byte 0x00 frame every this many ms; 0 or absent = none. */
	orderKeepAliveMs?: number;
}

/** What the socket side receives from the server. */
export interface SocketContext {
	clock: SimClock;
	market: SimMarket;
	auth: SimAuth;
	orders: SimOrderEvents;
	config: SimConfig;
	/** Counts requests per endpoint name (the sockets count 'ws:smart-stream', 'ws:smart-order-update'). */
	count(endpoint: string): void;
}
