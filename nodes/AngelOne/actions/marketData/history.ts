// Historical series shared by Get Candles and Get Open Interest: the interval table with each interval's longest
// range per request (protocol §3.11), reading the item (instrument, interval, From/To as IST), and fetching a range chunk by chunk.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formatCandleDate, fromIst, istParts } from '../../helpers/ist';
import type { Instrument } from '../../instruments';
import { instrumentIndex, resolveLocator } from '../../methods/instruments';
import type { Answer } from '../../transport/endpoints';
import { callEndpoint } from '../../transport/request';
import { MAX_REQUESTS_PER_ITEM, ValidationError } from '../shared';
import { parameters } from '../parameters';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export interface IntervalSpec {
	/** SmartAPI's interval name. */
	value: string;
	name: string;
	/** The longest range one request may cover, in days (protocol §3.11). */
	maxDays: number;
}

/** In time order; the one table for the picker and for chunking, so the two cannot disagree. */
export const INTERVALS: readonly IntervalSpec[] = [
	{ value: 'ONE_MINUTE', name: '1 Minute', maxDays: 30 },
	{ value: 'THREE_MINUTE', name: '3 Minutes', maxDays: 60 },
	{ value: 'FIVE_MINUTE', name: '5 Minutes', maxDays: 100 },
	{ value: 'TEN_MINUTE', name: '10 Minutes', maxDays: 100 },
	{ value: 'FIFTEEN_MINUTE', name: '15 Minutes', maxDays: 200 },
	{ value: 'THIRTY_MINUTE', name: '30 Minutes', maxDays: 200 },
	{ value: 'ONE_HOUR', name: '1 Hour', maxDays: 400 },
	{ value: 'ONE_DAY', name: '1 Day', maxDays: 2000 },
];

export function intervalField(defaultInterval: string): INodeProperties {
	return {
		displayName: 'Interval',
		name: 'interval',
		type: 'options',
		options: INTERVALS.map((i) => ({ name: i.name, value: i.value })),
		default: defaultInterval,
		description: 'Length of each period. Long ranges are fetched in as many requests as the interval needs, paced to the limit.',
	};
}

export const rangeFields: INodeProperties[] = [
	{
		displayName: 'From',
		name: 'from',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Start of the range. A time without a time zone is India time (IST).',
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'dateTime',
		default: '',
		description: 'End of the range; empty means now. A time in the future is treated as now. A time without a time zone is India time (IST).',
	},
];

/**
 * The earliest From accepted: 1 January 2000, IST. Angel One publishes no start of its history; nothing before the
 * exchanges' electronic era exists, and a floor keeps a typo (year 0100, -1e30, seconds for milliseconds) from
 * planning thousands of requests.
 */
export const HISTORY_START = fromIst(2000, 1, 1);

export function findInterval(value: unknown): IntervalSpec {
	const found = INTERVALS.find((i) => i.value === String(value).trim().toUpperCase());
	if (!found) {
		throw new ValidationError('Interval', `"${String(value)}" is not one of ${INTERVALS.map((i) => i.value).join(', ')}`);
	}
	return found;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ZONED_TIME = /(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An instant from a date field: ISO text with a zone as given, text without one as IST (the exchange's clock,
 * whatever the n8n instance's zone), epoch milliseconds, a Date, or a Luxon DateTime from an expression.
 */
export function parseInstant(value: unknown, field: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (value instanceof Date && Number.isFinite(value.getTime())) return value.getTime();
	if (typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const ms = (value as { toMillis(): number }).toMillis();
		if (Number.isFinite(ms)) return ms;
	}
	if (typeof value === 'string') {
		const text = value.trim();
		const local = LOCAL_TIME.exec(text);
		if (local) {
			const [, y, mo, d, h, mi, s] = local;
			const ms = fromIst(+y, +mo, +d, h ? +h : 0, mi ? +mi : 0, s ? +s : 0);
			const back = istParts(ms);
			// Date.UTC rolls 2026-02-30 over into March; a date that does not exist is a typo, not a wish.
			if (back.year === +y && back.month === +mo && back.day === +d) return ms;
		} else if (ZONED_TIME.test(text)) {
			const ms = Date.parse(text);
			if (Number.isFinite(ms)) return ms;
		}
	}
	throw new ValidationError(field, `"${String(value)}" is not a date and time such as 2026-01-05 09:15 or 2026-01-05T09:15:00+05:30`);
}

export interface Range {
	from: number;
	to: number;
}

function inHistory(ms: number, field: string, now: number): void {
	if (ms < HISTORY_START) {
		throw new ValidationError(
			field,
			'The date is before 2000-01-01 (IST), where the history this node reads begins (a number counts milliseconds since 1970)',
		);
	}
	if (ms > now + 366 * DAY_MS) throw new ValidationError(field, 'The date is more than a year in the future');
}

/**
 * From and To as instants on the minute grid (SmartAPI takes minutes); To defaults to and is clamped at `now`.
 * Both are finite and inside the history window, checked before any request.
 */
export function readRange(ctx: IExecuteFunctions, itemIndex: number, now: number): Range {
	const read = parameters(ctx, itemIndex);
	const from = parseInstant(read.value('from', ''), 'From');
	if (from === undefined) throw new ValidationError('From', 'Give the start of the range');
	inHistory(from, 'From', now);
	const givenTo = parseInstant(read.value('to', ''), 'To');
	if (givenTo !== undefined) inHistory(givenTo, 'To', now);
	const to = Math.min(givenTo ?? now, now);
	if (from > now) throw new ValidationError('From', 'The range starts in the future; there is no history there yet');
	if (from > to) throw new ValidationError('From', 'The range starts after it ends');
	return { from: Math.floor(from / MINUTE_MS) * MINUTE_MS, to: Math.floor(to / MINUTE_MS) * MINUTE_MS };
}

/**
 * Requests covering [from, to], each at most `maxDays` long, refused (naming From) when there would be more than
 * MAX_REQUESTS_PER_ITEM. The count is computed first and the loop runs exactly that many times, so it ends for any
 * input. Neighbours share their edge instant: whether the API counts "todate" in or out is not documented, so the
 * edge is asked for twice and merged once.
 */
export function chunkRange(range: Range, interval: IntervalSpec): Range[] {
	const span = interval.maxDays * DAY_MS;
	const count = Math.max(1, Math.ceil((range.to - range.from) / span));
	if (!(count <= MAX_REQUESTS_PER_ITEM)) {
		const longest = Math.floor((MAX_REQUESTS_PER_ITEM * interval.maxDays) / 365);
		throw new ValidationError(
			'From',
			`This range needs ${Number.isFinite(count) ? count : 'too many'} requests of at most ${interval.maxDays} days at ${interval.name}; one item may make at most ${MAX_REQUESTS_PER_ITEM} (about ${longest} years). Shorten the range or pick a longer interval`,
		);
	}
	const chunks: Range[] = [];
	for (let i = 0; i < count; i++) {
		const from = range.from + i * span;
		chunks.push({ from, to: i === count - 1 ? range.to : Math.min(from + span, range.to) });
	}
	return chunks;
}

/** "2026-01-05T09:15:00+05:30": ISO 8601 in IST, as SmartAPI writes candle times. */
export function istTimestamp(ms: number): string {
	const p = istParts(ms);
	const two = (n: number): string => String(n).padStart(2, '0');
	return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}+05:30`;
}

/**
 * Appends points in time order, dropping any at or before the last one kept: chunks arrive in order, so this
 * removes the shared edges (and anything a server sends twice) without holding a set of every time seen.
 */
export class SeriesMerger<T> {
	private last = -Infinity;
	readonly items: T[] = [];

	add(points: Array<{ ms: number; item: T }>): void {
		points.sort((a, b) => a.ms - b.ms);
		for (const point of points) {
			if (point.ms <= this.last) continue;
			this.last = point.ms;
			this.items.push(point.item);
		}
	}
}

/** One point of a history series, with its time for merging. */
export interface SeriesPoint {
	ms: number;
	item: IDataObject;
}

type SeriesEndpoint = 'getCandleData' | 'getOIData';

/** What a series operation reads from its item: the instrument (checked by the operation), interval and range. */
export interface SeriesRequest<E extends SeriesEndpoint> {
	endpoint: E;
	/** Refuses an instrument the endpoint has no series for, before anything is sent. */
	check?: (instrument: Instrument) => void;
	toPoints: (rows: Answer<E>) => SeriesPoint[];
}

/**
 * A whole range from one history endpoint (candles or open interest): one request per chunk, one at a time and
 * in order, because the transport spaces them to the history limit (3/s, 180/min) and an error must stop the
 * whole range instead of returning one with a hole in it.
 */
export async function fetchSeries<E extends SeriesEndpoint>(ctx: IExecuteFunctions, itemIndex: number, request: SeriesRequest<E>): Promise<IDataObject[]> {
	const index = await instrumentIndex(ctx);
	const read = parameters(ctx, itemIndex);
	const instrument = resolveLocator(index, read.value('instrument'), 'Instrument');
	request.check?.(instrument);
	const interval = findInterval(read.value('interval'));
	const range = readRange(ctx, itemIndex, Date.now());
	const merged = new SeriesMerger<IDataObject>();
	for (const chunk of chunkRange(range, interval)) {
		const rows = await callEndpoint(ctx, request.endpoint, {
			body: {
				exchange: instrument.exchange,
				symboltoken: instrument.token,
				interval: interval.value,
				fromdate: formatCandleDate(chunk.from),
				todate: formatCandleDate(chunk.to),
			},
		});
		merged.add(request.toPoints(rows));
	}
	return merged.items;
}
