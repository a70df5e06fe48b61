/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// The 2026 rules for API orders as the simulator applies them: market, stop-loss market and IOC orders from the
// API are refused (at placement, or accepted and then rejected in the order book), and every such body received
// while the test suite's audit is on is appended to a file the suite checks at its end.

import { appendFileSync } from 'node:fs';

import { trimmed } from '../nodes/AngelOne/helpers/values';

export type RefusalStyle = 'at-placement' | 'in-order-book';

/**
 * Why a test sends native orders on purpose: the package with its escape hatch on, or a test of the simulator
 * itself (raw HTTP or the official SDK). Any other native body is a leak the suite fails on.
 */
export type NativeReason = 'escape-hatch' | 'simulator-test';

export interface ApiOrderRules {
	/** Refuse market, stop-loss market and IOC orders. Default true. */
	enforce: boolean;
	/** How they are refused. Default 'at-placement'; how Angel One does it is not public. */
	refusal: RefusalStyle;
	/** Declared by a test that sends native orders on purpose; recorded with each one in the audit. */
	nativeReason?: NativeReason;
}

export const DEFAULT_API_ORDER_RULES: ApiOrderRules = { enforce: true, refusal: 'at-placement' };

/** The simulator's own code for the refusal at placement (Angel One's is not public). */
export const NATIVE_REFUSAL_CODE = 'AB4900';
export const NATIVE_REFUSAL_MESSAGE =
	'Market, stop-loss market and IOC orders are not allowed for API (algo) trading since 1 April 2026. Place a limit order.';

/** The environment variable naming the audit file; the test suite sets it (test/support/order-audit.js). */
export const AUDIT_ENV = 'ANGELONE_NATIVE_ORDER_AUDIT';

/** A code as sent ("market " → "MARKET"), for comparing with the forbidden ones. */
function upperCode(value: unknown): string {
	return trimmed(value).toUpperCase();
}

/** What in a placeOrder or modifyOrder body the rules forbid: MARKET, STOPLOSS_MARKET, IOC. */
export function nativeParts(body: Record<string, unknown>): string[] {
	const parts: string[] = [];
	const ordertype = upperCode(body.ordertype);
	if (ordertype === 'MARKET' || ordertype === 'STOPLOSS_MARKET') parts.push(ordertype);
	if (upperCode(body.duration) === 'IOC') parts.push('IOC');
	return parts;
}

/** Appends one line per native body to the audit file, when the suite has named one. Never throws. */
export function auditNative(endpoint: string, body: Record<string, unknown>, rules: ApiOrderRules): void {
	const file = process.env[AUDIT_ENV];
	if (!file) return;
	const parts = nativeParts(body);
	if (parts.length === 0) return;
	const line = {
		endpoint,
		parts,
		enforced: rules.enforce,
		reason: rules.nativeReason ?? null,
		test: process.env.ANGELONE_AUDIT_TEST ?? null,
		pid: process.pid,
	};
	try {
		appendFileSync(file, `${JSON.stringify(line)}\n`);
	} catch {
		// An unwritable audit file must not change what the simulator answers.
	}
}
