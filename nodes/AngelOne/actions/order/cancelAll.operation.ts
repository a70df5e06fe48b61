// Order → Cancel All Open: cancels every open, trigger-pending and queued order (optionally only one symbol or
// product) and reports each order's outcome as its own item.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { fetchOrderBook, findById, isLive, orderFilter, statusOf } from '../../orders/book';
import { productFilterField, symbolFilterField } from '../orderFields';
import { filtersField, readCollection, readSimplify, simplifyField } from '../fields';
import { writableCredentials } from '../../orders/submit';
import { cancelLiveOrder, cancelOutput, type CancelOutcome } from '../../orders/cancel';
import { orderResource } from './resource';

const properties: INodeProperties[] = [
	simplifyField,
	filtersField([productFilterField, symbolFilterField]),
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	await writableCredentials(this);
	const filters = readCollection(this, 'filters', itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const matches = orderFilter({ symbol: filters.symbol, product: filters.product });
	const targets = (await fetchOrderBook(this)).filter((order) => isLive(order) && matches(order));

	const outcomes: Array<{ outcome: CancelOutcome; error?: string }> = [];
	for (const order of targets) {
		try {
			outcomes.push({ outcome: await cancelLiveOrder(this, order) });
		} catch (error) {
			// One refusal (e.g. an after-market order during 08:45–09:15) must not hide the other outcomes.
			outcomes.push({ outcome: { order, cancelled: false, reconciled: false }, error: error instanceof Error ? error.message : String(error) });
		}
	}
	if (outcomes.some((o) => o.error !== undefined)) {
		// A refused cancel usually raced with a fill (or a cancel from elsewhere): show where those orders are now.
		const book = await fetchOrderBook(this);
		for (const o of outcomes) {
			const now = o.error === undefined ? undefined : findById(book, o.outcome.order.orderid);
			if (now) o.outcome = { order: now, cancelled: statusOf(now) === 'cancelled', reconciled: false };
		}
	}
	return outcomes.map((o) => cancelOutput(o.outcome, simplify, o.error !== undefined && !o.outcome.cancelled ? { error: o.error } : {}));
}

orderResource.add({
	value: 'cancelAll',
	name: 'Cancel All Open',
	action: 'Cancel all open orders',
	description: 'Cancel every open order, optionally only for one symbol or product',
	properties,
	execute,
});
