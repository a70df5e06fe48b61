// Idempotency tags: the same order from the same input item in the same node gets the same short ordertag within its
// Duplicate Window, so a webhook delivered twice, or a retried execution, finds the first order instead of placing a
// second one; and a tag names one order, so reusing it for a different order is refused.
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { istMidnight, parseOrderTime } from '../helpers/ist';
import type { OrderRow } from '../transport/answers';
import type { PlaceOrderBody } from './rules';

/** "n8n" + 16 hex = 19 characters: Angel One wants fewer than 20 (AB4008). 64 bits make accidental collisions negligible. */
const PREFIX = 'n8n';
const HEX_LENGTH = 16;

/** JSON with object keys sorted, so the same data always hashes the same whatever order its keys were built in. */
export function stableJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	const entries = Object.keys(value as Record<string, unknown>)
		.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
		.sort()
		.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
	return `{${entries.join(',')}}`;
}

/**
 * The part of an input item that identifies a signal. A Webhook node's item also carries the HTTP headers and the
 * execution mode, which differ between two deliveries of the same alert (trace and request IDs, proxies, test vs
 * production URL), so only its body, query and path parameters count.
 */
export function signalOf(item: IDataObject): unknown {
	const looksLikeWebhook = typeof item.headers === 'object' && item.headers !== null && 'body' in item;
	if (!looksLikeWebhook) return item;
	return { body: item.body, query: item.query, params: item.params };
}

export interface TagSource {
	workflowId: string;
	nodeName: string;
	/** The order as it would be sent, without its tag. */
	order: IDataObject;
	item: IDataObject;
}

function hashTag(value: unknown): string {
	return PREFIX + createHash('sha256').update(stableJson(value)).digest('hex').slice(0, HEX_LENGTH);
}

export function deriveTag(source: TagSource): string {
	return hashTag({ workflow: source.workflowId, node: source.nodeName, order: source.order, signal: signalOf(source.item) });
}

export const DEFAULT_DUPLICATE_WINDOW_MINUTES = 5;
/** The whole IST day: a repeat is then a duplicate until midnight, as a tag without a window would be. */
export const MAX_DUPLICATE_WINDOW_MINUTES = 24 * 60;

/**
 * How a derived tag treats a repeat of the same signal. The IST day is cut into buckets of the window's length and
 * the bucket's number is hashed into the tag. A repeat finds the first order by this bucket's tag, or by the previous
 * bucket's tag when that order is younger than the window; so a repeat less than one window after the first order
 * is a duplicate wherever the bucket boundary falls, and a repeat a window or more later is a new order with a new tag.
 */
export interface DuplicateWindow {
	ms: number;
	/** Start of this attempt's bucket: an order carrying the previous bucket's tag was placed before it. */
	bucketStart: number;
	/** The same signal's tag in the previous bucket; absent in the first bucket of the IST day. */
	previousTag?: string;
	/** The signal's tag without a bucket: two attempts either side of a boundary share one lock in this process. */
	series: string;
}

export interface WindowedTag {
	tag: string;
	window: DuplicateWindow;
}

/** The derived tag of this attempt: fixed once, so reconciliation after a lost answer looks for exactly the tag it sent. */
export function deriveWindowedTag(source: TagSource, now: number, windowMinutes: number): WindowedTag {
	const ms = Math.round(windowMinutes * 60_000);
	const midnight = istMidnight(now);
	const bucket = Math.floor((now - midnight) / ms);
	const base = { workflow: source.workflowId, node: source.nodeName, order: source.order, signal: signalOf(source.item), window: ms };
	return {
		tag: hashTag({ ...base, bucket }),
		window: {
			ms,
			bucketStart: midnight + bucket * ms,
			previousTag: bucket > 0 ? hashTag({ ...base, bucket: bucket - 1 }) : undefined,
			series: hashTag(base),
		},
	};
}

/**
 * Whether an order carrying the previous bucket's tag is still inside the window. The book's times are whole
 * seconds and move on with every modification, so they can only make the order look younger: a repeat is then a
 * duplicate rather than a second order (an order without a readable time counts as inside, for the same reason).
 */
export function insideWindow(order: OrderRow, window: DuplicateWindow, now: number): boolean {
	const times = [order.exchtime, order.updatetime, order.exchorderupdatetime].map((time) => parseOrderTime(time)).filter(Number.isFinite);
	if (times.length === 0) return true;
	const placed = Math.min(...times, window.bucketStart - 1);
	return now - placed < window.ms + 1000;
}

/** Our own body's quantity (a string of units). */
function quantityOf(value: string): number {
	return Number(value.trim() || NaN);
}

/**
 * What a tag names: side, exchange, instrument token, product and quantity in units. Price, trigger price, order
 * type and validity are not compared: Modify changes them on the order in the book, and a retried expression may
 * compute a slightly different limit price for the same signal. Returns the differences in the UI's words.
 */
export function tagConflicts(order: OrderRow, body: PlaceOrderBody): string[] {
	const differences: string[] = [];
	const compare = (label: string, theirs: string, ours: string): void => {
		if (theirs.toUpperCase() !== ours.toUpperCase()) differences.push(`${label} ${ours} (that order: ${theirs || 'unknown'})`);
	};
	compare('side', order.transactiontype, body.transactiontype);
	if (`${order.exchange}:${order.symboltoken}`.toUpperCase() !== `${body.exchange}:${body.symboltoken}`.toUpperCase()) {
		differences.push(`instrument ${body.exchange}:${body.tradingsymbol} (that order: ${order.exchange}:${order.tradingsymbol})`);
	}
	compare('product', order.producttype, body.producttype);
	// An unreadable quantity is NaN, which equals nothing: a conflict, never a match.
	if ((order.quantity ?? NaN) !== quantityOf(body.quantity)) differences.push(`quantity ${body.quantity} (that order: ${order.quantity ?? 'unknown'})`);
	return differences;
}
