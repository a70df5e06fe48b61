// Order and portfolio endpoints (protocol §3.2–§3.4, §3.9): place, modify, cancel, order book, trade book,
// individual order, positions, convertPosition, holdings.

import { auditNative } from '../api-order-rules';
import { abError, ok, type Reply } from '../envelopes';
import { holdingItems, orderBookItem, orderDetails, positionItem, tradeBookItem } from '../order-views';
import type { Market } from '../market';
import type { HandlerContext } from '../routes';
import type { UniverseInstrument } from '../universe';

export function placeOrder(ctx: HandlerContext): Reply {
	auditNative('placeOrder', ctx.body, ctx.state.engine.rules);
	const result = ctx.state.engine.place(ctx.clientCode, ctx.body);
	if (!result.ok) return abError(result.code, result.message, result.data ?? null);
	const order = result.value;
	return ok({ script: order.inst.symbol, orderid: order.orderid, uniqueorderid: order.uniqueorderid });
}

export function modifyOrder(ctx: HandlerContext): Reply {
	auditNative('modifyOrder', ctx.body, ctx.state.engine.rules);
	const result = ctx.state.engine.modify(ctx.clientCode, ctx.body);
	if (!result.ok) return abError(result.code, result.message, result.data ?? null);
	return ok({ orderid: result.value.orderid, uniqueorderid: result.value.uniqueorderid });
}

export function cancelOrder(ctx: HandlerContext): Reply {
	const result = ctx.state.engine.cancel(ctx.clientCode, ctx.body);
	if (!result.ok) return abError(result.code, result.message, result.data ?? null);
	return ok({ orderid: result.value.orderid, uniqueorderid: result.value.uniqueorderid });
}

/** Empty books answer `data: null` (protocol §3.4: what SDK users trip over). */
function listOrNull<T>(items: T[]): T[] | null {
	return items.length === 0 ? null : items;
}

export function getOrderBook(ctx: HandlerContext): Reply {
	return ok(listOrNull(ctx.state.engine.orders(ctx.clientCode).map((o) => orderBookItem(o, ctx.state.engine.variants))));
}

export function getTradeBook(ctx: HandlerContext): Reply {
	return ok(listOrNull(ctx.state.engine.trades(ctx.clientCode).map(tradeBookItem)));
}

export function orderDetailsHandler(ctx: HandlerContext): Reply {
	const order = ctx.state.engine.find(ctx.clientCode, ctx.params.id ?? '');
	if (!order) return abError('AB1013', 'Order not found');
	return ok(orderDetails(order, ctx.state.engine.variants));
}

export function getPosition(ctx: HandlerContext): Reply {
	const { engine, market } = ctx.state;
	return ok(listOrNull(engine.positions(ctx.clientCode).map((p) => positionItem(p, prices(market, p.inst)))));
}

export function convertPosition(ctx: HandlerContext): Reply {
	const result = ctx.state.engine.convertPosition(ctx.clientCode, ctx.body);
	if (!result.ok) return abError(result.code, result.message);
	return ok(null);
}

/** Last price and previous close in rupees. */
export function prices(market: Market, inst: UniverseInstrument): { ltp: number; close: number } {
	return { ltp: market.ltpRupees(inst), close: market.state(inst).close / inst.priceDivisor };
}

function holdings(ctx: HandlerContext): ReturnType<typeof holdingItems> {
	const { engine, universe, market } = ctx.state;
	return holdingItems(
		engine.holdings(ctx.clientCode),
		engine.deliveryFlows(ctx.clientCode),
		(exchange, token) => universe.get(exchange, token),
		(inst) => prices(market, inst),
	);
}

export function getHolding(ctx: HandlerContext): Reply {
	return ok(listOrNull(holdings(ctx)));
}

export function getAllHolding(ctx: HandlerContext): Reply {
	const items = holdings(ctx);
	const value = items.reduce((a, h) => a + h.ltp * h.quantity, 0);
	const invested = items.reduce((a, h) => a + h.averageprice * h.quantity, 0);
	const pnl = value - invested;
	const r = (n: number): number => Math.round(n * 100) / 100;
	// Live answers `totalholding: null` for an account without holdings.
	if (items.length === 0) return ok({ holdings: [], totalholding: null });
	return ok({
		holdings: items,
		totalholding: {
			totalholdingvalue: r(value),
			totalinvvalue: r(invested),
			totalprofitandloss: r(pnl),
			totalpnlpercentage: invested > 0 ? r((pnl / invested) * 100) : 0,
		},
	});
}
