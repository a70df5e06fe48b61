// The TOTP login (loginByPassword) shared by the credential's preAuthentication: computes the code from the
// stored secret, waits and retries when the login itself is throttled, maps failures to actionable errors, and
// remembers a credential Angel One refused so that it is never tried again until one of its fields changes.
import { createHash } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { decodeBase32, InvalidTotpSecretError, totpFromKey } from '../helpers/totp';
import { istDay } from '../helpers/ist';
import { trimmed } from '../helpers/values';
import { processState } from '../processState';
import { accountKey } from './account';
import { ENDPOINTS, TYPED_ENDPOINTS } from './endpoints';
import { readEnvelope } from './envelope';
import { ERROR_TABLE, SmartApiError, smartApiError } from './errors';
import { requestHeaders } from './headers';
import { limiterFor } from './rateLimiter';
import { urlsFor } from './urls';

export interface SessionTokens {
	jwtToken: string;
	feedToken: string;
	refreshToken: string;
	/** IST day the session was created on: a session from an earlier day is never reused. */
	sessionDay: string;
}

export type HttpRequest = (options: IHttpRequestOptions) => Promise<unknown>;

const LOGIN_ATTEMPTS = 5;

interface FullResponse {
	statusCode: number;
	body: unknown;
}

function isFullResponse(value: unknown): value is FullResponse {
	return typeof value === 'object' && value !== null && 'statusCode' in value && 'body' in value;
}

function totpKey(secret: string): Buffer {
	try {
		return decodeBase32(secret);
	} catch (error) {
		const reason = error instanceof InvalidTotpSecretError ? error.message : 'The TOTP secret could not be read.';
		throw smartApiError({ code: 'AB1050', hint: reason });
	}
}

/**
 * Credentials Angel One refused (wrong MPIN, TOTP secret, API key, client code) are remembered by a hash of their
 * login fields (processState.refusedLogins). Angel One locks an account after repeated wrong MPINs, so one refusal
 * stops every later login in this process (every execution and trigger activation) until a field changes. The hash
 * keeps no secret in memory. Deliberately not `accountKey`: what was refused is one set of login fields, not the
 * account; the same account with a corrected PIN or TOTP secret must be tried at once.
 */
function loginFieldsHash(credentials: ICredentialDataDecryptedObject): string {
	const fields = [credentials.apiKey, credentials.clientCode, credentials.pin, credentials.totpSecret, credentials.environment, credentials.baseUrl];
	return createHash('sha256').update(JSON.stringify(fields.map(trimmed))).digest('hex');
}

function remembered(refusal: SmartApiError): SmartApiError {
	return refusal.withHint(
		'Angel One refused this credential earlier, so no login is tried again until one of its fields (API key, client code, PIN, TOTP secret, environment) changes or n8n restarts: repeated wrong MPINs lock the account.',
		{ endpoint: 'loginByPassword', ambiguous: false },
	);
}

/** Logins are paced like every call (1 per second per account): a login Angel One would throttle is not sent. */
async function loginSlot(account: string, pacing: boolean): Promise<() => void> {
	if (!pacing) return () => undefined;
	const spec = ENDPOINTS.loginByPassword;
	const limiter = limiterFor(account, 'loginByPassword', spec.limits);
	for (let wait = limiter.delay(Date.now()); wait > 0; wait = limiter.delay(Date.now())) {
		if (wait === Infinity) await limiter.released();
		else await sleep(wait);
	}
	const grant = limiter.acquire();
	return () => limiter.release(grant, Date.now());
}

/**
 * Logs in and returns the new session. Throws SmartApiError with a message a person can act on.
 * `now` is injectable for tests; the TOTP is computed for the moment of each attempt. `pacing`: the runtime's.
 */
export async function login(
	httpRequest: HttpRequest,
	credentials: ICredentialDataDecryptedObject,
	now: () => number = Date.now,
	pacing = true,
): Promise<SessionTokens> {
	const urls = urlsFor(credentials.environment, credentials.baseUrl);
	const clientCode = trimmed(credentials.clientCode);
	const pin = trimmed(credentials.pin);
	if (!trimmed(credentials.apiKey)) throw new SmartApiError({ code: 'AB1034', hint: 'The API key field is empty.' });
	if (!clientCode) throw new SmartApiError({ code: 'AB1007', hint: 'The client code field is empty.' });
	if (!/^\d{4,6}$/.test(pin)) throw new SmartApiError({ code: 'AB7001', hint: 'The PIN field must hold digits only.' });

	const key = totpKey(trimmed(credentials.totpSecret));
	const fieldsHash = loginFieldsHash(credentials);
	const earlier = processState.refusedLogins.get(fieldsHash);
	if (earlier) throw remembered(earlier);
	const spec = TYPED_ENDPOINTS.loginByPassword;
	for (let attempt = 1; ; attempt++) {
		const release = await loginSlot(accountKey(credentials), pacing);
		const code = totpFromKey(key, { timeMs: now() });
		let response: unknown;
		try {
			response = await httpRequest({
				method: spec.method,
				url: `${urls.rest}${spec.path}`,
				headers: { ...requestHeaders(credentials), 'Content-Type': 'application/json' },
				body: { clientcode: clientCode, password: pin, totp: code, state: 'n8n' },
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: 15000,
			});
		} catch {
			// The raw error carries the request (with the PIN and TOTP): never pass it on.
			throw smartApiError({ code: 'NETWORK', endpoint: 'loginByPassword', hint: `Login URL: ${urls.rest}` });
		} finally {
			release();
		}
		const { statusCode, body } = isFullResponse(response) ? response : { statusCode: 200, body: response };
		const envelope = readEnvelope(statusCode, body);
		if (envelope.ok) {
			const { jwtToken, feedToken, refreshToken } = spec.answer(envelope.data);
			if (!jwtToken) throw new SmartApiError({ code: 'GATEWAY', endpoint: 'loginByPassword', hint: 'The login answer had no session token.' });
			const session: SessionTokens = { jwtToken, feedToken, refreshToken, sessionDay: istDay(now()) };
			// The requests of this process waiting for this login may go now (transport/request.ts sendRenewing).
			processState.sessionWatchers.get(credentials)?.({ ...session });
			return session;
		}
		const transientFailure = envelope.code === 'RATE_LIMIT' || envelope.code === 'GATEWAY' || envelope.code === 'WAF';
		if (transientFailure && attempt < LOGIN_ATTEMPTS) {
			// Logins are limited to 1/s per client code; another process may have just logged in.
			await sleep(1100 * attempt);
			continue;
		}
		const refusal = new SmartApiError({
			code: envelope.code,
			brokerMessage: envelope.message,
			httpStatus: statusCode,
			endpoint: 'loginByPassword',
		});
		if (ERROR_TABLE[envelope.code]?.kind === 'login') processState.refusedLogins.set(fieldsHash, refusal);
		throw refusal;
	}
}
