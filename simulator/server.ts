/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// startSimulator: wires clock, universe, market, sessions, order engine, rate limits and faults behind one
// node:http server on 127.0.0.1 that speaks SmartAPI's REST protocol, plus the sockets and /__sim/ control.

import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

import { demoAccount, type SimAccount } from './accounts';
import { createClock } from './clock';
import type { SimClock, SocketContext } from './contracts';
import { createControl, controlHttp, type SimulatorControl } from './control';
import { DEFAULT_API_ORDER_RULES, type ApiOrderRules } from './api-order-rules';
import { abError, agError, hugeError, rateLimited, render, serverError, wafPage, type Reply } from './envelopes';
import { FaultQueue, SLOW_FAULT_MS, type FaultKind } from './faults';
import { GttBook } from './gtt';
import { History } from './candles';
import { Market } from './market';
import type { MarketHoursMode } from './market-hours';
import { MasterFile } from './master';
import { OrderEngine } from './orders';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitTable } from './ratelimit';
import { RequestLog } from './request-log';
import { matchEndpoint, type Endpoint, type SimState } from './routes';
import { SessionStore, type SessionBoundary, type Session } from './sessions';
import { attachSockets } from './sockets';
import { Universe } from './universe';
import { createVariants, type SimVariants } from './variants';

export interface SimulatorOptions {
	/** 0 = any free port (default). */
	port?: number;
	/** Seeds the universe, prices, accounts and ids. Default 1. */
	seed?: number;
	/** A clock to share with the test, or the instant (epoch ms, Date or ISO string) a fresh clock starts at. */
	clock?: SimClock | number | string | Date;
	/** When tokens die (protocol §2.2). Default 'midnight-ist'. */
	sessionBoundary?: SessionBoundary;
	/** A new login ends the client's older sessions. Default false. */
	singleSession?: boolean;
	/** TOTP codes are checked against the wall clock (default: clients compute them from real time) or the simulator clock. */
	totpClock?: 'wall' | 'simulator';
	/** true (default) = protocol §4 table; false = no limits; a table = these limits per endpoint name. */
	rateLimits?: boolean | RateLimitTable;
	/** Instrument-master rows; the named core is always present. Default 120,000. */
	masterSize?: number;
	/** How often active instruments move, ms; 0 = only when set. Default 1000. */
	tickIntervalMs?: number;
	/** Run the automatic price moves at all. Default true. */
	autoTick?: boolean;
	/** 'exchange' (default): outside 09:15–15:30 IST on weekdays orders are AMO; or pin it open/closed. */
	marketHours?: MarketHoursMode;
	/** Accounts; default one demo account derived from the seed. */
	accounts?: SimAccount[];
	/** Per client code and socket kind. Default 3. */
	maxConnections?: number;
	/** Per market-feed connection. Default 1000. */
	maxSubscriptions?: number;
	/** A registered static IP: order-changing calls from any other source IP get AG7002. Default off. */
	staticIp?: string;
	/** How many recent requests are kept for assertions. Default 500. */
	requestLogSize?: number;
	/**
	 * The 2026 rules for API orders: market, stop-loss market and IOC orders refused (default: enforced, at
	 * placement). A test of the simulator's native market behaviour turns `enforce` off and names its `nativeReason`.
	 */
	apiOrderRules?: Partial<ApiOrderRules>;
	/**
	 * Where live behaviour varies or is undocumented, one switch each (defaults in variants.ts, listed in the
	 * README); `control.setVariants` and `POST /__sim/variants` change them while running.
	 */
	variants?: Partial<SimVariants>;
	/** The order socket's keep-alive (a one-byte 0x00 frame), ms; 0 = none. Default 10,000. */
	orderKeepAliveMs?: number;
	/**
	 * Every REST answer (master included, /__sim/ not) is held this long after the request was handled, so a
	 * broker round trip shows in latency figures (e.g. 30). Default 0. control.setAnswerDelay changes it.
	 */
	answerDelayMs?: number;
}

export interface RunningSimulator {
	/** http://127.0.0.1:PORT — the REST root (paths are the real ones). */
	baseUrl: string;
	port: number;
	urls: { rest: string; marketSocket: string; orderSocket: string; master: string };
	/** The first account's credentials (a fake account; printing them is fine). */
	account: { apiKey: string; clientCode: string; pin: string; totpSecret: string };
	accounts: SimAccount[];
	control: SimulatorControl;
	close(): Promise<void>;
}

export const MASTER_PATH = '/OpenAPI_File/files/OpenAPIScripMaster.json';
const MAX_BODY_BYTES = 1_000_000;

function toClock(option: SimulatorOptions['clock']): SimClock {
	if (option === undefined) return createClock();
	if (typeof option === 'number') return createClock(option);
	if (typeof option === 'string') return createClock(Date.parse(option));
	if (option instanceof Date) return createClock(option.getTime());
	return option;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
	const value = req.headers[name];
	return Array.isArray(value) ? value[0] : value;
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** JSON object body, {} for anything else (SDKs send "null" or "{}" on GET; those are ignored). */
function parseObject(text: string): { value: Record<string, unknown>; valid: boolean } {
	if (text.trim() === '') return { value: {}, valid: true };
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return { value: parsed as Record<string, unknown>, valid: true };
		return { value: {}, valid: parsed === null };
	} catch {
		return { value: {}, valid: false };
	}
}

function send(res: http.ServerResponse, reply: Reply): void {
	const { status, contentType, body } = render(reply);
	res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
	const body = JSON.stringify(value);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
	res.end(body);
}

function sourceIp(req: http.IncomingMessage): string {
	return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const seed = options.seed ?? 1;
	const clock = toClock(options.clock);
	const accounts = options.accounts ?? [demoAccount(seed)];
	if (accounts.length === 0) throw new Error('at least one account is needed');
	const variants = createVariants(options.variants);
	const universe = new Universe({ seed, now: clock.now(), size: options.masterSize ?? 120_000 });
	const market = new Market({ seed, clock, universe, tickIntervalMs: options.tickIntervalMs ?? 1000, autoTick: options.autoTick ?? true, variants });
	const sessions = new SessionStore({ clock, accounts, boundary: options.sessionBoundary ?? 'midnight-ist', singleSession: options.singleSession ?? false, totpClock: options.totpClock ?? 'wall', variants });
	const engine = new OrderEngine({ clock, market, universe, accounts, marketHours: options.marketHours ?? 'exchange', seed, variants, rules: { ...DEFAULT_API_ORDER_RULES, ...options.apiOrderRules } });
	const table = options.rateLimits === false ? {} : options.rateLimits === true || options.rateLimits === undefined ? DEFAULT_RATE_LIMITS : options.rateLimits;
	const limiter = new RateLimiter(table, () => clock.now());
	const faults = new FaultQueue();
	const log = new RequestLog(options.requestLogSize ?? 500);
	const master = new MasterFile(universe);
	const gtt = new GttBook(clock, universe, market, engine);
	const state: SimState = { seed, clock, universe, market, sessions, engine, gtt, history: new History(seed), accounts };
	// AMO orders go to the exchange at the open even when nobody calls in (socket-only clients see the updates).
	const amoTimer = options.autoTick === false ? undefined : setInterval(() => engine.processClock(), 1000);
	amoTimer?.unref();
	// Requests held open by the 'hang' fault; answered never, destroyed on close so nothing leaks.
	const hanging = new Set<http.ServerResponse>();
	let supportId = 1_000_000_000 + seed * 7919;
	const answerDelay = { ms: options.answerDelayMs ?? 0 };
	const pendingDelays = new Set<NodeJS.Timeout>();
	const delayAnswer = async (): Promise<void> => {
		if (answerDelay.ms <= 0) return;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				pendingDelays.delete(timer);
				resolve();
			}, answerDelay.ms);
			pendingDelays.add(timer);
		});
	};

	const server = http.createServer((req, res) => {
		handle(req, res).catch(() => {
			if (!res.headersSent) send(res, serverError());
			else res.destroy();
		});
	});

	const socketContext: SocketContext = {
		clock,
		market,
		auth: sessions,
		orders: engine,
		config: { seed, maxConnections: options.maxConnections ?? 3, maxSubscriptions: options.maxSubscriptions ?? 1000, variants, orderKeepAliveMs: options.orderKeepAliveMs ?? 10_000 },
		count: (endpoint) => log.count(endpoint),
	};
	const sockets = attachSockets(server, socketContext);
	const control = createControl({ clock, universe, market, engine, sessions, faults, log, limiter, sockets, variants, defaultClient: accounts[0].clientCode, answerDelay });

	/** Applies a fault that answers instead of the handler; 'drop-response' is applied after the handler ran. */
	function answerFault(kind: FaultKind, res: http.ServerResponse): boolean {
		switch (kind) {
			case 'rate-limit':
				send(res, rateLimited());
				return true;
			case 'http-500':
				send(res, serverError());
				return true;
			case 'waf':
				send(res, wafPage(String(supportId++)));
				return true;
			case 'huge-error':
				send(res, hugeError());
				return true;
			case 'hang':
				hanging.add(res);
				res.on('close', () => hanging.delete(res));
				return true;
			case 'drop-response':
			case 'slow':
				return false;
		}
	}

	/** Gateway checks (AG codes): API key, token, static IP. Then the rate limit, then app checks (AB codes). */
	function gate(endpoint: Endpoint, req: http.IncomingMessage, body: Record<string, unknown>): { reply?: Reply; session?: Session; clientCode: string } {
		const apiKey = header(req, 'x-privatekey') ?? '';
		let session: Session | undefined;
		let clientCode = '';
		if (endpoint.auth === 'bearer') {
			const check = sessions.checkBearer(header(req, 'authorization'));
			if (!check.ok) return { reply: agError(check.code, check.message), clientCode };
			if (apiKey !== check.session.apiKey) return { reply: agError('AG8004', 'Invalid API Key'), clientCode };
			session = check.session;
			clientCode = session.clientCode;
		} else if (endpoint.name === 'loginByPassword') {
			clientCode = typeof body.clientcode === 'string' ? body.clientcode : '';
		} else {
			clientCode = sessions.clientOfRefreshToken(body.refreshToken) ?? '';
		}
		if (endpoint.orderChanging && options.staticIp !== undefined && sourceIp(req) !== options.staticIp) {
			return { reply: agError('AG7002', 'Access denied: Unregistered IP address. Register your IP before retrying.'), clientCode };
		}
		if (!limiter.take(clientCode || 'anonymous', endpoint.name)) return { reply: rateLimited(), clientCode };
		if ((header(req, 'x-usertype') ?? '') !== 'USER') return { reply: abError('AB1005', 'User Type Must Be USER'), clientCode };
		// X-SourceID, Accept and (for POST) a JSON Content-Type are required; the IP and MAC headers are not
		// checked, because the official JS SDK sends none of them on its first calls (its values arrive async).
		const accept = header(req, 'accept') ?? '';
		const contentType = header(req, 'content-type') ?? '';
		const acceptsJson = /application\/json|\*\/\*|application\/\*/i.test(accept);
		if ((header(req, 'x-sourceid') ?? '') !== 'WEB' || !acceptsJson || (endpoint.method === 'POST' && !/application\/json/i.test(contentType))) {
			return { reply: abError('AB1004', 'Something Went Wrong, Please Try After Sometime'), clientCode };
		}
		return { session, clientCode };
	}

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = (req.method ?? 'GET').toUpperCase();
		const text = await readBody(req);
		const parsed = parseObject(text);
		if (url.pathname.startsWith('/__sim/')) {
			let answer: { status: number; body: unknown } | undefined;
			try {
				answer = controlHttp(control, method, url.pathname, url.searchParams, parsed.value);
			} catch (error) {
				answer = { status: 400, body: { error: error instanceof Error ? error.message : String(error) } };
			}
			return sendJson(res, answer?.status ?? 404, answer?.body ?? { error: 'unknown control route' });
		}
		engine.processClock();
		if (url.pathname === MASTER_PATH && method === 'GET') {
			log.count('master');
			log.record({ at: clock.now(), method, path: url.pathname, endpoint: 'master', body: undefined, headers: req.headers, sourceIp: sourceIp(req) });
			const fault = faults.take('master');
			if (fault && answerFault(fault, res)) return;
			const body = master.body();
			if (fault === 'drop-response') return void req.socket.destroy();
			await delayAnswer();
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
			res.end(body);
			return;
		}
		const match = matchEndpoint(url.pathname);
		log.record({ at: clock.now(), method, path: url.pathname, endpoint: match?.endpoint.name ?? '', body: parsed.valid ? parsed.value : text, headers: req.headers, sourceIp: sourceIp(req) });
		if (!match) {
			res.writeHead(404, { 'Content-Type': 'text/plain' });
			res.end('Not Found');
			return;
		}
		const { endpoint, params } = match;
		log.count(endpoint.name);
		const fault = faults.take(endpoint.name);
		if (fault && answerFault(fault, res)) return;
		if (method !== endpoint.method) {
			res.writeHead(405, { 'Content-Type': 'text/plain' });
			res.end('Method Not Allowed');
			return;
		}
		if (fault === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_FAULT_MS));
		const body = endpoint.method === 'GET' ? {} : parsed.value;
		const gated = gate(endpoint, req, body);
		let reply: Reply;
		if (gated.reply) reply = gated.reply;
		else if (endpoint.method === 'POST' && !parsed.valid) reply = abError('AB1004', 'Something Went Wrong, Please Try After Sometime');
		else {
			reply = endpoint.handler({ state, body, apiKey: header(req, 'x-privatekey') ?? '', clientCode: gated.session?.clientCode ?? '', session: gated.session, params });
		}
		if (fault === 'drop-response') {
			// The work is done (an order really exists) but the client never hears about it.
			req.socket.destroy();
			return;
		}
		await delayAnswer();
		send(res, reply);
	}

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const baseUrl = `http://127.0.0.1:${port}`;
	const first = accounts[0];
	let closed: Promise<void> | undefined;
	return {
		baseUrl,
		port,
		urls: {
			rest: baseUrl,
			marketSocket: `ws://127.0.0.1:${port}/smart-stream`,
			orderSocket: `ws://127.0.0.1:${port}/smart-order-update`,
			master: `${baseUrl}${MASTER_PATH}`,
		},
		account: { apiKey: first.apiKey, clientCode: first.clientCode, pin: first.pin, totpSecret: first.totpSecret },
		accounts,
		control,
		close() {
			closed ??= new Promise<void>((resolve) => {
				market.close();
				if (amoTimer) clearInterval(amoTimer);
				for (const timer of pendingDelays) clearTimeout(timer);
				sockets.dropAll();
				for (const res of hanging) res.destroy();
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closed;
		},
	};
}
