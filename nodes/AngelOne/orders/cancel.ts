// Cancelling one live order (protocol §3.3) and the item that reports it: used by Order → Cancel, Cancel All Open and
// Fill or Cancel Within N Seconds. A cancel whose answer was lost is checked against the order itself.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { SmartApiError } from '../transport/errors';
import { callEndpoint } from '../transport/request';
import { fetchOrder, readBack, simplifyOrder, type OrderRow } from './book';

export interface CancelOutcome {
	order: OrderRow;
	cancelled: boolean;
	/** The cancel's answer was lost and the order itself was read to find out. */
	reconciled: boolean;
}

function notConfirmed(failure: SmartApiError, order: OrderRow, status: string): SmartApiError {
	return failure.withHint(`Order ${order.orderid} still shows "${status}" afterwards, so it is not cancelled (yet).`, { ambiguous: true });
}

/** Cancels one live order (variety and order ID). Throws what Angel One refused. */
export async function cancelLiveOrder(ctx: IExecuteFunctions, order: OrderRow): Promise<CancelOutcome> {
	let failure: unknown;
	try {
		await callEndpoint(ctx, 'cancelOrder', { body: { variety: order.variety || 'NORMAL', orderid: order.orderid } });
	} catch (error) {
		failure = error;
	}
	if (failure === undefined) return { order: await readBack(ctx, order), cancelled: true, reconciled: false };
	if (!(failure instanceof SmartApiError) || !failure.ambiguous) throw failure;
	const after = await fetchOrder(ctx, order.orderid);
	const status = after ? after.status : 'unknown';
	if (after && status === 'cancelled') return { order: after, cancelled: true, reconciled: true };
	throw notConfirmed(failure, order, status);
}

export function cancelOutput(outcome: CancelOutcome, simplify: boolean, extra: IDataObject = {}): IDataObject {
	const order = simplify ? simplifyOrder(outcome.order) : outcome.order.raw;
	return { ...order, cancelled: outcome.cancelled, reconciled: outcome.reconciled, ...extra };
}
