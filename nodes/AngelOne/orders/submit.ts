// Placing an order so that it happens at most once: read-only guard, validation, dry run, tag, look-up of the tag
// in today's orders, one placeOrder call, reconciliation through the order book when the answer was lost, and the status.
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { istDay, parseOrderTime } from '../helpers/ist';
import { InstrumentInputError, type Instrument } from '../instruments';
import { describeInstrument } from '../methods/instruments';
import { processState } from '../processState';
import { runtimeOf } from '../runtime';
import { accountKey } from '../transport/account';
import { isNativeOrderRefusal, NATIVE_ORDER_REFUSED, SmartApiError } from '../transport/errors';
import { readOnlyIssue, writableCredentials } from '../transport/readOnly';
import { orderRef, orderRow, type OrderRef } from '../transport/answers';
import { callEndpoint, describeRequest } from '../transport/request';
import {
	fetchOrder,
	fetchOrderBook,
	findById,
	findByTag,
	freshOrderBook,
	isFinal,
	isLive,
	placementOrder,
	readBack,
	simplifyOrder,
	withTag,
	type OrderRow,
} from './book';
import { followOrder } from './follow';
import { checkOrder, FIELD, issuesText, type OrderIntent, type OrderIssue, type PlaceOrderBody } from './rules';
import { DEFAULT_DUPLICATE_WINDOW_MINUTES, deriveWindowedTag, insideWindow, tagConflicts, type DuplicateWindow } from './tag';
import { enforceRiskLimits, exposureOf } from './riskGuard';
import { ValidationError } from '../helpers/validation';
import { restated } from './failures';

export interface PreparedOrder {
	instrument: Instrument;
	/** The exact placeOrder body, tag included. */
	body: PlaceOrderBody;
	tag: string;
	/** The tag was derived, not given by the person. */
	tagDerived: boolean;
	/** Derived tags: how long a repeat of the same signal returns the first order. */
	duplicateWindow?: DuplicateWindow;
}

export interface OrderPlan {
	issues: OrderIssue[];
	prepared?: PreparedOrder;
}

/** The one Read-Only guard (transport/readOnly.ts), re-exported for the order operations. */
export { readOnlyIssue, writableCredentials };

/**
 * Validates the intent and gives the order its tag: the person's, or one derived from workflow, node, order, item
 * and the Duplicate Window's bucket.
 */
export function planOrder(
	ctx: IExecuteFunctions,
	itemIndex: number,
	intent: OrderIntent,
	duplicateWindowMinutes = DEFAULT_DUPLICATE_WINDOW_MINUTES,
): OrderPlan {
	const now = runtimeOf(ctx).now();
	const check = checkOrder(intent, now);
	if (!check.body) return { issues: check.issues };
	if (intent.tag !== undefined) {
		const tag = intent.tag;
		return { issues: [], prepared: { instrument: intent.instrument, body: { ...check.body, ordertag: tag }, tag, tagDerived: false } };
	}
	const derived = deriveWindowedTag(
		{ workflowId: ctx.getWorkflow().id ?? '', nodeName: ctx.getNode().name, order: check.body, item: ctx.getInputData()[itemIndex]?.json ?? {} },
		now,
		duplicateWindowMinutes,
	);
	return {
		issues: [],
		prepared: {
			instrument: intent.instrument,
			body: { ...check.body, ordertag: derived.tag },
			tag: derived.tag,
			tagDerived: true,
			duplicateWindow: derived.window,
		},
	};
}

/** The prepared order, or a ValidationError naming the first field at fault (nothing has been sent). */
export function preparedOrThrow(plan: OrderPlan): PreparedOrder {
	if (plan.prepared && plan.issues.length === 0) return plan.prepared;
	const issues = plan.issues.length > 0 ? plan.issues : [{ field: FIELD.instrument, message: 'The order could not be checked' }];
	throw new ValidationError(issues[0].field, issuesText(issues));
}

/** A bad input as a dry-run issue; anything else is not about the input and is not swallowed. */
export function inputIssue(error: unknown): OrderIssue | undefined {
	if (error instanceof ValidationError || error instanceof InstrumentInputError) return { field: error.field, message: error.message };
	return undefined;
}

/** What a dry run returns: the validation result and the exact request; nothing at all is sent. */
export function dryRunResult(credentials: ICredentialDataDecryptedObject, plan: OrderPlan, extraIssues: OrderIssue[] = []): IDataObject {
	const errors = [...extraIssues, ...plan.issues];
	const prepared = plan.prepared;
	return {
		dryRun: true,
		valid: errors.length === 0,
		errors: errors.map((issue) => ({ ...issue })),
		request: prepared ? { ...describeRequest(credentials, 'placeOrder', { body: prepared.body }) } : null,
		tag: prepared?.tag ?? null,
		tagDerived: prepared?.tagDerived ?? null,
		instrument: prepared ? describeInstrument(prepared.instrument) : null,
	};
}

interface Flags {
	duplicate: boolean;
	reconciled: boolean;
}

export interface SubmitOptions {
	/** Follow the order for up to this many seconds; 0 returns its status right after placing. */
	waitSeconds: number;
	simplify: boolean;
	/** Today's order book, already read for this item (Exit Position); saves a read per order. */
	book?: OrderRow[];
	/** The order adds exposure (Place): the credential's risk limits apply. Exit Position reduces it and never sets this. */
	addsExposure?: boolean;
	/**
	 * false: after placing, read only the order's details, not the book for a twin from another n8n process. One
	 * process needs no twin check (its executions share one lock per tag); queue mode does. Default true.
	 */
	twinCheck?: boolean;
	/** Today's order book, asked for before the lock (readBookEarly); used only while it is still as fresh as one read inside it. */
	earlyBook?: EarlyBook;
}

function placementsOf(account: string): { sent: number; open: number } {
	let entry = processState.placements.get(account);
	if (!entry) {
		entry = { sent: 0, open: 0 };
		processState.placements.set(account, entry);
	}
	return entry;
}

/** An order-book read started while the order was still being checked, so its round trip overlaps that work. */
export interface EarlyBook {
	account: string;
	/** This process's placeOrder count for the account when the read was asked for. */
	sentBefore: number;
	read: Promise<OrderRow[]>;
}

/**
 * Starts today's order-book read for the duplicate check (and Max Orders per Day) as soon as the order is known to
 * be valid, instead of after the lock, so its round trip overlaps the quote, the instrument search, the risk check
 * and the lock. A read sends nothing order-changing; the order is still placed only after every check. With no
 * session yet, the read (or the search beside it) logs in, and the other one goes as soon as the login has the
 * session. Not started while this process has a placeOrder on its way for the account (that order may be missing
 * from the answer).
 */
export function readBookEarly(ctx: IExecuteFunctions, credentials: ICredentialDataDecryptedObject): EarlyBook | undefined {
	const account = accountKey(credentials);
	const counts = placementsOf(account);
	if (counts.open > 0) return undefined;
	const read = freshOrderBook(ctx, account);
	// Awaited only if the order gets that far; a refused order must not leave a rejection unhandled.
	read.catch(() => undefined);
	return { account, sentBefore: counts.sent, read };
}

/**
 * The early read when it answers the same question as a read inside the lock would: no placeOrder of this process
 * for the account was sent since it was asked for (an order placed meanwhile, such as a twin delivery's that held
 * the lock, might be missing from it). Otherwise undefined, and the caller reads the book again.
 */
function usableEarlyBook(early: EarlyBook | undefined, account: string): Promise<OrderRow[]> | undefined {
	if (!early || early.account !== account || placementsOf(account).sent !== early.sentBefore) return undefined;
	return early.read;
}

/** One placement per client and tag at a time in this process; a concurrent twin waits and then finds the first. */
async function exclusively<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = processState.placing.get(key);
	let release = (): void => undefined;
	const mine = new Promise<void>((resolve) => {
		release = resolve;
	});
	const chain = (previous ?? Promise.resolve()).then(async () => await mine);
	processState.placing.set(key, chain);
	if (previous) await previous;
	try {
		return await work();
	} finally {
		release();
		if (processState.placing.get(key) === chain) processState.placing.delete(key);
	}
}

/** An order this process placed today, by client and tag: a second delivery finds it even before the book shows it. */
function remember(ctx: IExecuteFunctions, key: string, orderid: string, uniqueorderid: string): void {
	const { placedToday } = processState;
	const day = istDay(runtimeOf(ctx).now());
	if (placedToday.size > 5000) {
		for (const [k, v] of placedToday) if (v.day !== day) placedToday.delete(k);
	}
	placedToday.set(key, { orderid, uniqueorderid, day });
}

async function rememberedOrder(ctx: IExecuteFunctions, key: string, tag: string): Promise<OrderRow | undefined> {
	const entry = processState.placedToday.get(key);
	if (!entry || entry.day !== istDay(runtimeOf(ctx).now())) return undefined;
	let order: OrderRow | undefined;
	try {
		order = await fetchOrder(ctx, entry.uniqueorderid || entry.orderid);
	} catch {
		// The order book below is the authority; this memory only covers the moment before it shows the order.
		order = undefined;
	}
	return order && order.ordertag === tag ? order : undefined;
}

function output(order: OrderRow, tag: string, flags: Flags & { final: boolean }, simplify: boolean): IDataObject {
	// An order accepted and then rejected under the 2026 rules says how to place it within them.
	const native = ['MARKET', 'STOPLOSS_MARKET'].includes(order.ordertype.toUpperCase()) || order.duration.toUpperCase() === 'IOC';
	const refused = native && order.status === 'rejected' && isNativeOrderRefusal(order.text);
	const hint = refused ? { hint: NATIVE_ORDER_REFUSED } : {};
	if (!simplify) return { ...order.raw, duplicate: flags.duplicate, reconciled: flags.reconciled, final: flags.final, ...hint };
	return { ...simplifyOrder(order), tag, duplicate: flags.duplicate, reconciled: flags.reconciled, final: flags.final, ...hint };
}

/**
 * The order as far as it is known when the details cannot be read right after placing: a record in the order
 * book's field names, with the IDs and symbol as placeOrder's answer sent them, read like a book row.
 */
function fromBody(body: PlaceOrderBody, placed: OrderRef): OrderRow {
	return orderRow({
		orderid: placed.raw.orderid,
		uniqueorderid: placed.raw.uniqueorderid,
		tradingsymbol: placed.raw.script ?? body.tradingsymbol,
		exchange: body.exchange,
		transactiontype: body.transactiontype,
		ordertype: body.ordertype,
		producttype: body.producttype,
		duration: body.duration,
		quantity: body.quantity,
		price: body.price,
		triggerprice: body.triggerprice,
		ordertag: body.ordertag,
	});
}

async function settle(ctx: IExecuteFunctions, order: OrderRow, tag: string, flags: Flags, options: SubmitOptions): Promise<IDataObject> {
	const followed = options.waitSeconds > 0 ? await followOrder(ctx, order, options.waitSeconds) : undefined;
	const current = followed?.order ?? order;
	const result = output(current, tag, { ...flags, final: isFinal(current) }, options.simplify);
	if (followed?.error) result.statusError = followed.error;
	return result;
}

type Reconciliation = { book: OrderRow[] } | { absent: true; looks: number; seconds: number } | { unreadable: unknown };

/** After an ambiguous failure: is the order in today's book? A few looks, with short waits for it to appear. */
async function reconcile(ctx: IExecuteFunctions, tag: string): Promise<Reconciliation> {
	const started = Date.now();
	const signal = ctx.getExecutionCancelSignal();
	let lastError: unknown;
	let looks = 0;
	for (const delay of runtimeOf(ctx).orders.reconcileDelaysMs) {
		if (delay > 0) await sleep(delay, signal);
		let book: OrderRow[];
		try {
			book = await fetchOrderBook(ctx);
		} catch (error) {
			lastError = error;
			continue;
		}
		looks++;
		lastError = undefined;
		if (findByTag(book, tag)) return { book };
	}
	if (looks === 0 || lastError !== undefined) return { unreadable: lastError };
	return { absent: true, looks, seconds: Math.round((Date.now() - started) / 100) / 10 };
}

/** The book's times have whole seconds, and the broker's clock is not ours: an order this attempt placed is not older. */
const CLOCK_SLACK_MS = 1000;

/**
 * Orders with the tag that this attempt may have placed: those not older than its send. An order placed before it
 * is another execution's (another n8n process placed the same alert) and is never taken for ours.
 */
function mayBeOurs(orders: OrderRow[], sentAt: number): OrderRow[] {
	return orders.filter((order) => {
		const at = parseOrderTime(order.updatetime);
		return !Number.isFinite(at) || at >= Math.floor(sentAt / 1000) * 1000 - CLOCK_SLACK_MS;
	});
}

const DEAD_STATUSES = new Set(['rejected', 'cancelled']);

interface TwinOutcome {
	order: OrderRow;
	/** The other orders with the tag (another process placed the same alert). */
	twins: OrderRow[];
	cancelledAsTwin: boolean;
	cancelError?: string;
}

/** Cancels an order that turned out to be a twin; the order as it is afterwards, or why it could not be cancelled. */
async function cancelTwin(ctx: IExecuteFunctions, order: OrderRow): Promise<{ order: OrderRow; error?: string }> {
	try {
		await callEndpoint(ctx, 'cancelOrder', { body: { variety: order.variety || 'NORMAL', orderid: order.orderid } });
	} catch (error) {
		return { order, error: error instanceof Error ? error.message : String(error) };
	}
	return { order: await readBack(ctx, order) };
}

/**
 * No lock spans n8n's processes, so two workers can both place the same alert. The order placed first stands:
 * `later` (this attempt's) is cancelled while still open when an earlier live or filled order carries the tag.
 */
async function settleTwins(ctx: IExecuteFunctions, book: OrderRow[], tag: string, later: OrderRow): Promise<TwinOutcome> {
	const twins = withTag(book, tag).filter((order) => order.orderid !== later.orderid);
	const standsBefore = twins.some((order) => placementOrder(order, later) < 0 && !DEAD_STATUSES.has(order.status));
	// A status not read yet is treated as open: cancelling an order that has already settled only fails.
	if (!standsBefore || !(isLive(later) || later.status === '')) return { order: later, twins, cancelledAsTwin: false };
	const cancelled = await cancelTwin(ctx, later);
	return { order: cancelled.order, twins, cancelledAsTwin: cancelled.error === undefined, cancelError: cancelled.error };
}

function twinFields(outcome: TwinOutcome): IDataObject {
	if (outcome.twins.length === 0) return {};
	return {
		// The IDs as the broker sent them (raw), as this field has always shown them.
		twins: outcome.twins.map((order) => ({ orderId: order.raw.orderid ?? null, uniqueOrderId: order.raw.uniqueorderid ?? null, status: order.status || null })),
		cancelledAsTwin: outcome.cancelledAsTwin,
		...(outcome.cancelError ? { twinCancelError: outcome.cancelError } : {}),
	};
}

/**
 * A lost answer, and the book has orders with the tag. The first placed stands; every later live one is cancelled,
 * since one of them may be this attempt's and no other execution would cancel that one. Orders placed before this
 * attempt's send are another execution's: with nothing newer, the alert was placed there (a duplicate, not ours).
 */
async function afterLostAnswer(ctx: IExecuteFunctions, book: OrderRow[], tag: string, sentAt: number, options: SubmitOptions): Promise<IDataObject> {
	const all = withTag(book, tag);
	const candidates = mayBeOurs(all, sentAt);
	if (candidates.length === 0) return await settle(ctx, all[0], tag, { duplicate: true, reconciled: false }, options);
	let twins: OrderRow[] = [];
	const cancelErrors: string[] = [];
	for (const order of all.slice(1)) {
		if (isLive(order)) {
			const cancelled = await cancelTwin(ctx, order);
			twins.push(cancelled.order);
			if (cancelled.error) cancelErrors.push(cancelled.error);
		} else twins.push(order);
	}
	// Ours is the only candidate: it is the one to report, the earlier order is the twin.
	const ours = candidates.length === 1 ? (twins.find((o) => o.orderid === candidates[0].orderid) ?? candidates[0]) : all[0];
	twins = [all[0], ...twins].filter((order) => order.orderid !== ours.orderid);
	const result = await settle(ctx, ours, tag, { duplicate: false, reconciled: true }, options);
	return {
		...result,
		...twinFields({ order: ours, twins, cancelledAsTwin: ours !== all[0] && ours.status === 'cancelled', cancelError: cancelErrors[0] }),
	};
}

function notPlaced(failure: SmartApiError, tag: string, looks: number, seconds: number): SmartApiError {
	return restated(failure, `The order was NOT placed: tag ${tag} is not in today's order book after ${looks} checks over ${seconds} s. It was not sent again; run the workflow again to place it (the tag protects against a double).`, false);
}

function outcomeUnknown(failure: SmartApiError, tag: string): SmartApiError {
	return restated(failure, `Today's order book could not be read to check. Look for tag ${tag} in the order book before placing it again.`, true);
}

/**
 * The order this one repeats: today's order with its tag or, for a derived tag, the same signal's order from the
 * previous window bucket while it is younger than the window. The book is read only when memory does not answer.
 */
async function knownOrder(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	prepared: PreparedOrder,
	options: SubmitOptions,
): Promise<{ order?: OrderRow; book?: OrderRow[] }> {
	const account = accountKey(credentials);
	let book = options.book;
	const lookUp = async (tag: string): Promise<OrderRow | undefined> =>
		(await rememberedOrder(ctx, `${account}|${tag}`, tag)) ??
		findByTag((book ??= await (usableEarlyBook(options.earlyBook, account) ?? freshOrderBook(ctx, account))), tag);
	const same = await lookUp(prepared.tag);
	const window = prepared.duplicateWindow;
	if (same || !window?.previousTag) return { order: same, book };
	const earlier = await lookUp(window.previousTag);
	return { order: earlier && insideWindow(earlier, window, runtimeOf(ctx).now()) ? earlier : undefined, book };
}

/** A tag names one order: today's order with it must be this order (tagConflicts says what counts), else nothing is sent. */
function refuseOtherOrder(order: OrderRow, prepared: PreparedOrder): void {
	const differences = tagConflicts(order, prepared.body);
	if (differences.length === 0) return;
	const which = prepared.tagDerived ? `The derived tag ${prepared.tag}` : `"${prepared.tag}"`;
	throw new ValidationError(
		FIELD.tag,
		`${which} already names today's order ${order.orderid}, which is a different order: ${differences.join(', ')}. Nothing was sent; give this order a tag of its own.`,
	);
}

/**
 * Places a validated order at most once per tag and day (a derived tag: per Duplicate Window): returns the existing
 * order (duplicate) if it repeats one of today's orders, refuses a different order under the same tag, otherwise
 * sends one placeOrder. If its answer is lost, the order book is searched for exactly the tag this attempt sent.
 */
export async function submitOrder(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	prepared: PreparedOrder,
	options: SubmitOptions,
): Promise<IDataObject> {
	const { tag, body } = prepared;
	const key = `${accountKey(credentials)}|${tag}`;
	return await exclusively(`${accountKey(credentials)}|${prepared.duplicateWindow?.series ?? tag}`, async () => {
		const known = await knownOrder(ctx, credentials, prepared, options);
		if (known.order) {
			refuseOtherOrder(known.order, prepared);
			return await settle(ctx, known.order, tag, { duplicate: true, reconciled: false }, options);
		}
		// The book that decided "no duplicate" also gives Max Orders per Day its count: one read, not two a second apart.
		if (options.addsExposure) await enforceRiskLimits(ctx, exposureOf(body, true), { credentials, book: known.book });

		let placed: OrderRef = orderRef({});
		let failure: unknown;
		const sentAt = runtimeOf(ctx).now();
		const counts = placementsOf(accountKey(credentials));
		counts.sent++;
		counts.open++;
		try {
			placed = await callEndpoint(ctx, 'placeOrder', { body });
		} catch (error) {
			failure = error;
		} finally {
			counts.open--;
		}
		if (failure !== undefined) {
			// Only an answer lost on the way can hide a placed order; any other refusal is final.
			if (!(failure instanceof SmartApiError) || !failure.ambiguous) throw failure;
			const outcome = await reconcile(ctx, tag);
			if ('book' in outcome) {
				const result = await afterLostAnswer(ctx, outcome.book, tag, sentAt, options);
				if (result.reconciled === true && result.cancelledAsTwin !== true) {
					remember(ctx, key, String(result.orderId ?? result.orderid ?? ''), String(result.uniqueOrderId ?? result.uniqueorderid ?? ''));
				}
				return result;
			}
			if ('absent' in outcome) throw notPlaced(failure, tag, outcome.looks, outcome.seconds);
			throw outcomeUnknown(failure, tag);
		}

		remember(ctx, key, placed.orderid, placed.uniqueorderid);
		const { order, twins, statusError } =
			options.twinCheck === false ? await readDetails(ctx, placed, body) : await readAfterPlacing(ctx, credentials, placed, body, tag);
		// A later delivery in this process should find the order that stands, not the cancelled twin.
		if (twins?.cancelledAsTwin && twins.twins[0]) remember(ctx, key, twins.twins[0].orderid, twins.twins[0].uniqueorderid);
		const result = await settle(ctx, twins?.order ?? order, tag, { duplicate: false, reconciled: false }, options);
		if (statusError) result.statusError ??= statusError;
		return twins ? { ...result, ...twinFields(twins) } : result;
	});
}

/** The order just placed, from its details (ten reads a second are allowed, against one of the book). */
async function readDetails(ctx: IExecuteFunctions, placed: OrderRef, body: PlaceOrderBody): Promise<{ order: OrderRow; twins?: undefined; statusError?: string }> {
	try {
		return { order: (await fetchOrder(ctx, placed.uniqueorderid || placed.orderid)) ?? fromBody(body, placed) };
	} catch (error) {
		// The order is placed; failing the item now would invite a retry. Say what is known instead.
		return { order: fromBody(body, placed), statusError: error instanceof Error ? error.message : String(error) };
	}
}

/**
 * The order just placed, read back with the book for its tag (one fresh read, shared with the executions asking
 * at the same time): another process may have placed the same alert, and then the later order is cancelled.
 */
async function readAfterPlacing(
	ctx: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	placed: OrderRef,
	body: PlaceOrderBody,
	tag: string,
): Promise<{ order: OrderRow; twins?: TwinOutcome; statusError?: string }> {
	const id = placed.uniqueorderid || placed.orderid;
	let book: OrderRow[] | undefined;
	let statusError: string | undefined;
	try {
		book = await freshOrderBook(ctx, accountKey(credentials));
	} catch (error) {
		statusError = `The order book could not be read to check for a twin from another n8n process: ${error instanceof Error ? error.message : String(error)}`;
	}
	let order = book ? findById(book, placed.orderid) : undefined;
	if (!order) {
		try {
			order = await fetchOrder(ctx, id);
		} catch (error) {
			// The order is placed; failing the item now would invite a retry. Say what is known instead.
			statusError ??= error instanceof Error ? error.message : String(error);
		}
	}
	const known = order ?? fromBody(body, placed);
	if (!book) return { order: known, statusError };
	try {
		return { order: known, twins: await settleTwins(ctx, book, tag, known), statusError };
	} catch (error) {
		return { order: known, statusError: error instanceof Error ? error.message : String(error) };
	}
}
