import { SlidingWindowLimiter } from '../../nodes/AngelOne/transport/rateLimiter';

function reserveMany(limiter: SlidingWindowLimiter, count: number, now: number): number[] {
	return Array.from({ length: count }, () => limiter.reserve(now));
}

describe('sliding-window pacing', () => {
	it('grants a second\'s allowance at once and queues the rest one window later', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 9 }, 0);
		const slots = reserveMany(limiter, 20, 0);
		expect(slots.slice(0, 9)).toEqual(Array(9).fill(0));
		expect(slots.slice(9, 18)).toEqual(Array(9).fill(1000));
		expect(slots.slice(18)).toEqual([2000, 2000]);
	});

	it('never lets more than the limit fall inside any one-second window', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 3, perMinute: 10 }, 25);
		let now = 0;
		const slots: number[] = [];
		for (let i = 0; i < 40; i++) {
			now += Math.floor(i % 7) * 37;
			slots.push(limiter.reserve(now));
		}
		for (let i = 0; i < slots.length; i++) {
			const inSecond = slots.filter((t) => t > slots[i] - 1000 && t <= slots[i]).length;
			const inMinute = slots.filter((t) => t > slots[i] - 60_000 && t <= slots[i]).length;
			expect(inSecond).toBeLessThanOrEqual(3);
			expect(inMinute).toBeLessThanOrEqual(10);
		}
		expect(slots).toEqual([...slots].sort((a, b) => a - b));
	});

	it('applies the per-minute cap on top of the per-second one', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 3, perMinute: 180 }, 0);
		const slots = reserveMany(limiter, 181, 0);
		expect(slots[179]).toBe(59_000);
		expect(slots[180]).toBe(60_000);
	});

	it('keeps granted slots free of the safety margin only when the window allows', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 1 }, 25);
		expect(reserveMany(limiter, 3, 100)).toEqual([100, 1125, 2150]);
		expect(limiter.peek(5000)).toBe(5000);
	});

	it('moves the queue back after the broker throttled a paced call', () => {
		const limiter = new SlidingWindowLimiter({ perSecond: 10 }, 0);
		limiter.reserve(0);
		limiter.penalize(0, 1000);
		expect(limiter.reserve(10)).toBe(1000);
	});
});
