/* The transport is the only door: socket handshake headers, errors rebuilt with a hint, the cause-chain walk, the
 * market feed's E100x frames, the credential's test request and the master download all come from transport/. */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AngelOneSmartApi } from '../../credentials/AngelOneSmartApi.credentials';
import { ConnectionPool } from '../../nodes/AngelOne/feed/pool';
import { istDay } from '../../nodes/AngelOne/helpers/ist';
import { accountKey } from '../../nodes/AngelOne/transport/account';
import { ENDPOINTS } from '../../nodes/AngelOne/transport/endpoints';
import { feedError, MARKET_FEED, SmartApiError, smartApiCause } from '../../nodes/AngelOne/transport/errors';
import { socketHeaders } from '../../nodes/AngelOne/transport/headers';
import { downloadMaster, MASTER_TIMEOUT_MS, masterUrl } from '../../nodes/AngelOne/transport/master';
import { smartApiRequest, type SmartApiContext } from '../../nodes/AngelOne/transport/request';
import { LIVE_URLS } from '../../nodes/AngelOne/transport/urls';

const credentials = {
	apiKey: 'key-1',
	clientCode: 'A123456',
	jwtToken: 'jwt-1',
	feedToken: 'feed-1',
	environment: 'live',
} as ICredentialDataDecryptedObject;

const node = { id: 'n', name: 'Angel One', type: 'n8n-nodes-angelone.angelOne', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

describe('socketHeaders', () => {
	it('gives both sockets the bearer session, API key, client code and feed token', () => {
		expect(socketHeaders(credentials)).toEqual({
			Authorization: 'Bearer jwt-1',
			'x-api-key': 'key-1',
			'x-client-code': 'A123456',
			'x-feed-token': 'feed-1',
		});
	});

	it('sends empty values rather than "undefined" for a credential without a session yet', () => {
		expect(socketHeaders({ clientCode: 'A1' } as ICredentialDataDecryptedObject)).toEqual({
			Authorization: 'Bearer ',
			'x-api-key': '',
			'x-client-code': 'A1',
			'x-feed-token': '',
		});
	});
});

describe('SmartApiError.withHint', () => {
	const refusal = new SmartApiError({ code: 'AB1013', brokerMessage: 'Order not found', httpStatus: 200, endpoint: 'cancelOrder' });

	it('keeps the broker answer and adds the new words after the table message', () => {
		const hinted = refusal.withHint('Order 1 still shows "open" afterwards.');
		expect(hinted).toBeInstanceOf(SmartApiError);
		expect(hinted).toMatchObject({ errorCode: 'AB1013', brokerMessage: 'Order not found', httpStatus: 200, endpoint: 'cancelOrder', ambiguous: false });
		expect(hinted.message).toBe('Angel One has no order with this order ID today. Order 1 still shows "open" afterwards.');
	});

	it('can mark the outcome unknown and name another endpoint', () => {
		const hinted = refusal.withHint('Look in the order book.', { ambiguous: true, endpoint: 'placeOrder' });
		expect(hinted).toMatchObject({ ambiguous: true, endpoint: 'placeOrder' });
		expect(hinted.message).toMatch(/Look in the order book\. The request may or may not have reached Angel One/);
	});

	it('keeps an ambiguous error ambiguous unless told otherwise', () => {
		const lost = new SmartApiError({ code: 'NETWORK', endpoint: 'placeOrder', ambiguous: true });
		expect(lost.withHint('Check tag X.').ambiguous).toBe(true);
		expect(lost.withHint('Check tag X.', { ambiguous: false }).ambiguous).toBe(false);
	});
});

describe('smartApiCause', () => {
	const refusal = new SmartApiError({ code: 'AB1050', endpoint: 'loginByPassword' });

	it('finds the broker error itself, or under the wrappers n8n puts around it', () => {
		expect(smartApiCause(refusal)).toBe(refusal);
		const wrapped = new NodeOperationError(node, 'outer');
		(wrapped as { cause?: unknown }).cause = new Error('middle', { cause: refusal });
		expect(smartApiCause(wrapped)).toBe(refusal);
		const apiError = new NodeApiError(node, { message: 'x' });
		(apiError as { cause?: unknown }).cause = refusal;
		expect(smartApiCause(apiError)).toBe(refusal);
	});

	it('answers undefined for other errors, plain values and chains deeper than five links', () => {
		expect(smartApiCause(new Error('plain'))).toBeUndefined();
		expect(smartApiCause('text')).toBeUndefined();
		expect(smartApiCause(undefined)).toBeUndefined();
		let deep: Error = new Error('top', { cause: refusal });
		for (let i = 0; i < 5; i++) deep = new Error(`level ${i}`, { cause: deep });
		expect(smartApiCause(deep)).toBeUndefined();
	});
});

describe('market-feed errors through the error table', () => {
	it('reads E1001 as a defect in our subscription request', () => {
		const error = feedError('E1001', 'Invalid Request Payload.');
		expect(error).toMatchObject({ errorCode: 'E1001', brokerMessage: 'Invalid Request Payload.', endpoint: MARKET_FEED, failureCause: 'node-defect' });
		expect(error.message).toBe('The market feed rejected the subscription request (Invalid Request Payload).');
	});

	it('reads E1002 as the 1,000-subscription limit, with what to do about it', () => {
		const error = feedError('E1002', 'Invalid Request. Subscription Limit Exceeded.');
		expect(error.failureCause).toBe('configuration-invalid');
		expect(error.message).toMatch(/1,000 subscriptions per connection.*Subscribe fewer instruments/);
	});

	it('quotes the server for a code the table does not know', () => {
		expect(feedError('E9999', 'Something new').message).toBe('Angel One answered: Something new (E9999).');
		expect(feedError('E9999', '').message).toBe('Angel One answered with error E9999.');
	});
});

describe('one key for an account', () => {
	it('keeps one socket per account and socket URL, the live and simulator accounts of one client code apart', () => {
		const pool = new ConnectionPool<{ isClosed: boolean }>();
		const live = accountKey({ environment: 'live', clientCode: 'A1' });
		const simulated = accountKey({ environment: 'custom', baseUrl: 'http://127.0.0.1:8800/', clientCode: 'A1' });
		const a = pool.getOrCreate(live, LIVE_URLS.marketSocket, () => ({ isClosed: false }));
		expect(pool.getOrCreate(live, LIVE_URLS.marketSocket, () => ({ isClosed: false }))).toBe(a);
		expect(pool.getOrCreate(simulated, 'ws://127.0.0.1:8800/smart-stream', () => ({ isClosed: false }))).not.toBe(a);
		expect(pool.getOrCreate(live, LIVE_URLS.orderSocket, () => ({ isClosed: false }))).not.toBe(a);
		expect(pool.size).toBe(3);
		expect(pool.keyOf(live, LIVE_URLS.marketSocket)).toBe(`live|A1|${LIVE_URLS.marketSocket}`);
	});

	it('paces the live and the simulator account of one client code separately, and one account as one', async () => {
		const context = (fields: Record<string, string>): SmartApiContext => ({
			getNode: () => node,
			getCredentials: async <T extends object>() => ({ apiKey: 'k', jwtToken: 'jwt', sessionDay: istDay(Date.now()), ...fields }) as T,
			helpers: { httpRequestWithAuthentication: async () => ({ statusCode: 200, body: { status: true, data: null } }) },
		});
		const live = context({ environment: 'live', clientCode: 'PACE1' });
		const simulated = context({ environment: 'custom', baseUrl: 'http://127.0.0.1:8800', clientCode: 'PACE1' });
		const started = Date.now();
		// The order book allows one read a second per account.
		await Promise.all([smartApiRequest(live, 'getOrderBook'), smartApiRequest(simulated, 'getOrderBook')]);
		expect(Date.now() - started).toBeLessThan(900);
		await smartApiRequest(live, 'getOrderBook');
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});
});

describe("the credential's test request", () => {
	it('asks for the profile at the host and path of the endpoint table', () => {
		const test = new AngelOneSmartApi().test;
		expect(test.request.url).toBe(ENDPOINTS.getProfile.path);
		expect(test.request.method).toBe(ENDPOINTS.getProfile.method);
		expect(test.request.baseURL).toBe(
			'={{$credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : "https://apiconnect.angelone.in"}}',
		);
	});
});

describe('the instrument master download', () => {
	it("finds the account's master URL: Angel One's file, or the custom server's", async () => {
		const live = { getCredentials: async <T extends object>() => credentials as T };
		expect(await masterUrl(live)).toBe(LIVE_URLS.master);
		const custom = { getCredentials: async <T extends object>() => ({ environment: 'custom', baseUrl: 'http://127.0.0.1:8800/' }) as T };
		expect(await masterUrl(custom)).toBe('http://127.0.0.1:8800/OpenAPI_File/files/OpenAPIScripMaster.json');
	});

	it('is one plain GET without the credential, read as text', async () => {
		const sent: IHttpRequestOptions[] = [];
		const text = await downloadMaster(
			{ helpers: { httpRequest: async (options) => (sent.push(options), '[{"token":"3045"}]') } },
			LIVE_URLS.master,
		);
		expect(text).toBe('[{"token":"3045"}]');
		expect(sent).toEqual([{ method: 'GET', url: LIVE_URLS.master, json: false, encoding: 'text', timeout: MASTER_TIMEOUT_MS }]);
		const parsed = await downloadMaster({ helpers: { httpRequest: async () => [{ token: '3045' }] } }, LIVE_URLS.master);
		expect(parsed).toBe('[{"token":"3045"}]');
	});
});
