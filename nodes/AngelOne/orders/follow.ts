// Following an order until it settles (Wait for Status): look-ups paced by the transport, a wait that grows to a
// second, and an early stop on a final status, on an after-market order, or when the order can no longer be read.
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { runtimeOf } from '../runtime';
import { fetchOrder, fetchOrderBook, findById, isAfterMarketOrder, isFinal, type OrderRow } from './book';

export interface FollowResult {
	order: OrderRow;
	/** complete, rejected or cancelled */
	final: boolean;
	waitedMs: number;
	/** Why following stopped early when the order could no longer be read (the transport had already retried). */
	error?: string;
}

async function lookAt(ctx: IExecuteFunctions, order: OrderRow): Promise<OrderRow | undefined> {
	const unique = order.uniqueorderid;
	if (unique) return await fetchOrder(ctx, unique);
	const id = order.orderid;
	return id ? findById(await fetchOrderBook(ctx), id) : undefined;
}

/**
 * Follows an order until it is complete, rejected or cancelled, or `seconds` have passed. The look-ups are paced
 * by the transport; between them the wait grows to a second, and it stops at once on a final status or when the
 * order is queued for the next session. A failed look ends the wait with what is known: the order exists either way.
 */
export async function followOrder(ctx: IExecuteFunctions, order: OrderRow, seconds: number): Promise<FollowResult> {
	const started = Date.now();
	const deadline = started + Math.max(0, seconds) * 1000;
	const signal = ctx.getExecutionCancelSignal();
	let current = order;
	let error: string | undefined;
	for (let look = 0; ; look++) {
		// An after-market order cannot settle before the next session, so waiting for it stops.
		if (isFinal(current) || isAfterMarketOrder(current)) break;
		const intervals = runtimeOf(ctx).orders.pollIntervalsMs;
		const pause = intervals[Math.min(look, intervals.length - 1)];
		if (Date.now() + pause > deadline) break;
		await sleep(pause, signal);
		try {
			current = (await lookAt(ctx, current)) ?? current;
		} catch (failure) {
			error = failure instanceof Error ? failure.message : String(failure);
			break;
		}
	}
	return { order: current, final: isFinal(current), waitedMs: Date.now() - started, ...(error ? { error } : {}) };
}
