// Market Data → Get Open Interest: a futures or options contract's open interest over any range, chunked,
// paced and merged like candles, one item per point {time, oi}.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeInstrument, instrumentLocator } from '../../methods/instruments';
import type { OiRow } from '../../transport/answers';
import type { Instrument } from '../../instruments';
import { ValidationError } from '../shared';
import { fetchSeries, intervalField, istTimestamp, rangeFields, type SeriesPoint } from './history';
import { marketDataResource } from './resource';

const properties: INodeProperties[] = [
	instrumentLocator({
		description: 'A futures or options contract, e.g. NFO:NIFTY30JAN2525000CE, or NSE:NIFTY1! for the nearest future',
	}),
	intervalField('FIFTEEN_MINUTE'),
	...rangeFields,
];

/** Exchanges without derivatives. */
const CASH_EXCHANGES = ['NSE', 'BSE'];

function toPoints(ctx: IExecuteFunctions, itemIndex: number, points: OiRow[]): SeriesPoint[] {
	return points.map((point) => {
		// Only a time sent as text counts: a bare number would parse as a year.
		const ms = typeof point.raw.time === 'string' ? Date.parse(point.time) : NaN;
		if (!Number.isFinite(ms)) {
			throw new NodeOperationError(ctx.getNode(), `Angel One sent an open interest point without a readable time: ${JSON.stringify(point.raw)}`, { itemIndex });
		}
		return { ms, item: { time: istTimestamp(ms), oi: point.oi } };
	});
}

/** Open interest exists only for derivatives; the API answers a share or an index with a bare AB1004. */
function checkDerivative(instrument: Instrument): void {
	if (CASH_EXCHANGES.includes(instrument.exchange) || instrument.expiry === null) {
		const what = describeInstrument(instrument);
		throw new ValidationError(
			'Instrument',
			`${what.exchange}:${what.tradingSymbol} has no open interest; pick a futures or options contract (NFO, BFO, MCX or CDS)`,
		);
	}
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await fetchSeries(this, itemIndex, { endpoint: 'getOIData', check: checkDerivative, toPoints: (points) => toPoints(this, itemIndex, points) });
}

marketDataResource.add({
	value: 'getOpenInterest',
	name: 'Get Open Interest',
	action: 'Get historical open interest',
	description: 'Open interest of a futures or options contract over any date range, one item per point',
	properties,
	execute,
});
