// Reading orders back: today's order book, one order by either of its IDs, the statuses that are final or still
// live, and the person-readable shape of an order (numbers as numbers, IST times). Orders are the typed rows of
// transport/answers.ts; raw outputs show each row's `raw`, the broker's record as sent.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { parseOrderTime, toIstIso } from '../helpers/ist';
import { BOOK_STATUS_GROUPS, isAfterMarketOrder, isBookStatusGroup, isFinalOrder, isLiveOrder } from '../helpers/orderStatus';
import { processState, type SharedReads } from '../processState';
import { runtimeOf } from '../runtime';
import type { OrderRow } from '../transport/answers';
import { callEndpoint } from '../transport/request';
import { insideWindow, type DuplicateWindow } from './tag';

export type { OrderRow };

/** The order-status model (helpers/orderStatus.ts) under the names the order paths use. */
export { isAfterMarketOrder };
/** Resolved once, at the transport (`orderstatus || status`, lower case). */
export const statusOf = (order: OrderRow): string => order.status;
export const isLive = (order: OrderRow): boolean => isLiveOrder(order);
export const isFinal = (order: OrderRow): boolean => isFinalOrder(order);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Today's order book (`data: null`, an empty book, reads as []). */
export async function fetchOrderBook(ctx: IExecuteFunctions): Promise<OrderRow[]> {
	return await callEndpoint(ctx, 'getOrderBook');
}

function startRead(ctx: IExecuteFunctions, reads: SharedReads): Promise<OrderRow[]> {
	const read = fetchOrderBook(ctx);
	reads.running = read;
	const done = (): void => {
		if (reads.running === read) reads.running = undefined;
	};
	read.then(done, done);
	return read;
}

/**
 * Today's order book as read by a request sent after this call: never a snapshot from before it, because another
 * n8n process (a queue-mode worker) may have placed an order with the same tag a moment ago. Angel One allows one
 * order-book read per second, so executions of this process that ask while a read is on its way share the next one.
 */
export async function freshOrderBook(ctx: IExecuteFunctions, accountKey: string): Promise<OrderRow[]> {
	let reads = processState.orderBookReads.get(accountKey);
	if (!reads) {
		reads = {};
		processState.orderBookReads.set(accountKey, reads);
	}
	const shared = reads;
	if (!shared.running) return await startRead(ctx, shared);
	shared.queued ??= shared.running
		.catch(() => undefined)
		// Back-to-back reads, a short random pause apart: another process refused with 403 then finds a free second.
		.then(async () => await sleep(Math.random() * runtimeOf(ctx).orders.freshReadJitterMs))
		.then(async () => {
			shared.queued = undefined;
			return await startRead(ctx, shared);
		});
	return await shared.queued;
}

export function findById(book: OrderRow[], id: string): OrderRow | undefined {
	const wanted = id.trim();
	return book.find((order) => order.orderid === wanted || order.uniqueorderid === wanted);
}

/** The newest order carrying the tag (order IDs grow through the day). */
export function findByTag(book: OrderRow[], tag: string): OrderRow | undefined {
	return withTag(book, tag).slice(-1)[0];
}

/** Order IDs grow through the day: the one placed first sorts first. */
export function placementOrder(a: OrderRow, b: OrderRow): number {
	const x = a.orderid;
	const y = b.orderid;
	return x.length - y.length || x.localeCompare(y);
}

/** Every order carrying the tag, the first placed first. */
export function withTag(book: OrderRow[], tag: string): OrderRow[] {
	return book.filter((order) => order.ordertag === tag).sort(placementOrder);
}

/** Today's order an attempt with a derived tag repeats: its own tag's, or the previous bucket's while inside the window. */
export function findRepeat(book: OrderRow[], tag: string, window: DuplicateWindow | undefined, now: number): OrderRow | undefined {
	const same = findByTag(book, tag);
	if (same || !window?.previousTag) return same;
	const earlier = findByTag(book, window.previousTag);
	return earlier && insideWindow(earlier, window, now) ? earlier : undefined;
}

/**
 * One order by order ID or unique order ID. The details endpoint takes the unique ID (protocol §3.4); an order ID is
 * looked up in the order book, which carries the same fields.
 */
export async function fetchOrder(ctx: IExecuteFunctions, id: string): Promise<OrderRow | undefined> {
	const trimmed = id.trim();
	if (UUID.test(trimmed)) return await callEndpoint(ctx, 'orderDetails', { pathId: trimmed });
	return findById(await fetchOrderBook(ctx), trimmed);
}

/**
 * The order as it is now, after a change Angel One accepted; the one we had when it cannot be read, because the
 * change itself is done and failing the item would invite a second attempt.
 */
export async function readBack(ctx: IExecuteFunctions, order: OrderRow): Promise<OrderRow> {
	const id = order.uniqueorderid || order.orderid;
	try {
		return (await fetchOrder(ctx, id)) ?? order;
	} catch {
		return order;
	}
}

/** "25-Nov-2026 09:15:02" (IST) as ISO 8601 with +05:30; null when absent or unreadable. */
export function orderTimeIso(value: string): string | null {
	const ms = parseOrderTime(value);
	return Number.isFinite(ms) ? toIstIso(ms) : null;
}

/** The fields a person reads, named in the UI's words. */
export function simplifyOrder(order: OrderRow): IDataObject {
	const status = order.status;
	const quantity = order.quantity;
	const filled = order.filledshares ?? 0;
	const reason = order.text.trim();
	return {
		orderId: order.orderid || null,
		uniqueOrderId: order.uniqueorderid || null,
		status: status || null,
		tradingSymbol: order.tradingsymbol || null,
		exchange: order.exchange || null,
		side: order.transactiontype || null,
		orderType: order.ordertype || null,
		product: order.producttype || null,
		validity: order.duration || null,
		quantity,
		filledQuantity: filled,
		pendingQuantity: isLive(order) && quantity !== null ? Math.max(0, quantity - filled) : 0,
		price: order.price,
		triggerPrice: order.triggerprice,
		averagePrice: order.averageprice,
		tag: order.ordertag || null,
		rejectionReason: status === 'rejected' ? reason || null : null,
		message: reason || null,
		updatedAt: orderTimeIso(order.updatetime),
	};
}

/** The broker's state does not allow what was asked (no such order, order already complete, no position). */
export class OrderStateError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
		this.name = 'OrderStateError';
	}
}

/**
 * A symbol filter as people type it: "SBIN-EQ", "NSE:SBIN-EQ", or TradingView's "NSE:SBIN" (the -EQ series is
 * implied on cash segments). Case does not matter; an exchange prefix must match too.
 */
export function symbolFilter(filter: string): (row: { tradingsymbol: string; exchange: string }) => boolean {
	const raw = filter.trim().toUpperCase();
	if (raw === '') return () => true;
	const prefixed = /^([A-Z_]+)\s*:\s*(.+)$/.exec(raw);
	const exchange = prefixed?.[1];
	const symbol = (prefixed ? prefixed[2] : raw).trim();
	return (row) => {
		const rowSymbol = row.tradingsymbol.toUpperCase();
		if (exchange !== undefined && row.exchange.toUpperCase() !== exchange) return false;
		return rowSymbol === symbol || rowSymbol === `${symbol}-EQ`;
	};
}

/** Get Many's and Cancel All Open's filters: symbol, status groups, product, tag. */
export function orderFilter(filters: IDataObject): (order: OrderRow) => boolean {
	const bySymbol = symbolFilter(typeof filters.symbol === 'string' ? filters.symbol : '');
	const groups = Array.isArray(filters.status) ? filters.status.map(String).filter(isBookStatusGroup) : [];
	const product = typeof filters.product === 'string' && filters.product !== '' ? filters.product.toUpperCase() : undefined;
	const tag = typeof filters.tag === 'string' ? filters.tag.trim() : '';
	return (order) =>
		bySymbol(order) &&
		(groups.length === 0 || groups.some((g) => BOOK_STATUS_GROUPS[g](order))) &&
		(product === undefined || order.producttype.toUpperCase() === product) &&
		(tag === '' || order.ordertag === tag);
}
