// Account → Get Funds: the RMS limits, numbers as numbers. The simplified view names each figure by what it is
// live: `availablecash` is a net-margin figure and `utilisedpayout` the withdrawable cash; the m2m fields read
// 0.00 live even with booked P&L, so they are left to the raw output (Get Positions carries the P&L).
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Funds } from '../../transport/answers';
import { callEndpoint } from '../../transport/request';
import { accountResource } from './resource';
import { readSimplify } from '../fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			"Whether to name each figure by what it means (Angel One's availablecash is the net margin available, utilisedpayout the withdrawable cash; its m2m fields are left out because they read 0 live) instead of returning the raw RMS fields",
	},
];

/** Simplified name ← RMS field. */
const SIMPLIFIED: Record<string, Exclude<keyof Funds, 'raw'>> = {
	netMarginAvailable: 'availablecash',
	net: 'net',
	withdrawableCash: 'utilisedpayout',
	collateral: 'collateral',
	intradayPayIn: 'availableintradaypayin',
	limitMargin: 'availablelimitmargin',
	marginUsed: 'utiliseddebits',
	spanMarginUsed: 'utilisedspan',
	exposureMarginUsed: 'utilisedexposure',
	optionPremiumUsed: 'utilisedoptionpremium',
	holdingSalesCredit: 'utilisedholdingsales',
	turnoverUsed: 'utilisedturnover',
};

async function execute(this: IExecuteFunctions, itemIndex = 0): Promise<IDataObject> {
	const simplify = readSimplify(this, itemIndex);
	const funds = await callEndpoint(this, 'getRMS');
	if (!simplify) return funds.raw;
	const out: IDataObject = {};
	for (const [name, field] of Object.entries(SIMPLIFIED)) out[name] = funds[field];
	return out;
}

accountResource.add({
	value: 'getFunds',
	name: 'Get Funds',
	action: 'Get available funds and margin',
	description: 'Available cash, margin used and net (RMS limits)',
	properties,
	execute,
});
