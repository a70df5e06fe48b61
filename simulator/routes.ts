// The simulator's one table of REST endpoints: name (used for rate limits, faults and counts), method, every
// documented path variant (protocol §1.1, §3.0), whether it needs a session, whether it changes orders (static IP).

import type { SimAccount } from './accounts';
import type { SimClock } from './contracts';
import type { Reply } from './envelopes';
import type { Market } from './market';
import type { OrderEngine } from './orders';
import type { Session, SessionStore } from './sessions';
import type { Universe } from './universe';
import type { GttBook } from './gtt';
import type { History } from './candles';
import * as auth from './handlers/auth';
import * as orders from './handlers/orders';
import * as marketData from './handlers/market-data';
import * as gtt from './handlers/gtt';
import * as history from './handlers/history';
import * as calculators from './handlers/calculators';

/** Everything handlers may read or change. */
export interface SimState {
	seed: number;
	clock: SimClock;
	universe: Universe;
	market: Market;
	sessions: SessionStore;
	engine: OrderEngine;
	gtt: GttBook;
	history: History;
	accounts: SimAccount[];
}

export interface HandlerContext {
	state: SimState;
	/** Parsed JSON body ({} when absent or not an object; GET bodies are ignored). */
	body: Record<string, unknown>;
	/** X-PrivateKey */
	apiKey: string;
	/** The session's client code on secure endpoints ('' on auth endpoints). */
	clientCode: string;
	session?: Session;
	/** Path parameters, e.g. `id` of details/{id}. */
	params: Record<string, string>;
}

export interface Endpoint {
	name: string;
	method: 'GET' | 'POST';
	paths: string[];
	/** A trailing path segment parameter, e.g. details/{id}. */
	paramPrefix?: string;
	/** 'bearer': needs a live JWT; 'none': login and token refresh. */
	auth: 'bearer' | 'none';
	/** Checked against the registered static IP when one is configured (protocol §3.2: orders and GTT changes). */
	orderChanging?: boolean;
	handler: (ctx: HandlerContext) => Reply;
}

const SECURE = '/rest/secure/angelbroking';

function secure(path: string): string {
	return `${SECURE}/${path}`;
}

export const ENDPOINTS: Endpoint[] = [
	{ name: 'loginByPassword', method: 'POST', paths: ['/rest/auth/angelbroking/user/v1/loginByPassword'], auth: 'none', handler: auth.loginByPassword },
	{ name: 'generateTokens', method: 'POST', paths: ['/rest/auth/angelbroking/jwt/v1/generateTokens'], auth: 'none', handler: auth.generateTokens },
	{ name: 'getProfile', method: 'GET', paths: [secure('user/v1/getProfile')], auth: 'bearer', handler: auth.getProfile },
	{ name: 'logout', method: 'POST', paths: [secure('user/v1/logout')], auth: 'bearer', handler: auth.logout },
	{ name: 'getRMS', method: 'GET', paths: [secure('user/v1/getRMS')], auth: 'bearer', handler: auth.getRMS },
	{ name: 'placeOrder', method: 'POST', paths: [secure('order/v1/placeOrder')], auth: 'bearer', orderChanging: true, handler: orders.placeOrder },
	{ name: 'modifyOrder', method: 'POST', paths: [secure('order/v1/modifyOrder')], auth: 'bearer', orderChanging: true, handler: orders.modifyOrder },
	{ name: 'cancelOrder', method: 'POST', paths: [secure('order/v1/cancelOrder')], auth: 'bearer', orderChanging: true, handler: orders.cancelOrder },
	{ name: 'getOrderBook', method: 'GET', paths: [secure('order/v1/getOrderBook')], auth: 'bearer', handler: orders.getOrderBook },
	{ name: 'getTradeBook', method: 'GET', paths: [secure('order/v1/getTradeBook')], auth: 'bearer', handler: orders.getTradeBook },
	{ name: 'orderDetails', method: 'GET', paths: [], paramPrefix: secure('order/v1/details/'), auth: 'bearer', handler: orders.orderDetailsHandler },
	{ name: 'getPosition', method: 'GET', paths: [secure('order/v1/getPosition')], auth: 'bearer', handler: orders.getPosition },
	{ name: 'convertPosition', method: 'POST', paths: [secure('order/v1/convertPosition')], auth: 'bearer', handler: orders.convertPosition },
	{ name: 'getHolding', method: 'GET', paths: [secure('portfolio/v1/getHolding')], auth: 'bearer', handler: orders.getHolding },
	{ name: 'getAllHolding', method: 'GET', paths: [secure('portfolio/v1/getAllHolding')], auth: 'bearer', handler: orders.getAllHolding },
	{
		name: 'getLtpData',
		method: 'POST',
		paths: [secure('order/v1/getLtpData'), `/order-service${SECURE}/order/v1/getLtpData`],
		auth: 'bearer',
		handler: marketData.getLtpData,
	},
	{ name: 'quote', method: 'POST', paths: [secure('market/v1/quote'), secure('market/v1/quote/')], auth: 'bearer', handler: marketData.quote },
	{ name: 'searchScrip', method: 'POST', paths: [secure('order/v1/searchScrip')], auth: 'bearer', handler: marketData.searchScrip },
	{
		name: 'gttCreateRule',
		method: 'POST',
		paths: [secure('gtt/v1/createRule'), `/gtt-service${SECURE}/gtt/v1/createRule`],
		auth: 'bearer',
		orderChanging: true,
		handler: gtt.createRule,
	},
	{
		name: 'gttModifyRule',
		method: 'POST',
		paths: [secure('gtt/v1/modifyRule'), `/gtt-service${SECURE}/gtt/v1/modifyRule`],
		auth: 'bearer',
		orderChanging: true,
		handler: gtt.modifyRule,
	},
	{
		name: 'gttCancelRule',
		method: 'POST',
		paths: [secure('gtt/v1/cancelRule'), `/gtt-service${SECURE}/gtt/v1/cancelRule`],
		auth: 'bearer',
		orderChanging: true,
		handler: gtt.cancelRule,
	},
	{ name: 'gttRuleDetails', method: 'POST', paths: [secure('gtt/v1/ruleDetails')], auth: 'bearer', handler: gtt.ruleDetails },
	{ name: 'gttRuleList', method: 'POST', paths: [secure('gtt/v1/ruleList')], auth: 'bearer', handler: gtt.ruleList },
	{ name: 'getCandleData', method: 'POST', paths: [secure('historical/v1/getCandleData')], auth: 'bearer', handler: history.getCandleData },
	{ name: 'getOIData', method: 'POST', paths: [secure('historical/v1/getOIData')], auth: 'bearer', handler: history.getOIData },
	{ name: 'marginBatch', method: 'POST', paths: [secure('margin/v1/batch')], auth: 'bearer', handler: calculators.marginBatch },
	{ name: 'estimateCharges', method: 'POST', paths: [secure('brokerage/v1/estimateCharges')], auth: 'bearer', handler: calculators.estimateCharges },
];

const BY_PATH = new Map<string, Endpoint>();
for (const endpoint of ENDPOINTS) for (const path of endpoint.paths) BY_PATH.set(path, endpoint);

/** The endpoint for a path (query string already removed), with its path parameter. */
export function matchEndpoint(path: string): { endpoint: Endpoint; params: Record<string, string> } | undefined {
	// Some SDK paths lack the leading slash and some clients double it; the gateway normalises both.
	const normalised = `/${path.replace(/^\/+/, '').replace(/\/{2,}/g, '/')}`;
	const exact = BY_PATH.get(normalised);
	if (exact) return { endpoint: exact, params: {} };
	for (const endpoint of ENDPOINTS) {
		if (endpoint.paramPrefix && normalised.startsWith(endpoint.paramPrefix)) {
			const id = decodeURIComponent(normalised.slice(endpoint.paramPrefix.length).replace(/\/$/, ''));
			if (id !== '' && !id.includes('/')) return { endpoint, params: { id } };
		}
	}
	return undefined;
}
