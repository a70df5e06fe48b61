// Quote answers as items, pure: one item per requested instrument in request order, numbers as numbers, depth as
// arrays, and the instruments Angel One could not quote as items carrying an error (Market Data → Get Quote).
import type { IDataObject } from 'n8n-workflow';

import { toNumber } from '../../helpers/values';
import type { Instrument } from '../../instruments';

export type QuoteMode = 'LTP' | 'OHLC' | 'FULL';

/** Identifiers and times stay text; every other value that reads as a number becomes one. */
const TEXT_FIELDS = new Set(['exchange', 'tradingSymbol', 'symbolToken', 'exchFeedTime', 'exchTradeTime']);

interface DepthLevel extends IDataObject {
	price: number | null;
	quantity: number | null;
	orders: number | null;
}

function depthSide(levels: unknown): DepthLevel[] {
	if (!Array.isArray(levels)) return [];
	return levels.map((level: unknown) => {
		const l = (level ?? {}) as IDataObject;
		return { price: toNumber(l.price) ?? null, quantity: toNumber(l.quantity) ?? null, orders: toNumber(l.orders) ?? null };
	});
}

/** The broker's record with numbers as numbers and depth as arrays of {price, quantity, orders}. */
function rawQuote(record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record)) {
		if (key === 'depth') {
			const depth = (value ?? {}) as IDataObject;
			out.depth = { buy: depthSide(depth.buy), sell: depthSide(depth.sell) };
		} else if (typeof value === 'string' && !TEXT_FIELDS.has(key)) {
			out[key] = toNumber(value) ?? value;
		} else {
			out[key] = value;
		}
	}
	return out;
}

/** A best price of 0 means nobody is bidding or offering; null says so without inviting an order at ₹0. */
function best(levels: DepthLevel[]): number | null {
	const price = levels[0]?.price;
	return price !== null && price !== undefined && price > 0 ? price : null;
}

function quoteItem(instrument: Instrument, record: IDataObject, mode: QuoteMode, simplify: boolean): IDataObject {
	const raw = rawQuote(record);
	if (mode === 'FULL' && !simplify) return raw;
	const item: IDataObject = {
		exchange: instrument.exchange,
		tradingSymbol: instrument.tradingSymbol,
		token: instrument.token,
		ltp: raw.ltp ?? null,
	};
	if (mode === 'LTP') return item;
	if (mode === 'FULL') {
		item.netChange = raw.netChange ?? null;
		item.percentChange = raw.percentChange ?? null;
	}
	Object.assign(item, { open: raw.open ?? null, high: raw.high ?? null, low: raw.low ?? null, close: raw.close ?? null });
	if (mode === 'OHLC') return item;
	const depth = (raw.depth ?? {}) as { buy?: DepthLevel[]; sell?: DepthLevel[] };
	return { ...item, volume: raw.tradeVolume ?? null, bestBid: best(depth.buy ?? []), bestAsk: best(depth.sell ?? []) };
}

function key(exchange: unknown, token: unknown): string {
	return `${String(exchange ?? '').toUpperCase()}|${String(token ?? '').trim()}`;
}

/**
 * One item per requested instrument, in request order, from the `data` of every quote response. Instruments
 * listed in `unfetched`, or missing from both lists, become items with `error` and `errorCode`.
 */
export function quoteItems(instruments: Instrument[], responses: unknown[], mode: QuoteMode, simplify: boolean): IDataObject[] {
	const fetched = new Map<string, IDataObject>();
	const unfetched = new Map<string, IDataObject>();
	for (const data of responses) {
		const d = (data ?? {}) as { fetched?: unknown; unfetched?: unknown };
		for (const f of Array.isArray(d.fetched) ? (d.fetched as IDataObject[]) : []) fetched.set(key(f.exchange, f.symbolToken), f);
		for (const u of Array.isArray(d.unfetched) ? (d.unfetched as IDataObject[]) : []) unfetched.set(key(u.exchange, u.symbolToken), u);
	}
	return instruments.map((instrument) => {
		const k = key(instrument.exchange, instrument.token);
		const record = fetched.get(k);
		if (record) return quoteItem(instrument, record, mode, simplify);
		const failure = unfetched.get(k);
		return {
			exchange: instrument.exchange,
			tradingSymbol: instrument.tradingSymbol,
			token: instrument.token,
			error: typeof failure?.message === 'string' && failure.message ? failure.message : 'Angel One returned no quote for this instrument',
			errorCode: typeof failure?.errorCode === 'string' && failure.errorCode ? failure.errorCode : null,
		};
	});
}
