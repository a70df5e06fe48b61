// Portfolio → Get Holdings: one item per demat holding, optionally with the account's totals on each.
// Holdings answer in numbers already; the simplified view adds invested and current value.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { HoldingRow, HoldingTotals } from '../../transport/answers';
import { callEndpoint } from '../../transport/request';
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
export function simplifyHolding(holding: HoldingRow): IDataObject {
	const quantity = holding.quantity ?? 0;
	const average = holding.averageprice ?? 0;
	const ltp = holding.ltp;
	return {
		tradingSymbol: holding.tradingsymbol || null,
		exchange: holding.exchange || null,
		isin: holding.isin || null,
		token: holding.symboltoken || null,
		quantity,
		settledQuantity: holding.realisedquantity,
		t1Quantity: holding.t1quantity,
		authorisedQuantity: holding.authorisedquantity,
		averagePrice: average,
		ltp,
		close: holding.close,
		investedValue: round2(average * quantity),
		currentValue: ltp === null ? null : round2(ltp * quantity),
		profitAndLoss: holding.profitandloss,
		profitAndLossPercent: holding.pnlpercentage,
	};
}

function simplifyTotals(totals: HoldingTotals): IDataObject {
	return {
		holdingValue: totals.totalholdingvalue,
		investedValue: totals.totalinvvalue,
		profitAndLoss: totals.totalprofitandloss,
		profitAndLossPercent: totals.totalpnlpercentage,
	};
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const includeTotals = parameters(this, itemIndex).flag('includeTotals', false);
	const simplify = readSimplify(this, itemIndex);
	if (!includeTotals) {
		const holdings = await callEndpoint(this, 'getHolding');
		return holdings.map((holding) => (simplify ? simplifyHolding(holding) : holding.raw));
	}
	const { holdings, totalholding } = await callEndpoint(this, 'getAllHolding');
	return holdings.map((holding) =>
		simplify ? { ...simplifyHolding(holding), totals: simplifyTotals(totalholding) } : { ...holding.raw, totalholding: totalholding.raw },
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
