// The risk limits at work: gathers what the pure check needs (today's order count from the account's own order
// book, the last price of a market order, the clock) only when a limit needs it, and refuses before sending.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toNumber } from '../helpers/values';
import { runtimeOf } from '../runtime';
import type { OrderRow } from '../transport/answers';
import { callEndpoint, CREDENTIAL_TYPE } from '../transport/request';
import { fetchOrderBook } from './book';
import { issuesText, type OrderIssue } from './rules';
import { checkExposure, needsOrderCount, readRiskLimits, type RiskReading } from './riskLimits';
import { ValidationError } from '../helpers/validation';

/** An order (or rule) that adds exposure, in SmartAPI's field names; placeOrder, modifyOrder and GTT bodies all fit. */
export interface Exposure {
	exchange: string;
	producttype: string;
	/** Units; GTT bodies call it `qty`. */
	quantity: number;
	price: number;
	triggerprice?: number;
	tradingsymbol?: string;
	symboltoken?: string;
	/** A new order counts against Max Orders per Day; a modification or a GTT rule does not. */
	newOrder: boolean;
}

/** The exposure of a placeOrder, modifyOrder or GTT body. */
export function exposureOf(body: IDataObject, newOrder: boolean): Exposure {
	const number = (value: unknown) => toNumber(value) ?? NaN;
	return {
		exchange: String(body.exchange ?? ''),
		producttype: String(body.producttype ?? ''),
		quantity: number(body.quantity ?? body.qty),
		price: number(body.price),
		triggerprice: body.triggerprice === undefined ? undefined : number(body.triggerprice),
		tradingsymbol: body.tradingsymbol === undefined ? undefined : String(body.tradingsymbol),
		symboltoken: body.symboltoken === undefined ? undefined : String(body.symboltoken),
		newOrder,
	};
}

function hasLimits(reading: RiskReading): boolean {
	return reading.unreadable.length > 0 || Object.keys(reading.limits).length > 0;
}

async function lastPrice(ctx: IExecuteFunctions, exposure: Exposure): Promise<number | undefined> {
	if (!exposure.symboltoken) return undefined;
	try {
		const quote = await callEndpoint(ctx, 'getLtpData', {
			body: { exchange: exposure.exchange, tradingsymbol: exposure.tradingsymbol ?? '', symboltoken: exposure.symboltoken },
		});
		return quote?.ltp ?? undefined;
	} catch {
		// No price means the value cannot be known; the check then refuses (fail closed).
		return undefined;
	}
}

/** What the caller has already read: the credential of this run and today's order book as it was just read. */
export interface KnownReadings {
	credentials?: ICredentialDataDecryptedObject;
	book?: OrderRow[];
}

/** Every risk limit the exposure would break (empty: it may go). Reads the order book or a quote only when needed. */
export async function exposureIssues(ctx: IExecuteFunctions, exposure: Exposure, known: KnownReadings = {}): Promise<OrderIssue[]> {
	const credentials = known.credentials ?? (await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE));
	const reading = readRiskLimits(credentials);
	if (!hasLimits(reading)) return [];
	let unitPrice: number | undefined = exposure.price > 0 ? exposure.price : exposure.triggerprice !== undefined && exposure.triggerprice > 0 ? exposure.triggerprice : undefined;
	if (unitPrice === undefined && reading.limits.maxOrderValue !== undefined) unitPrice = await lastPrice(ctx, exposure);
	const ordersToday = exposure.newOrder && needsOrderCount(reading.limits) ? (known.book ?? (await fetchOrderBook(ctx))).length : undefined;
	return checkExposure(reading, { exchange: exposure.exchange, producttype: exposure.producttype, quantity: exposure.quantity, unitPrice }, { now: runtimeOf(ctx).now(), ordersToday });
}

/** Refuses, naming the first limit's field, before anything order-changing is sent. */
export async function enforceRiskLimits(ctx: IExecuteFunctions, exposure: Exposure, known: KnownReadings = {}): Promise<void> {
	const issues = await exposureIssues(ctx, exposure, known);
	if (issues.length > 0) throw new ValidationError(issues[0].field, issuesText(issues));
}
