/* eslint-disable @n8n/community-nodes/no-restricted-imports -- simulator only: node:http and ws are dev-time servers */
// The simulator's two WebSocket servers on the REST server's port: market feed /smart-stream (protocol §5) and order
// updates /smart-order-update (protocol §6). Owns handshakes (auth, connection limits), heartbeats and faults.

import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData } from 'ws';

import type { OrderUpdateMessage, SimInstrument, SocketContext, SocketFaultControl, TickSnapshot } from './contracts';
import { FeedHub, type FeedConnection } from './feed-socket';
import { OrderHub, type OrderConnection } from './order-socket';

export const FEED_PATH = '/smart-stream';
export const ORDER_UPDATE_PATH = '/smart-order-update';

export interface SocketOptions {
	/**
	 * What open sockets do when the auth side invalidates sessions (logout, expiry). The real servers check
	 * credentials at the handshake; whether they later cut live sockets is undocumented, so the default keeps
	 * them streaming (new handshakes fail with 401 either way), and 'close' closes them with code 1008.
	 */
	onSessionInvalidated?: 'keep-open' | 'close';
}

export interface SimSockets extends SocketFaultControl {
	/** Terminates every socket and detaches from the server and the context's emitters. Idempotent. */
	close(): void;
}

/** Client frames are tiny JSON requests; the cap keeps a misbehaving client from making the simulator buffer much. */
const MAX_CLIENT_FRAME_BYTES = 1024 * 1024;
const INVALIDATED_CLOSE_CODE = 1008;

type Connection = FeedConnection | OrderConnection;

interface Hub<C extends Connection> {
	handleText(connection: C, text: string): void;
	remove(connection: C): void;
}

function header(req: IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/** A WebSocket frame's payload as UTF-8 text, whichever buffer form ws delivered it in. */
function frameText(data: RawData): string {
	if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
	if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
	return data.toString('utf8');
}

/** Ends a handshake with a plain HTTP answer, as the real gateway does for 401/429 (protocol §5.1). */
function rejectHandshake(socket: Duplex, status: number, errorMessage?: string): void {
	const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
	// Header values come from the auth side; CR/LF would let them forge extra headers.
	if (errorMessage !== undefined) lines.push(`x-error-message: ${errorMessage.replace(/[\r\n]/g, ' ')}`);
	lines.push('Connection: close', 'Content-Length: 0', '', '');
	socket.once('finish', () => socket.destroy());
	socket.end(lines.join('\r\n'));
}

function countByClient(connections: Iterable<Connection>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const { clientCode } of connections) counts[clientCode] = (counts[clientCode] ?? 0) + 1;
	return counts;
}

function openFor(connections: Iterable<Connection>, clientCode: string): number {
	let open = 0;
	for (const connection of connections) if (connection.clientCode === clientCode) open++;
	return open;
}

/**
 * Attaches both socket servers to `server` ('upgrade' event). `server.close()` also terminates every socket:
 * upgraded sockets are no longer HTTP requests, so without that the server would wait for them forever.
 */
export function attachSockets(server: Server, ctx: SocketContext, options: SocketOptions = {}): SimSockets {
	// Protocol pings are answered by hand so that a stalled server can leave them unanswered.
	const wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: MAX_CLIENT_FRAME_BYTES });
	const feed = new FeedHub(ctx.market, ctx.config);
	const orders = new OrderHub(ctx.config.orderKeepAliveMs ?? 0);
	let closed = false;

	function allConnections(): Connection[] {
		return [...feed.connections, ...orders.connections];
	}

	function wire<C extends Connection>(connection: C, hub: Hub<C>): void {
		const { ws } = connection;
		ws.on('message', (data) => hub.handleText(connection, frameText(data)));
		ws.on('ping', (payload) => {
			if (!connection.stalled) ws.pong(payload);
		});
		ws.on('close', () => hub.remove(connection));
		// Protocol errors from a client end in 'close'; without a listener ws would throw them.
		ws.on('error', () => undefined);
	}

	function upgradeFeed(req: IncomingMessage, socket: Duplex, head: Buffer, query: URLSearchParams): void {
		ctx.count('ws:smart-stream');
		// Header form (SDKs) or query form (browsers, no JWT); a header wins when both are present.
		const auth = ctx.auth.checkFeed({
			jwt: header(req, 'authorization'),
			apiKey: header(req, 'x-api-key') ?? query.get('apiKey') ?? undefined,
			clientCode: header(req, 'x-client-code') ?? query.get('clientCode') ?? undefined,
			feedToken: header(req, 'x-feed-token') ?? query.get('feedToken') ?? undefined,
		});
		if (!auth.ok) return rejectHandshake(socket, 401, auth.message);
		if (openFor(feed.connections, auth.clientCode) >= ctx.config.maxConnections) {
			return rejectHandshake(socket, 429);
		}
		// handleUpgrade completes synchronously (no verifyClient), so the limit check above cannot race.
		wss.handleUpgrade(req, socket, head, (ws) => {
			const connection: FeedConnection = {
				ws,
				clientCode: auth.clientCode,
				stalled: false,
				subscriptions: new Map(),
				depthCount: 0,
			};
			feed.add(connection);
			wire(connection, feed);
		});
	}

	function upgradeOrders(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		ctx.count('ws:smart-order-update');
		const jwt = header(req, 'authorization');
		const auth = ctx.auth.checkOrderSocket
			? ctx.auth.checkOrderSocket({ jwt, apiKey: header(req, 'x-api-key'), clientCode: header(req, 'x-client-code') })
			: ctx.auth.checkJwt(jwt);
		if (!auth.ok) return rejectHandshake(socket, 401, auth.message);
		if (openFor(orders.connections, auth.clientCode) >= ctx.config.maxConnections) {
			return rejectHandshake(socket, 429);
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			const connection: OrderConnection = { ws, clientCode: auth.clientCode, stalled: false };
			wire(connection, orders);
			orders.add(connection);
		});
	}

	const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
		const url = new URL(req.url ?? '/', 'http://simulator');
		const path = url.pathname.replace(/\/+$/, '');
		if (path === FEED_PATH) return upgradeFeed(req, socket, head, url.searchParams);
		if (path === ORDER_UPDATE_PATH) return upgradeOrders(req, socket, head);
		rejectHandshake(socket, 404);
	};

	const onTick = (instrument: SimInstrument, snapshot: TickSnapshot): void => feed.onTick(instrument, snapshot);
	const onOrderUpdate = (clientCode: string, message: OrderUpdateMessage): void => orders.onUpdate(clientCode, message);
	const onInvalidated = (clientCode: string | undefined): void => {
		if (options.onSessionInvalidated !== 'close') return;
		for (const connection of allConnections()) {
			if (clientCode === undefined || connection.clientCode === clientCode) {
				connection.ws.close(INVALIDATED_CLOSE_CODE, 'Session invalidated');
			}
		}
	};

	/** Removes a connection from its hub at once (so counts are right immediately) and kills the TCP socket. */
	function terminate(connection: Connection): void {
		if ('subscriptions' in connection) feed.remove(connection);
		else orders.remove(connection);
		connection.ws.terminate();
	}

	function close(): void {
		if (closed) return;
		closed = true;
		server.off('upgrade', onUpgrade);
		ctx.market.off('tick', onTick);
		ctx.orders.events.off('update', onOrderUpdate);
		ctx.auth.events.off('invalidated', onInvalidated);
		for (const connection of allConnections()) terminate(connection);
		wss.close();
	}

	server.on('upgrade', onUpgrade);
	ctx.market.on('tick', onTick);
	ctx.orders.events.on('update', onOrderUpdate);
	ctx.auth.events.on('invalidated', onInvalidated);

	const closeServer = server.close.bind(server);
	server.close = (callback?: (err?: Error) => void) => {
		close();
		return closeServer(callback);
	};

	return {
		dropAll() {
			const connections = allConnections();
			for (const connection of connections) terminate(connection);
			return connections.length;
		},
		stall() {
			for (const connection of allConnections()) {
				connection.stalled = true;
				// Unread client frames (pings, requests) wait in TCP buffers, as with a hung process.
				connection.ws.pause();
			}
		},
		resume() {
			for (const connection of allConnections()) {
				if (!connection.stalled) continue;
				connection.stalled = false;
				connection.ws.resume();
			}
		},
		connections: () => ({ market: countByClient(feed.connections), orders: countByClient(orders.connections) }),
		close,
	};
}
