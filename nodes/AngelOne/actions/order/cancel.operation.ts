// Order → Cancel: cancels one open, trigger-pending or queued order; an already cancelled order counts as done,
// and a cancel whose answer was lost is checked against the order itself.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchOrderBook, findById, isLive, OrderStateError, statusOf } from '../../orders/book';
import { cancelLiveOrder, cancelOutput } from '../../orders/cancel';
import { orderIdField, readOrderId } from '../orderFields';
import { readSimplify, simplifyField } from '../fields';
import { writableCredentials } from '../../orders/submit';
import { orderResource } from './resource';

const properties: INodeProperties[] = [orderIdField, simplifyField];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	await writableCredentials(this);
	const id = readOrderId(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
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

orderResource.add({
	value: 'cancel',
	name: 'Cancel',
	action: 'Cancel an order',
	description: 'Cancel an open, trigger-pending or after-market order',
	properties,
	execute,
});
