// The test-control surface: what tests (and the CLI's /__sim/ HTTP routes) use to inject faults, move the
// clock, set prices, kill sessions and sockets, and read counts, requests and books for assertions.

import type { ApiOrderRules } from './api-order-rules';
import type { OrderUpdateMessage, SimClock, SocketFaultControl } from './contracts';
import { FAULT_KINDS, FaultQueue, isFaultKind, type FaultSpec } from './faults';
import type { Market } from './market';
import { holdingItems, orderBookItem, positionItem, rmsData, tradeBookItem } from './order-views';
import type { Funds, OrderEngine } from './orders';
import type { RecordedRequest, RequestLog } from './request-log';
import type { RateLimiter } from './ratelimit';
import type { SessionStore } from './sessions';
import type { Universe, UniverseInstrument } from './universe';
import { applyVariants, type SimVariants } from './variants';

export interface SimulatorControl {
	clock: SimClock;
	/** Jumps the clock (epoch ms or an ISO string such as "2026-01-05T09:30:00+05:30"). */
	setClock(at: number | string): void;
	advanceClock(ms: number): void;
	/** The next `count` requests (of `endpoint`, or any) fail as `kind`. */
	injectFault(spec: FaultSpec): void;
	clearFaults(): void;
	pendingFaults(): FaultSpec[];
	/** Kills every session (or one client's); their tokens answer AG8001 from now on. */
	invalidateSessions(clientCode?: string): number;
	dropSockets(): number;
	stallSockets(): void;
	resumeSockets(): void;
	socketConnections(): ReturnType<SocketFaultControl['connections']>;
	/** Sets an instrument's last price exactly (rupees); drives limit/stop-loss fills and ticks. */
	setPrice(exchange: string, tokenOrSymbol: string, rupees: number): void;
	/** Sends one tick at any price (rupees; zero, negative or absurd too) without moving the market: a bad packet. */
	sendBadTick(exchange: string, tokenOrSymbol: string, rupees: number): void;
	/** Last price in rupees. */
	price(exchange: string, tokenOrSymbol: string): number;
	/**
	 * Units the market still offers in an instrument (shared by its orders, used up by fills): 0 = nothing fills,
	 * 3 of an order for 10 = a partial fill of 3; undefined = unlimited again.
	 */
	setLiquidity(exchange: string, tokenOrSymbol: string, units: number | undefined): void;
	/** The 2026 rules for API orders now in force; `setOrderRules` changes some of them. */
	orderRules(): ApiOrderRules;
	setOrderRules(rules: Partial<ApiOrderRules>): ApiOrderRules;
	pauseTicks(): void;
	resumeTicks(): void;
	/** One automatic price move of every active instrument, on demand. */
	stepTicks(): void;
	requestCounts(): Record<string, number>;
	logins(): Record<string, number>;
	/** Requests refused with the 403 rate-limit answer, per endpoint, since the last resetCounts(). */
	rateLimited(): Record<string, number>;
	/** Last requests, most recent last (method, path, endpoint, body and headers minus secrets). */
	requests(limit?: number): RecordedRequest[];
	/** Clears request counts, the request log, login counts and rate-limit windows. */
	resetCounts(): void;
	/** Every REST answer (master included) is held this long after the request was handled, like a broker round trip. */
	setAnswerDelay(ms: number): void;
	answerDelayMs(): number;
	orderBook(clientCode?: string): Array<Record<string, string | number>>;
	tradeBook(clientCode?: string): Array<Record<string, string | number>>;
	positions(clientCode?: string): Array<Record<string, string>>;
	holdings(clientCode?: string): ReturnType<typeof holdingItems>;
	funds(clientCode?: string): Funds;
	rms(clientCode?: string): Record<string, string | null>;
	/** The live switches now in force (variants.ts). */
	variants(): SimVariants;
	/** Changes some of them while running (tests, `/__sim/variants`); unknown names or values throw. */
	setVariants(given: Partial<SimVariants>): SimVariants;
	/** Calls `listener` with every order-status message (as the order socket sends them); returns an unsubscribe. */
	onOrderUpdate(listener: (clientCode: string, message: OrderUpdateMessage) => void): () => void;
	/** One instrument, by token or trading symbol. */
	instrument(exchange: string, tokenOrSymbol: string): UniverseInstrument;
	/** Instruments matching every given field (builds the full universe). */
	instruments(filter: { exchange?: string; name?: string; instrumentType?: string; optionType?: string; expiry?: string }): UniverseInstrument[];
}

export interface ControlDeps {
	clock: SimClock;
	universe: Universe;
	market: Market;
	engine: OrderEngine;
	sessions: SessionStore;
	faults: FaultQueue;
	log: RequestLog;
	limiter: RateLimiter;
	sockets: SocketFaultControl;
	variants: SimVariants;
	defaultClient: string;
	/** The server's answer delay, shared so that control can change it while the server runs. */
	answerDelay: { ms: number };
}

function parseInstant(at: number | string): number {
	const ms = typeof at === 'number' ? at : Date.parse(at);
	if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(at)}`);
	return ms;
}

export function createControl(d: ControlDeps): SimulatorControl {
	const resolve = (exchange: string, tokenOrSymbol: string): UniverseInstrument => {
		const ex = exchange.toUpperCase();
		const inst = d.universe.get(ex, tokenOrSymbol) ?? d.universe.bySymbol(ex, tokenOrSymbol);
		if (!inst) throw new Error(`unknown instrument ${exchange}:${tokenOrSymbol}`);
		return inst;
	};
	const afterClockChange = (): void => d.engine.processClock();
	return {
		clock: d.clock,
		setClock(at) {
			d.clock.set(parseInstant(at));
			afterClockChange();
		},
		advanceClock(ms) {
			d.clock.advance(ms);
			afterClockChange();
		},
		injectFault: (spec) => d.faults.add(spec),
		clearFaults: () => d.faults.clear(),
		pendingFaults: () => d.faults.list(),
		invalidateSessions: (clientCode) => d.sessions.invalidate(clientCode),
		dropSockets: () => d.sockets.dropAll(),
		stallSockets: () => d.sockets.stall(),
		resumeSockets: () => d.sockets.resume(),
		socketConnections: () => d.sockets.connections(),
		setPrice(exchange, tokenOrSymbol, rupees) {
			const inst = resolve(exchange, tokenOrSymbol);
			const units = Math.round(rupees * inst.priceDivisor);
			d.market.setPrice(inst, units);
		},
		sendBadTick(exchange, tokenOrSymbol, rupees) {
			const inst = resolve(exchange, tokenOrSymbol);
			d.market.sendBadTick(inst, Math.round(rupees * inst.priceDivisor));
		},
		price: (exchange, tokenOrSymbol) => d.market.ltpRupees(resolve(exchange, tokenOrSymbol)),
		setLiquidity: (exchange, tokenOrSymbol, units) => d.engine.setLiquidity(resolve(exchange, tokenOrSymbol), units),
		orderRules: () => ({ ...d.engine.rules }),
		setOrderRules(rules) {
			d.engine.rules = { ...d.engine.rules, ...rules };
			return { ...d.engine.rules };
		},
		pauseTicks: () => d.market.pause(),
		resumeTicks: () => d.market.resume(),
		stepTicks: () => d.market.step(),
		requestCounts: () => d.log.requestCounts(),
		logins: () => d.sessions.logins(),
		rateLimited: () => d.limiter.refusals(),
		requests: (limit) => d.log.recent(limit),
		resetCounts() {
			d.log.reset();
			d.sessions.resetCounts();
			d.limiter.reset();
		},
		setAnswerDelay(ms) {
			if (!Number.isFinite(ms) || ms < 0) throw new Error('the answer delay must be 0 or more milliseconds');
			d.answerDelay.ms = ms;
		},
		answerDelayMs: () => d.answerDelay.ms,
				orderBook: (client = d.defaultClient) => d.engine.orders(client).map((o) => orderBookItem(o, d.variants)),
		tradeBook: (client = d.defaultClient) => d.engine.trades(client).map(tradeBookItem),
		positions: (client = d.defaultClient) => d.engine.positions(client).map((p) => positionItem(p, { ltp: d.market.ltpRupees(p.inst), close: d.market.state(p.inst).close / p.inst.priceDivisor })),
		holdings: (client = d.defaultClient) =>
			holdingItems(
				d.engine.holdings(client),
				d.engine.deliveryFlows(client),
				(exchange, token) => d.universe.get(exchange, token),
				(inst) => ({ ltp: d.market.ltpRupees(inst), close: d.market.state(inst).close / inst.priceDivisor }),
			),
		funds: (client = d.defaultClient) => d.engine.funds(client),
		rms: (client = d.defaultClient) => rmsData(d.engine.funds(client), d.variants),
		variants: () => ({ ...d.variants }),
		setVariants: (given) => ({ ...applyVariants(d.variants, given) }),
		onOrderUpdate(listener) {
			d.engine.events.on('update', listener);
			return () => d.engine.events.off('update', listener);
		},
		instrument: resolve,
		instruments: (filter) =>
			d.universe
				.all()
				.filter(
					(i) =>
						(filter.exchange === undefined || i.exchange === filter.exchange) &&
						(filter.name === undefined || i.name === filter.name) &&
						(filter.instrumentType === undefined || i.instrumentType === filter.instrumentType) &&
						(filter.optionType === undefined || i.optionType === filter.optionType) &&
						(filter.expiry === undefined || i.expiry === filter.expiry),
				),
	};
}

/** A control request's field as text, or undefined when it is not text or a number ("" stays "", unlike textOrNull). */
function optionalText(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * The same control over HTTP under /__sim/ (JSON in, JSON out), for the CLI and out-of-process tests.
 * Returns undefined for an unknown route.
 */
export function controlHttp(
	control: SimulatorControl,
	method: string,
	path: string,
	query: URLSearchParams,
	body: Record<string, unknown>,
): { status: number; body: unknown } | undefined {
	const client = optionalText(body.clientCode) ?? query.get('clientCode') ?? undefined;
	const done = (value: unknown = { ok: true }): { status: number; body: unknown } => ({ status: 200, body: value });
	const route = `${method} ${path.replace(/\/+$/, '')}`;
	switch (route) {
		case 'POST /__sim/faults': {
			if (!isFaultKind(body.kind)) return { status: 400, body: { error: `kind must be one of ${FAULT_KINDS.join(', ')}` } };
			control.injectFault({ kind: body.kind, count: typeof body.count === 'number' ? body.count : 1, endpoint: optionalText(body.endpoint) });
			return done({ pending: control.pendingFaults() });
		}
		case 'GET /__sim/faults':
			return done({ pending: control.pendingFaults() });
		case 'POST /__sim/faults/clear':
			control.clearFaults();
			return done();
		case 'GET /__sim/clock':
			return done({ now: control.clock.now(), iso: new Date(control.clock.now()).toISOString() });
		case 'POST /__sim/clock': {
			if (body.set !== undefined) control.setClock(typeof body.set === 'number' ? body.set : String(body.set));
			if (typeof body.advance === 'number') control.advanceClock(body.advance);
			if (body.freeze === true) control.clock.freeze();
			if (body.freeze === false) control.clock.unfreeze();
			return done({ now: control.clock.now(), iso: new Date(control.clock.now()).toISOString() });
		}
		case 'POST /__sim/price': {
			const exchange = optionalText(body.exchange);
			const id = optionalText(body.token) ?? optionalText(body.symbol);
			if (!exchange || !id || typeof body.price !== 'number') return { status: 400, body: { error: 'exchange, token or symbol, and price (rupees) are required' } };
			control.setPrice(exchange, id, body.price);
			return done({ price: control.price(exchange, id) });
		}
		case 'POST /__sim/liquidity': {
			const exchange = optionalText(body.exchange);
			const id = optionalText(body.token) ?? optionalText(body.symbol);
			if (!exchange || !id) return { status: 400, body: { error: 'exchange and token or symbol are required; units (a number) limits fills, absent = unlimited' } };
			control.setLiquidity(exchange, id, typeof body.units === 'number' ? body.units : undefined);
			return done();
		}
		case 'GET /__sim/order-rules':
			return done(control.orderRules());
		case 'POST /__sim/order-rules': {
			const rules: Partial<ApiOrderRules> = {};
			if (typeof body.enforce === 'boolean') rules.enforce = body.enforce;
			if (body.refusal === 'at-placement' || body.refusal === 'in-order-book') rules.refusal = body.refusal;
			if (body.nativeReason === 'escape-hatch' || body.nativeReason === 'simulator-test') rules.nativeReason = body.nativeReason;
			return done(control.setOrderRules(rules));
		}
		case 'POST /__sim/ticks/pause':
			control.pauseTicks();
			return done();
		case 'POST /__sim/ticks/resume':
			control.resumeTicks();
			return done();
		case 'POST /__sim/ticks/step':
			control.stepTicks();
			return done();
		case 'POST /__sim/sessions/invalidate':
			return done({ invalidated: control.invalidateSessions(client) });
		case 'POST /__sim/sockets/drop':
			return done({ dropped: control.dropSockets() });
		case 'POST /__sim/sockets/stall':
			control.stallSockets();
			return done();
		case 'POST /__sim/sockets/resume':
			control.resumeSockets();
			return done();
		case 'GET /__sim/sockets':
			return done(control.socketConnections());
		case 'GET /__sim/requests':
			return done(control.requestCounts());
		case 'GET /__sim/requests/log':
			return done(control.requests(Number(query.get('limit') ?? '') || undefined));
		case 'GET /__sim/logins':
			return done(control.logins());
		case 'GET /__sim/rate-limited':
			return done(control.rateLimited());
		case 'POST /__sim/reset-counts':
			control.resetCounts();
			return done();
		case 'GET /__sim/delay':
			return done({ ms: control.answerDelayMs() });
		case 'POST /__sim/delay': {
			if (typeof body.ms !== 'number' || !(body.ms >= 0)) return { status: 400, body: { error: 'ms (0 or more) is required' } };
			control.setAnswerDelay(body.ms);
			return done({ ms: control.answerDelayMs() });
		}
		case 'GET /__sim/orders':
			return done(control.orderBook(client));
		case 'GET /__sim/trades':
			return done(control.tradeBook(client));
		case 'GET /__sim/positions':
			return done(control.positions(client));
		case 'GET /__sim/holdings':
			return done(control.holdings(client));
		case 'GET /__sim/funds':
			return done(control.funds(client));
		case 'GET /__sim/variants':
			return done(control.variants());
		case 'POST /__sim/variants':
			return done(control.setVariants(body));
		default:
			return undefined;
	}
}
