import { SlidingWindowLimiter } from '../../nodes/AngelOne/transport/rateLimiter';

/** Drives the limiter like the transport: wait for a slot, send, finish `latencyMs` later. Returns send times. */
function simulate(limiter: SlidingWindowLimiter, calls: number, latencyMs: number, start = 0): number[] {
	const sends: number[] = [];
	const running: Array<{ grant: ReturnType<SlidingWindowLimiter['acquire']>; endsAt: number }> = [];
	let now = start;
	while (sends.length < calls) {
		running.sort((a, b) => a.endsAt - b.endsAt);
		while (running.length && running[0].endsAt <= now) {
			const done = running.shift()!;
			limiter.release(done.grant, done.endsAt);
		}
		const wait = limiter.delay(now);
		if (wait === 0) {
			sends.push(now);
			running.push({ grant: limiter.acquire(), endsAt: now + latencyMs });
			continue;
		}
		now = wait === Infinity ? Math.min(...running.map((r) => r.endsAt)) : now + wait;
	}
	return sends;
}

function maxInWindow(times: number[], windowMs: number): number {
	let max = 0;
	for (const t of times) max = Math.max(max, times.filter((u) => u > t - windowMs && u <= t).length);
	return max;
}

describe('sliding-window pacing', () => {
	it('lets a second\'s allowance go at once and queues the rest until the window has passed', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 9 }, 0);
		const sends = simulate(limiter, 20, 5);
		expect(sends.slice(0, 9)).toEqual(Array(9).fill(0));
		expect(sends[9]).toBeGreaterThan(1005);
		expect(sends[9]).toBeLessThan(1010);
		expect(maxInWindow(sends, 1000)).toBe(9);
	});

	it('never lets the broker see more than the limit in any window, whatever the latency', () => {
		for (const latency of [0, 3, 120, 900]) {
			const limiter = new SlidingWindowLimiter({ perSecond: 3, perMinute: 10 }, 25);
			const sends = simulate(limiter, 25, latency);
			// The broker sees each call somewhere between its send and its completion.
			for (const arrivalShare of [0, 0.5, 1]) {
				const arrivals = sends.map((t) => t + latency * arrivalShare);
				expect(maxInWindow(arrivals, 1000)).toBeLessThanOrEqual(3);
				expect(maxInWindow(arrivals, 60_000)).toBeLessThanOrEqual(10);
			}
		}
	});

	it('counts a call that is still running, so a slow first call (a login) cannot let an extra one through', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 2 }, 0);
		const first = limiter.acquire();
		limiter.acquire();
		expect(limiter.delay(0)).toBe(Infinity);
		limiter.release(first, 400);
		expect(limiter.delay(400)).toBe(1001);
	});

	it('applies the per-minute cap on top of the per-second one', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 3, perMinute: 180 }, 0);
		const sends = simulate(limiter, 181, 0);
		expect(sends[180]).toBeGreaterThanOrEqual(60_000);
		expect(maxInWindow(sends, 60_000)).toBe(180);
	});

	it('holds every call for a while after the broker throttled a paced one', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 10 }, 0);
		limiter.penalize(0, 1000);
		expect(limiter.delay(10)).toBe(990);
		expect(limiter.delay(1000)).toBe(0);
	});

	it('wakes a caller waiting on a running call when that call finishes', async () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 1 }, 0);
		const grant = limiter.acquire();
		const woke = limiter.released();
		limiter.release(grant, 10);
		await expect(woke).resolves.toBeUndefined();
	});

	it('rejects a waiting caller when its execution is cancelled', async () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 1 }, 0);
		limiter.acquire();
		const controller = new AbortController();
		const waiting = limiter.released(controller.signal);
		controller.abort(new Error('cancelled'));
		await expect(waiting).rejects.toThrow('cancelled');
	});
});
