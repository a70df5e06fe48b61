// Order → Get Many: today's order book, one item per order, filtered by status, symbol, product or tag.
// Status filters group SmartAPI's many working states into the few a trader means.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchOrderBook, orderFilter, simplifyOrder } from '../../orders/book';
import { productFilterField, symbolFilterField } from '../orderFields';
import { filtersField, limitField, readCollection, readLimit, readSimplify, returnAllField, simplifyField } from '../fields';
import { orderResource } from './resource';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	simplifyField,
	filtersField([
		productFilterField,
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			options: [
				{ name: 'After-Market (Queued)', value: 'afterMarket' },
				{ name: 'Cancelled', value: 'cancelled' },
				{ name: 'Complete', value: 'complete' },
				{ name: 'Open', value: 'open' },
				{ name: 'Rejected', value: 'rejected' },
				{ name: 'Trigger Pending', value: 'triggerPending' },
			],
			default: [],
			description: 'Only orders in one of these states. Open covers every working state except trigger pending and queued after-market orders.',
		},
		{
			displayName: 'Tag',
			name: 'tag',
			type: 'string',
			default: '',
			placeholder: 'e.g. n8n3f2a9c0d1e7b4a55',
			description: 'Only orders with this order tag',
		},
		symbolFilterField,
	]),
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = readCollection(this, 'filters', itemIndex);
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const orders = (await fetchOrderBook(this)).filter(orderFilter(filters)).slice(0, limit);
	return simplify ? orders.map(simplifyOrder) : orders.map((order) => order.raw);
}

orderResource.add({
	value: 'getMany',
	name: 'Get Many',
	action: 'Get many orders',
	description: "Today's order book, filtered by status, symbol, product or tag",
	properties,
	execute,
});
