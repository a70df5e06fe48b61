// Injected REST faults: the next N requests (optionally of one endpoint) fail in a chosen way, so clients'
// retry, timeout and idempotency paths can be tested. Pure queue; the server applies the chosen fault.

/**
 * rate-limit: HTTP 403 text like the real gateway; http-500: a server error page; waf: the HTML "Request
 * Rejected" page; hang: no answer until the client gives up; drop-response: the request is processed (an
 * order is really placed) and then the connection is destroyed without a response; huge-error: an error
 * envelope whose message is a megabyte of text (a misbehaving gateway); slow: the broker takes SLOW_FAULT_MS
 * before it handles the request (an order enters the book only then), then answers normally.
 */
export type FaultKind = 'rate-limit' | 'http-500' | 'waf' | 'hang' | 'drop-response' | 'huge-error' | 'slow';

export const FAULT_KINDS: readonly FaultKind[] = ['rate-limit', 'http-500', 'waf', 'hang', 'drop-response', 'huge-error', 'slow'];

/** How long a 'slow' request waits before the simulator handles it. */
export const SLOW_FAULT_MS = 4000;

export interface FaultSpec {
	kind: FaultKind;
	/** How many requests it affects; default 1. */
	count?: number;
	/** Endpoint name (e.g. 'placeOrder'); any endpoint when absent. */
	endpoint?: string;
}

interface PendingFault {
	kind: FaultKind;
	remaining: number;
	endpoint?: string;
}

export function isFaultKind(value: unknown): value is FaultKind {
	return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

export class FaultQueue {
	private pending: PendingFault[] = [];

	add(spec: FaultSpec): void {
		const count = spec.count ?? 1;
		if (!isFaultKind(spec.kind)) throw new Error(`unknown fault kind ${String(spec.kind)}`);
		if (!Number.isInteger(count) || count < 1) throw new Error('fault count must be a positive integer');
		this.pending.push({ kind: spec.kind, remaining: count, endpoint: spec.endpoint });
	}

	/** The fault for this request, if any; consumes one use of the first matching fault. */
	take(endpoint: string): FaultKind | undefined {
		const fault = this.pending.find((f) => f.endpoint === undefined || f.endpoint === endpoint);
		if (!fault) return undefined;
		fault.remaining -= 1;
		if (fault.remaining === 0) this.pending = this.pending.filter((f) => f !== fault);
		return fault.kind;
	}

	list(): FaultSpec[] {
		return this.pending.map((f) => ({ kind: f.kind, count: f.remaining, endpoint: f.endpoint }));
	}

	clear(): void {
		this.pending = [];
	}
}
