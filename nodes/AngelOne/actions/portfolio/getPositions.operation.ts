// Portfolio → Get Positions: today's net positions (intraday and carried forward), one item per position.
// SmartAPI sends every position value as a string (the raw output shows them so; the transport reads them as
// numbers); the simplified view keeps the live rows' P&L (pnl, realised, unrealised) with the last price and
// previous close it was computed from.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PositionRow } from '../../transport/answers';
import { fetchPositions, netQuantity } from '../../orders/positions';
import { readSimplify, simplifyField } from '../fields';
import { portfolioResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Open Only',
		name: 'openOnly',
		type: 'boolean',
		default: false,
		description: 'Whether to leave out positions that are already squared off (net quantity zero)',
	},
	simplifyField,
];

export function simplifyPosition(position: PositionRow): IDataObject {
	const strike = position.strikeprice;
	return {
		tradingSymbol: position.tradingsymbol || null,
		exchange: position.exchange || null,
		token: position.symboltoken || null,
		product: position.producttype || null,
		instrumentType: position.instrumenttype || null,
		netQuantity: netQuantity(position),
		buyQuantity: position.buyqty,
		sellQuantity: position.sellqty,
		buyAveragePrice: position.buyavgprice,
		sellAveragePrice: position.sellavgprice,
		netPrice: position.avgnetprice ?? position.netprice,
		buyValue: position.totalbuyvalue ?? position.buyamount,
		sellValue: position.totalsellvalue ?? position.sellamount,
		netValue: position.netvalue,
		lotSize: position.lotsize,
		expiry: position.expirydate || null,
		strike: strike !== null && strike > 0 ? strike : null,
		optionType: position.optiontype || null,
		ltp: position.ltp,
		close: position.close,
		realisedPnl: position.realised,
		unrealisedPnl: position.unrealised,
		pnl: position.pnl,
	};
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const openOnly = parameters(this, itemIndex).flag('openOnly', false);
	const simplify = readSimplify(this, itemIndex);
	const positions = (await fetchPositions(this)).filter((p) => !openOnly || netQuantity(p) !== 0);
	return positions.map((position) => (simplify ? simplifyPosition(position) : position.raw));
}

portfolioResource.add({
	value: 'getPositions',
	name: 'Get Positions',
	action: 'Get positions',
	description: "Today's intraday and carried-forward positions",
	properties,
	execute,
});
