// Portfolio → Get Holdings: one item per demat holding, optionally with the account's totals on each.
// Holdings answer in numbers already; the simplified view adds invested and current value.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { num, textOrNull, toNumber } from '../../helpers/values';
import { smartApiRequest } from '../../transport/request';
import { readSimplify, simplifyField } from '../fields';
import { portfolioResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Include Account Totals',
		name: 'includeTotals',
		type: 'boolean',
		default: false,
		description: 'Whether to add the account totals (holding value, invested value, profit and loss) to every holding',
	},
	simplifyField,
];

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

/**
 * A holding in a trader's words. Selling delivery shares needs the day's CDSL (EDIS) authorisation unless the account
 * has a POA; authorisedQuantity is how many are authorised today.
 */
export function simplifyHolding(holding: IDataObject): IDataObject {
	const quantity = toNumber(holding.quantity) ?? 0;
	const average = toNumber(holding.averageprice) ?? 0;
	const ltp = toNumber(holding.ltp);
	return {
		tradingSymbol: textOrNull(holding.tradingsymbol),
		exchange: textOrNull(holding.exchange),
		isin: textOrNull(holding.isin),
		token: textOrNull(holding.symboltoken),
		quantity,
		settledQuantity: num(holding.realisedquantity),
		t1Quantity: num(holding.t1quantity),
		authorisedQuantity: num(holding.authorisedquantity),
		averagePrice: average,
		ltp: ltp ?? null,
		close: num(holding.close),
		investedValue: round2(average * quantity),
		currentValue: ltp === undefined ? null : round2(ltp * quantity),
		profitAndLoss: num(holding.profitandloss),
		profitAndLossPercent: num(holding.pnlpercentage),
	};
}

function simplifyTotals(totals: IDataObject): IDataObject {
	return {
		holdingValue: num(totals.totalholdingvalue),
		investedValue: num(totals.totalinvvalue),
		profitAndLoss: num(totals.totalprofitandloss),
		profitAndLossPercent: num(totals.totalpnlpercentage),
	};
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const includeTotals = parameters(this, itemIndex).flag('includeTotals', false);
	const simplify = readSimplify(this, itemIndex);
	if (!includeTotals) {
		const data = await smartApiRequest(this, 'getHolding');
		const holdings = Array.isArray(data) ? (data as IDataObject[]) : [];
		return simplify ? holdings.map(simplifyHolding) : holdings;
	}
	const data = ((await smartApiRequest(this, 'getAllHolding')) ?? {}) as IDataObject;
	const holdings = Array.isArray(data.holdings) ? (data.holdings as IDataObject[]) : [];
	const totals = (data.totalholding ?? {}) as IDataObject;
	return holdings.map((holding) =>
		simplify ? { ...simplifyHolding(holding), totals: simplifyTotals(totals) } : { ...holding, totalholding: totals },
	);
}

portfolioResource.add({
	value: 'getHoldings',
	name: 'Get Holdings',
	action: 'Get holdings',
	description: 'Shares in your demat account with value and profit, optionally with account totals',
	properties,
	execute,
});
