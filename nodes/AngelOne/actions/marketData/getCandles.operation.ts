// Market Data → Get Candles: any range of OHLCV candles, split into the interval's longest allowed requests
// (paced by the transport at the history limit), merged in time order, one item per candle with IST times.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { instrumentLocator } from '../../methods/instruments';
import type { CandleRow } from '../../transport/answers';
import { fetchSeries, intervalField, istTimestamp, rangeFields, type SeriesPoint } from './history';
import { marketDataResource } from './resource';

const properties: INodeProperties[] = [instrumentLocator(), intervalField('ONE_DAY'), ...rangeFields];

/** SmartAPI candles are [time, open, high, low, close, volume] with prices in rupees. */
function toPoints(ctx: IExecuteFunctions, itemIndex: number, candles: CandleRow[]): SeriesPoint[] {
	return candles.map((candle) => {
		// Only a time sent as text counts: a bare number would parse as a year.
		const ms = typeof candle.raw[0] === 'string' ? Date.parse(candle.time) : NaN;
		if (!Number.isFinite(ms)) {
			throw new NodeOperationError(ctx.getNode(), `Angel One sent a candle without a readable time: ${JSON.stringify(candle.raw)}`, { itemIndex });
		}
		const { open, high, low, close, volume } = candle;
		return { ms, item: { time: istTimestamp(ms), open, high, low, close, volume } };
	});
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await fetchSeries(this, itemIndex, { endpoint: 'getCandleData', toPoints: (candles) => toPoints(this, itemIndex, candles) });
}

marketDataResource.add({
	value: 'getCandles',
	name: 'Get Candles',
	action: 'Get historical candles',
	description: 'Open, high, low, close and volume over any date range, one item per candle',
	properties,
	execute,
});
