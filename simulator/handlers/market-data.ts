// Live market data endpoints (protocol §3.5–§3.7): getLtpData, quote in LTP/OHLC/FULL modes with `unfetched`
// items, and searchScrip over the universe.

import { formatOrderTime } from '../../nodes/AngelOne/helpers/ist';
import { trimmed } from '../../nodes/AngelOne/helpers/values';
import { abError, ok, type Reply } from '../envelopes';
import type { HandlerContext } from '../routes';
import type { UniverseInstrument } from '../universe';

const MAX_QUOTE_TOKENS = 50;

function rupees(units: number, inst: UniverseInstrument): number {
	const places = inst.exchange === 'CDS' ? 4 : 2;
	const f = 10 ** places;
	return Math.round((units / inst.priceDivisor) * f) / f;
}

export function getLtpData(ctx: HandlerContext): Reply {
	const exchange = trimmed(ctx.body.exchange).toUpperCase();
	const token = trimmed(ctx.body.symboltoken);
	const inst = ctx.state.universe.get(exchange, token);
	if (!inst) return abError('AB1018', 'Failed to get symbol details');
	const s = ctx.state.market.state(inst);
	// Docs print these as strings of rupees ("191"); live answers carry JSON numbers.
	const r = (units: number): number => rupees(units, inst);
	return ok({ exchange: inst.exchange, tradingsymbol: inst.symbol, symboltoken: inst.token, open: r(s.open), high: r(s.high), low: r(s.low), close: r(s.close), ltp: r(s.ltp) });
}

export function quote(ctx: HandlerContext): Reply {
	const mode = trimmed(ctx.body.mode).toUpperCase();
	if (mode !== 'LTP' && mode !== 'OHLC' && mode !== 'FULL') return abError('AB1007', 'Invalid mode');
	const exchangeTokens = ctx.body.exchangeTokens;
	if (exchangeTokens === null || typeof exchangeTokens !== 'object' || Array.isArray(exchangeTokens)) {
		return abError('AB1007', 'Invalid exchangeTokens');
	}
	const requests: Array<{ exchange: string; token: string }> = [];
	for (const [exchange, tokens] of Object.entries(exchangeTokens)) {
		if (!Array.isArray(tokens)) return abError('AB1007', 'Invalid exchangeTokens');
		for (const token of tokens) requests.push({ exchange: exchange.toUpperCase(), token: trimmed(token) });
	}
	if (requests.length > MAX_QUOTE_TOKENS) return abError('AB1007', `Maximum ${MAX_QUOTE_TOKENS} tokens are allowed in one request`);
	const fetched: Array<Record<string, unknown>> = [];
	const unfetched: Array<Record<string, string>> = [];
	for (const request of requests) {
		const inst = request.token === '' ? undefined : ctx.state.universe.get(request.exchange, request.token);
		if (!inst) {
			unfetched.push({
				exchange: request.exchange,
				symbolToken: request.token,
				message: request.token === '' ? 'Symbol token cannot be empty' : 'Invalid Token',
				errorCode: request.token === '' ? 'AB4018' : 'AB1009',
			});
			continue;
		}
		fetched.push(quoteItem(ctx, inst, mode));
	}
	return ok({ fetched, unfetched });
}

function quoteItem(ctx: HandlerContext, inst: UniverseInstrument, mode: 'LTP' | 'OHLC' | 'FULL'): Record<string, unknown> {
	const snap = ctx.state.market.snapshotOf(inst);
	const r = (units: number): number => rupees(units, inst);
	const base = { exchange: inst.exchange, tradingSymbol: inst.symbol, symbolToken: inst.token, ltp: r(snap.ltp) };
	if (mode === 'LTP') return base;
	const ohlc = { ...base, open: r(snap.open), high: r(snap.high), low: r(snap.low), close: r(snap.close) };
	if (mode === 'OHLC') return ohlc;
	const netChange = r(snap.ltp - snap.close);
	const level = (l: { price: number; quantity: number; orders: number }): Record<string, number> => ({ price: r(l.price), quantity: l.quantity, orders: l.orders });
	const five = (levels: Array<{ price: number; quantity: number; orders: number }>): Array<Record<string, number>> =>
		Array.from({ length: 5 }, (_, i) => level(levels[i] ?? { price: 0, quantity: 0, orders: 0 }));
	return {
		...ohlc,
		lastTradeQty: snap.lastTradedQuantity,
		exchFeedTime: formatOrderTime(snap.exchangeTimestamp),
		exchTradeTime: formatOrderTime(snap.lastTradedTimestamp * 1000),
		netChange,
		percentChange: snap.close > 0 ? Math.round(((snap.ltp - snap.close) / snap.close) * 10000) / 100 : 0,
		avgPrice: r(snap.averageTradedPrice),
		tradeVolume: snap.volume,
		opnInterest: snap.openInterest,
		lowerCircuit: r(snap.lowerCircuit),
		upperCircuit: r(snap.upperCircuit),
		totBuyQuan: snap.totalBuyQuantity,
		totSellQuan: snap.totalSellQuantity,
		'52WeekLow': r(snap.week52Low),
		'52WeekHigh': r(snap.week52High),
		depth: { buy: five(snap.bestFiveBuy), sell: five(snap.bestFiveSell) },
	};
}

export function searchScrip(ctx: HandlerContext): Reply {
	const exchange = trimmed(ctx.body.exchange).toUpperCase();
	const text = trimmed(ctx.body.searchscrip).toUpperCase();
	if (exchange === '' || text === '') return abError('AB1007', 'Invalid search parameters');
	const matches = ctx.state.universe
		.all()
		.filter((i) => i.exchange === exchange && (i.symbol.toUpperCase().startsWith(text) || i.name.toUpperCase() === text))
		.slice(0, 500)
		.map((i) => ({ exchange: i.exchange, tradingsymbol: i.symbol, symboltoken: i.token }));
	return ok(matches);
}
