// Per-client, per-bucket sliding-window rate limits (protocol §4) on the simulator clock, so tests exercise them
// deterministically by freezing or advancing the clock. Pure: no I/O, no timers.

export interface RateLimitRule {
	perSecond?: number;
	perMinute?: number;
	perHour?: number;
	/** Endpoints naming the same bucket share one budget (place/modify/cancel: protocol §4, 9/s cumulative). */
	bucket?: string;
}

export type RateLimitTable = Record<string, RateLimitRule>;

/** Protocol §4 table, keyed by endpoint name. Endpoints missing here are not limited (their limits are UNCONFIRMED). */
export const DEFAULT_RATE_LIMITS: RateLimitTable = {
	loginByPassword: { perSecond: 1 },
	generateTokens: { perSecond: 1, perHour: 1000 },
	getProfile: { perSecond: 3, perHour: 1000 },
	logout: { perSecond: 1 },
	getRMS: { perSecond: 2 },
	placeOrder: { perSecond: 9, perMinute: 500, perHour: 1000, bucket: 'orders' },
	modifyOrder: { perSecond: 9, perMinute: 500, perHour: 1000, bucket: 'orders' },
	cancelOrder: { perSecond: 9, perMinute: 500, perHour: 1000, bucket: 'orders' },
	getOrderBook: { perSecond: 1 },
	getLtpData: { perSecond: 10, perMinute: 500, perHour: 5000 },
	getPosition: { perSecond: 1 },
	getTradeBook: { perSecond: 1 },
	convertPosition: { perSecond: 10, perMinute: 500, perHour: 5000 },
	searchScrip: { perSecond: 1 },
	orderDetails: { perSecond: 10, perMinute: 500, perHour: 5000 },
	getHolding: { perSecond: 1 },
	getAllHolding: { perSecond: 1 },
	quote: { perSecond: 10, perMinute: 500, perHour: 5000 },
	marginBatch: { perSecond: 10, perMinute: 500, perHour: 5000 },
	gttCreateRule: { perSecond: 9, perMinute: 500, perHour: 5000 },
	gttModifyRule: { perSecond: 9, perMinute: 500, perHour: 5000 },
	gttCancelRule: { perSecond: 9, perMinute: 500, perHour: 5000 },
	gttRuleDetails: { perSecond: 10, perMinute: 500, perHour: 5000 },
	gttRuleList: { perSecond: 10, perMinute: 500, perHour: 5000 },
	getCandleData: { perSecond: 3, perMinute: 180, perHour: 5000 },
	optionGreek: { perSecond: 1 },
};

const WINDOWS: Array<{ key: 'perSecond' | 'perMinute' | 'perHour'; ms: number }> = [
	{ key: 'perSecond', ms: 1000 },
	{ key: 'perMinute', ms: 60_000 },
	{ key: 'perHour', ms: 3_600_000 },
];

export class RateLimiter {
	/** Accepted request instants per client|bucket, oldest first, trimmed to the longest window. */
	private readonly history = new Map<string, number[]>();
	/** Refused requests per endpoint name since the last reset (tests report the 403s a run earned). */
	private readonly refused = new Map<string, number>();

	constructor(
		private readonly table: RateLimitTable,
		private readonly now: () => number,
	) {}

	/**
	 * Admits one request or refuses it. Refused requests are not recorded, so a client that backs off is
	 * admitted again as soon as the window slides (the real gateway's treatment of refused calls is unknown).
	 */
	take(clientKey: string, endpoint: string): boolean {
		const rule = this.table[endpoint];
		if (!rule) return true;
		const key = `${clientKey}|${rule.bucket ?? endpoint}`;
		const now = this.now();
		let times = this.history.get(key);
		if (!times) {
			times = [];
			this.history.set(key, times);
		}
		// A clock moved backwards (tests set it) must not leave "future" entries blocking forever.
		while (times.length > 0 && (times[0] <= now - 3_600_000 || times[times.length - 1] > now)) {
			if (times[times.length - 1] > now) times.pop();
			else times.shift();
		}
		for (const window of WINDOWS) {
			const limit = rule[window.key];
			if (limit === undefined) continue;
			if (countSince(times, now - window.ms) >= limit) {
				this.refused.set(endpoint, (this.refused.get(endpoint) ?? 0) + 1);
				return false;
			}
		}
		times.push(now);
		return true;
	}

	refusals(): Record<string, number> {
		return Object.fromEntries(this.refused);
	}

	reset(): void {
		this.history.clear();
		this.refused.clear();
	}
}

/** Entries strictly after `since` (binary search: the list is sorted). */
function countSince(times: number[], since: number): number {
	let lo = 0;
	let hi = times.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (times[mid] > since) hi = mid;
		else lo = mid + 1;
	}
	return times.length - lo;
}
