// The 2026 rules applied to an order about to be sent: the escape hatch, the quote a protected price is taken
// from, the conversion of Market and Stop Loss Market bodies, and Fill or Cancel Within N Seconds.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { Instrument } from '../instruments';
import { orderRow } from '../transport/answers';
import { SmartApiError } from '../transport/errors';
import { callEndpoint } from '../transport/request';
import { cancelLiveOrder } from './cancel';
import { fetchOrder, isFinal, isLive, simplifyOrder, type OrderRow } from './book';
import { followOrder } from './follow';
import { FIELD, nativeOrdersAllowed, type PlaceOrderBody } from './rules';
import type { PreparedOrder } from './submit';
import { needsProtection, protectBody, type CircuitLimits } from './bands';
import { ValidationError } from '../helpers/validation';

/** The credential's escape hatch: native Market, Stop Loss Market and IOC orders may be sent. Fails closed. */
export function allowsNativeOrders(credentials: ICredentialDataDecryptedObject): boolean {
	return nativeOrdersAllowed(credentials.allowNativeOrders);
}

export interface ProtectionSettings {
	/** Rupees, from the item; undefined = read a quote. */
	referencePrice?: number;
	/** Per cent; undefined = the default for the segment and price tier. */
	band?: number;
}

interface QuoteLimits {
	ltp?: number;
	circuit: CircuitLimits;
}

/** The instrument's last price and the day's circuit limits, from one full quote. */
async function readQuoteLimits(ctx: IExecuteFunctions, instrument: Instrument): Promise<QuoteLimits> {
	const { fetched } = await callEndpoint(ctx, 'quote', {
		body: { mode: 'FULL', exchangeTokens: { [instrument.exchange]: [instrument.token] } },
	});
	const record = fetched.find((f) => f.symbolToken === instrument.token) ?? fetched[0];
	const symbol = `${instrument.exchange}:${instrument.tradingSymbol}`;
	if (!record) {
		throw new ValidationError(FIELD.orderType, `Angel One returned no quote for ${symbol}, so its circuit limits are not known and no protected price can be set; nothing was sent`);
	}
	const { ltp } = record;
	return {
		ltp: ltp !== null && ltp > 0 ? ltp : undefined,
		circuit: { lower: record.lowerCircuit ?? 0, upper: record.upperCircuit ?? 0 },
	};
}

export interface ProtectedOrder {
	prepared: PreparedOrder;
	/** What the output shows: reference, band and limit price (absent when nothing was converted). */
	protection?: IDataObject;
}

/**
 * Turns a Market order into a limit order at the protected price, and a Stop Loss Market order into a stop-loss
 * limit order, unless the escape hatch is on. Reads one full quote for the circuit limits (and the last price
 * when the item gives none). The tag stays the one derived from the order as asked, so a retried alert still
 * finds its first order although the price moved.
 */
export async function protectOrder(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	prepared: PreparedOrder,
	settings: ProtectionSettings,
): Promise<ProtectedOrder> {
	if (allowsNativeOrders(credentials) || !needsProtection(prepared.body.ordertype)) return { prepared };
	const quote = await readQuoteLimits(ctx, prepared.instrument);
	const lastPrice = settings.referencePrice ?? quote.ltp;
	if (lastPrice === undefined) {
		throw new ValidationError(
			FIELD.referencePrice,
			`The quote of ${prepared.instrument.exchange}:${prepared.instrument.tradingSymbol} has no last price; give a Reference Price to protect the market order. Nothing was sent`,
		);
	}
	const { body, protection } = protectBody(prepared.body, prepared.instrument, { lastPrice, band: settings.band, circuit: quote.circuit });
	if (!protection) return { prepared };
	return {
		prepared: { ...prepared, body },
		protection: {
			reference: protection.reference,
			referenceSource: prepared.body.ordertype === 'STOPLOSS_MARKET' ? 'trigger price' : settings.referencePrice !== undefined ? 'item' : 'quote',
			band: protection.band,
			limitPrice: protection.limitPrice,
			lowerCircuit: quote.circuit.lower || null,
			upperCircuit: quote.circuit.upper || null,
			...(protection.clampedTo ? { clampedTo: protection.clampedTo } : {}),
		},
	};
}

export type FillOutcome = 'filled' | 'partly filled' | 'cancelled' | 'rejected';

function outcomeOf(order: OrderRow): FillOutcome {
	const filled = order.filledshares ?? 0;
	const quantity = order.quantity ?? 0;
	if (quantity > 0 && filled >= quantity) return 'filled';
	if (filled > 0) return 'partly filled';
	return order.status === 'rejected' ? 'rejected' : 'cancelled';
}

/**
 * Fill or Cancel Within N Seconds, after the order was placed (and followed for N seconds) as a Day order: what
 * is still open is cancelled, and the item says filled, partly filled or cancelled with the quantities. A cancel
 * that loses the race against the last fill is no failure: the order is read back and reported as it ended.
 */
export async function cancelUnfilled(ctx: IExecuteFunctions, placed: IDataObject, body: PlaceOrderBody, simplify: boolean): Promise<IDataObject> {
	// `placed` is Place's raw output: the order as the broker sent it, with Place's flags beside its fields. It is
	// read as an order row, and the raw output below keeps every field it had.
	const start: IDataObject = { ...placed };
	start.variety ??= body.variety;
	let order = orderRow(start);
	let cancelError: string | undefined;
	if (!isFinal(order)) {
		let failure: unknown;
		try {
			order = orderRow({ ...order.raw, ...(await cancelLiveOrder(ctx, order)).order.raw });
		} catch (error) {
			failure = error;
		}
		if (failure !== undefined) {
			if (!(failure instanceof SmartApiError) || failure.ambiguous) throw failure;
			const after = await fetchOrder(ctx, order.uniqueorderid || order.orderid);
			if (!after || isLive(after)) throw failure;
			order = after;
			cancelError = failure.message;
		}
		// The exchange may take a moment to confirm the cancel; follow it briefly so the quantities are final.
		if (!isFinal(order)) order = (await followOrder(ctx, order, 5)).order;
	}
	const quantity = order.quantity ?? 0;
	const filled = order.filledshares ?? 0;
	const out: IDataObject = simplify
		? { ...simplifyOrder(order), tag: placed.ordertag ?? body.ordertag ?? null, duplicate: placed.duplicate, reconciled: placed.reconciled, final: isFinal(order) }
		: { ...order.raw, final: isFinal(order) };
	out.fillOrCancel = {
		outcome: isFinal(order) ? outcomeOf(order) : 'cancel pending',
		quantity,
		filledQuantity: filled,
		cancelledQuantity: isFinal(order) ? Math.max(0, quantity - filled) : 0,
		...(cancelError ? { note: `The cancel came too late: ${cancelError}` } : {}),
	};
	return out;
}
