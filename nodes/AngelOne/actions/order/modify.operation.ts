// Order → Modify: changes only the fields given; the order is read first because SmartAPI wants the full set,
// and the result is validated like a new order before anything is sent.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { text, toNumber } from '../../helpers/values';
import type { OrderRow } from '../../transport/answers';
import { instrumentIndex } from '../../methods/instruments';
import { runtimeOf } from '../../runtime';
import { SmartApiError } from '../../transport/errors';
import { callEndpoint, CREDENTIAL_TYPE, describeRequest } from '../../transport/request';
import {
	fetchOrder,
	fetchOrderBook,
	findById,
	isAfterMarketOrder,
	isFinal,
	isLive,
	OrderStateError,
	readBack,
	simplifyOrder,
	statusOf,
} from '../../orders/book';
import { followOrder } from '../../orders/follow';
import {
	dryRunOption,
	ORDER_TYPES,
	orderIdField,
	orderTypeOptions,
	PRODUCTS,
	protectionBandOption,
	readDryRun,
	readProtectionSettings,
	readOrderId,
	readWaitSeconds,
	referencePriceOption,
	SIDES,
	toChoice,
	VALIDITIES,
	waitOption,
} from '../orderFields';
import { optionsField, readCollection, readSimplify, simplifyField } from '../fields';
import { freezeIssue } from '../../orders/freeze';
import { checkOrder, FIELD, isStopLoss, issuesText, type OrderIssue } from '../../orders/rules';
import { allowsNativeOrders, protectOrder } from '../../orders/protection';
import { readOnlyIssue, writableCredentials } from '../../orders/submit';
import { exposureIssues, exposureOf } from '../../orders/riskGuard';
import { ValidationError } from '../shared';
import { orderResource } from './resource';

const properties: INodeProperties[] = [
	orderIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Only these change; everything else stays as the order is now',
		options: [
			{
				displayName: 'Disclosed Quantity',
				name: 'disclosedQuantity',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Units shown in the market depth at a time (equity only)',
			},
			{
				displayName: 'Order Type',
				name: 'orderType',
				type: 'options',
				options: orderTypeOptions,
				default: 'LIMIT',
				description: 'Market and Limit can be swapped, and so can the two stop-loss types; a stop-loss order cannot become a regular one',
			},
			{
				displayName: 'Price',
				name: 'price',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, numberPrecision: 4 },
				description: 'New limit price in rupees, on the tick size',
			},
			{
				displayName: 'Quantity',
				name: 'quantity',
				type: 'number',
				default: 1,
				typeOptions: { minValue: 1 },
				description: 'New total quantity of the order (not what is left), in the Quantity Unit',
			},
			{
				displayName: 'Quantity Unit',
				name: 'quantityUnit',
				type: 'options',
				options: [
					{ name: 'Lots', value: 'lots' },
					{ name: 'Units', value: 'units' },
				],
				default: 'units',
			},
			{
				displayName: 'Trigger Price',
				name: 'triggerPrice',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0, numberPrecision: 4 },
				description: 'New trigger price in rupees (stop-loss orders)',
			},
			{
				displayName: 'Validity',
				name: 'validity',
				type: 'options',
				options: [
					{ name: 'Day', value: 'DAY' },
					{ name: 'Immediate or Cancel (IOC, Needs the Escape Hatch)', value: 'IOC' },
				],
				default: 'DAY',
			},
		],
	},
	simplifyField,
	optionsField([dryRunOption, protectionBandOption, referencePriceOption, waitOption]),
];

const CHANGEABLE = ['disclosedQuantity', 'orderType', 'price', 'quantity', 'triggerPrice', 'validity'];

/** Whether the order now carries what the modify asked for (used when the modify's answer was lost). */
function applied(order: OrderRow, body: IDataObject): boolean {
	// `ours` is the modify body this node built (strings of numbers).
	const same = (theirs: number | null, ours: unknown): boolean => Math.abs((theirs ?? NaN) - (toNumber(ours) ?? NaN)) < 1e-9;
	return (
		order.ordertype.toUpperCase() === text(body.ordertype) &&
		same(order.quantity, body.quantity) &&
		same(order.price, body.price) &&
		same(order.triggerprice, body.triggerprice)
	);
}

function notApplied(failure: SmartApiError, orderId: string): SmartApiError {
	return failure.withHint(`Order ${orderId} still shows its old values afterwards, so it was not modified (yet).`, { ambiguous: true });
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readCollection(this, 'options', itemIndex);
	const { dryRun, issues: dryRunIssues } = readDryRun(options);
	const waitSeconds = readWaitSeconds(options);
	const simplify = readSimplify(this, itemIndex);
	const credentials = dryRun
		? await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)
		: await writableCredentials(this);
	const id = readOrderId(this, itemIndex);
	const update = readCollection(this, 'updateFields', itemIndex);
	if (!CHANGEABLE.some((field) => update[field] !== undefined)) {
		throw new ValidationError('Update Fields', 'Add at least one field to change');
	}

	const order = findById(await fetchOrderBook(this), id);
	if (!order) throw new OrderStateError('Order ID', `There is no order ${id} in today's order book; nothing was modified`);
	const status = statusOf(order);
	if (!isLive(order)) {
		throw new OrderStateError('Order ID', `Order ${id} is ${status || 'not open'}; only open, trigger-pending or after-market orders can be modified`);
	}
	const instrument = (await instrumentIndex(this)).byToken(order.exchange, order.symboltoken);
	if (!instrument) {
		throw new OrderStateError('Order ID', `${order.exchange}:${order.tradingsymbol} is not in today's instrument master, so the change cannot be checked`);
	}

	const orderType = toChoice(update.orderType ?? order.ordertype, ORDER_TYPES, FIELD.orderType);
	// The modify goes with the order's own variety (AMO for a live after-market order).
	const variety = order.variety.toUpperCase() || 'NORMAL';
	// Stop-loss or regular is what the order is now: its type, not its variety (an AMO can be either).
	const wasStopLoss = isStopLoss(toChoice(order.ordertype, ORDER_TYPES, FIELD.orderType));
	const issues: OrderIssue[] = dryRun ? [...dryRunIssues, ...readOnlyIssue(credentials)] : [];
	if (isStopLoss(orderType) !== wasStopLoss) {
		issues.push({
			field: FIELD.orderType,
			message: `Order ${id} is a ${wasStopLoss ? 'stop-loss' : 'regular'} order and cannot become a ${isStopLoss(orderType) ? 'stop-loss' : 'regular'} one; cancel it and place a new order`,
		});
	}
	const quantityGiven = update.quantity !== undefined;
	const check = checkOrder(
		{
			instrument,
			side: toChoice(order.transactiontype, SIDES, FIELD.side),
			orderType,
			product: toChoice(order.producttype, PRODUCTS, FIELD.product),
			validity: toChoice(update.validity ?? order.duration, VALIDITIES, FIELD.validity),
			quantity: quantityGiven ? (update.quantity as number | string) : (order.quantity ?? ''),
			quantityUnit: quantityGiven && String(update.quantityUnit ?? 'units').toLowerCase() === 'lots' ? 'lots' : 'units',
			price: (update.price ?? order.price ?? undefined) as number | string | undefined,
			triggerPrice: (update.triggerPrice ?? order.triggerprice ?? undefined) as number | string | undefined,
			disclosedQuantity: (update.disclosedQuantity ?? order.disclosedquantity ?? undefined) as number | string | undefined,
			scripConsent: false,
			afterMarket: isAfterMarketOrder(order),
			allowNative: allowsNativeOrders(credentials),
		},
		runtimeOf(this).now(),
		{ checkHours: false },
	);
	issues.push(...check.issues);
	const overFreeze = check.body && freezeIssue(instrument, Number(check.body.quantity));
	if (overFreeze) issues.push(overFreeze);
	const filled = order.filledshares ?? 0;
	if (check.body && filled > 0 && Number(check.body.quantity) <= filled) {
		issues.push({ field: FIELD.quantity, message: `${filled} of order ${id} are already filled; the new total quantity must be more than that` });
	}

	// A change to Market or Stop Loss Market is sent protected, like a new order (the 2026 rules).
	let checked = check.body;
	let protection: IDataObject | undefined;
	if (checked && issues.length === 0) {
		const converted = await protectOrder(this, credentials, { instrument, body: checked, tag: '', tagDerived: false }, readProtectionSettings(options));
		checked = converted.prepared.body;
		protection = converted.protection;
	}
	const body: IDataObject | undefined = checked && {
		variety,
		orderid: order.orderid,
		ordertype: checked.ordertype,
		producttype: checked.producttype,
		duration: checked.duration,
		price: checked.price,
		quantity: checked.quantity,
		tradingsymbol: checked.tradingsymbol,
		symboltoken: checked.symboltoken,
		exchange: checked.exchange,
		triggerprice: checked.triggerprice,
		disclosedquantity: checked.disclosedquantity ?? '0',
	};
	const raises = (ours: unknown, theirs: number | null) => (toNumber(ours) ?? 0) > (theirs ?? 0);
	// Only a change that adds exposure (more quantity, a higher price or trigger) meets the risk limits.
	if (body && (raises(body.quantity, order.quantity) || raises(body.price, order.price) || raises(body.triggerprice, order.triggerprice))) {
		issues.push(...(await exposureIssues(this, exposureOf(body, false))));
	}
	if (dryRun) {
		return {
			dryRun: true,
			valid: issues.length === 0,
			errors: issues.map((issue) => ({ ...issue })),
			request: body && issues.length === 0 ? { ...describeRequest(credentials, 'modifyOrder', { body }) } : null,
			order: simplifyOrder(order),
			...(protection ? { protection } : {}),
		};
	}
	if (issues.length > 0 || !body) {
		const reported = issues.length > 0 ? issues : [{ field: FIELD.orderType, message: 'The change could not be checked' }];
		throw new ValidationError(reported[0].field, issuesText(reported));
	}

	let failure: unknown;
	try {
		await callEndpoint(this, 'modifyOrder', { body });
	} catch (error) {
		failure = error;
	}
	let current: OrderRow;
	let reconciled = false;
	if (failure !== undefined) {
		if (!(failure instanceof SmartApiError) || !failure.ambiguous) throw failure;
		const after = await fetchOrder(this, order.orderid);
		if (!after || !applied(after, body)) throw notApplied(failure, order.orderid);
		current = after;
		reconciled = true;
	} else {
		current = await readBack(this, order);
	}
	const followed = waitSeconds > 0 ? await followOrder(this, current, waitSeconds) : undefined;
	current = followed?.order ?? current;
	const out = simplify ? simplifyOrder(current) : current.raw;
	return {
		...out,
		modified: true,
		reconciled,
		final: isFinal(current),
		...(protection ? { protection } : {}),
		...(followed?.error ? { statusError: followed.error } : {}),
	};
}

orderResource.add({
	value: 'modify',
	name: 'Modify',
	action: 'Modify an order',
	description: 'Change the price, quantity, type or validity of an open order',
	properties,
	execute,
});
