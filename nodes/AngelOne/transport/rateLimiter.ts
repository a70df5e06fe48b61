// Client-side pacing to SmartAPI's published limits: a sliding-window limiter per (client code, endpoint
// bucket) with per-second, per-minute and per-hour windows. Pure core; the shared registry lives below.
import type { RateLimit } from './endpoints';

interface Window {
	lengthMs: number;
	limit: number;
	/** Grant times, oldest first. Holds at most `limit` entries. */
	grants: number[];
}

/**
 * Grants slots in order. A slot is the earliest instant at which sending keeps every window under its limit,
 * so concurrent callers queue fairly instead of failing. A small margin on each window absorbs the network
 * jitter that could make two requests look closer together at the broker than they were when sent.
 */
export class SlidingWindowLimiter {
	private readonly windows: Window[];
	private lastGrant = 0;

	constructor(
		limits: RateLimit,
		private readonly marginMs = 25,
	) {
		this.windows = [];
		if (limits.perSecond > 0) this.windows.push({ lengthMs: 1000, limit: limits.perSecond, grants: [] });
		if (limits.perMinute) this.windows.push({ lengthMs: 60_000, limit: limits.perMinute, grants: [] });
		if (limits.perHour) this.windows.push({ lengthMs: 3_600_000, limit: limits.perHour, grants: [] });
	}

	/** Reserves the next slot at or after `now` and returns its time. */
	reserve(now: number): number {
		let at = Math.max(now, this.lastGrant);
		for (const window of this.windows) {
			const { grants, limit, lengthMs } = window;
			if (grants.length >= limit) {
				const oldestThatCounts = grants[grants.length - limit];
				at = Math.max(at, oldestThatCounts + lengthMs + this.marginMs);
			}
		}
		for (const window of this.windows) {
			window.grants.push(at);
			if (window.grants.length > window.limit) window.grants.splice(0, window.grants.length - window.limit);
		}
		this.lastGrant = at;
		return at;
	}

	/** When the next call could go, without reserving it. */
	peek(now: number): number {
		let at = Math.max(now, this.lastGrant);
		for (const { grants, limit, lengthMs } of this.windows) {
			if (grants.length >= limit) at = Math.max(at, grants[grants.length - limit] + lengthMs + this.marginMs);
		}
		return at;
	}

	/**
	 * After the broker said 403 although we paced, treat the window as full for a while: everything queued
	 * behind moves back instead of hitting the limit again.
	 */
	penalize(now: number, forMs: number): void {
		const until = now + forMs;
		this.lastGrant = Math.max(this.lastGrant, until);
	}
}

const registry = new Map<string, SlidingWindowLimiter>();

/** One limiter per client code and bucket, shared by every node and execution in this process. */
export function limiterFor(clientCode: string, bucket: string, limits: RateLimit): SlidingWindowLimiter {
	const key = `${clientCode}\u0000${bucket}`;
	let limiter = registry.get(key);
	if (!limiter) {
		limiter = new SlidingWindowLimiter(limits);
		registry.set(key, limiter);
	}
	return limiter;
}

/** For tests that simulate a fresh process. */
export function resetLimiters(): void {
	registry.clear();
}
