// Portfolio → Exit Position: squares off one instrument's open positions, or all of them, with market orders in
// the opposite direction for the net quantity (sent as protected limit orders under the 2026 rules), each
// validated and placed at most once like any order.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Instrument } from '../../instruments';
import { instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import { runtimeOf } from '../../runtime';
import type { OrderRow, PositionRow } from '../../transport/answers';
import { CREDENTIAL_TYPE } from '../../transport/request';
import { fetchOrderBook, findRepeat, isLive } from '../../orders/book';
import {
	afterMarketOption,
	dryRunOption,
	duplicateWindowOption,
	PRODUCTS,
	productOptions,
	protectionBandOption,
	readDryRun,
	readDuplicateWindow,
	readOrderSwitch,
	readProtectionSettings,
	readWaitSeconds,
	scripConsentOption,
	toChoice,
	waitOption,
} from '../orderFields';
import { optionsField, readCollection, readSimplify, simplifyField } from '../fields';
import { FIELD, issuesText, PRODUCT_LABELS, type OrderIssue, type Product, type Side } from '../../orders/rules';
import { deriveWindowedTag } from '../../orders/tag';
import { allowsNativeOrders, protectOrder } from '../../orders/protection';
import { dryRunResult, planOrder, readOnlyIssue, submitOrder, writableCredentials, type OrderPlan } from '../../orders/submit';
import { ValidationError } from '../shared';
import { fetchPositions, netQuantity } from '../../orders/positions';
import { portfolioResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Exit',
		name: 'exitMode',
		type: 'options',
		options: [
			{ name: 'All Open Positions', value: 'all', description: 'Every position with a net quantity, on every exchange' },
			{ name: 'One Instrument', value: 'one', description: 'The open positions in one instrument' },
		],
		default: 'one',
	},
	{
		...instrumentLocator({ description: 'The instrument whose open position to square off' }),
		displayOptions: { show: { exitMode: ['one'] } },
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'options',
		options: [{ name: 'Any', value: 'any', description: 'Positions of every product' }, ...productOptions],
		default: 'any',
		description: 'Only positions of this product',
	},
	simplifyField,
	optionsField([afterMarketOption, scripConsentOption, dryRunOption, duplicateWindowOption, protectionBandOption, waitOption]),
];

function samePosition(order: OrderRow, position: PositionRow): boolean {
	return (
		order.exchange.toUpperCase() === position.exchange.toUpperCase() &&
		order.symboltoken === position.symboltoken &&
		order.producttype.toUpperCase() === position.producttype.toUpperCase()
	);
}

/** Working orders that already reduce this position: exiting on top of them would turn a long into a short. */
function pendingExits(book: OrderRow[], position: PositionRow, side: Side): OrderRow[] {
	return book.filter((order) => isLive(order) && samePosition(order, position) && order.transactiontype.toUpperCase() === side);
}

function remaining(order: OrderRow): number {
	return Math.max(0, (order.quantity ?? 0) - (order.filledshares ?? 0));
}

interface Exit {
	position: PositionRow;
	net: number;
	plan?: OrderPlan;
	/** Set when nothing is to be sent for this position. */
	skipped?: IDataObject;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const options = readCollection(this, 'options', itemIndex);
	const { dryRun, issues: dryRunIssues } = readDryRun(options);
	const simplify = readSimplify(this, itemIndex);
	const credentials = dryRun
		? await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)
		: await writableCredentials(this);
	const read = parameters(this, itemIndex);
	const mode = String(read.value('exitMode', 'one'));
	const productChoice = String(read.value('product', 'any'));
	const product = productChoice === 'any' ? undefined : toChoice(productChoice, PRODUCTS, FIELD.product);
	const scripConsent = readOrderSwitch(options, 'scripConsent', FIELD.scripConsent);
	const afterMarket = readOrderSwitch(options, 'afterMarket', FIELD.afterMarket);
	const index = await instrumentIndex(this);
	const wanted: Instrument | undefined =
		mode === 'one' ? resolveLocator(index, read.value('instrument'), FIELD.instrument) : undefined;

	const positions = (await fetchPositions(this)).filter(
		(p) =>
			netQuantity(p) !== 0 &&
			(product === undefined || p.producttype.toUpperCase() === product) &&
			(wanted === undefined || (p.exchange.toUpperCase() === wanted.exchange && p.symboltoken === wanted.token)),
	);
	if (positions.length === 0) {
		if (!wanted) return [];
		const which = product ? `${PRODUCT_LABELS[product]} ` : '';
		return [{ exited: false, exchange: wanted.exchange, tradingSymbol: wanted.tradingSymbol, message: `No open ${which}position in ${wanted.exchange}:${wanted.tradingSymbol}` }];
	}

	const windowMinutes = readDuplicateWindow(options);
	const waitSeconds = readWaitSeconds(options);
	const book = await fetchOrderBook(this);
	const now = runtimeOf(this).now();
	const item = this.getInputData()[itemIndex]?.json ?? {};
	const exits: Exit[] = positions.map((position) => {
		const net = netQuantity(position);
		const side: Side = net > 0 ? 'SELL' : 'BUY';
		const exchange = position.exchange.toUpperCase();
		const symbol = `${exchange}:${position.tradingsymbol}`;
		// Same item, node and position size within the Duplicate Window → the same exit, so a retried exit finds the first.
		const { tag, window } = deriveWindowedTag(
			{
				workflowId: this.getWorkflow().id ?? '',
				nodeName: this.getNode().name,
				order: { exit: true, exchange, symboltoken: position.symboltoken, producttype: position.producttype, side, net },
				item,
			},
			now,
			windowMinutes,
		);
		const earlier = findRepeat(book, tag, window, now);
		const pending = pendingExits(book, position, side);
		const open = Math.abs(net) - pending.reduce((sum, order) => sum + remaining(order), 0);
		if (!earlier && open <= 0) {
			return {
				position,
				net,
				skipped: {
					exited: false,
					exchange,
					tradingSymbol: position.tradingsymbol,
					product: position.producttype,
					positionQuantity: net,
					pendingOrderIds: pending.map((order) => order.orderid),
					message: `Working ${side} orders for ${symbol} already cover the position; nothing more was sent`,
				},
			};
		}
		const instrument = index.byToken(exchange, position.symboltoken);
		if (!instrument) {
			return { position, net, plan: { issues: [{ field: FIELD.instrument, message: `${symbol} is not in today's instrument master` }] } };
		}
		let productOf: Product;
		try {
			productOf = toChoice(position.producttype, PRODUCTS, FIELD.product);
		} catch {
			return { position, net, plan: { issues: [{ field: FIELD.product, message: `${symbol} has product ${position.producttype}, which this node does not exit` }] } };
		}
		const plan = planOrder(this, itemIndex, {
			instrument,
			side,
			orderType: 'MARKET',
			product: productOf,
			validity: 'DAY',
			// A repeat is checked as the order it repeats (the same quantity), so the tag check finds it the same order.
			quantity: earlier ? (earlier.quantity ?? Math.abs(net)) : open,
			quantityUnit: 'units',
			tag,
			scripConsent,
			afterMarket,
			allowNative: allowsNativeOrders(credentials),
		});
		if (plan.prepared) Object.assign(plan.prepared, { tagDerived: true, duplicateWindow: window });
		return { position, net, plan: { ...plan, issues: plan.issues.map((issue) => ({ ...issue, message: `${symbol}: ${issue.message}` })) } };
	});

	// Every exit is priced before any is sent: a quote that cannot be read stops them all, like a bad input.
	const settings = readProtectionSettings({ protectionBand: options.protectionBand });
	const protections = new Map<Exit, IDataObject>();
	for (const exit of exits) {
		const prepared = exit.plan?.prepared;
		if (!exit.plan || !prepared || exit.plan.issues.length > 0) continue;
		const converted = await protectOrder(this, credentials, prepared, settings);
		exit.plan = { ...exit.plan, prepared: converted.prepared };
		if (converted.protection) protections.set(exit, converted.protection);
	}
	const protectionOf = (exit: Exit): IDataObject => (protections.has(exit) ? { protection: protections.get(exit) } : {});

	if (dryRun) {
		const blocked = [...dryRunIssues, ...readOnlyIssue(credentials)];
		return exits.map(
			(exit) => exit.skipped ?? { ...dryRunResult(credentials, exit.plan ?? { issues: [] }, blocked), positionQuantity: exit.net, ...protectionOf(exit) },
		);
	}
	// Validation is all or nothing: one bad position means no exit order is sent at all.
	const issues: OrderIssue[] = exits.flatMap((exit) => exit.plan?.issues ?? []);
	if (issues.length > 0) throw new ValidationError(issues[0].field, issuesText(issues));

	const results: IDataObject[] = [];
	let firstFailure: unknown;
	let placed = 0;
	for (const exit of exits) {
		const prepared = exit.plan?.prepared;
		if (!prepared) {
			if (exit.skipped) results.push(exit.skipped);
			continue;
		}
		try {
			const result = await submitOrder(this, credentials, prepared, { waitSeconds, simplify, book });
			results.push({ ...result, exited: true, positionQuantity: exit.net, ...protectionOf(exit) });
			placed++;
		} catch (error) {
			firstFailure ??= error;
			results.push({
				exited: false,
				exchange: prepared.body.exchange,
				tradingSymbol: prepared.body.tradingsymbol,
				product: prepared.body.producttype,
				positionQuantity: exit.net,
				tag: prepared.tag,
				error: error instanceof Error ? error.message : String(error),
			});
		}
	}
	// Nothing exited: fail the item with the reason. Some exited: each outcome is its own item.
	if (firstFailure !== undefined && placed === 0) throw firstFailure;
	return results;
}

portfolioResource.add({
	value: 'exitPosition',
	name: 'Exit Position',
	action: 'Exit a position',
	description: 'Square off one or all open positions with market orders, validated and placed at most once',
	properties,
	execute,
});
