// Client-side pacing to SmartAPI's published limits: a sliding-window limiter per (account, endpoint
// bucket) with per-second, per-minute and per-hour windows. Pure core; limiterFor() finds the process's one.
import { processState } from '../processState';
import type { RateLimit } from './endpoints';

interface Window {
	lengthMs: number;
	limit: number;
}

/** One call holding a slot: it counts against every window until it finishes, then for a window length. */
export interface Grant {
	released: boolean;
}

/**
 * The broker counts a call when it arrives, which is some time after we decide to send it (a login may even
 * run first). So a call occupies its slot from the moment it is granted until it completes, and then for a
 * full window (plus a margin for clock and network jitter) after its completion: the arrival lies in between,
 * so no window at the broker can ever see more calls than the limit.
 */
export class SlidingWindowLimiter {
	private readonly windows: Window[] = [];
	private readonly longestMs: number;
	/** Completion times of finished calls, oldest first, pruned beyond the longest window. */
	private readonly completed: number[] = [];
	private running = 0;
	private blockedUntil = 0;
	private waiters: Array<() => void> = [];

	constructor(
		limits: RateLimit,
		private readonly marginMs = 25,
	) {
		if (limits.perSecond > 0) this.windows.push({ lengthMs: 1000, limit: limits.perSecond });
		if (limits.perMinute) this.windows.push({ lengthMs: 60_000, limit: limits.perMinute });
		if (limits.perHour) this.windows.push({ lengthMs: 3_600_000, limit: limits.perHour });
		this.longestMs = Math.max(0, ...this.windows.map((w) => w.lengthMs)) + marginMs;
	}

	/**
	 * How long a new call must wait at `now`: 0 to go now, a number of ms, or Infinity when only the end of a
	 * running call can free a slot.
	 */
	delay(now: number): number {
		let wait = Math.max(0, this.blockedUntil - now);
		for (const { lengthMs, limit } of this.windows) {
			const first = this.firstAfter(now - lengthMs - this.marginMs);
			const finishedInWindow = this.completed.length - first;
			const excess = finishedInWindow + this.running - limit + 1;
			if (excess <= 0) continue;
			if (excess > finishedInWindow) return Infinity;
			const freesAt = this.completed[first + excess - 1] + lengthMs + this.marginMs;
			wait = Math.max(wait, freesAt - now + 1);
		}
		return wait;
	}

	acquire(): Grant {
		this.running++;
		return { released: false };
	}

	release(grant: Grant, now: number): void {
		if (grant.released) return;
		grant.released = true;
		this.running--;
		let index = this.completed.length;
		while (index > 0 && this.completed[index - 1] > now) index--;
		this.completed.splice(index, 0, now);
		const stale = this.firstAfter(now - this.longestMs);
		if (stale > 0) this.completed.splice(0, stale);
		const waiters = this.waiters;
		this.waiters = [];
		for (const wake of waiters) wake();
	}

	/** Resolves when a running call finishes (the only event that shortens an infinite delay). */
	released(signal?: AbortSignal): Promise<void> {
		return new Promise<void>((resolve, reject) => {
			if (signal?.aborted) {
				reject(signal.reason);
				return;
			}
			const onAbort = () => {
				this.waiters = this.waiters.filter((w) => w !== wake);
				reject(signal?.reason);
			};
			const wake = () => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			};
			this.waiters.push(wake);
			signal?.addEventListener('abort', onAbort, { once: true });
		});
	}

	/** After the broker said 403 although we paced, hold every call for a while instead of hitting it again. */
	penalize(now: number, forMs: number): void {
		this.blockedUntil = Math.max(this.blockedUntil, now + forMs);
	}

	/** Index of the first completion strictly after `since`. */
	private firstAfter(since: number): number {
		let lo = 0;
		let hi = this.completed.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.completed[mid] > since) hi = mid;
			else lo = mid + 1;
		}
		return lo;
	}
}

/** One limiter per account (`accountKey`) and bucket, shared by every node and execution in this process. */
export function limiterFor(account: string, bucket: string, limits: RateLimit): SlidingWindowLimiter {
	const key = `${account}\u0000${bucket}`;
	let limiter = processState.limiters.get(key);
	if (!limiter) {
		limiter = new SlidingWindowLimiter(limits);
		processState.limiters.set(key, limiter);
	}
	return limiter;
}
