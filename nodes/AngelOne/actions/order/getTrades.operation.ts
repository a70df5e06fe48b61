// Order → Get Trades: today's trade book (one item per fill), optionally for one order or symbol.
// Fill times come as a bare IST clock time and are given today's date.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { istDay } from '../../helpers/ist';
import { toNumber } from '../../transport/envelope';
import { runtimeOf } from '../../runtime';
import { smartApiRequest } from '../../transport/request';
import { symbolFilter } from '../orderBook';
import { limitField, readCollection, readLimit, returnAllField, simplifyField, symbolFilterField } from '../orderFields';

export const description: INodeProperties[] = [
	returnAllField,
	limitField,
	simplifyField,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Order ID',
				name: 'orderId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 251125000000123',
				description: 'Only the fills of this order',
			},
			symbolFilterField,
		],
	},
];

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** The trade book holds today's fills with a bare "HH:mm:ss" (IST); today's date makes it an instant. */
function fillTimeIso(value: unknown, today: string): string | null {
	const time = text(value).trim();
	if (!/^\d{2}:\d{2}:\d{2}$/.test(time)) return null;
	return `${today}T${time}.000+05:30`;
}

/** `today`: the IST day (YYYY-MM-DD) of the trade book. */
export function simplifyTrade(trade: IDataObject, today: string): IDataObject {
	return {
		orderId: text(trade.orderid) || null,
		fillId: text(trade.fillid) || null,
		tradingSymbol: text(trade.tradingsymbol) || null,
		exchange: text(trade.exchange) || null,
		side: text(trade.transactiontype) || null,
		product: text(trade.producttype) || null,
		quantity: toNumber(trade.fillsize) ?? null,
		price: toNumber(trade.fillprice) ?? null,
		value: toNumber(trade.tradevalue) ?? null,
		time: fillTimeIso(trade.filltime, today),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = readCollection(this, 'filters', itemIndex);
	const limit = readLimit(this, itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const data = await smartApiRequest(this, 'getTradeBook');
	const orderId = typeof filters.orderId === 'string' ? filters.orderId.trim() : '';
	const bySymbol = symbolFilter(typeof filters.symbol === 'string' ? filters.symbol : '');
	const trades = (Array.isArray(data) ? (data as IDataObject[]) : [])
		.filter((trade) => (orderId === '' || text(trade.orderid) === orderId) && bySymbol(trade))
		.slice(0, limit);
	const today = istDay(runtimeOf(this).now());
	return simplify ? trades.map((trade) => simplifyTrade(trade, today)) : trades;
}
