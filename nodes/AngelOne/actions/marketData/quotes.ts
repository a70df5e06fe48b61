// Quote answers as items, pure: one item per requested instrument in request order, numbers as numbers, depth as
// arrays, and the instruments Angel One could not quote as items carrying an error (Market Data → Get Quote).
import type { IDataObject } from 'n8n-workflow';

import { toNumber } from '../../helpers/values';
import type { Instrument } from '../../instruments';
import type { DepthLevel, QuoteAnswer, QuoteRow, UnfetchedRow } from '../../transport/answers';

export type QuoteMode = 'LTP' | 'OHLC' | 'FULL';

/** Identifiers and times stay text; every other value that reads as a number becomes one. */
const TEXT_FIELDS = new Set(['exchange', 'tradingSymbol', 'symbolToken', 'exchFeedTime', 'exchTradeTime']);

function depthSide(levels: unknown): IDataObject[] {
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

function quoteItem(instrument: Instrument, quote: QuoteRow, mode: QuoteMode, simplify: boolean): IDataObject {
	if (mode === 'FULL' && !simplify) return rawQuote(quote.raw);
	const item: IDataObject = {
		exchange: instrument.exchange,
		tradingSymbol: instrument.tradingSymbol,
		token: instrument.token,
		ltp: quote.ltp,
	};
	if (mode === 'LTP') return item;
	if (mode === 'FULL') {
		item.netChange = quote.netChange;
		item.percentChange = quote.percentChange;
	}
	Object.assign(item, { open: quote.open, high: quote.high, low: quote.low, close: quote.close });
	if (mode === 'OHLC') return item;
	return { ...item, volume: quote.tradeVolume, bestBid: best(quote.depth.buy), bestAsk: best(quote.depth.sell) };
}

function key(exchange: string, token: string): string {
	return `${exchange.toUpperCase()}|${token}`;
}

/**
 * One item per requested instrument, in request order, from every quote answer. Instruments listed in
 * `unfetched`, or missing from both lists, become items with `error` and `errorCode`.
 */
export function quoteItems(instruments: Instrument[], quotes: QuoteAnswer[], mode: QuoteMode, simplify: boolean): IDataObject[] {
	const fetched = new Map<string, QuoteRow>();
	const unfetched = new Map<string, UnfetchedRow>();
	for (const quote of quotes) {
		for (const f of quote.fetched) fetched.set(key(f.exchange, f.symbolToken), f);
		for (const u of quote.unfetched) unfetched.set(key(u.exchange, u.symbolToken.trim()), u);
	}
	return instruments.map((instrument) => {
		const k = key(instrument.exchange, instrument.token.trim());
		const record = fetched.get(k);
		if (record) return quoteItem(instrument, record, mode, simplify);
		const failure = unfetched.get(k);
		return {
			exchange: instrument.exchange,
			tradingSymbol: instrument.tradingSymbol,
			token: instrument.token,
			error: failure?.message || 'Angel One returned no quote for this instrument',
			errorCode: failure?.errorCode || null,
		};
	});
}
