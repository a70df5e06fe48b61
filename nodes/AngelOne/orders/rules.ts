// Pre-trade rules, pure: what a trader asked for (instrument, side, type, product, quantity, prices) is checked
// against the instrument, the exchange and the clock, and turned into SmartAPI's placeOrder body, or into a list of issues.
import type { IDataObject } from 'n8n-workflow';

import { checkPrice, InstrumentInputError, toUnits, type Instrument, type QuantityUnit } from '../instruments';
import { istParts } from '../helpers/ist';
import { sessionHours, sessionOf } from '../helpers/sessions';
import { parseSwitch } from '../helpers/switches';

export type Side = 'BUY' | 'SELL';
export type OrderType = 'MARKET' | 'LIMIT' | 'STOPLOSS_LIMIT' | 'STOPLOSS_MARKET';
export type Product = 'DELIVERY' | 'INTRADAY' | 'CARRYFORWARD' | 'MARGIN';
export type Validity = 'DAY' | 'IOC';

/** The labels a person sees in the node; every issue names one of them. */
export const FIELD = {
	instrument: 'Instrument',
	side: 'Side',
	orderType: 'Order Type',
	product: 'Product',
	validity: 'Validity',
	quantity: 'Quantity',
	price: 'Price',
	triggerPrice: 'Trigger Price',
	disclosedQuantity: 'Disclosed Quantity',
	tag: 'Tag',
	afterMarket: 'After-Market Order',
	scripConsent: 'Cautionary Scrip Consent',
	splitAboveFreeze: 'Split Above Freeze Quantity',
	readOnly: 'Read-Only',
	dryRun: 'Dry Run',
	duplicateWindow: 'Duplicate Window',
	referencePrice: 'Reference Price',
	protectionBand: 'Protection Band (%)',
	fillWithin: 'Fill Within (Seconds)',
	allowNative: 'Allow Native Market and IOC Orders',
} as const;

/**
 * The credential's escape hatch, read as a person means it and failing closed: only true, or the text "true",
 * "yes" or "1" (any case, spaces ignored), counts as on; anything else, unreadable values included, is off.
 */
export function nativeOrdersAllowed(value: unknown): boolean {
	// Only a clear "on" opens the hatch; off, unset and anything unreadable keep it shut (fail closed).
	return parseSwitch(value) === true;
}

/** Why IOC is refused without the escape hatch; shared by Place and Modify. */
export const IOC_REFUSED =
	'IOC orders are not allowed for API trading since 1 April 2026 (SEBI retail-algo rules, applied by Angel One). Use the validity "Fill or Cancel Within N Seconds" instead, or turn on "Allow Native Market and IOC Orders" in the credential if your account still allows them';

export const PRODUCT_LABELS: Record<Product, string> = {
	DELIVERY: 'Delivery',
	INTRADAY: 'Intraday',
	CARRYFORWARD: 'Carry Forward (F&O)',
	MARGIN: 'Margin',
};

export const ORDER_TYPE_LABELS: Record<OrderType, string> = {
	MARKET: 'Market',
	LIMIT: 'Limit',
	STOPLOSS_LIMIT: 'Stop Loss Limit',
	STOPLOSS_MARKET: 'Stop Loss Market',
};

const CASH_EXCHANGES = ['NSE', 'BSE'];
/** Commodity segments take no IOC orders (protocol §3.1). */
const NO_IOC_EXCHANGES = ['MCX', 'NCDEX'];

/**
 * Products per segment, as Angel One sells them: delivery and margin (MTF) buy shares, so they exist only on
 * the cash segments; carry forward (NRML) is the overnight product of derivatives; intraday exists everywhere.
 */
export function allowedProducts(exchange: string): Product[] {
	return CASH_EXCHANGES.includes(exchange) ? ['DELIVERY', 'INTRADAY', 'MARGIN'] : ['CARRYFORWARD', 'INTRADAY'];
}

export function sessionText(exchange: string): string {
	return `${sessionHours(exchange)} IST, Monday to Friday`;
}

export function isExchangeOpen(exchange: string, now: number): boolean {
	const p = istParts(now);
	if (p.weekday === 0 || p.weekday === 6) return false;
	const { open, close } = sessionOf(exchange);
	const minute = p.hour * 60 + p.minute;
	return minute >= open && minute < close;
}

export function isStopLoss(orderType: OrderType): boolean {
	return orderType === 'STOPLOSS_LIMIT' || orderType === 'STOPLOSS_MARKET';
}

export function needsPrice(orderType: OrderType): boolean {
	return orderType === 'LIMIT' || orderType === 'STOPLOSS_LIMIT';
}

/** STOPLOSS_* go as variety STOPLOSS (AB1020 otherwise); after-market orders go as NORMAL since 2025 (protocol §3.1). */
export function varietyOf(orderType: OrderType): 'STOPLOSS' | 'NORMAL' {
	return isStopLoss(orderType) ? 'STOPLOSS' : 'NORMAL';
}

/** What a person asked for, as entered (numbers may still be text from expressions). */
export interface OrderIntent {
	instrument: Instrument;
	side: Side;
	orderType: OrderType;
	product: Product;
	validity: Validity;
	quantity: number | string;
	quantityUnit: QuantityUnit;
	price?: number | string;
	triggerPrice?: number | string;
	disclosedQuantity?: number | string;
	/** Given by the person; a derived tag is added later by the caller. */
	tag?: string;
	scripConsent: boolean;
	afterMarket: boolean;
	/** The credential's escape hatch is on: IOC may be sent. Absent = off. */
	allowNative?: boolean;
}

/** SmartAPI's placeOrder body (protocol §3.2), values as strings like the docs' samples. */
export interface PlaceOrderBody extends IDataObject {
	variety: 'NORMAL' | 'STOPLOSS';
	tradingsymbol: string;
	symboltoken: string;
	exchange: string;
	transactiontype: Side;
	ordertype: OrderType;
	producttype: Product;
	duration: Validity;
	price: string;
	triggerprice: string;
	quantity: string;
	disclosedquantity?: string;
	ordertag?: string;
	scripconsent?: 'yes';
}

export interface OrderIssue {
	field: string;
	message: string;
}

export interface OrderCheck {
	issues: OrderIssue[];
	/** The body without its tag; present only when there are no issues. */
	body?: PlaceOrderBody;
}

/** An ordertag must be shorter than 20 characters (AB4008). */
export const MAX_TAG_LENGTH = 19;

function blank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Zero and blank mean "not given": n8n number fields default to 0. */
function given(value: unknown): boolean {
	return !blank(value) && !(typeof value === 'number' && value === 0) && !(typeof value === 'string' && Number(value) === 0);
}

function numeric(value: number | string | undefined): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return NaN;
}

/** A plain decimal, never exponent notation ("1e-7", "1e+21"): toFixed also drops float tails such as 812.3500000000001. */
export function plainDecimal(value: number): string {
	const fixed = value.toFixed(7);
	return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function formatPrice(value: number): string {
	return plainDecimal(value);
}

/** Tries one of the instrument checks; its refusal becomes an issue for its field, anything else is a defect. */
function attempt<T>(issues: OrderIssue[], check: () => T): T | undefined {
	let failure: unknown;
	try {
		return check();
	} catch (error) {
		failure = error;
	}
	if (!(failure instanceof InstrumentInputError)) throw failure;
	issues.push({ field: failure.field, message: failure.message });
	return undefined;
}

/**
 * The characters a tag may hold. Angel One documents only the length (fewer than 20 characters, AB4008), so a tag
 * keeps to characters that count as one everywhere: ASCII letters, digits, - _ and . (an emoji counts as two or
 * more, and what the broker does with other symbols is not documented).
 */
const TAG_CHARACTERS = /^[A-Za-z0-9_.-]+$/;

function checkTag(tag: string | undefined, issues: OrderIssue[]): void {
	if (tag === undefined) return;
	if (tag.length === 0) issues.push({ field: FIELD.tag, message: 'Tag is empty; leave it out to have one derived' });
	else if (!TAG_CHARACTERS.test(tag)) {
		issues.push({ field: FIELD.tag, message: `Tag "${tag.slice(0, 40)}" may hold only letters A–Z, digits and - _ . (no spaces, accents or emoji)` });
	} else if (tag.length > MAX_TAG_LENGTH) {
		issues.push({ field: FIELD.tag, message: `Tag "${tag}" has ${tag.length} characters; Angel One accepts at most ${MAX_TAG_LENGTH}` });
	}
}

/**
 * Every pre-trade check that needs no request: tradable instrument, product on this exchange, whole lots, prices on
 * the tick grid and present when the type needs them, stop-loss trigger on the right side of the limit, disclosed
 * quantity, validity on this segment, tag length, and market hours against the After-Market Order choice
 * (skipped for an order that already exists: its session was settled when it was placed).
 */
export function checkOrder(intent: OrderIntent, now: number, options: { checkHours?: boolean } = {}): OrderCheck {
	const issues: OrderIssue[] = [];
	const { instrument, orderType, side } = intent;
	const exchange = instrument.exchange;
	const symbol = `${exchange}:${instrument.tradingSymbol}`;

	if (instrument.instrumentType === 'AMXIDX') {
		issues.push({ field: FIELD.instrument, message: `${symbol} is an index; indices cannot be traded (pick its future or an option instead)` });
	}
	if (!allowedProducts(exchange).includes(intent.product)) {
		const allowed = allowedProducts(exchange).map((p) => PRODUCT_LABELS[p]).join(', ');
		issues.push({
			field: FIELD.product,
			message: `${PRODUCT_LABELS[intent.product] ?? intent.product} is not available on ${exchange}; use ${allowed}`,
		});
	}
	if (intent.validity === 'IOC' && intent.allowNative !== true) {
		issues.push({ field: FIELD.validity, message: IOC_REFUSED });
	} else if (intent.validity === 'IOC' && NO_IOC_EXCHANGES.includes(exchange)) {
		issues.push({ field: FIELD.validity, message: `IOC orders are not allowed on ${exchange} (commodities); use Day` });
	}
	const units = attempt(issues, () => toUnits(instrument, intent.quantity, intent.quantityUnit, FIELD.quantity));

	let price = 0;
	if (needsPrice(orderType)) {
		if (!given(intent.price)) {
			issues.push({ field: FIELD.price, message: `A ${ORDER_TYPE_LABELS[orderType]} order needs a price above zero` });
		} else {
			price = attempt(issues, () => checkPrice(instrument, intent.price ?? '', FIELD.price)) ?? 0;
		}
	}
	let trigger = 0;
	if (isStopLoss(orderType)) {
		if (!given(intent.triggerPrice)) {
			issues.push({ field: FIELD.triggerPrice, message: `A ${ORDER_TYPE_LABELS[orderType]} order needs a trigger price above zero` });
		} else {
			trigger = attempt(issues, () => checkPrice(instrument, intent.triggerPrice ?? '', FIELD.triggerPrice)) ?? 0;
		}
	}
	// A stop-loss buy fires when the price rises to the trigger and then buys at most at the limit, so the
	// trigger may not be above the limit; a sell mirrors it. Angel One rejects the other way round after accepting.
	if (orderType === 'STOPLOSS_LIMIT' && price > 0 && trigger > 0) {
		if (side === 'BUY' && trigger > price) {
			issues.push({ field: FIELD.triggerPrice, message: `For a stop-loss buy the trigger price (${trigger}) must be at or below the limit price (${price})` });
		}
		if (side === 'SELL' && trigger < price) {
			issues.push({ field: FIELD.triggerPrice, message: `For a stop-loss sell the trigger price (${trigger}) must be at or above the limit price (${price})` });
		}
	}

	let disclosed = 0;
	if (given(intent.disclosedQuantity)) {
		disclosed = numeric(intent.disclosedQuantity);
		if (!Number.isInteger(disclosed) || disclosed < 0) {
			issues.push({ field: FIELD.disclosedQuantity, message: `Disclosed quantity must be a whole number of units (got "${String(intent.disclosedQuantity)}")` });
		} else if (!CASH_EXCHANGES.includes(exchange)) {
			issues.push({ field: FIELD.disclosedQuantity, message: `A disclosed quantity is only possible for equity (NSE, BSE), not on ${exchange}` });
		} else if (units !== undefined && disclosed > units) {
			issues.push({ field: FIELD.disclosedQuantity, message: `Disclosed quantity ${disclosed} is more than the order quantity ${units}` });
		}
	}
	checkTag(intent.tag, issues);

	const open = options.checkHours === false ? !intent.afterMarket : isExchangeOpen(exchange, now);
	if (!open && !intent.afterMarket) {
		issues.push({
			field: FIELD.afterMarket,
			message: `${exchange} is closed now (its session is ${sessionText(exchange)}); Angel One would queue this order as an after-market order for the next session. Turn on After-Market Order to place it anyway`,
		});
	}
	if (open && intent.afterMarket) {
		issues.push({
			field: FIELD.afterMarket,
			message: `${exchange} is open now, so this order would go to the exchange at once instead of waiting for the next session. Turn off After-Market Order to place it now`,
		});
	}

	if (issues.length > 0 || units === undefined) return { issues };
	const body: PlaceOrderBody = {
		variety: varietyOf(orderType),
		tradingsymbol: instrument.tradingSymbol,
		symboltoken: instrument.token,
		exchange,
		transactiontype: side,
		ordertype: orderType,
		producttype: intent.product,
		duration: intent.validity,
		price: needsPrice(orderType) ? formatPrice(price) : '0',
		triggerprice: isStopLoss(orderType) ? formatPrice(trigger) : '0',
		quantity: String(units),
	};
	if (disclosed > 0) body.disclosedquantity = String(disclosed);
	if (intent.scripConsent) body.scripconsent = 'yes';
	return { issues, body };
}

/** One message for all issues, led by the first (whose field the error names). */
export function issuesText(issues: OrderIssue[]): string {
	const [first, ...rest] = issues;
	return [first.message, ...rest.map((issue) => `${issue.field}: ${issue.message}`)].join('; ');
}
