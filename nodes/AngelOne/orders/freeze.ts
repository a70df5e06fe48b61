// Freeze quantity: an exchange refuses a single F&O order above the master's freeze_qty. Order → Place checks it
// before sending and, when asked, slices the order into freeze-sized legs, each placed once under its own tag.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Instrument } from '../instruments';
import type { OrderIssue } from './rules';
import { FIELD } from './rules';
import { submitOrder, type OrderPlan, type PreparedOrder, type SubmitOptions } from './submit';
import { enforceRiskLimits, exposureOf } from './riskGuard';

/** Angel One refuses an ordertag of 20 characters or more (AB4008). */
const MAX_TAG_LENGTH = 19;
/** More legs than this is almost certainly a mistyped quantity; it is refused rather than sent as a burst. */
export const MAX_LEGS = 50;

/** The most units one order may carry, in whole lots; undefined when the instrument has no freeze quantity. */
function legSize(prepared: PreparedOrder): number | undefined {
	const freeze = prepared.instrument.freezeQuantity;
	if (freeze === undefined || freeze <= 0) return undefined;
	const lot = prepared.instrument.lotSize > 0 ? prepared.instrument.lotSize : 1;
	return Math.max(lot, Math.floor(freeze / lot) * lot);
}

/** Leg quantities (units): full legs of the largest whole-lot size within the freeze quantity, then the rest. */
export function legQuantities(units: number, size: number): number[] {
	const legs: number[] = [];
	for (let left = units; left > 0; left -= size) legs.push(Math.min(size, left));
	return legs;
}

/** The tag of leg `index` (0-based): the order's tag, cut to fit, and "-1", "-2", … */
export function legTag(tag: string, index: number): string {
	const suffix = `-${index + 1}`;
	return tag.slice(0, MAX_TAG_LENGTH - suffix.length) + suffix;
}

/** An issue naming Quantity when one order of `units` would be above the instrument's freeze quantity. */
export function freezeIssue(instrument: Instrument, units: number, remedy = 'Lower the quantity'): OrderIssue | undefined {
	const freeze = instrument.freezeQuantity;
	if (freeze === undefined || !(units > freeze)) return undefined;
	return {
		field: FIELD.quantity,
		message: `${units} units is above the freeze quantity of ${freeze} for ${instrument.exchange}:${instrument.tradingSymbol}: the exchange refuses one order above it. ${remedy}`,
	};
}

/** The plan, with an issue naming Quantity when the order is above the freeze quantity and may not be split. */
export function checkFreeze(plan: OrderPlan, split: boolean): OrderPlan {
	const prepared = plan.prepared;
	const freeze = prepared?.instrument.freezeQuantity;
	const size = prepared && legSize(prepared);
	if (!prepared || freeze === undefined || size === undefined) return plan;
	const units = Number(prepared.body.quantity);
	if (units <= freeze) return plan;
	const symbol = `${prepared.instrument.exchange}:${prepared.instrument.tradingSymbol}`;
	let issue: OrderIssue | undefined;
	if (!split) {
		issue = freezeIssue(prepared.instrument, units, 'Lower the quantity, or turn on Split Above Freeze Quantity');
	} else if (Math.ceil(units / size) > MAX_LEGS) {
		issue = {
			field: FIELD.quantity,
			message: `${units} units would need ${Math.ceil(units / size)} orders of at most ${size} (freeze quantity ${freeze} for ${symbol}); the most one item may split into is ${MAX_LEGS}`,
		};
	}
	return issue ? { ...plan, issues: [...plan.issues, issue] } : plan;
}

/** A dry run's view of the legs the order would be placed as; undefined when it would go as one order. */
export function plannedLegs(plan: OrderPlan, split: boolean): IDataObject[] | undefined {
	const prepared = plan.prepared;
	const size = prepared && legSize(prepared);
	const freeze = prepared?.instrument.freezeQuantity;
	if (!split || !prepared || size === undefined || freeze === undefined || Number(prepared.body.quantity) <= freeze) return undefined;
	return legQuantities(Number(prepared.body.quantity), size).map((quantity, index) => ({ quantity, tag: legTag(prepared.tag, index) }));
}

/**
 * Places the order, or above the freeze quantity its legs one after another (the transport paces them at the
 * placeOrder limit). Each leg is placed at most once under its own tag, so running the item again finds the legs
 * already placed and places only the missing ones. A leg that fails stops the rest.
 */
export async function submitWithFreeze(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	prepared: PreparedOrder,
	options: SubmitOptions,
): Promise<IDataObject> {
	const size = legSize(prepared);
	const units = Number(prepared.body.quantity);
	const freeze = prepared.instrument.freezeQuantity;
	if (size === undefined || freeze === undefined || units <= freeze) return await submitOrder(ctx, credentials, prepared, options);
	// The credential's risk limits judge the whole order, not only each leg (a split must not pass a Max Quantity).
	if (options.addsExposure) await enforceRiskLimits(ctx, exposureOf(prepared.body, true));
	const legs: IDataObject[] = [];
	const quantities = legQuantities(units, size);
	for (const [index, quantity] of quantities.entries()) {
		const tag = legTag(prepared.tag, index);
		const window = prepared.duplicateWindow;
		// Each leg is its own order: its own tag, and for a derived tag its own previous-bucket tag and lock.
		const leg: PreparedOrder = {
			...prepared,
			tag,
			body: { ...prepared.body, quantity: String(quantity), ordertag: tag },
			...(window
				? { duplicateWindow: { ...window, series: `${window.series}-${index + 1}`, ...(window.previousTag ? { previousTag: legTag(window.previousTag, index) } : {}) } }
				: {}),
		};
		try {
			legs.push(await submitOrder(ctx, credentials, leg, options));
		} catch (error) {
			const done = legs.map((l) => String(l.orderId ?? l.orderid ?? '')).join(', ') || 'none';
			const reason = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(
				ctx.getNode(),
				`Leg ${index + 1} of ${quantities.length} (${quantity} units, tag ${tag}) was not placed: ${reason}. Legs placed before it: ${done}. Running the item again places only the legs not yet placed.`,
			);
		}
	}
	return { split: true, freezeQuantity: freeze, quantity: units, tag: prepared.tag, legCount: legs.length, legs };
}
