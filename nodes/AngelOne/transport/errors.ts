// One table from SmartAPI's answers (AB…/AG… codes, E100x, the 403 text, WAF pages) to a message a person
// can act on and n8n's failure cause. Every error this package raises about the broker is a SmartApiError.

export type FailureCause =
	| 'rate-limited'
	| 'temporarily-unavailable'
	| 'credential-invalid'
	| 'configuration-invalid'
	| 'quota-exhausted'
	| 'node-defect';

/**
 * What the package does about an error:
 * - session: the token is dead; log in once and retry once.
 * - rate: throttled (the 403 "exceeding access rate" answer); the broker did not act on the request, so reads
 *   and order changes alike back off and retry.
 * - transient: the broker or network failed; reads retry, order changes are ambiguous.
 * - login: the credential itself is wrong; nothing to retry.
 * - rejected: the broker refused this request; fix the input.
 */
export type ErrorKind = 'session' | 'rate' | 'transient' | 'login' | 'rejected';

interface ErrorInfo {
	message: string;
	kind: ErrorKind;
	cause: FailureCause;
	/**
	 * The message is about the login only. Angel One reuses some login codes elsewhere (AB1007 is also "Bad Input"
	 * on orders and GTT rules); there its own message is shown instead of advice about the client code and MPIN.
	 */
	loginOnly?: true;
}

const session = (message: string): ErrorInfo => ({ message, kind: 'session', cause: 'credential-invalid' });
const login = (message: string): ErrorInfo => ({ message, kind: 'login', cause: 'credential-invalid' });
const loginOnly = (message: string): ErrorInfo => ({ ...login(message), loginOnly: true });
const rejected = (message: string, cause: FailureCause = 'configuration-invalid'): ErrorInfo => ({
	message,
	kind: 'rejected',
	cause,
});
const transient = (message: string): ErrorInfo => ({ message, kind: 'transient', cause: 'temporarily-unavailable' });

/**
 * Since 1 April 2026 market and IOC orders from an API are refused, at placement or in the order book. The
 * code Angel One uses is not public, so its words are matched.
 */
export const NATIVE_ORDER_REFUSED =
	'Angel One refused a market, stop-loss market or IOC order: since 1 April 2026 they are not allowed for API trading. Turn off "Allow Native Market and IOC Orders" in the credential, so Market orders go as protected limit orders and IOC as "Fill or Cancel Within N Seconds".';

export function isNativeOrderRefusal(text: string | undefined): boolean {
	if (!text) return false;
	return /(?<!after[\s-])\bmarket\b|\bioc\b/i.test(text) && /not (allowed|permitted)|prohibit|blocked|disallow/i.test(text);
}

export const ERROR_TABLE: Record<string, ErrorInfo> = {
	AG8001: session('The Angel One session is no longer valid (Invalid Token). It is renewed automatically; if this persists, check that no other program logs in with this client code in single-session mode.'),
	AG8002: session('The Angel One session expired. It is renewed automatically.'),
	AG8003: session('The request reached Angel One without a session token.'),
	AB1010: session('The Angel One session expired (AMX Session Expired). It is renewed automatically.'),
	AB1011: session('Angel One says the client is not logged in. The session is renewed automatically.'),
	AG8004: login('Angel One rejected the API key. Copy the API key of your SmartAPI app into the credential (smartapi.angelone.in → My Apps).'),
	AB1034: login('Angel One does not know this API key ("Apps not found"). Copy the API key of your SmartAPI app into the credential (smartapi.angelone.in → My Apps).'),
	AB1050: loginOnly('Angel One rejected the TOTP code. Check the TOTP secret in the credential (the base32 key shown when you enabled TOTP, not a 6-digit code), and that this machine\'s clock is correct to within 30 seconds.'),
	AB7001: loginOnly('Angel One refused the password login. Put your 4-digit MPIN in the PIN field, not your web or trading password.'),
	AB1007: loginOnly('Angel One rejected the client code or PIN ("Login Id or password is invalid" / bad input). Check the client code and the 4-digit MPIN.'),
	AB1000: loginOnly('Angel One rejected the login (Invalid Email Or Password). Use your client code and 4-digit MPIN.'),
	AB1001: loginOnly('Angel One rejected the login (Invalid Email). Use your client code, not your email address.'),
	AB1002: loginOnly('Angel One rejected the PIN length. The PIN field takes the 4-digit MPIN.'),
	AB1032: loginOnly('Angel One does not know this client code (User Not Found).'),
	AB1006: login('Angel One says this client is blocked for trading. Contact Angel One support.'),
	AB8050: session('Angel One rejected the refresh token. A new login is made automatically.'),
	AB8051: session('The Angel One refresh token expired. A new login is made automatically.'),
	AG7002: {
		message:
			'Angel One refused this order request because it came from an IP address that is not registered on your API key (SEBI static-IP rule). Register the static public IP of the machine running n8n on your SmartAPI app, or run n8n on that machine.',
		kind: 'rejected',
		cause: 'configuration-invalid',
	},
	AB1004: transient('Angel One answered "Something went wrong, please try after sometime". For historical data this also means a bad date range.'),
	AB2000: transient('Angel One reported an unspecified error.'),
	AB2001: transient('Angel One reported an internal error. Try again shortly.'),
	AB1005: rejected('Angel One requires the user type USER (a header this package always sends); this points to a proxy changing requests.', 'node-defect'),
	AB1008: rejected('Angel One rejected the order variety.'),
	AB1009: rejected('Angel One does not know this symbol. Pick the instrument from the list or check exchange and symbol.'),
	AB1012: rejected('Angel One rejected the product type for this instrument.'),
	AB1013: rejected('Angel One has no order with this order ID today.'),
	AB1014: rejected('Angel One has no trade for this order.'),
	AB1015: rejected('Angel One has no holding for this instrument.'),
	AB1016: rejected('Angel One has no open position for this instrument.'),
	AB1017: rejected('Angel One could not convert the position.'),
	AB1018: rejected('Angel One could not read the symbol details.'),
	AB1020: rejected('Angel One rejected the order type (stop-loss orders need the STOPLOSS variety).'),
	AB2002: rejected('Angel One has blocked ROBO (bracket) orders.'),
	AB4008: rejected('The order tag must be shorter than 20 characters.'),
	AB4013: rejected('Angel One needs CDSL (EDIS/TPIN) authorisation before you sell holdings delivered to your demat account. Authorise the sale once today in the Angel One app, then retry.'),
	AB4018: rejected('The symbol token is empty.'),
	AB4036: rejected('This instrument is on the exchange\'s cautionary list. Enable "Cautionary Scrip Consent" on the order to place it anyway.'),
	AB9000: transient('Angel One GTT service error.'),
	AB9001: rejected('Angel One rejected the GTT rule parameters.'),
	AB9002: rejected('Angel One GTT: method not allowed.', 'node-defect'),
	AB9003: rejected('Angel One GTT: invalid client ID.'),
	AB9004: rejected('Angel One GTT: invalid status list.'),
	AB9005: session('Angel One GTT: the session is not valid. It is renewed automatically.'),
	AB9006: rejected('Angel One GTT: invalid quantity.'),
	AB9007: rejected('Angel One GTT: invalid disclosed quantity.'),
	AB9008: rejected('Angel One GTT: invalid price.'),
	AB9009: rejected('Angel One GTT: invalid trigger price.'),
	AB9010: rejected('Angel One GTT works only on NSE and BSE.'),
	AB9011: rejected('Angel One GTT: invalid symbol token.'),
	AB9012: rejected('Angel One GTT: invalid trading symbol.'),
	AB9013: rejected('Angel One GTT: no rule with this ID.'),
	AB9014: rejected('Angel One GTT: invalid side (BUY or SELL).'),
	AB9015: rejected('Angel One GTT works only with the DELIVERY and MARGIN products.'),
	AB9016: rejected('Angel One GTT: invalid time period.'),
	AB9017: rejected('Angel One GTT: invalid page.'),
	AB9018: rejected('Angel One GTT: invalid count.'),
	E1001: rejected('The market feed rejected the subscription request (Invalid Request Payload).', 'node-defect'),
	E1002: rejected('The market feed allows 1,000 subscriptions per connection; this account would exceed it. Subscribe fewer instruments.'),
	/** The simulator's code for a refused market or IOC order; Angel One's own is matched by its text (nativeRefusal). */
	AB4900: rejected(NATIVE_ORDER_REFUSED),
	READ_ONLY: {
		message:
			'This Angel One credential is read-only, so order-changing operations are blocked. Turn off "Read-Only" in the credential to allow them.',
		kind: 'rejected',
		cause: 'configuration-invalid',
	},
	UNKNOWN: transient('Angel One reported a failure without an error code.'),
	RATE_LIMIT: {
		message:
			'Angel One is throttling this account ("Access denied because of exceeding access rate"). Calls are paced to the published limits; another program using the same client code may be sharing the budget.',
		kind: 'rate',
		cause: 'rate-limited',
	},
	WAF: transient('Angel One\'s firewall rejected the request ("Request Rejected" page). This is usually temporary; if it persists, check the machine\'s IP reputation or contact Angel One with the support ID.'),
	GATEWAY: transient('Angel One\'s gateway did not answer properly (HTTP error or an empty/non-JSON page). Try again shortly.'),
	NETWORK: transient('Could not reach Angel One (network error or timeout).'),
};

export interface SmartApiErrorDetails {
	code: string;
	/** The broker's own message, when it sent one. Never contains secrets. */
	brokerMessage?: string;
	httpStatus?: number;
	endpoint?: string;
	/**
	 * An order-changing request may or may not have reached the exchange (timeout, reset, 5xx after sending).
	 * The caller must reconcile through the order book instead of sending again.
	 */
	ambiguous?: boolean;
	/** Extra words for the person (e.g. the IP the request left from). */
	hint?: string;
}

/** The most characters of a broker's own text an error carries (a gateway once sent a megabyte of HTML). */
export const BROKER_TEXT_MAX = 300;

/** Server text as an error quotes it: whitespace runs collapsed, and at most BROKER_TEXT_MAX characters. */
export function capBrokerText(text: string): string {
	const clean = text.replace(/\s+/g, ' ').trim();
	if (clean.length <= BROKER_TEXT_MAX) return clean;
	return `${clean.slice(0, BROKER_TEXT_MAX)}… (${clean.length - BROKER_TEXT_MAX} more characters not shown)`;
}

function infoFor(code: string, endpoint: string | undefined, brokerMessage: string | undefined): ErrorInfo {
	const known = ERROR_TABLE[code];
	if (known && !(known.loginOnly && endpoint !== undefined && endpoint !== 'loginByPassword')) return known;
	return fallback(code, brokerMessage);
}

export class SmartApiError extends Error {
	/**
	 * The broker's code (AB1050, AG8001, …) or ours (RATE_LIMIT, WAF, NETWORK, READ_ONLY). Not named `code`:
	 * n8n's credential tester shows an error's `code` instead of its message, and the message is what helps.
	 */
	readonly errorCode: string;
	readonly kind: ErrorKind;
	readonly failureCause: FailureCause;
	readonly brokerMessage?: string;
	readonly httpStatus?: number;
	readonly endpoint?: string;
	readonly ambiguous: boolean;

	constructor(details: SmartApiErrorDetails) {
		const brokerMessage = details.brokerMessage === undefined ? undefined : capBrokerText(details.brokerMessage);
		const info = infoFor(details.code, details.endpoint, brokerMessage);
		const parts = [info.message];
		if (details.hint) parts.push(details.hint);
		if (details.ambiguous) {
			parts.push('The request may or may not have reached Angel One; it was not sent again.');
		}
		super(parts.join(' '));
		this.name = 'SmartApiError';
		this.errorCode = details.code;
		this.kind = info.kind;
		this.failureCause = info.cause;
		this.brokerMessage = brokerMessage;
		this.httpStatus = details.httpStatus;
		this.endpoint = details.endpoint;
		this.ambiguous = details.ambiguous ?? false;
	}

	/**
	 * The same broker answer with other words for the person: what the package found out afterwards (the order is
	 * not in the book, the credential was refused earlier). `ambiguous` keeps this error's unless given.
	 */
	withHint(hint: string, options: { ambiguous?: boolean; endpoint?: string } = {}): SmartApiError {
		return new SmartApiError({
			code: this.errorCode,
			brokerMessage: this.brokerMessage,
			httpStatus: this.httpStatus,
			endpoint: options.endpoint ?? this.endpoint,
			ambiguous: options.ambiguous ?? this.ambiguous,
			hint,
		});
	}

	/** A plain object for n8n's error JSON: no request, no headers, nothing secret. */
	toJSON(): Record<string, string | number | boolean> {
		const out: Record<string, string | number | boolean> = { code: this.errorCode, message: this.message };
		if (this.brokerMessage) out.brokerMessage = this.brokerMessage;
		if (this.httpStatus !== undefined) out.httpStatus = this.httpStatus;
		if (this.endpoint) out.endpoint = this.endpoint;
		if (this.ambiguous) out.ambiguous = true;
		return out;
	}
}

function fallback(code: string, brokerMessage?: string): ErrorInfo {
	if (isNativeOrderRefusal(brokerMessage)) return rejected(NATIVE_ORDER_REFUSED);
	const text = brokerMessage ? `Angel One answered: ${brokerMessage} (${code}).` : `Angel One answered with error ${code}.`;
	return rejected(text);
}

/** Builds the error; `throw smartApiError(...)` reads as one step at call sites inside catch blocks too. */
export function smartApiError(details: SmartApiErrorDetails): SmartApiError {
	return new SmartApiError(details);
}

/** A refusal that proves the request was not acted on (the 403 rate-limit answer): sending it again is safe. */
export function refusedUnacted(code: string | undefined): boolean {
	return code !== undefined && ERROR_TABLE[code]?.kind === 'rate';
}

export function isSessionCode(code: string | undefined): boolean {
	return code !== undefined && ERROR_TABLE[code]?.kind === 'session';
}

export function isSmartApiError(error: unknown): error is SmartApiError {
	return error instanceof SmartApiError;
}

/**
 * The SmartApiError behind an error, if any. n8n wraps what preAuthentication and helpers throw (NodeApiError,
 * NodeOperationError), so the broker's error can sit a few `cause` links down.
 */
export function smartApiCause(error: unknown): SmartApiError | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
		if (current instanceof SmartApiError) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Where a market-feed error came from, as errors name their endpoint. */
export const MARKET_FEED = 'marketFeed';

/** A text frame of the market feed with an error code (E1001, E1002, …), read through the same table. */
export function feedError(code: string, brokerMessage: string): SmartApiError {
	return new SmartApiError({ code, brokerMessage: brokerMessage || undefined, endpoint: MARKET_FEED });
}
