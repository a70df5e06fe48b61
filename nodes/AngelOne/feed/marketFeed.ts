// The shared market-feed socket of one account: reference-counted subscriptions within SmartAPI's limits, the
// resubscribe on every (re)connect, and the fan-out of each decoded packet to the triggers subscribed to it.

import { processState } from '../processState';
import { runtimeOf } from '../runtime';
import { feedError, type SmartApiError } from '../transport/errors';
import { decodePacket, MalformedPacketError, parseTextFrame } from './codec';
import type { SocketEnvironment } from './connection';
import { FeedTick, instrumentKey } from './normalize';
import { ConnectionPool, SharedConnection, type BaseListener, type Protocol } from './pool';
import type { DecodedTick, FeedMode } from './types';

/** Per connection: token × mode pairs (protocol §5.7). */
export const MAX_SUBSCRIPTIONS = 1000;
/** Depth 20: NSE cash only, at most 50 tokens (what every official SDK enforces). */
export const MAX_DEPTH20_TOKENS = 50;
export const DEPTH20_EXCHANGE_TYPE = 1;
/** Tokens per subscribe message. The limit is undocumented; the SDKs send lists of this size without trouble. */
const TOKENS_PER_MESSAGE = 100;

export interface Subscription {
	mode: FeedMode;
	exchangeType: number;
	token: string;
}

export type FeedIssue =
	| { type: 'malformed'; error: MalformedPacketError; total: number }
	/** `message` is the error table's words for `code` (E1001, E1002, …); `error.brokerMessage` the server's own. */
	| { type: 'serverError'; code: string; message: string; error: SmartApiError };

/**
 * One of a listener's subscriptions, with what the listener keeps for it (`context`): handed back beside every
 * packet of the pair, it spares the listener a lookup of its own per packet.
 */
export type ListenerSubscription<C> = Subscription & { context?: C };

export interface MarketListener<C = unknown> extends BaseListener {
	subscriptions: Array<ListenerSubscription<C>>;
	/**
	 * The packet, shared by every trigger it reaches: keyed, priced and normalized once; `context` is the one the
	 * listener gave the pair's (first) subscription.
	 */
	onTick(tick: FeedTick, context: C | undefined): void;
	onIssue(issue: FeedIssue): void;
}

/** A subscription the feed cannot take. Thrown from acquire, so trigger() fails with this message. */
export class FeedLimitError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FeedLimitError';
	}
}

export function subscriptionKey(sub: Subscription): string {
	return `${sub.mode}:${sub.exchangeType}:${sub.token}`;
}

/** Subscribe (1) or unsubscribe (0) requests for these pairs: one per mode, tokens grouped by exchange type. */
export function feedRequests(action: 0 | 1, subscriptions: Iterable<Subscription>, nextId: () => string): string[] {
	const byMode = new Map<FeedMode, Map<number, string[]>>();
	for (const { mode, exchangeType, token } of subscriptions) {
		let byExchange = byMode.get(mode);
		if (byExchange === undefined) byMode.set(mode, (byExchange = new Map()));
		let tokens = byExchange.get(exchangeType);
		if (tokens === undefined) byExchange.set(exchangeType, (tokens = []));
		tokens.push(token);
	}
	const messages: string[] = [];
	for (const [mode, byExchange] of byMode) {
		let tokenList: Array<{ exchangeType: number; tokens: string[] }> = [];
		let count = 0;
		const flush = (): void => {
			if (count === 0) return;
			messages.push(JSON.stringify({ correlationID: nextId(), action, params: { mode, tokenList } }));
			tokenList = [];
			count = 0;
		};
		for (const [exchangeType, tokens] of byExchange) {
			for (let i = 0; i < tokens.length; ) {
				const take = tokens.slice(i, i + (TOKENS_PER_MESSAGE - count));
				tokenList.push({ exchangeType, tokens: take });
				count += take.length;
				i += take.length;
				if (count >= TOKENS_PER_MESSAGE) flush();
			}
		}
		flush();
	}
	return messages;
}

/** A 10-character alphanumeric correlation ID (the documented shape), unique within the process. */
function correlationId(): string {
	const counter = (processState.correlationCounter + 1) % 36 ** 7;
	processState.correlationCounter = counter;
	return `n8n${counter.toString(36).padStart(7, '0')}`;
}

interface Ref {
	sub: Subscription;
	/** Each listener of the pair, with the context it gave the pair. */
	listeners: Map<MarketListener, unknown>;
	/**
	 * The same listeners and their contexts as two arrays of one length, replaced (never changed in place)
	 * whenever one joins or leaves: a packet walks them without copying, and a listener leaving during the walk
	 * does not disturb it.
	 */
	targets: readonly MarketListener[];
	contexts: readonly unknown[];
	/** exchangeType:token, one string for every packet of the pair. */
	instrumentKey: string;
	/** The latest packet: what a trigger joining an existing subscription gets first. */
	latest: FeedTick | undefined;
}

/** A packet's route: mode and exchange type in one number, then its token (spared building a string key per packet). */
function routeOf(mode: number, exchangeType: number): number {
	return mode * 256 + exchangeType;
}

function refreshTargets(ref: Ref): void {
	ref.targets = [...ref.listeners.keys()];
	ref.contexts = [...ref.listeners.values()];
}

/** The limit check on its own, for a connection that may not exist yet (`refs` empty). */
function limitProblem(refs: ReadonlyMap<string, Ref>, subscriptions: Subscription[]): string | undefined {
	const fresh = new Map<string, Subscription>();
	for (const sub of subscriptions) {
		const key = subscriptionKey(sub);
		if (!refs.has(key)) fresh.set(key, sub);
	}
	if (refs.size + fresh.size > MAX_SUBSCRIPTIONS) {
		return `Angel One allows ${MAX_SUBSCRIPTIONS} subscriptions (instrument × mode) per feed connection, and all trigger nodes of this account in this n8n process share one connection. ${refs.size} are in use and this trigger needs ${fresh.size} more. Subscribe fewer instruments, or use one mode per instrument.`;
	}
	const depth20 = [...[...refs.values()].map((ref) => ref.sub), ...fresh.values()].filter((sub) => sub.mode === 4);
	if (depth20.some((sub) => sub.exchangeType !== DEPTH20_EXCHANGE_TYPE)) {
		return 'Angel One offers 20-level depth only for NSE cash instruments.';
	}
	if (depth20.length > MAX_DEPTH20_TOKENS) {
		return `Angel One offers 20-level depth for at most ${MAX_DEPTH20_TOKENS} instruments per feed connection (shared by all trigger nodes of this account); ${depth20.length} would be needed.`;
	}
	return undefined;
}

/** decodePacket's only failure is MalformedPacketError; it is returned rather than thrown to keep the hot path flat. */
function tryDecode(data: ArrayBuffer): DecodedTick | MalformedPacketError {
	try {
		return decodePacket(data);
	} catch (error) {
		return error instanceof MalformedPacketError
			? error
			: new MalformedPacketError('unknown-mode', data.byteLength, new Uint8Array(data)[0]);
	}
}

export class MarketFeed implements Protocol {
	readonly connection: SharedConnection<MarketListener>;
	readonly refs = new Map<string, Ref>();
	/** The same subscriptions by route and token, where each packet finds its listeners. */
	private readonly routes = new Map<number, Map<string, Ref>>();
	/** normalized: items built from packets (once per packet, not once per trigger). */
	readonly stats = { packets: 0, malformed: 0, serverErrors: 0, normalized: 0 };
	readonly carriesMarketData = true;

	constructor(url: string, onEmpty: () => void, env: SocketEnvironment) {
		this.connection = new SharedConnection<MarketListener>(url, this, onEmpty, env);
	}

	get isClosed(): boolean {
		return this.connection.isClosed;
	}

	get subscriptionCount(): number {
		return this.refs.size;
	}

	add(listener: MarketListener): void {
		const fresh = new Map<string, Subscription>();
		for (const sub of listener.subscriptions) {
			const key = subscriptionKey(sub);
			if (!this.refs.has(key)) fresh.set(key, sub);
		}
		for (const sub of listener.subscriptions) {
			const key = subscriptionKey(sub);
			let ref = this.refs.get(key);
			if (ref === undefined) {
				ref = {
					sub,
					listeners: new Map(),
					targets: [],
					contexts: [],
					instrumentKey: instrumentKey(sub.exchangeType, sub.token),
					latest: undefined,
				};
				this.refs.set(key, ref);
				const route = routeOf(sub.mode, sub.exchangeType);
				let byToken = this.routes.get(route);
				if (byToken === undefined) this.routes.set(route, (byToken = new Map()));
				byToken.set(sub.token, ref);
			}
			if (!ref.listeners.has(listener)) {
				ref.listeners.set(listener, sub.context);
				refreshTargets(ref);
			}
		}
		this.connection.add(listener);
		if (fresh.size > 0) this.sendAll(1, fresh.values());
		// Subscriptions that already existed send no new snapshot from the server; the joining trigger gets the
		// latest packet instead, just as a fresh subscription would have given it.
		const replay = new Map<string, FeedTick>();
		for (const sub of listener.subscriptions) {
			const key = subscriptionKey(sub);
			const tick = fresh.has(key) ? undefined : this.refs.get(key)?.latest;
			if (tick !== undefined) replay.set(key, tick);
		}
		if (replay.size > 0) void this.replay(listener, replay);
	}

	/**
	 * Hands the latest packets to a joining trigger on a later turn of the event loop, never from inside add():
	 * add() runs within the trigger's trigger(), and for "Execute step" n8n puts the real emit in place only after
	 * trigger() has returned (before that, emit throws "Overwrite TriggerContext.emit function"). A packet is
	 * skipped when the trigger left meanwhile or a newer one already reached it live.
	 */
	private async replay(listener: MarketListener, ticks: Map<string, FeedTick>): Promise<void> {
		await this.connection.env.sleep(0, new AbortController().signal);
		for (const [key, tick] of ticks) {
			const ref = this.refs.get(key);
			if (ref?.latest !== tick || !ref.listeners.has(listener)) continue;
			try {
				listener.onTick(tick, ref.listeners.get(listener));
			} catch (error) {
				listener.onEvent({ type: 'listenerError', error });
			}
		}
	}

	async remove(listener: MarketListener): Promise<void> {
		const gone: Subscription[] = [];
		for (const sub of listener.subscriptions) {
			const key = subscriptionKey(sub);
			const ref = this.refs.get(key);
			if (ref === undefined || !ref.listeners.delete(listener)) continue;
			refreshTargets(ref);
			if (ref.listeners.size === 0) {
				this.refs.delete(key);
				const route = routeOf(sub.mode, sub.exchangeType);
				const byToken = this.routes.get(route);
				byToken?.delete(sub.token);
				if (byToken?.size === 0) this.routes.delete(route);
				gone.push(sub);
			}
		}
		if (this.connection.listeners.size > 1 && gone.length > 0) this.sendAll(0, gone);
		await this.connection.remove(listener);
	}

	opened(send: (text: string) => void): void {
		for (const message of feedRequests(1, [...this.refs.values()].map((ref) => ref.sub), correlationId)) send(message);
	}

	frame(data: ArrayBuffer | string, receivedAt: number = this.connection.env.now()): void {
		if (typeof data === 'string') {
			const parsed = parseTextFrame(data);
			if (parsed.kind !== 'error') return;
			this.stats.serverErrors++;
			const error = feedError(parsed.errorCode, parsed.errorMessage);
			this.issue({ type: 'serverError', code: parsed.errorCode, message: error.message, error });
			return;
		}
		const packet = tryDecode(data);
		if (packet instanceof MalformedPacketError) {
			this.stats.malformed++;
			this.issue({ type: 'malformed', error: packet, total: this.stats.malformed });
			return;
		}
		this.stats.packets++;
		const ref = this.routes.get(routeOf(packet.mode, packet.exchangeType))?.get(packet.token);
		// A packet for a pair nobody subscribes any more (an unsubscribe still in flight) is dropped.
		if (ref === undefined) return;
		const tick = new FeedTick(packet, this.stats, ref.instrumentKey, receivedAt);
		ref.latest = tick;
		// One trigger's failure must not cost the others their tick.
		const { targets, contexts } = ref;
		for (let i = 0; i < targets.length; i++) {
			const listener = targets[i];
			try {
				listener.onTick(tick, contexts[i]);
			} catch (error) {
				listener.onEvent({ type: 'listenerError', error });
			}
		}
	}

	private issue(issue: FeedIssue): void {
		for (const listener of [...this.connection.listeners]) listener.onIssue(issue);
	}

	private sendAll(action: 0 | 1, subs: Iterable<Subscription>): void {
		if (!this.connection.socket.isOpen) return;
		for (const message of feedRequests(action, subs, correlationId)) this.connection.socket.send(message);
	}
}

const pool = new ConnectionPool<MarketFeed>(processState.marketFeeds);

export interface FeedLease {
	readonly feed: MarketFeed;
	/** Leaves the shared connection; the last trigger out closes it. Idempotent. */
	release(): Promise<void>;
}

/**
 * Joins (or opens) the account's shared market-feed connection; `account` is the credential's `accountKey`.
 * Throws FeedLimitError when it cannot take the set.
 */
export function acquireMarketFeed<C>(account: string, url: string, listener: MarketListener<C>): FeedLease {
	const existing = pool.get(account, url);
	const problem = limitProblem(existing?.isClosed === false ? existing.refs : new Map(), listener.subscriptions);
	if (problem !== undefined) throw new FeedLimitError(problem);
	const feed = pool.getOrCreate(account, url, (onEmpty) => new MarketFeed(url, onEmpty, runtimeOf(listener.ctx)));
	feed.add(listener);
	let released: Promise<void> | undefined;
	return {
		feed,
		release: async () => await (released ??= feed.remove(listener)),
	};
}

/** The live market-feed connections of this process (diagnostics and tests). */
export function marketFeeds(): MarketFeed[] {
	return pool.all();
}
