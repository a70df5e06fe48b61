// Account → Get Funds: the RMS limits, with numbers as numbers.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toNumber } from '../../transport/envelope';
import { smartApiRequest } from '../../transport/request';

export const description: INodeProperties[] = [];

const FIELDS: Record<string, string> = {
	net: 'net',
	availablecash: 'availableCash',
	availableintradaypayin: 'availableIntradayPayIn',
	availablelimitmargin: 'availableLimitMargin',
	collateral: 'collateral',
	m2munrealized: 'm2mUnrealized',
	m2mrealized: 'm2mRealized',
	utiliseddebits: 'utilisedDebits',
	utilisedspan: 'utilisedSpan',
	utilisedoptionpremium: 'utilisedOptionPremium',
	utilisedholdingsales: 'utilisedHoldingSales',
	utilisedexposure: 'utilisedExposure',
	utilisedturnover: 'utilisedTurnover',
	utilisedpayout: 'utilisedPayout',
};

export async function execute(this: IExecuteFunctions): Promise<IDataObject> {
	const data = ((await smartApiRequest(this, 'getRMS')) ?? {}) as IDataObject;
	const out: IDataObject = {};
	for (const [wire, name] of Object.entries(FIELDS)) out[name] = toNumber(data[wire]) ?? null;
	return out;
}
