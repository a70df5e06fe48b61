// Order → Place: a validated order, placed at most once per tag and day, with an optional dry run and a wait
// for its final status.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../transport/request';
import { instrumentIndex, instrumentLocator, orderInstrument, preloadMaster, resolveLocator } from '../../methods/instruments';
import {
	afterMarketOption,
	dryRunOption,
	ORDER_TYPES,
	orderTypeField,
	priceField,
	PRODUCTS,
	productField,
	quantityField,
	quantityUnitField,
	readChoice,
	readCollection,
	readNumber,
	readQuantityUnit,
	scripConsentOption,
	SIDES,
	sideField,
	simplifyField,
	triggerPriceField,
	VALIDITIES,
	validityField,
	waitOption,
} from '../orderFields';
import { FIELD, type OrderIntent } from '../orderRules';
import {
	dryRunResult,
	inputIssue,
	planOrder,
	preparedOrThrow,
	readOnlyIssue,
	submitOrder,
	writableCredentials,
	type OrderPlan,
} from '../orderSubmit';

export const description: INodeProperties[] = [
	instrumentLocator({ description: 'What to trade; the exchange comes with it (NSE:SBIN-EQ, NFO:NIFTY…, MCX:…)' }),
	sideField,
	orderTypeField,
	productField,
	quantityField,
	quantityUnitField,
	priceField,
	triggerPriceField,
	validityField,
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
			{
				displayName: 'Tag',
				name: 'tag',
				type: 'string',
				default: '',
				placeholder: 'e.g. tv-0915-sbin-buy',
				description:
					'Up to 19 characters identifying this order (Angel One\'s ordertag). An order with the same tag placed today is returned instead of placing another. Left empty, a tag is derived from the workflow, this node, the order and the input item, so the same alert delivered twice places one order; two identical orders on one day need distinct tags (e.g. from the alert\'s time).',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			dryRunOption,
			waitOption,
			{
				displayName: 'Answer Before Reading Status',
				name: 'answerBeforeStatus',
				type: 'boolean',
				default: false,
				description:
					'Whether to answer as soon as Angel One takes the order (order ID, tag and what was sent; status not read), one round trip sooner. For alerts whose sender only needs the order ID; read the status later with Order → Get. Ignored while waiting for the status.',
			},
		],
	},
];

/**
 * The order as the person gave it. `quick`: the first order of a process may take its instrument from searchScrip
 * while the master loads (see methods/instruments.ts); never in a dry run, which sends nothing.
 */
async function readIntent(ctx: IExecuteFunctions, itemIndex: number, quick = false): Promise<{ intent: OrderIntent; quick: boolean }> {
	const additional = readCollection(ctx, 'additionalFields', itemIndex);
	const locator = ctx.getNodeParameter('instrument', itemIndex);
	const tag = typeof additional.tag === 'string' && additional.tag.trim() !== '' ? additional.tag.trim() : undefined;
	const rest: Omit<OrderIntent, 'instrument'> = {
		side: readChoice(ctx, 'side', itemIndex, SIDES, FIELD.side),
		orderType: readChoice(ctx, 'orderType', itemIndex, ORDER_TYPES, FIELD.orderType),
		product: readChoice(ctx, 'product', itemIndex, PRODUCTS, FIELD.product),
		validity: readChoice(ctx, 'validity', itemIndex, VALIDITIES, FIELD.validity),
		quantity: ctx.getNodeParameter('quantity', itemIndex) as number | string,
		quantityUnit: readQuantityUnit(ctx, itemIndex),
		price: ctx.getNodeParameter('price', itemIndex, 0) as number | string,
		triggerPrice: ctx.getNodeParameter('triggerPrice', itemIndex, 0) as number | string,
		disclosedQuantity: additional.disclosedQuantity as number | string | undefined,
		tag,
		scripConsent: additional.scripConsent === true,
		afterMarket: additional.afterMarket === true,
	};
	const resolved = quick
		? await orderInstrument(ctx, locator, FIELD.instrument, [rest.price, rest.triggerPrice], (candidate) => {
				try {
					return planOrder(ctx, itemIndex, { ...rest, instrument: candidate }).issues.length === 0;
				} catch {
					return false;
				}
			})
		: { instrument: resolveLocator(await instrumentIndex(ctx), locator, FIELD.instrument), quick: false };
	return { intent: { ...rest, instrument: resolved.instrument }, quick: resolved.quick };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readCollection(this, 'options', itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	if (options.dryRun === true) {
		// A dry run sends nothing at all (not even the duplicate look-up) and reports bad input instead of failing.
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		let plan: OrderPlan = { issues: [] };
		let failure: unknown;
		try {
			plan = planOrder(this, itemIndex, (await readIntent(this, itemIndex)).intent);
		} catch (error) {
			const issue = inputIssue(error);
			if (issue) plan = { issues: [issue] };
			else failure = error;
		}
		if (failure !== undefined) throw failure;
		return dryRunResult(credentials, plan, readOnlyIssue(credentials));
	}
	// Read-only is refused before the master is even read, so a blocked account never gets further.
	const credentials = await writableCredentials(this);
	const { intent, quick } = await readIntent(this, itemIndex, true);
	const prepared = preparedOrThrow(planOrder(this, itemIndex, intent));
	try {
		return await submitOrder(this, credentials, prepared, {
			waitSeconds: options.waitSeconds === undefined ? 0 : readNumber(options.waitSeconds, 0),
			simplify,
			readStatus: options.answerBeforeStatus !== true,
		});
	} finally {
		// Loaded only now: parsing the whole master would have held up this order's own requests.
		if (quick) preloadMaster(this);
	}
}
