// Order updates: the shared order-status socket of an account (protocol §6), the order-book reconciliation after every
// (re)connect, and the per-trigger record of the last state seen per order, so no transition is lost or repeated.

import type { IDataObject } from 'n8n-workflow';

import { istDay, parseOrderTime, toIstIso } from '../helpers/ist';
import { text, toNumber } from '../helpers/values';
import {
	CODE_OF_STATUS,
	ORDER_STATUS_MEANING,
	isLiveUpdateState,
	orderStatusOf,
	updateMatches,
	updateStateOf,
	type UpdateStatusFilter,
} from '../helpers/orderStatus';
import { processState } from '../processState';
import { runtimeOf } from '../runtime';
import { callEndpoint, type SmartApiContext } from '../transport/request';
import type { OrderRow } from '../transport/answers';
import { backoffDelay, tracked, type ConnectionTimings, type SocketEnvironment } from './connection';
import { ConnectionPool, SharedConnection, type BaseListener, type Protocol, type SharedEvent } from './pool';

export type StatusFilter = UpdateStatusFilter;

/** The trigger's status filter; no choice (or Any) lets every update through. */
export function statusAllowed(filters: readonly StatusFilter[], code: string): boolean {
	return filters.length === 0 || filters.some((filter) => updateMatches(filter, code));
}

/** The part of an order that a transition changes. Stored per order id (also in workflow static data). */
export interface OrderState {
	code: string;
	filled: number;
	quantity: number;
	price: number;
	trigger: number;
}

const NUMBER_FIELDS = ['price', 'triggerprice', 'averageprice', 'squareoff', 'stoploss', 'trailingstoploss', 'strikeprice'];
const INTEGER_FIELDS = ['quantity', 'disclosedquantity', 'filledshares', 'unfilledshares', 'cancelsize', 'lotsize'];

/** The order book sends prices as strings and the socket as numbers; the workflow gets numbers either way. */
export function normalizeOrder(raw: Record<string, unknown>): IDataObject {
	const order: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (NUMBER_FIELDS.includes(key) || INTEGER_FIELDS.includes(key)) order[key] = toNumber(value) ?? 0;
		else if (value === null || value === undefined) order[key] = '';
		else if (typeof value === 'object') continue;
		else order[key] = value as string | number | boolean;
	}
	return order;
}

export function stateOf(code: string, order: Record<string, unknown>): OrderState {
	return {
		code,
		filled: toNumber(order.filledshares) ?? 0,
		quantity: toNumber(order.quantity) ?? 0,
		price: toNumber(order.price) ?? 0,
		trigger: toNumber(order.triggerprice) ?? 0,
	};
}

function sameFields(a: OrderState, b: OrderState): boolean {
	return a.filled === b.filled && a.quantity === b.quantity && a.price === b.price && a.trigger === b.trigger;
}

/** The same update seen twice (a repeated push). */
function sameUpdate(a: OrderState, b: OrderState): boolean {
	return a.code === b.code && sameFields(a, b);
}

/**
 * Whether the book's state is what was last seen. The book only knows resting states, so a last-seen
 * modification matches any live state with the same fields (the order rests again after its modification).
 */
function bookMatches(seen: OrderState, book: OrderState): boolean {
	if (!sameFields(seen, book)) return false;
	const seenClass = updateStateOf(seen.code);
	const bookClass = updateStateOf(book.code);
	if (seenClass === bookClass) return true;
	return seenClass === 'modifying' && isLiveUpdateState(bookClass);
}

export interface OrderUpdate {
	orderId: string;
	code: string;
	/** 'live': pushed by the socket; 'reconciled': found in the order book after a gap. */
	source: 'live' | 'reconciled';
	order: Record<string, unknown>;
}

/** What a trigger persists: the states seen today, by order id. Order books are per day, so a new day starts empty. */
export interface TrackerMemory {
	day: string;
	orders: Record<string, OrderState>;
}

/**
 * The per-trigger record of the last state seen of every order. Pure: the socket messages and order books come
 * in, the updates to emit come out.
 */
export class OrderTracker {
	private day: string;
	private orders: Record<string, OrderState>;
	/** No order book seen yet and nothing remembered: the first book is the baseline. */
	private needsBaseline: boolean;

	/**
	 * With memory (the workflow was active before: a restart, a redeploy), the first book is compared with it,
	 * so transitions missed while n8n was down are emitted too, also when the memory is from an earlier day
	 * (then every order of today is new). Without memory the first book is only the baseline.
	 */
	constructor(memory: TrackerMemory | undefined, nowMs: number) {
		const today = istDay(nowMs);
		this.day = today;
		this.orders = memory !== undefined && memory.day === today ? { ...memory.orders } : {};
		this.needsBaseline = memory === undefined;
	}

	memory(): TrackerMemory {
		return { day: this.day, orders: { ...this.orders } };
	}

	private rollDay(nowMs: number): void {
		const today = istDay(nowMs);
		if (today === this.day) return;
		this.day = today;
		this.orders = {};
	}

	/** A socket message; undefined for the connect greeting (AB00 without an order), foreign messages and repeats. */
	live(message: Record<string, unknown>, nowMs: number): OrderUpdate | undefined {
		const order = message.orderData;
		if (typeof order !== 'object' || order === null) return undefined;
		const data = order as Record<string, unknown>;
		const orderId = text(data.orderid);
		if (orderId === '') return undefined;
		// One copy of the docs shows a real update (a rejection) under AB00: an order's own status text then decides.
		let code = text(message['order-status']);
		if (ORDER_STATUS_MEANING[code] === undefined) code = CODE_OF_STATUS[orderStatusOf(data)] ?? '';
		if (code === '') return undefined;
		this.rollDay(nowMs);
		const state = stateOf(code, data);
		const seen = this.orders[orderId];
		if (seen !== undefined && sameUpdate(seen, state)) return undefined;
		this.orders[orderId] = state;
		return { orderId, code, source: 'live', order: data };
	}

	/**
	 * The order book after a (re)connect: every order whose state differs from the last one seen was changed
	 * during the gap. Orders pushed live since the socket opened are skipped: their push is newer than (or as new
	 * as) the book. The first book of an activation without memory from today only sets the baseline.
	 */
	reconcile(book: Array<Record<string, unknown>>, liveSinceOpen: ReadonlySet<string>, nowMs: number): OrderUpdate[] {
		this.rollDay(nowMs);
		const baseline = this.needsBaseline;
		this.needsBaseline = false;
		const updates: OrderUpdate[] = [];
		for (const order of book) {
			const orderId = text(order.orderid);
			if (orderId === '' || liveSinceOpen.has(orderId)) continue;
			const status = orderStatusOf(order);
			const code = CODE_OF_STATUS[status] ?? '';
			const state = stateOf(code, order);
			const seen = this.orders[orderId];
			if (seen !== undefined && bookMatches(seen, state)) continue;
			this.orders[orderId] = state;
			if (!baseline) updates.push({ orderId, code, source: 'reconciled', order });
		}
		// The book lists orders by placement; emit the gap's transitions in the order they happened.
		return updates.sort((a, b) => updateTime(a.order) - updateTime(b.order));
	}
}

function updateTime(order: Record<string, unknown>): number {
	const ms = parseOrderTime(text(order.updatetime));
	return Number.isFinite(ms) ? ms : 0;
}

/** The item a workflow gets for one update. */
export function orderItem(update: OrderUpdate): IDataObject {
	const order = normalizeOrder(update.order);
	const status = orderStatusOf(update.order);
	const updatedMs = updateTime(update.order);
	return {
		orderId: update.orderId,
		status: ORDER_STATUS_MEANING[update.code] ?? status,
		statusCode: update.code,
		statusMeaning: ORDER_STATUS_MEANING[update.code] ?? status,
		rejectionReason: update.code === 'AB03' ? text(update.order.text) : '',
		source: update.source,
		updatedAt: updatedMs > 0 ? toIstIso(updatedMs) : '',
		order,
	};
}

export interface OrderListener extends BaseListener {
	onLive(message: Record<string, unknown>): void;
	/** An order book fetched after the socket opened, and the orders pushed live since the fetch began. */
	onBook(book: Array<Record<string, unknown>>, liveSinceOpen: ReadonlySet<string>): void;
	/** Only listeners that reconcile make the connection fetch the order book. */
	reconciles: boolean;
}

/** The shared order-status socket of one account. */
export class OrderFeed implements Protocol {
	readonly connection: SharedConnection<OrderListener>;
	readonly carriesMarketData = false;
	readonly stats = { messages: 0, books: 0, bookFailures: 0 };
	private generation = 0;
	/** Sequence number of the latest push per order id, to tell which orders were pushed after a fetch began. */
	private readonly pushedAt = new Map<string, number>();
	private pushes = 0;
	private readonly lifetime = new AbortController();
	private reconciling: Promise<void> | undefined;

	constructor(url: string, onEmpty: () => void, env: SocketEnvironment) {
		this.connection = new SharedConnection<OrderListener>(url, this, onEmpty, env);
	}

	get isClosed(): boolean {
		return this.connection.isClosed;
	}

	add(listener: OrderListener): void {
		this.connection.add(listener);
		// Joining an open socket: this listener's baseline comes from a book of its own.
		if (listener.reconciles && this.connection.socket.isOpen) this.fetchBook(this.generation, [listener]);
	}

	async remove(listener: OrderListener): Promise<void> {
		if (this.connection.listeners.size === 1 && this.connection.listeners.has(listener)) this.lifetime.abort();
		await this.connection.remove(listener);
		if (this.connection.isClosed) await this.reconciling;
	}

	opened(): void {
		this.generation++;
		const listeners = [...this.connection.listeners].filter((l) => l.reconciles);
		if (listeners.length > 0) this.fetchBook(this.generation, listeners);
	}

	frame(data: ArrayBuffer | string): void {
		if (typeof data !== 'string') return;
		let message: unknown;
		try {
			message = JSON.parse(data);
		} catch {
			return;
		}
		if (typeof message !== 'object' || message === null) return;
		const record = message as Record<string, unknown>;
		this.stats.messages++;
		const orderData = record.orderData as Record<string, unknown> | undefined;
		const orderId = text(orderData?.orderid);
		if (orderId !== '') this.pushedAt.set(orderId, ++this.pushes);
		for (const listener of [...this.connection.listeners]) {
			try {
				listener.onLive(record);
			} catch (error) {
				listener.onEvent({ type: 'listenerError', error });
			}
		}
	}

	/**
	 * Fetches the order book for one connection generation, retrying with backoff while that connection is up:
	 * until it succeeds, transitions of the gap are unknown. A newer connection takes over with its own fetch.
	 */
	private fetchBook(generation: number, listeners: OrderListener[]): void {
		const { env } = this.connection;
		const previous = this.reconciling ?? Promise.resolve();
		// Pushes from here on are at least as new as the book this fetch will get.
		const since = this.pushes;
		this.reconciling = tracked(async () => {
			await previous;
			let attempt = 0;
			while (!this.lifetime.signal.aborted && generation === this.generation && this.connection.socket.isOpen) {
				const ctx = this.anyContext();
				if (ctx === undefined) return;
				let book: OrderRow[];
				try {
					book = await callEndpoint(ctx, 'getOrderBook', { signal: this.lifetime.signal });
				} catch (error) {
					if (this.lifetime.signal.aborted) return;
					this.stats.bookFailures++;
					const retryInMs = backoffDelay(attempt++, this.timings(), env.random());
					this.connection.broadcast({ type: 'reconcileError', error, retryInMs });
					try {
						await env.sleep(retryInMs, this.lifetime.signal);
					} catch {
						return;
					}
					continue;
				}
				if (generation !== this.generation) return;
				this.stats.books++;
				// Book rows and socket pushes are tracked alike, in the broker's own form.
				const orders = book.map((order) => order.raw);
				const live = new Set<string>();
				for (const [orderId, seq] of this.pushedAt) if (seq > since) live.add(orderId);
				for (const listener of listeners) {
					if (!this.connection.listeners.has(listener)) continue;
					try {
						listener.onBook(orders, live);
					} catch (error) {
						listener.onEvent({ type: 'listenerError', error });
					}
				}
				return;
			}
		});
	}

	private anyContext(): SmartApiContext | undefined {
		return this.connection.listeners.values().next().value?.ctx;
	}

	private timings(): ConnectionTimings {
		return this.connection.listeners.values().next().value?.timings ?? { staleMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 30_000 };
	}
}

const pool = new ConnectionPool<OrderFeed>(processState.orderFeeds);

/** Joins (or opens) the account's shared order socket; `account` is the credential's `accountKey`. */
export function acquireOrderFeed(account: string, url: string, listener: OrderListener): { feed: OrderFeed; release(): Promise<void> } {
	const feed = pool.getOrCreate(account, url, (onEmpty) => new OrderFeed(url, onEmpty, runtimeOf(listener.ctx)));
	feed.add(listener);
	let released: Promise<void> | undefined;
	return { feed, release: async () => await (released ??= feed.remove(listener)) };
}

export function orderFeeds(): OrderFeed[] {
	return pool.all();
}

export interface OrderSessionOptions {
	ctx: SmartApiContext;
	/** The credential's `accountKey`: triggers of one account share one socket. */
	account: string;
	url: string;
	statuses: StatusFilter[];
	timings: ConnectionTimings;
	manual: boolean;
	/** Remembered states (workflow static data); written back through `remember` after every change. */
	memory: TrackerMemory | undefined;
	remember(memory: TrackerMemory): void;
	emit(items: IDataObject[]): void;
	onEvent(event: SharedEvent): void;
}

/** The Order Updates event of one trigger node. */
export function startOrderSession(options: OrderSessionOptions): { close(): Promise<void> } {
	const env = runtimeOf(options.ctx);
	const tracker = new OrderTracker(options.memory, env.now());
	let closed = false;
	let manualDone = false;

	const deliver = (updates: OrderUpdate[]): void => {
		if (closed) return;
		// Remembered before emitting: n8n saves static data with the emit, so both land together. A test run
		// keeps no memory: it must not change what the active workflow considers already seen.
		if (!options.manual) options.remember(tracker.memory());
		for (const update of updates) {
			if (!statusAllowed(options.statuses, update.code)) continue;
			if (options.manual) {
				if (manualDone) return;
				manualDone = true;
			}
			options.emit([orderItem(update)]);
		}
	};

	const lease = acquireOrderFeed(options.account, options.url, {
		ctx: options.ctx,
		timings: options.timings,
		marketHours: undefined,
		reconciles: !options.manual,
		onLive: (message) => {
			const update = tracker.live(message, env.now());
			if (update !== undefined) deliver([update]);
		},
		onBook: (book, live) => deliver(tracker.reconcile(book, live, env.now())),
		onEvent: (event) => options.onEvent(event),
	});

	return {
		async close() {
			closed = true;
			await lease.release();
		},
	};
}
