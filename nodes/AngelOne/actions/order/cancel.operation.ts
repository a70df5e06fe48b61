// Order → Cancel: cancels one open, trigger-pending or queued order; an already cancelled order counts as done,
// and a cancel whose answer was lost is checked against the order itself.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SmartApiError } from '../../transport/errors';
import { smartApiRequest } from '../../transport/request';
import { fetchOrder, fetchOrderBook, findById, isLive, OrderStateError, readBack, readOrderId, simplifyOrder, statusOf } from '../../orders/book';
import { orderIdField, simplifyField } from '../orderFields';
import { writableCredentials } from '../../orders/submit';

export const description: INodeProperties[] = [orderIdField, simplifyField];

export interface CancelOutcome {
	order: IDataObject;
	cancelled: boolean;
	/** The cancel's answer was lost and the order itself was read to find out. */
	reconciled: boolean;
}

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function notConfirmed(failure: SmartApiError, order: IDataObject, status: string): SmartApiError {
	return new SmartApiError({
		code: failure.errorCode,
		brokerMessage: failure.brokerMessage,
		httpStatus: failure.httpStatus,
		endpoint: failure.endpoint,
		ambiguous: true,
		hint: `Order ${text(order.orderid)} still shows "${status}" afterwards, so it is not cancelled (yet).`,
	});
}

/** Cancels one live order (variety and order ID, spec §3.3). Throws what Angel One refused. */
export async function cancelLiveOrder(ctx: IExecuteFunctions, order: IDataObject): Promise<CancelOutcome> {
	let failure: unknown;
	try {
		await smartApiRequest(ctx, 'cancelOrder', { body: { variety: text(order.variety) || 'NORMAL', orderid: text(order.orderid) } });
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return { order: await readBack(ctx, order), cancelled: true, reconciled: false };
	if (!(failure instanceof SmartApiError) || !failure.ambiguous) throw failure;
	const after = await fetchOrder(ctx, text(order.orderid));
	const status = after ? statusOf(after) : 'unknown';
	if (after && status === 'cancelled') return { order: after, cancelled: true, reconciled: true };
	throw notConfirmed(failure, order, status);
}

export function cancelOutput(outcome: CancelOutcome, simplify: boolean, extra: IDataObject = {}): IDataObject {
	const order = simplify ? simplifyOrder(outcome.order) : outcome.order;
	return { ...order, cancelled: outcome.cancelled, reconciled: outcome.reconciled, ...extra };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	await writableCredentials(this);
	const id = readOrderId(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const order = findById(await fetchOrderBook(this), id);
	if (!order) throw new OrderStateError('Order ID', `There is no order ${id} in today's order book; nothing was cancelled`);
	const status = statusOf(order);
	// Cancelling twice is what a retry does; the order is where it was meant to be.
	if (status === 'cancelled') return cancelOutput({ order, cancelled: true, reconciled: false }, simplify, { alreadyCancelled: true });
	if (!isLive(order)) {
		throw new OrderStateError('Order ID', `Order ${id} is ${status || 'not open'}; only open, trigger-pending or after-market orders can be cancelled`);
	}
	return cancelOutput(await cancelLiveOrder(this, order), simplify);
}
