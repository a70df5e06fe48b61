// Order → Get Trades: today's trade book (one item per fill), optionally for one order or symbol.
// Fill times come as a bare IST clock time and are given today's date.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { text, textOrNull, toNumber } from '../../helpers/values';
import { istDay } from '../../helpers/ist';
import { runtimeOf } from '../../runtime';
import { smartApiRequest } from '../../transport/request';
import { symbolFilter } from '../../orders/book';
import { symbolFilterField } from '../orderFields';
import { filtersField, limitField, readCollection, readLimit, readSimplify, returnAllField, simplifyField } from '../fields';
import { orderResource } from './resource';

const properties: INodeProperties[] = [
	returnAllField,
	limitField,
	simplifyField,
	filtersField([
		{
			displayName: 'Order ID',
			name: 'orderId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 251125000000123',
			description: 'Only the fills of this order',
		},
		symbolFilterField,
	]),
];

/** The trade book holds today's fills with a bare "HH:mm:ss" (IST); today's date makes it an instant. */
function fillTimeIso(value: unknown, today: string): string | null {
	const time = text(value).trim();
	if (!/^\d{2}:\d{2}:\d{2}$/.test(time)) return null;
	return `${today}T${time}.000+05:30`;
}

/** `today`: the IST day (YYYY-MM-DD) of the trade book. */
export function simplifyTrade(trade: IDataObject, today: string): IDataObject {
	return {
		orderId: textOrNull(trade.orderid),
		fillId: textOrNull(trade.fillid),
		tradingSymbol: textOrNull(trade.tradingsymbol),
		exchange: textOrNull(trade.exchange),
		side: textOrNull(trade.transactiontype),
		product: textOrNull(trade.producttype),
		quantity: toNumber(trade.fillsize) ?? null,
		price: toNumber(trade.fillprice) ?? null,
		value: toNumber(trade.tradevalue) ?? null,
		time: fillTimeIso(trade.filltime, today),
	};
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = readCollection(this, 'filters', itemIndex);
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const data = await smartApiRequest(this, 'getTradeBook');
	const orderId = typeof filters.orderId === 'string' ? filters.orderId.trim() : '';
	const bySymbol = symbolFilter(typeof filters.symbol === 'string' ? filters.symbol : '');
	const trades = (Array.isArray(data) ? (data as IDataObject[]) : [])
		.filter((trade) => (orderId === '' || text(trade.orderid) === orderId) && bySymbol(trade))
		.slice(0, limit);
	const today = istDay(runtimeOf(this).now());
	return simplify ? trades.map((trade) => simplifyTrade(trade, today)) : trades;
}

orderResource.add({
	value: 'getTrades',
	name: 'Get Trades',
	action: 'Get trades',
	description: "Today's trade book: one item per fill",
	properties,
	execute,
});
