// Order → Place: a validated order, placed at most once per tag and day (per Duplicate Window for a derived tag),
// with an optional dry run, a wait for its final status, and (freeze.ts) a split into legs above the exchange's
// freeze quantity.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../transport/request';
import { instrumentIndex, instrumentLocator, orderInstrument, preloadMaster, resolveLocator } from '../../methods/instruments';
import {
	afterMarketOption,
	dryRunOption,
	duplicateWindowOption,
	fillWithinField,
	ORDER_TYPES,
	orderTypeField,
	priceField,
	PRODUCTS,
	productField,
	protectionBandOption,
	quantityField,
	quantityUnitField,
	readChoice,
	readDryRun,
	readDuplicateWindow,
	readWaitSeconds,
	readQuantityUnit,
	readOrderSwitch,
	readProtectionSettings,
	readTag,
	readTwinCheck,
	twinCheckOption,
	referencePriceOption,
	scripConsentOption,
	SIDES,
	sideField,
	splitAboveFreezeOption,
	triggerPriceField,
	VALIDITY_CHOICES,
	validityField,
	waitOption,
} from '../orderFields';
import { readCollection, readNumber, readSimplify, simplifyField } from '../fields';
import { allowsNativeOrders, cancelUnfilled, protectOrder } from '../../orders/protection';
import { checkFreeze, plannedLegs, submitWithFreeze } from '../../orders/freeze';
import { FIELD, type OrderIntent } from '../../orders/rules';
import { exposureIssues, exposureOf } from '../../orders/riskGuard';
import {
	dryRunResult,
	inputIssue,
	planOrder,
	preparedOrThrow,
	readBookEarly,
	readOnlyIssue,
	submitOrder,
	writableCredentials,
	type EarlyBook,
	type OrderPlan,
} from '../../orders/submit';
import { ValidationError } from '../shared';
import { orderResource } from './resource';

const properties: INodeProperties[] = [
	instrumentLocator({ description: 'What to trade; the exchange comes with it (NSE:SBIN-EQ, NFO:NIFTY…, MCX:…)' }),
	sideField,
	orderTypeField,
	productField,
	protectionBandOption,
	quantityField,
	quantityUnitField,
	priceField,
	triggerPriceField,
	validityField,
	fillWithinField,
	simplifyField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			afterMarketOption,
			scripConsentOption,
			{
				displayName: 'Disclosed Quantity',
				name: 'disclosedQuantity',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description: 'Units shown in the market depth at a time (equity only); the rest stays hidden',
			},
			protectionBandOption,
			referencePriceOption,
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				placeholder: 'e.g. tv-0915-sbin-buy',
				description:
					'Up to 19 letters, digits, - _ or . naming this one order (Angel One\'s ordertag). The same order with a tag placed today is returned instead of placing another; a different order with it is refused. Left empty, a tag is derived from the workflow, this node, the order and the input item, so the same alert delivered twice within the Duplicate Window places one order.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [dryRunOption, duplicateWindowOption, splitAboveFreezeOption, twinCheckOption, waitOption],
	},
];

/**
 * The order as the person gave it. `quick`: the first order of a process may take its instrument from searchScrip
 * while the master loads (see methods/instruments.ts), only when it carries its own prices (a Market order's
 * protected price is computed later, on a tick the quick look-up cannot confirm); never in a dry run.
 */
async function readIntent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	credentials: ICredentialDataDecryptedObject,
	quick = false,
	/** Called when the quick path is about to search: the order passed every check with the searched-for instrument. */
	onSearch?: () => void,
	/** Additional Fields as the caller already read them (n8n evaluates their expressions on every read). */
	additional: IDataObject = readCollection(ctx, 'additionalFields', itemIndex),
): Promise<{ intent: OrderIntent; quick: boolean }> {
	const locator = ctx.getNodeParameter('instrument', itemIndex);
	const tag = readTag(additional.tag);
	const validity = readChoice(ctx, 'validity', itemIndex, VALIDITY_CHOICES, FIELD.validity);
	const rest: Omit<OrderIntent, 'instrument'> = {
		side: readChoice(ctx, 'side', itemIndex, SIDES, FIELD.side),
		orderType: readChoice(ctx, 'orderType', itemIndex, ORDER_TYPES, FIELD.orderType),
		product: readChoice(ctx, 'product', itemIndex, PRODUCTS, FIELD.product),
		// Fill or Cancel goes to Angel One as a Day order; the node cancels what is unfilled.
		validity: validity === 'FILL_OR_CANCEL' ? 'DAY' : validity,
		quantity: ctx.getNodeParameter('quantity', itemIndex) as number | string,
		quantityUnit: readQuantityUnit(ctx, itemIndex),
		price: ctx.getNodeParameter('price', itemIndex, 0) as number | string,
		triggerPrice: ctx.getNodeParameter('triggerPrice', itemIndex, 0) as number | string,
		disclosedQuantity: additional.disclosedQuantity as number | string | undefined,
		tag,
		scripConsent: readOrderSwitch(additional, 'scripConsent', FIELD.scripConsent),
		afterMarket: readOrderSwitch(additional, 'afterMarket', FIELD.afterMarket),
		allowNative: allowsNativeOrders(credentials),
	};
	const protectedLater = !rest.allowNative && (rest.orderType === 'MARKET' || rest.orderType === 'STOPLOSS_MARKET');
	const resolved =
		quick && !protectedLater
		? await orderInstrument(ctx, locator, FIELD.instrument, [rest.price, rest.triggerPrice], (candidate) => {
				let valid: boolean;
				try {
					valid = planOrder(ctx, itemIndex, { ...rest, instrument: candidate }).issues.length === 0;
				} catch {
					valid = false;
				}
				if (valid) onSearch?.();
				return valid;
			})
		: { instrument: resolveLocator(await instrumentIndex(ctx), locator, FIELD.instrument), quick: false };
	return { intent: { ...rest, instrument: resolved.instrument }, quick: resolved.quick };
}

/** Seconds a Fill or Cancel order may take, or undefined for the other validities. */
function fillWithin(ctx: IExecuteFunctions, itemIndex: number, additional: IDataObject = readCollection(ctx, 'additionalFields', itemIndex)): number | undefined {
	if (String(ctx.getNodeParameter('validity', itemIndex, 'DAY')).toUpperCase().replace(/[\s-]+/g, '_') !== 'FILL_OR_CANCEL') return undefined;
	if (readOrderSwitch(additional, 'afterMarket', FIELD.afterMarket)) {
		throw new ValidationError(FIELD.fillWithin, 'Fill or Cancel Within N Seconds cannot be an after-market order: it would be cancelled before the session opens. Use Day');
	}
	const seconds = readNumber(ctx.getNodeParameter('fillWithinSeconds', itemIndex, 5), NaN);
	if (!(seconds >= 1 && seconds <= 300)) {
		throw new ValidationError(FIELD.fillWithin, `"${String(ctx.getNodeParameter('fillWithinSeconds', itemIndex, ''))}" must be a number of seconds from 1 to 300`);
	}
	return seconds;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readCollection(this, 'options', itemIndex);
	const simplify = readSimplify(this, itemIndex);
	const dryRun = readDryRun(options);
	if (dryRun.dryRun) {
		// A dry run sends no order (nor the duplicate look-up) and reports bad input and the limits that would refuse
		// instead of failing. It reads only what it must show: a quote for a Market order's protected price, the
		// order book for Max Orders per Day.
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		let plan: OrderPlan = { issues: [] };
		let protection: IDataObject | undefined;
		let failure: unknown;
		let split = false;
		try {
			const seconds = fillWithin(this, itemIndex);
			split = readOrderSwitch(options, 'splitAboveFreeze', FIELD.splitAboveFreeze) && seconds === undefined;
			plan = checkFreeze(planOrder(this, itemIndex, (await readIntent(this, itemIndex, credentials)).intent, readDuplicateWindow(options)), split);
			if (plan.prepared && plan.issues.length === 0) {
				const settings = readProtectionSettings(readCollection(this, 'additionalFields', itemIndex));
				const converted = await protectOrder(this, credentials, plan.prepared, settings);
				plan = { ...plan, prepared: converted.prepared };
				protection = converted.protection;
			}
		} catch (error) {
			const issue = inputIssue(error);
			if (issue) plan = { issues: [issue] };
			else failure = error;
		}
		if (failure !== undefined) throw failure;
		const limits = plan.prepared ? await exposureIssues(this, exposureOf(plan.prepared.body, true)) : [];
		const legs = plannedLegs(plan, split);
		return {
			...dryRunResult(credentials, plan, [...dryRun.issues, ...readOnlyIssue(credentials), ...limits]),
			...(protection ? { protection } : {}),
			...(legs ? { legs } : {}),
		};
	}
	// Read-only is refused before the master is even read, so a blocked account never gets further.
	const credentials = await writableCredentials(this);
	const windowMinutes = readDuplicateWindow(options);
	const waitSeconds = readWaitSeconds(options);
	// Read once: each read evaluates the fields' expressions again (the alert's tag, typically), milliseconds each.
	const additional = readCollection(this, 'additionalFields', itemIndex);
	const seconds = fillWithin(this, itemIndex, additional);
	// Fill or Cancel follows one order: above the freeze quantity it is refused, never split.
	const split = readOrderSwitch(options, 'splitAboveFreeze', FIELD.splitAboveFreeze) && seconds === undefined;
	const settings = readProtectionSettings(additional);
	// The duplicate check's book read starts once the order is known to be valid (on the first order of a process,
	// beside the instrument search): its round trip overlaps the rest of the checks instead of following them.
	let earlyBook: EarlyBook | undefined;
	const { intent, quick } = await readIntent(this, itemIndex, credentials, true, () => (earlyBook ??= readBookEarly(this, credentials)), additional);
	try {
		const planned = preparedOrThrow(checkFreeze(planOrder(this, itemIndex, intent, windowMinutes), split));
		earlyBook ??= readBookEarly(this, credentials);
		const { prepared, protection } = await protectOrder(this, credentials, planned, settings);
		const extra = protection ? { protection } : {};
		if (seconds !== undefined) {
			const placed = await submitOrder(this, credentials, prepared, {
				waitSeconds: seconds,
				simplify: false,
				addsExposure: true,
				twinCheck: readTwinCheck(options),
				earlyBook,
			});
			return { ...(await cancelUnfilled(this, placed, prepared.body, simplify)), ...extra };
		}
		const result = await submitWithFreeze(this, credentials, prepared, {
			waitSeconds,
			simplify,
			addsExposure: true,
			twinCheck: readTwinCheck(options),
			earlyBook,
		});
		return { ...result, ...extra };
	} finally {
		// Loaded only now: parsing the whole master would have held up this order's own requests.
		if (quick) preloadMaster(this);
	}
}

orderResource.add({
	value: 'place',
	name: 'Place',
	action: 'Place an order',
	description: 'Validate and place an order at most once (dry run, duplicate protection, wait for its status)',
	properties,
	execute,
});
