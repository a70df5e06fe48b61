// Portfolio → Get Positions: today's net positions (intraday and carried forward), one item per position.
// SmartAPI sends every position value as a string; the simplified view turns them into numbers and keeps the
// live rows' P&L (pnl, realised, unrealised) with the last price and previous close it was computed from.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { num, textOrNull } from '../../helpers/values';
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

export function simplifyPosition(position: IDataObject): IDataObject {
	const strike = num(position.strikeprice);
	return {
		tradingSymbol: textOrNull(position.tradingsymbol),
		exchange: textOrNull(position.exchange),
		token: textOrNull(position.symboltoken),
		product: textOrNull(position.producttype),
		instrumentType: textOrNull(position.instrumenttype),
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
		expiry: textOrNull(position.expirydate),
		strike: strike !== null && strike > 0 ? strike : null,
		optionType: textOrNull(position.optiontype),
		ltp: num(position.ltp),
		close: num(position.close),
		realisedPnl: num(position.realised),
		unrealisedPnl: num(position.unrealised),
		pnl: num(position.pnl),
	};
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const openOnly = parameters(this, itemIndex).flag('openOnly', false);
	const simplify = readSimplify(this, itemIndex);
	const positions = (await fetchPositions(this)).filter((p) => !openOnly || netQuantity(p) !== 0);
	return simplify ? positions.map(simplifyPosition) : positions;
}

portfolioResource.add({
	value: 'getPositions',
	name: 'Get Positions',
	action: 'Get positions',
	description: "Today's intraday and carried-forward positions",
	properties,
	execute,
});
