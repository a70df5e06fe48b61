// The one table of SmartAPI endpoints: method, path, rate limits, whether a retry is safe, and how its answer
// reads (transport/answers.ts). Operations name an endpoint; nothing else in the package builds a URL.
import { answers } from './answers';

export interface RateLimit {
	perSecond: number;
	perMinute?: number;
	perHour?: number;
}

export interface EndpointSpec<A = unknown> {
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
	/** Reads the envelope's `data` into the endpoint's typed answer (`callEndpoint`). */
	answer: (data: unknown) => A;
}

const read = <A>(
	method: 'GET' | 'POST',
	path: string,
	limits: RateLimit,
	answer: (data: unknown) => A,
	extra: Partial<EndpointSpec> = {},
): EndpointSpec<A> => ({
	method,
	path,
	limits,
	orderChanging: false,
	retrySafe: true,
	...extra,
	answer,
});

const write = <A>(path: string, limits: RateLimit, answer: (data: unknown) => A, bucket?: string): EndpointSpec<A> => ({
	method: 'POST',
	path,
	limits,
	bucket,
	orderChanging: true,
	retrySafe: false,
	answer,
});

const SECURE = '/rest/secure/angelbroking';

const ENDPOINT_TABLE = {
	loginByPassword: {
		method: 'POST',
		path: '/rest/auth/angelbroking/user/v1/loginByPassword',
		limits: { perSecond: 1 },
		orderChanging: false,
		retrySafe: false,
		answer: answers.session,
	},
	generateTokens: {
		method: 'POST',
		path: '/rest/auth/angelbroking/jwt/v1/generateTokens',
		limits: { perSecond: 1, perHour: 1000 },
		orderChanging: false,
		retrySafe: false,
		answer: answers.session,
	},
	getProfile: read('GET', `${SECURE}/user/v1/getProfile`, { perSecond: 3, perHour: 1000 }, answers.profile),
	logout: {
		method: 'POST',
		path: `${SECURE}/user/v1/logout`,
		limits: { perSecond: 1 },
		orderChanging: false,
		retrySafe: false,
		answer: answers.none,
	},
	getRMS: read('GET', `${SECURE}/user/v1/getRMS`, { perSecond: 2 }, answers.funds),
	// One 9-per-second budget for place, modify and cancel across all segments, so no exchange segment can reach the
	// 10 orders per second above which NSE's standards for SEBI's retail-algo framework (applied by Angel One from
	// 1 April 2026) require the algo to be registered.
	placeOrder: write(`${SECURE}/order/v1/placeOrder`, { perSecond: 9, perMinute: 500, perHour: 1000 }, answers.orderRef, 'orders'),
	modifyOrder: write(`${SECURE}/order/v1/modifyOrder`, { perSecond: 9, perMinute: 500, perHour: 1000 }, answers.orderRef, 'orders'),
	cancelOrder: write(`${SECURE}/order/v1/cancelOrder`, { perSecond: 9, perMinute: 500, perHour: 1000 }, answers.orderRef, 'orders'),
	getOrderBook: read('GET', `${SECURE}/order/v1/getOrderBook`, { perSecond: 1 }, answers.orderBook),
	getTradeBook: read('GET', `${SECURE}/order/v1/getTradeBook`, { perSecond: 1 }, answers.tradeBook),
	orderDetails: read('GET', `${SECURE}/order/v1/details/{id}`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.orderDetails),
	getLtpData: read('POST', `${SECURE}/order/v1/getLtpData`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.ltp),
	quote: read('POST', `${SECURE}/market/v1/quote`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.quote),
	searchScrip: read('POST', `${SECURE}/order/v1/searchScrip`, { perSecond: 1 }, answers.scrips),
	getHolding: read('GET', `${SECURE}/portfolio/v1/getHolding`, { perSecond: 1 }, answers.holdings),
	getAllHolding: read('GET', `${SECURE}/portfolio/v1/getAllHolding`, { perSecond: 1 }, answers.allHoldings),
	getPosition: read('GET', `${SECURE}/order/v1/getPosition`, { perSecond: 1 }, answers.positions),
	convertPosition: write(`${SECURE}/order/v1/convertPosition`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.none),
	gttCreate: write(`${SECURE}/gtt/v1/createRule`, { perSecond: 9, perMinute: 500, perHour: 5000 }, answers.gttRef),
	gttModify: write(`${SECURE}/gtt/v1/modifyRule`, { perSecond: 9, perMinute: 500, perHour: 5000 }, answers.gttRef),
	gttCancel: write(`${SECURE}/gtt/v1/cancelRule`, { perSecond: 9, perMinute: 500, perHour: 5000 }, answers.gttRef),
	gttDetails: read('POST', `${SECURE}/gtt/v1/ruleDetails`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.gttRule),
	gttList: read('POST', `${SECURE}/gtt/v1/ruleList`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.gttRules),
	getCandleData: read(
		'POST',
		`${SECURE}/historical/v1/getCandleData`,
		{ perSecond: 3, perMinute: 180, perHour: 5000 },
		answers.candles,
		{ bucket: 'history', timeoutMs: 30000 },
	),
	getOIData: read(
		'POST',
		`${SECURE}/historical/v1/getOIData`,
		{ perSecond: 3, perMinute: 180, perHour: 5000 },
		answers.openInterest,
		{ bucket: 'history', timeoutMs: 30000 },
	),
	marginBatch: read('POST', `${SECURE}/margin/v1/batch`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.record),
	estimateCharges: read('POST', `${SECURE}/brokerage/v1/estimateCharges`, { perSecond: 10, perMinute: 500, perHour: 5000 }, answers.record),
} satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINT_TABLE;

/** The typed answer of an endpoint, e.g. `Answer<'getOrderBook'>` is `OrderRow[]`. */
export type Answer<E extends EndpointName> = ReturnType<(typeof ENDPOINT_TABLE)[E]['answer']>;

/** Limits from the rate-limit table of protocol §4; endpoints missing from it get the limits of their family. */
export const ENDPOINTS: Record<EndpointName, EndpointSpec> = ENDPOINT_TABLE;

/** The same table with each endpoint's own answer type, for `callEndpoint`. */
export const TYPED_ENDPOINTS: { [E in EndpointName]: EndpointSpec<Answer<E>> } = ENDPOINT_TABLE;
