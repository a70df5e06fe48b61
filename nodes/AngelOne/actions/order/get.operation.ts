// Order → Get: one of today's orders by its order ID or unique order ID, with its status and fills.
// An order ID is looked up in the order book; a unique order ID goes to the details endpoint.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchOrder, OrderStateError, simplifyOrder } from '../../orders/book';
import { orderIdField, readOrderId } from '../orderFields';
import { readSimplify, simplifyField } from '../fields';
import { orderResource } from './resource';

const properties: INodeProperties[] = [orderIdField, simplifyField];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = readOrderId(this, itemIndex);
	const order = await fetchOrder(this, id);
	if (!order) throw new OrderStateError('Order ID', `There is no order ${id} in today's order book`);
	return readSimplify(this, itemIndex) ? simplifyOrder(order) : order.raw;
}

orderResource.add({
	value: 'get',
	name: 'Get',
	action: 'Get an order',
	description: "One of today's orders with its status, fills and rejection reason",
	properties,
	execute,
});
