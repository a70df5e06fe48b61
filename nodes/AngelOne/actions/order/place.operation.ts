// Order → Place: a validated order, placed at most once per tag and day (per Duplicate Window for a derived tag),
// with an optional dry run and a wait for its final status.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../../transport/request';
import { instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import {
	afterMarketOption,
	dryRunOption,
	duplicateWindowOption,
	ORDER_TYPES,
	orderTypeField,
	priceField,
	PRODUCTS,
	productField,
	quantityField,
	quantityUnitField,
	readChoice,
	readCollection,
	readDryRun,
	readDuplicateWindow,
	readWaitSeconds,
	readQuantityUnit,
	readTag,
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
		options: [dryRunOption, duplicateWindowOption, waitOption],
	},
];

async function readIntent(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<OrderIntent> {
	const additional = readCollection(ctx, 'additionalFields', itemIndex);
	const instrument = resolveLocator(await instrumentIndex(ctx), ctx.getNodeParameter('instrument', itemIndex), FIELD.instrument);
	const tag = readTag(additional.tag);
	return {
		instrument,
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
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const options = readCollection(this, 'options', itemIndex);
	const simplify = this.getNodeParameter('simplify', itemIndex, true) as boolean;
	// Dry Run as a person means it ("true" from an expression is on; an unreadable value dry-runs and says so).
	const dryRun = readDryRun(options);
	options.dryRun = dryRun.dryRun;
	if (options.dryRun === true) {
		// A dry run sends nothing at all (not even the duplicate look-up) and reports bad input instead of failing.
		const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		let plan: OrderPlan = { issues: [] };
		let failure: unknown;
		try {
			plan = planOrder(this, itemIndex, await readIntent(this, itemIndex), readDuplicateWindow(options));
		} catch (error) {
			const issue = inputIssue(error);
			if (issue) plan = { issues: [issue] };
			else failure = error;
		}
		if (failure !== undefined) throw failure;
		return dryRunResult(credentials, plan, [...dryRun.issues, ...readOnlyIssue(credentials)]);
	}
	// Read-only is refused before the master is even read, so a blocked account never gets further.
	const credentials = await writableCredentials(this);
	const windowMinutes = readDuplicateWindow(options);
	const waitSeconds = readWaitSeconds(options);
	const prepared = preparedOrThrow(planOrder(this, itemIndex, await readIntent(this, itemIndex), windowMinutes));
	return await submitOrder(this, credentials, prepared, {
		waitSeconds,
		simplify,
	});
}
