// Risk limits from the credential, pure: reads the optional limit fields (fail closed: a value that cannot be read
// refuses, naming the field) and checks an order that adds exposure against them. No n8n, no I/O: the caller
// supplies the order's value, today's order count and the clock.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { istParts } from '../helpers/ist';
import type { OrderIssue } from './rules';

/** The credential's field labels; every issue names one of them. */
export const RISK_FIELD = {
	maxQuantity: 'Max Quantity per Order (Units)',
	maxOrderValue: 'Max Order Value (₹)',
	maxOrdersPerDay: 'Max Orders per Day',
	allowedExchanges: 'Allowed Exchanges',
	allowedProducts: 'Allowed Products',
	tradingWindow: 'Trading Window (IST)',
} as const;

export const RISK_EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'CDS', 'NCDEX'] as const;
export const RISK_PRODUCTS = ['DELIVERY', 'INTRADAY', 'CARRYFORWARD', 'MARGIN'] as const;

export interface RiskLimits {
	maxQuantity?: number;
	maxOrderValue?: number;
	maxOrdersPerDay?: number;
	allowedExchanges?: string[];
	allowedProducts?: string[];
	/** Minutes after IST midnight: orders from `from` (inclusive) to `to` (exclusive). */
	tradingWindow?: { from: number; to: number; text: string };
}

export interface RiskReading {
	limits: RiskLimits;
	/** Limit fields whose value could not be read: each refuses every order that adds exposure. */
	unreadable: OrderIssue[];
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** A positive number, 0/empty meaning "no limit", or undefined when unreadable. */
function readLimit(value: unknown, integer: boolean): number | null | undefined {
	if (isEmpty(value)) return null;
	const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(number) || number < 0 || (integer && !Number.isInteger(number))) return undefined;
	return number === 0 ? null : number;
}

function readList(value: unknown, allowed: readonly string[]): string[] | null | undefined {
	if (isEmpty(value)) return null;
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined;
	if (!items || items.some((item) => typeof item !== 'string')) return undefined;
	const names = (items as string[]).map((item) => item.trim().toUpperCase()).filter((item) => item !== '');
	if (names.length === 0 || names.some((name) => !allowed.includes(name))) return undefined;
	return names;
}

function readWindow(value: unknown): RiskLimits['tradingWindow'] | null | undefined {
	if (isEmpty(value) || (typeof value === 'string' && value.trim() === '')) return null;
	if (typeof value !== 'string') return undefined;
	const match = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(value);
	if (!match) return undefined;
	const [h1, m1, h2, m2] = match.slice(1).map(Number);
	if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 > 0)) return undefined;
	const from = h1 * 60 + m1;
	const to = h2 * 60 + m2;
	if (from >= to) return undefined;
	return { from, to, text: value.trim() };
}

/** The credential's limits; an unreadable value becomes an issue naming its field (fail closed). */
export function readRiskLimits(credentials: ICredentialDataDecryptedObject): RiskReading {
	const limits: RiskLimits = {};
	const unreadable: OrderIssue[] = [];
	const refuse = (field: string, value: unknown, expected: string) =>
		unreadable.push({ field, message: `${JSON.stringify(value)?.slice(0, 60) ?? String(value)} cannot be read as ${expected}, so orders that add exposure are refused until it is fixed in the credential` });

	const quantity = readLimit(credentials.maxQuantity, true);
	if (quantity === undefined) refuse(RISK_FIELD.maxQuantity, credentials.maxQuantity, 'a whole number of units (0 = no limit)');
	else if (quantity !== null) limits.maxQuantity = quantity;
	const value = readLimit(credentials.maxOrderValue, false);
	if (value === undefined) refuse(RISK_FIELD.maxOrderValue, credentials.maxOrderValue, 'an amount in rupees (0 = no limit)');
	else if (value !== null) limits.maxOrderValue = value;
	const perDay = readLimit(credentials.maxOrdersPerDay, true);
	if (perDay === undefined) refuse(RISK_FIELD.maxOrdersPerDay, credentials.maxOrdersPerDay, 'a whole number of orders (0 = no limit)');
	else if (perDay !== null) limits.maxOrdersPerDay = perDay;
	const exchanges = readList(credentials.allowedExchanges, RISK_EXCHANGES);
	if (exchanges === undefined) refuse(RISK_FIELD.allowedExchanges, credentials.allowedExchanges, `a list of ${RISK_EXCHANGES.join(', ')}`);
	else if (exchanges !== null) limits.allowedExchanges = exchanges;
	const products = readList(credentials.allowedProducts, RISK_PRODUCTS);
	if (products === undefined) refuse(RISK_FIELD.allowedProducts, credentials.allowedProducts, `a list of ${RISK_PRODUCTS.join(', ')}`);
	else if (products !== null) limits.allowedProducts = products;
	const window = readWindow(credentials.tradingWindow);
	if (window === undefined) refuse(RISK_FIELD.tradingWindow, credentials.tradingWindow, 'a time range in IST such as 09:20-15:10');
	else if (window !== null) limits.tradingWindow = window;
	return { limits, unreadable };
}

/** What the limits look at in an order that adds exposure (SmartAPI's own field names and units). */
export interface ExposureOrder {
	exchange: string;
	producttype: string;
	/** Units (shares or contracts), as sent to Angel One. */
	quantity: number;
	/** Rupees per unit the order may cost: limit price, stop trigger, or the last price for a market order. */
	unitPrice?: number;
}

export interface ExposureContext {
	now: number;
	/** Orders in the account's order book for the IST day, when Max Orders per Day applies (a new order only). */
	ordersToday?: number;
}

/** Limits that need facts from the broker, so callers fetch them only when set. */
export function needsOrderCount(limits: RiskLimits): boolean {
	return limits.maxOrdersPerDay !== undefined;
}

function rupees(value: number): string {
	return `₹${value.toLocaleString('en-IN', { maximumFractionDigits: 2 })}`;
}

function hhmm(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Every limit the order would break, each naming its credential field. Empty means the order may go. */
export function checkExposure(reading: RiskReading, order: ExposureOrder, context: ExposureContext): OrderIssue[] {
	const { limits } = reading;
	const issues: OrderIssue[] = [...reading.unreadable];
	if (limits.allowedExchanges && !limits.allowedExchanges.includes(order.exchange.toUpperCase())) {
		issues.push({ field: RISK_FIELD.allowedExchanges, message: `${order.exchange} is not an allowed exchange (allowed: ${limits.allowedExchanges.join(', ')})` });
	}
	if (limits.allowedProducts && !limits.allowedProducts.includes(order.producttype.toUpperCase())) {
		issues.push({ field: RISK_FIELD.allowedProducts, message: `${order.producttype} is not an allowed product (allowed: ${limits.allowedProducts.join(', ')})` });
	}
	if (limits.maxQuantity !== undefined && !(order.quantity <= limits.maxQuantity)) {
		issues.push({ field: RISK_FIELD.maxQuantity, message: `${order.quantity} units is more than the limit of ${limits.maxQuantity} units per order` });
	}
	if (limits.maxOrderValue !== undefined) {
		if (order.unitPrice === undefined || !Number.isFinite(order.unitPrice) || order.unitPrice <= 0) {
			issues.push({ field: RISK_FIELD.maxOrderValue, message: 'The order\'s value cannot be known (no price and no last price), so the value limit refuses it' });
		} else if (!(order.quantity * order.unitPrice <= limits.maxOrderValue)) {
			issues.push({
				field: RISK_FIELD.maxOrderValue,
				message: `${order.quantity} × ${rupees(order.unitPrice)} = ${rupees(order.quantity * order.unitPrice)} is more than the limit of ${rupees(limits.maxOrderValue)} per order`,
			});
		}
	}
	if (limits.maxOrdersPerDay !== undefined && context.ordersToday !== undefined && context.ordersToday >= limits.maxOrdersPerDay) {
		issues.push({ field: RISK_FIELD.maxOrdersPerDay, message: `Today's order book already holds ${context.ordersToday} orders; the limit is ${limits.maxOrdersPerDay} per day` });
	}
	if (limits.tradingWindow) {
		const p = istParts(context.now);
		const minute = p.hour * 60 + p.minute;
		if (minute < limits.tradingWindow.from || minute >= limits.tradingWindow.to) {
			issues.push({ field: RISK_FIELD.tradingWindow, message: `It is ${hhmm(minute)} IST, outside the trading window ${hhmm(limits.tradingWindow.from)}–${hhmm(limits.tradingWindow.to)} IST` });
		}
	}
	return issues;
}
