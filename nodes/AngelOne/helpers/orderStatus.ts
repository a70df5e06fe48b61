// The one model of an order's status (protocol §3.4, §6): every status text Angel One writes, its order-update code,
// the state a trader calls it, and whether it is live or final. Order → Get Many and Cancel All Open, the wait
// for a status, the trigger's status filter and its order tracker all read it here. Pure: no n8n imports.

/** The states a trader names; every status belongs to one. */
export type OrderState = 'open' | 'triggerPending' | 'afterMarket' | 'complete' | 'rejected' | 'cancelled';

interface StatusFacts {
	/** The order-update socket's code; statuses only the order book shows have none. */
	code?: string;
	state: OrderState;
	/** It can still change, so it may be modified or cancelled. */
	live?: true;
	/** Nothing more will happen to the order. */
	final?: true;
	/** As an update, it announces a modification; the order then rests in `state` again. */
	modification?: true;
}

/** Lower case, as SmartAPI writes them. */
const STATUSES: Readonly<Record<string, StatusFacts>> = {
	open: { code: 'AB01', state: 'open', live: true },
	cancelled: { code: 'AB02', state: 'cancelled', final: true },
	rejected: { code: 'AB03', state: 'rejected', final: true },
	modified: { code: 'AB04', state: 'open', live: true, modification: true },
	complete: { code: 'AB05', state: 'complete', final: true },
	'after market order req received': { code: 'AB06', state: 'afterMarket', live: true },
	// Not marked final: the order paths have treated only the three plain end states as final so far.
	'cancelled after market order': { code: 'AB07', state: 'cancelled' },
	'modify after market order req received': { code: 'AB08', state: 'afterMarket', live: true, modification: true },
	'open pending': { code: 'AB09', state: 'open', live: true },
	'trigger pending': { code: 'AB10', state: 'triggerPending', live: true },
	'modify pending': { code: 'AB11', state: 'open', live: true, modification: true },
	'validation pending': { state: 'open', live: true },
	'modify validation pending': { state: 'open', live: true, modification: true },
	'put order req received': { state: 'open', live: true },
	// Already on its way out: cancelling it again only earns a Bad Input, so it is not live.
	'cancel pending': { state: 'cancelled' },
};

const FACTS_OF_CODE: ReadonlyMap<string, StatusFacts> = new Map(
	Object.values(STATUSES).flatMap((facts) => (facts.code === undefined ? [] : [[facts.code, facts] as const])),
);

/** Order-update code → the status text it stands for (protocol §6). */
export const ORDER_STATUS_MEANING: Readonly<Record<string, string>> = Object.fromEntries(
	Object.entries(STATUSES).flatMap(([status, facts]) => (facts.code === undefined ? [] : [[facts.code, status]])),
);

/** The order book's status text → the order-update code (the same table read backwards). */
export const CODE_OF_STATUS: Readonly<Record<string, string>> = Object.fromEntries(
	Object.entries(ORDER_STATUS_MEANING).map(([code, status]) => [status, code]),
);

/**
 * What the model reads of an order: a record as the broker sent it, or a typed order row (transport/answers.ts),
 * whose `status` is already the resolved one.
 */
export interface StatusFields {
	readonly orderstatus?: unknown;
	readonly status?: unknown;
	readonly variety?: unknown;
}

/**
 * The order's status, lower case: the first non-empty of `orderstatus` and `status`. Live rows can carry
 * `status: "rejected"` with `orderstatus: ""` (an after-market order stopped by the broker).
 */
export function orderStatusOf(row: StatusFields): string {
	for (const value of [row.orderstatus, row.status]) {
		const text = typeof value === 'string' ? value.trim() : '';
		if (text !== '') return text.toLowerCase();
	}
	return '';
}

function factsOf(row: StatusFields): StatusFacts | undefined {
	return STATUSES[orderStatusOf(row)];
}

/** The state a trader calls the order's status; undefined for a status not in the model. */
export function orderStateOf(row: StatusFields): OrderState | undefined {
	return factsOf(row)?.state;
}

/** The order can still change, so it may be modified or cancelled. */
export function isLiveOrder(row: StatusFields): boolean {
	return factsOf(row)?.live === true;
}

/** Nothing more will happen to the order. */
export function isFinalOrder(row: StatusFields): boolean {
	return factsOf(row)?.final === true;
}

/** The documented statuses of an order queued for the next session. */
export const AFTER_MARKET_STATUSES: ReadonlySet<string> = new Set(
	Object.keys(STATUSES).filter((status) => STATUSES[status].state === 'afterMarket'),
);

/**
 * Whether the order is an after-market order. Live books show a queued AMO as `variety: "AMO"` with status
 * "open" (and an id like `102437eeccf8AO`); the docs show the AMO statuses. Either one decides.
 */
export function isAfterMarketOrder(row: StatusFields): boolean {
	const variety = typeof row.variety === 'string' ? row.variety.trim().toUpperCase() : '';
	return variety === 'AMO' || AFTER_MARKET_STATUSES.has(orderStatusOf(row));
}

/** Order → Get Many's status choices (Cancel All Open takes every live order). */
export type BookStatusGroup = 'open' | 'triggerPending' | 'afterMarket' | 'complete' | 'rejected' | 'cancelled';

/**
 * Which order-book rows each Get Many choice covers. Open is every working state except trigger pending and a
 * queued after-market order (by status or by variety), which have choices of their own.
 */
export const BOOK_STATUS_GROUPS: Readonly<Record<BookStatusGroup, (row: StatusFields) => boolean>> = {
	open: (row) => orderStateOf(row) === 'open' && !isAfterMarketOrder(row),
	triggerPending: (row) => orderStateOf(row) === 'triggerPending',
	afterMarket: (row) => isLiveOrder(row) && isAfterMarketOrder(row),
	complete: (row) => orderStateOf(row) === 'complete',
	rejected: (row) => orderStateOf(row) === 'rejected',
	cancelled: (row) => orderStateOf(row) === 'cancelled',
};

export function isBookStatusGroup(value: string): value is BookStatusGroup {
	return Object.prototype.hasOwnProperty.call(BOOK_STATUS_GROUPS, value);
}

/** The trigger's status choices for order updates. */
export type UpdateStatusFilter = 'any' | 'open' | 'complete' | 'rejected' | 'cancelled' | 'triggerPending' | 'modified';

/**
 * Whether an update with this code passes one of the trigger's choices. Modified takes the modification updates;
 * the others take the state an update leaves the order in. The trigger has no After-Market choice, so its Open
 * also takes a queued after-market order being received.
 */
export function updateMatches(filter: UpdateStatusFilter, code: string): boolean {
	if (filter === 'any') return true;
	const facts = FACTS_OF_CODE.get(code);
	if (facts === undefined) return false;
	if (filter === 'modified' || facts.modification === true) return filter === 'modified' && facts.modification === true;
	return filter === 'open' ? facts.state === 'open' || facts.state === 'afterMarket' : facts.state === filter;
}

/**
 * What the order tracker compares for an update code: the state the order rests in, or "modifying" for a
 * modification (which the order book never shows as such); an unknown code stands for itself.
 */
export function updateStateOf(code: string): string {
	const facts = FACTS_OF_CODE.get(code);
	if (facts === undefined) return code;
	return facts.modification === true ? 'modifying' : facts.state;
}

/** Whether an update state (from `updateStateOf`) is one an order rests in while it can still change. */
export function isLiveUpdateState(state: string): boolean {
	return state === 'open' || state === 'afterMarket' || state === 'triggerPending';
}
