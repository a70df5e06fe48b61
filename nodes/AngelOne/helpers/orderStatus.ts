// How an order row (order book, order details, order socket) says what state it is in: read in this one place by
// the action node, the trigger and its catch-up. Pure: no n8n imports.

/**
 * The order's status, lower case: the first non-empty of `orderstatus` and `status`. Live rows can carry
 * `status: "rejected"` with `orderstatus: ""` (an after-market order stopped by the broker).
 */
export function orderStatusOf(row: Record<string, unknown>): string {
	for (const value of [row.orderstatus, row.status]) {
		const text = typeof value === 'string' ? value.trim() : '';
		if (text !== '') return text.toLowerCase();
	}
	return '';
}

/** The documented statuses of an order queued for the next session. */
export const AFTER_MARKET_STATUSES: ReadonlySet<string> = new Set(['after market order req received', 'modify after market order req received']);

/**
 * Whether the order is an after-market order. Live books show a queued AMO as `variety: "AMO"` with status
 * "open" (and an id like `102437eeccf8AO`); the docs show the AMO statuses. Either one decides.
 */
export function isAfterMarketOrder(row: Record<string, unknown>): boolean {
	const variety = typeof row.variety === 'string' ? row.variety.trim().toUpperCase() : '';
	return variety === 'AMO' || AFTER_MARKET_STATUSES.has(orderStatusOf(row));
}
