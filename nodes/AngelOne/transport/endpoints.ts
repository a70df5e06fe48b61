// The one table of SmartAPI endpoints: method, path, rate limits and whether a retry is safe.
// Operations name an endpoint; nothing else in the package builds a URL.

export interface RateLimit {
	perSecond: number;
	perMinute?: number;
	perHour?: number;
}

export interface EndpointSpec {
	method: 'GET' | 'POST';
	path: string;
	limits: RateLimit;
	/** Endpoints that share one limit (place, modify and cancel share 9/s) name the same bucket. */
	bucket?: string;
	/**
	 * Changes orders, positions or rules at the broker. Such a call is never retried after an ambiguous
	 * failure (only after a 403 rate-limit refusal, which proves it was not acted on), and is blocked by the
	 * credential's read-only switch.
	 */
	orderChanging: boolean;
	/** A request that can be repeated without effect at the broker (reads). */
	retrySafe: boolean;
	/** Request timeout; long ranges of candles and big quotes take longer. */
	timeoutMs?: number;
}

const read = (method: 'GET' | 'POST', path: string, limits: RateLimit, extra: Partial<EndpointSpec> = {}): EndpointSpec => ({
	method,
	path,
	limits,
	orderChanging: false,
	retrySafe: true,
	...extra,
});

const write = (path: string, limits: RateLimit, bucket?: string): EndpointSpec => ({
	method: 'POST',
	path,
	limits,
	bucket,
	orderChanging: true,
	retrySafe: false,
});

const SECURE = '/rest/secure/angelbroking';

const ENDPOINT_TABLE = {
	loginByPassword: {
		method: 'POST',
		path: '/rest/auth/angelbroking/user/v1/loginByPassword',
		limits: { perSecond: 1 },
		orderChanging: false,
		retrySafe: false,
	},
	generateTokens: {
		method: 'POST',
		path: '/rest/auth/angelbroking/jwt/v1/generateTokens',
		limits: { perSecond: 1, perHour: 1000 },
		orderChanging: false,
		retrySafe: false,
	},
	getProfile: read('GET', `${SECURE}/user/v1/getProfile`, { perSecond: 3, perHour: 1000 }),
	logout: { method: 'POST', path: `${SECURE}/user/v1/logout`, limits: { perSecond: 1 }, orderChanging: false, retrySafe: false },
	getRMS: read('GET', `${SECURE}/user/v1/getRMS`, { perSecond: 2 }),
	// One 9-per-second budget for place, modify and cancel across all segments, so no exchange segment can reach the
	// 10 orders per second above which NSE's standards for SEBI's retail-algo framework (applied by Angel One from
	// 1 April 2026) require the algo to be registered.
	placeOrder: write(`${SECURE}/order/v1/placeOrder`, { perSecond: 9, perMinute: 500, perHour: 1000 }, 'orders'),
	modifyOrder: write(`${SECURE}/order/v1/modifyOrder`, { perSecond: 9, perMinute: 500, perHour: 1000 }, 'orders'),
	cancelOrder: write(`${SECURE}/order/v1/cancelOrder`, { perSecond: 9, perMinute: 500, perHour: 1000 }, 'orders'),
	getOrderBook: read('GET', `${SECURE}/order/v1/getOrderBook`, { perSecond: 1 }),
	getTradeBook: read('GET', `${SECURE}/order/v1/getTradeBook`, { perSecond: 1 }),
	orderDetails: read('GET', `${SECURE}/order/v1/details/{id}`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	getLtpData: read('POST', `${SECURE}/order/v1/getLtpData`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	quote: read('POST', `${SECURE}/market/v1/quote`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	searchScrip: read('POST', `${SECURE}/order/v1/searchScrip`, { perSecond: 1 }),
	getHolding: read('GET', `${SECURE}/portfolio/v1/getHolding`, { perSecond: 1 }),
	getAllHolding: read('GET', `${SECURE}/portfolio/v1/getAllHolding`, { perSecond: 1 }),
	getPosition: read('GET', `${SECURE}/order/v1/getPosition`, { perSecond: 1 }),
	convertPosition: write(`${SECURE}/order/v1/convertPosition`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	gttCreate: write(`${SECURE}/gtt/v1/createRule`, { perSecond: 9, perMinute: 500, perHour: 5000 }),
	gttModify: write(`${SECURE}/gtt/v1/modifyRule`, { perSecond: 9, perMinute: 500, perHour: 5000 }),
	gttCancel: write(`${SECURE}/gtt/v1/cancelRule`, { perSecond: 9, perMinute: 500, perHour: 5000 }),
	gttDetails: read('POST', `${SECURE}/gtt/v1/ruleDetails`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	gttList: read('POST', `${SECURE}/gtt/v1/ruleList`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	getCandleData: read(
		'POST',
		`${SECURE}/historical/v1/getCandleData`,
		{ perSecond: 3, perMinute: 180, perHour: 5000 },
		{ bucket: 'history', timeoutMs: 30000 },
	),
	getOIData: read(
		'POST',
		`${SECURE}/historical/v1/getOIData`,
		{ perSecond: 3, perMinute: 180, perHour: 5000 },
		{ bucket: 'history', timeoutMs: 30000 },
	),
	marginBatch: read('POST', `${SECURE}/margin/v1/batch`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
	estimateCharges: read('POST', `${SECURE}/brokerage/v1/estimateCharges`, { perSecond: 10, perMinute: 500, perHour: 5000 }),
} satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINT_TABLE;

/** Limits from the spec's rate-limit table (§4); endpoints missing from it get the limits of their family. */
export const ENDPOINTS: Record<EndpointName, EndpointSpec> = ENDPOINT_TABLE;
