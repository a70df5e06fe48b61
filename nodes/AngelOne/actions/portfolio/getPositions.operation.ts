// Portfolio → Get Positions: today's net positions (intraday and carried forward), one item per position.
// SmartAPI sends every position value as a string; the simplified view turns them into numbers and keeps the
// live rows' P&L (pnl, realised, unrealised) with the last price and previous close it was computed from.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toNumber } from '../../transport/envelope';
import { smartApiRequest } from '../../transport/request';
import { simplifyField } from '../orderFields';

export const description: INodeProperties[] = [
	{
		displayName: 'Open Only',
		name: 'openOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out positions that are already squared off (net quantity zero)',
	},
	simplifyField,
];

function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function num(value: unknown): number | null {
	return toNumber(value) ?? null;
}

/** Today's positions; SmartAPI answers `data: null` when there are none. */
export async function fetchPositions(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	const data = await smartApiRequest(ctx, 'getPosition');
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** Net quantity: bought minus sold, carried-forward quantities included. Positive is long. */
export function netQuantity(position: IDataObject): number {
	return toNumber(position.netqty) ?? (toNumber(position.buyqty) ?? 0) - (toNumber(position.sellqty) ?? 0);
}

export function simplifyPosition(position: IDataObject): IDataObject {
	const strike = num(position.strikeprice);
	return {
		tradingSymbol: text(position.tradingsymbol) || null,
		exchange: text(position.exchange) || null,
		token: text(position.symboltoken) || null,
		product: text(position.producttype) || null,
		instrumentType: text(position.instrumenttype) || null,
		netQuantity: netQuantity(position),
		buyQuantity: num(position.buyqty),
		sellQuantity: num(position.sellqty),
		buyAveragePrice: num(position.buyavgprice),
		sellAveragePrice: num(position.sellavgprice),
		netPrice: num(position.avgnetprice ?? position.netprice),
		buyValue: num(position.totalbuyvalue ?? position.buyamount),
		sellValue: num(position.totalsellvalue ?? position.sellamount),
		netValue: num(position.netvalue),
		lotSize: num(position.lotsize),
		expiry: text(position.expirydate) || null,
		strike: strike !== null && strike > 0 ? strike : null,
		optionType: text(position.optiontype) || null,
		ltp: num(position.ltp),
		close: num(position.close),
		realisedPnl: num(position.realised),
		unrealisedPnl: num(position.unrealised),
		pnl: num(position.pnl),
	};
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const openOnly = this.getNodeParameter('openOnly', itemIndex, false) as boolean;
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	const positions = (await fetchPositions(this)).filter((p) => !openOnly || netQuantity(p) !== 0);
	return simplify ? positions.map(simplifyPosition) : positions;
}
