// Order → Get Trades: today's trade book (one item per fill), optionally for one order or symbol.
// Fill times come as a bare IST clock time and are given today's date.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { istDay } from '../../helpers/ist';
import { runtimeOf } from '../../runtime';
import type { TradeRow } from '../../transport/answers';
import { callEndpoint } from '../../transport/request';
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
function fillTimeIso(value: string, today: string): string | null {
	const time = value.trim();
	if (!/^\d{2}:\d{2}:\d{2}$/.test(time)) return null;
	return `${today}T${time}.000+05:30`;
}

/** `today`: the IST day (YYYY-MM-DD) of the trade book. */
export function simplifyTrade(trade: TradeRow, today: string): IDataObject {
	return {
		orderId: trade.orderid || null,
		fillId: trade.fillid || null,
		tradingSymbol: trade.tradingsymbol || null,
		exchange: trade.exchange || null,
		side: trade.transactiontype || null,
		product: trade.producttype || null,
		quantity: trade.fillsize,
		price: trade.fillprice,
		value: trade.tradevalue,
		time: fillTimeIso(trade.filltime, today),
	};
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = readCollection(this, 'filters', itemIndex);
	const limit = readLimit(this, itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const book = await callEndpoint(this, 'getTradeBook');
	const orderId = typeof filters.orderId === 'string' ? filters.orderId.trim() : '';
	const bySymbol = symbolFilter(typeof filters.symbol === 'string' ? filters.symbol : '');
	const trades = book.filter((trade) => (orderId === '' || trade.orderid === orderId) && bySymbol(trade)).slice(0, limit);
	const today = istDay(runtimeOf(this).now());
	return simplify ? trades.map((trade) => simplifyTrade(trade, today)) : trades.map((trade) => trade.raw);
}

orderResource.add({
	value: 'getTrades',
	name: 'Get Trades',
	action: 'Get trades',
	description: "Today's trade book: one item per fill",
	properties,
	execute,
});
