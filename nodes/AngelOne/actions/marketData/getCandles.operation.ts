// Market Data → Get Candles: any range of OHLCV candles, split into the interval's longest allowed requests
// (paced by the transport at the history limit), merged in time order, one item per candle with IST times.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { formatCandleDate } from '../../helpers/ist';
import { instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import { toNumber } from '../../helpers/values';
import { smartApiRequest } from '../../transport/request';
import { chunkRange, findInterval, intervalField, istTimestamp, rangeFields, readRange, SeriesMerger } from './history';
import { marketDataResource } from './resource';

const properties: INodeProperties[] = [instrumentLocator(), intervalField('ONE_DAY'), ...rangeFields];

type Point = { ms: number; item: IDataObject };

/** SmartAPI candles are [time, open, high, low, close, volume] with prices in rupees. */
function toPoints(ctx: IExecuteFunctions, itemIndex: number, data: unknown): Point[] {
	if (data === null || data === undefined || data === '') return [];
	if (!Array.isArray(data)) {
		throw new NodeOperationError(ctx.getNode(), 'Angel One answered the candle request with something other than a list', { itemIndex });
	}
	return data.map((row: unknown) => {
		const values = Array.isArray(row) ? row : [];
		const ms = typeof values[0] === 'string' ? Date.parse(values[0]) : NaN;
		if (!Number.isFinite(ms)) {
			throw new NodeOperationError(ctx.getNode(), `Angel One sent a candle without a readable time: ${JSON.stringify(row)}`, { itemIndex });
		}
		const [open, high, low, close, volume] = values.slice(1, 6).map((v: unknown) => toNumber(v) ?? null);
		return { ms, item: { time: istTimestamp(ms), open, high, low, close, volume } };
	});
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const index = await instrumentIndex(this);
	const instrument = resolveLocator(index, this.getNodeParameter('instrument', itemIndex), 'Instrument');
	const interval = findInterval(this.getNodeParameter('interval', itemIndex));
	const range = readRange(this, itemIndex, Date.now());
	const merged = new SeriesMerger<IDataObject>();
	// One at a time and in order: the transport spaces them to the history limit (3/s, 180/min), and an error
	// stops the whole range instead of returning one with a hole in it.
	for (const chunk of chunkRange(range, interval)) {
		const data = await smartApiRequest(this, 'getCandleData', {
			body: {
				exchange: instrument.exchange,
				symboltoken: instrument.token,
				interval: interval.value,
				fromdate: formatCandleDate(chunk.from),
				todate: formatCandleDate(chunk.to),
			},
		});
		merged.add(toPoints(this, itemIndex, data));
	}
	return merged.items;
}

marketDataResource.add({
	value: 'getCandles',
	name: 'Get Candles',
	action: 'Get historical candles',
	description: 'Open, high, low, close and volume over any date range, one item per candle',
	properties,
	execute,
});
