// The "Angel One SmartAPI" credential: API key, client code, MPIN and TOTP secret. preAuthentication logs in
// with a TOTP computed here and hands n8n the session (JWT, feed and refresh tokens, IST day) to store encrypted.
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { defaultRuntime, runtimeOf, withRuntime, type Runtime } from '../nodes/AngelOne/runtime';
import { ENDPOINTS } from '../nodes/AngelOne/transport/endpoints';
import { bearer, requestHeaders } from '../nodes/AngelOne/transport/headers';
import { login } from '../nodes/AngelOne/transport/login';
import { ReadOnlyError, readOnlyReason } from '../nodes/AngelOne/transport/readOnly';
import { brokerPath, isReadPath, requestUrl } from '../nodes/AngelOne/transport/requestScope';
import { LIVE_URLS } from '../nodes/AngelOne/transport/urls';

export class AngelOneSmartApi implements ICredentialType {
	name = 'angelOneSmartApi';

	displayName = 'Angel One Smart API';

	icon: Icon = { light: 'file:../icons/angelone.svg', dark: 'file:../icons/angelone.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-angelone/n8n-nodes-angelone#credentials';

	/**
	 * Only this package's nodes may use the credential: n8n (2.40+) then refuses to decrypt it for any other node,
	 * including HTTP Request and its AI-tool variants, which otherwise may use every credential type. n8n also infers
	 * this list from the nodes that declare the credential, and adds the AI-tool variant of the Angel One node.
	 */
	supportedNodes = ['angelOne', 'angelOneTrigger'];

	restrictToSupportedNodes = true as const;

	/** The credential sends its secrets only to the account's own SmartAPI host (see authenticate); no allowlist to set. */
	hideDomainRestrictionFields = true;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key of your SmartAPI app (smartapi.angelone.in → My Apps)',
		},
		{
			displayName: 'Client Code',
			name: 'clientCode',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. A123456',
			description: 'Your Angel One client ID',
		},
		{
			displayName: 'PIN (4-Digit MPIN)',
			name: 'pin',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Your 4-digit Angel One MPIN. Not your web or trading password: Angel One refuses password logins.',
		},
		{
			displayName: 'TOTP Secret',
			name: 'totpSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The base32 key shown (under the QR code) when you enable TOTP at smartapi.angelone.in/enable-totp. Not a 6-digit code. Spaces and lower case are fine.',
		},
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Live (Angel One)', value: 'live' },
				{ name: 'Custom (Simulator or Paper Broker)', value: 'custom' },
			],
			default: 'live',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://127.0.0.1:8800',
			description:
				'REST root of a SmartAPI-compatible server. The market socket (/smart-stream), the order socket (/smart-order-update) and the instrument master derive from it.',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Read-Only',
			name: 'readOnly',
			type: 'boolean',
			default: false,
			description:
				'Whether to block every order-changing operation (place, modify, cancel, exit, convert, GTT) for this account. A kill switch, and the safe choice for AI agents.',
		},
		{
			displayName: 'Max Quantity per Order (Units)',
			name: 'maxQuantity',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Refuse an order, order increase or GTT rule for more units (shares or contracts; for F&O lots × lot size) than this. 0 = no limit.',
		},
		{
			displayName: 'Max Order Value (₹)',
			name: 'maxOrderValue',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				'Refuse an order, order increase or GTT rule worth more than this: units × limit price (or trigger price, or the last price for a market order). 0 = no limit.',
		},
		{
			displayName: 'Max Orders per Day',
			name: 'maxOrdersPerDay',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description:
				"Refuse a new order once the account's order book for the IST day holds this many orders (any status, from any program). 0 = no limit.",
		},
		{
			displayName: 'Allowed Exchanges',
			name: 'allowedExchanges',
			type: 'multiOptions',
			options: [
				{ name: 'BFO', value: 'BFO' },
				{ name: 'BSE', value: 'BSE' },
				{ name: 'CDS', value: 'CDS' },
				{ name: 'MCX', value: 'MCX' },
				{ name: 'NCDEX', value: 'NCDEX' },
				{ name: 'NFO', value: 'NFO' },
				{ name: 'NSE', value: 'NSE' },
			],
			default: [],
			description: 'Refuse orders and GTT rules on any other exchange. Empty = all exchanges.',
		},
		{
			displayName: 'Allowed Products',
			name: 'allowedProducts',
			type: 'multiOptions',
			options: [
				{ name: 'Carry Forward (F&O)', value: 'CARRYFORWARD' },
				{ name: 'Delivery', value: 'DELIVERY' },
				{ name: 'Intraday', value: 'INTRADAY' },
				{ name: 'Margin', value: 'MARGIN' },
			],
			default: [],
			description: 'Refuse orders and GTT rules with any other product. Empty = all products.',
		},
		{
			displayName: 'Trading Window (IST)',
			name: 'tradingWindow',
			type: 'string',
			default: '',
			placeholder: 'e.g. 09:20-15:10',
			description:
				'Refuse orders, order increases and GTT rules outside this daily time range (India time, start included, end excluded). Empty = any time.',
		},
		{
			displayName: 'Allow Native Market and IOC Orders',
			name: 'allowNativeOrders',
			type: 'boolean',
			default: false,
			description:
				'Whether to send Market, Stop Loss Market and IOC orders as they are. Off: since 1 April 2026 Angel One forbids them for API trading, so Market becomes a protected limit order and IOC is not sent. Turn on only for an account or server that still allows them.',
		},
		{
			displayName: 'Client Local IP',
			name: 'localIp',
			type: 'string',
			default: '',
			placeholder: 'e.g. 192.168.1.10',
			description: 'Sent as X-ClientLocalIP. Leave empty to send 127.0.0.1.',
		},
		{
			displayName: 'Client Public IP',
			name: 'publicIp',
			type: 'string',
			default: '',
			placeholder: 'e.g. 203.0.113.7',
			description:
				'Sent as X-ClientPublicIP, and named in static-IP errors. Set it to the static IP registered on your API key.',
		},
		{
			displayName: 'MAC Address',
			name: 'macAddress',
			type: 'string',
			default: '',
			placeholder: 'e.g. 00-11-22-33-44-55',
			description: 'Sent as X-MACAddress. Leave empty to send a placeholder.',
		},
		{
			displayName: 'Session Token',
			name: 'jwtToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Feed Token',
			name: 'feedToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Session Day',
			name: 'sessionDay',
			type: 'hidden',
			default: '',
		},
	];

	/** n8n constructs the credential with no runtime (the real one: logins paced); tests and benchmarks pass theirs. */
	constructor(runtime: Runtime = defaultRuntime) {
		this.preAuthentication = withRuntime(runtime, this.preAuthentication);
	}

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const session = await login((options) => this.helpers.httpRequest(options), credentials, Date.now, runtimeOf(this).pacing);
		return { ...session };
	}

	/**
	 * A function rather than the generic `={{$credentials.x}}` form: n8n 2.40 resolves generic expressions through
	 * its expression runtime, which is not available to a trigger's background requests (the order-book catch-up
	 * after a reconnect failed with "No bridge acquired for this context" in a real n8n). Plain code works everywhere.
	 *
	 * A second layer behind restrictToSupportedNodes: the API key and session token go only to the account's own
	 * SmartAPI origin (a request anywhere else gets nothing added), and while Read-Only is on only the read endpoints
	 * are authenticated; anything else is refused before it is sent.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const path = brokerPath(credentials, requestUrl(requestOptions));
		if (path === undefined) return requestOptions;
		const readOnly = readOnlyReason(credentials);
		if (readOnly !== undefined && !isReadPath(path)) throw new ReadOnlyError(readOnly);
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				...requestHeaders(credentials),
				Authorization: bearer(credentials),
			},
		};
	}

	/** The profile read, at the host and path of the one endpoint table (an n8n expression picks the custom root). */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.environment === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : "${LIVE_URLS.rest}"}}`,
			url: ENDPOINTS.getProfile.path,
			method: ENDPOINTS.getProfile.method,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: false,
					message: 'Logged in, but Angel One refused the profile request. Check the API key.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'success',
					value: false,
					message: 'Logged in, but Angel One refused the session token. Check the API key and client code.',
				},
			},
		],
	};
}
