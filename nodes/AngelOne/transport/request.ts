// The single entry point for SmartAPI REST calls: read-only guard, pacing, envelopes, one-time session
// renewal shared by every execution in the process, retries for reads (and for order changes only after a 403
// refusal, which proves the broker did not act), and typed, secret-free errors.
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { istDay } from '../helpers/ist';
import { text } from '../helpers/values';
import { processState, transportStats, type Renewal } from '../processState';
import { runtimeOf } from '../runtime';
import { accountKey } from './account';
import { ENDPOINTS, TYPED_ENDPOINTS, type Answer, type EndpointName } from './endpoints';
import { readEnvelope } from './envelope';
import { isSessionCode, refusedUnacted, SmartApiError, smartApiCause, smartApiError } from './errors';
import { limiterFor } from './rateLimiter';
import { assertWritable } from './readOnly';
import { urlsFor, type SmartApiUrls } from './urls';

export const CREDENTIAL_TYPE = 'angelOneSmartApi';

type AdditionalCredentialOptions = {
	credentialsDecrypted?: { id: string; name: string; type: string; data: ICredentialDataDecryptedObject };
};

/** What the transport needs from an n8n context (execute, load-options and trigger contexts all fit). */
export interface SmartApiContext {
	getNode(): INode;
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	getExecutionCancelSignal?(): AbortSignal | undefined;
	helpers: {
		httpRequestWithAuthentication(
			this: SmartApiContext,
			credentialsType: string,
			requestOptions: IHttpRequestOptions,
			additionalCredentialOptions?: AdditionalCredentialOptions,
		): Promise<unknown>;
	};
}

export interface RequestOptions {
	body?: IDataObject;
	/** Replaces {id} in the endpoint path. */
	pathId?: string;
	signal?: AbortSignal;
	/** Longest time a call may wait for its rate-limit slot before failing. */
	maxQueueMs?: number;
}

export interface SentRequest {
	method: 'GET' | 'POST';
	url: string;
	body?: IDataObject;
}

const READ_RETRIES = 3;
/**
 * A call refused with 403 ("exceeding access rate") is sent again, orders included, for up to this long after the
 * first refusal: n8n processes in queue mode share the account's limits but pace on their own, so a process can be
 * refused many times in a row while another one uses every second (a burst of alerts on the order book). Then the
 * call fails as rate-limited. A read may wait longer than an order, which should not arrive long after its alert.
 */
const REFUSAL_WINDOW_MS = { read: 60_000, order: 20_000 };
const DEFAULT_TIMEOUT_MS = 15000;
const DEFAULT_MAX_QUEUE_MS = 120_000;

/**
 * The session being renewed: the account's, as n8n stores it in one credential row. Two rows of one account hold
 * two sessions, and a follower reads the row its own leader wrote, so the row's id is part of the key.
 */
function renewalKey(ctx: SmartApiContext, credentials: ICredentialDataDecryptedObject): string {
	const ref = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	const account = accountKey(credentials);
	return ref?.id ? `${account}|id:${ref.id}` : account;
}

/** The request that an endpoint call would send, for dry runs and error context. Contains no secrets. */
export function describeRequest(
	credentials: ICredentialDataDecryptedObject,
	endpoint: EndpointName,
	options: RequestOptions = {},
): SentRequest {
	const spec = ENDPOINTS[endpoint];
	const urls = urlsFor(credentials.environment, credentials.baseUrl);
	const path = options.pathId !== undefined ? spec.path.replace('{id}', encodeURIComponent(options.pathId)) : spec.path;
	const sent: SentRequest = { method: spec.method, url: `${urls.rest}${path}` };
	if (spec.method === 'POST') sent.body = options.body ?? {};
	return sent;
}

interface Attempt {
	statusCode: number;
	body: unknown;
	/** The session token the request carried (to tell whether someone renewed meanwhile). */
	usedToken: string;
	/** The credential data the request went out with; after a login inside it, n8n has merged the new session in. */
	sentWith: ICredentialDataDecryptedObject;
}

const SESSION_FIELDS = ['jwtToken', 'feedToken', 'refreshToken', 'sessionDay'] as const;

/** The session fields a request went out with, those that are set. */
function sessionOf(credentials: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const session: ICredentialDataDecryptedObject = {};
	for (const field of SESSION_FIELDS) if (text(credentials[field])) session[field] = credentials[field];
	return session;
}

async function send(
	ctx: SmartApiContext,
	endpoint: EndpointName,
	options: RequestOptions,
	credentials: ICredentialDataDecryptedObject,
	forceLogin: boolean,
	/** With forceLogin: told the session as soon as the login inside this request has it. */
	onSession?: (session: ICredentialDataDecryptedObject) => void,
): Promise<Attempt> {
	const spec = ENDPOINTS[endpoint];
	const sent = describeRequest(credentials, endpoint, options);
	const request: IHttpRequestOptions = {
		method: sent.method,
		url: sent.url,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};
	if (sent.method === 'POST') {
		request.body = sent.body;
		request.headers = { 'Content-Type': 'application/json' };
	}
	const ref = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	// The credential as this call already read it: n8n would otherwise load and decrypt it from its database again
	// for every request (milliseconds each in a real n8n, on an order's critical path), and the token sent is
	// exactly the one this call judged. An empty expirable field makes n8n run preAuthentication and persist the
	// new session for every process.
	const data = forceLogin ? { ...credentials, jwtToken: '' } : { ...credentials };
	// n8n hands this very object to the credential's preAuthentication, whose login tells the watcher.
	if (forceLogin && onSession) processState.sessionWatchers.set(data, onSession);
	const additional: AdditionalCredentialOptions = {
		credentialsDecrypted: { id: ref?.id ?? '', name: ref?.name ?? '', type: CREDENTIAL_TYPE, data },
	};
	let usedToken = text(credentials.jwtToken);
	if (forceLogin) {
		usedToken = '';
		transportStats.logins++;
	}
	transportStats.requests++;
	const response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, request, additional);
	const full = response as { statusCode?: number; body?: unknown };
	return { statusCode: full.statusCode ?? 200, body: full.body, usedToken, sentWith: data };
}

/** The stored session, when someone (another execution or process) renewed it since `staleToken` was read. */
async function renewedSince(ctx: SmartApiContext, staleToken: string): Promise<ICredentialDataDecryptedObject | undefined> {
	const stored = await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	const token = text(stored.jwtToken);
	return token && token !== staleToken && text(stored.sessionDay) === istDay(Date.now()) ? stored : undefined;
}

/**
 * The credential as this node run read it moments ago. Every read in a real n8n loads the row from n8n's
 * database and decrypts it; one order reads it several times within a fraction of a second (read-only guard,
 * master URL, one per request). Reused for a second at most, and forgotten after a session renewal; a token that
 * another process replaced meanwhile is refused by Angel One and the stored credential is read again (below).
 */
const READ_REUSE_MS = 1000;

export async function readCredentials(ctx: Pick<SmartApiContext, 'getCredentials'>): Promise<ICredentialDataDecryptedObject> {
	const now = Date.now();
	const held = processState.recentReads.get(ctx);
	if (held && now - held.at <= READ_REUSE_MS) return await held.read;
	const read = ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	processState.recentReads.set(ctx, { at: now, read });
	// A read without a session is not kept: n8n logs in (preAuthentication) on the request that uses it, so the
	// next read must see the stored token rather than log in again.
	read.then((read) => (text(read.jwtToken) ? undefined : forgetCredentials(ctx)), () => forgetCredentials(ctx));
	return await read;
}

function forgetCredentials(ctx: object): void {
	processState.recentReads.delete(ctx);
}

/**
 * Renews the session once for all concurrent callers. The leader first looks whether the stored session was
 * renewed since `staleToken` (a call that waited for its pacing slot often finds it was) and then uses it; else
 * it sends its own request with a forced login. Followers go as soon as the leader's login has the new session
 * (beside the leader's own request, not after its answer); when the leader ended without one, they wait for it
 * and send with the stored session.
 */
async function sendRenewing(
	ctx: SmartApiContext,
	endpoint: EndpointName,
	options: RequestOptions,
	credentials: ICredentialDataDecryptedObject,
	staleToken: string,
): Promise<Attempt> {
	const key = renewalKey(ctx, credentials);
	const inFlight = processState.renewals.get(key);
	if (inFlight) {
		const session = await inFlight.session;
		if (session) return await send(ctx, endpoint, options, { ...credentials, ...session }, false);
		const loginError = await inFlight.done;
		if (loginError) throw loginError;
		forgetCredentials(ctx);
		const fresh = await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		return await send(ctx, endpoint, options, fresh, false);
	}
	// Registered before the first await, so a concurrent caller follows instead of leading a second login.
	let settle: (error: SmartApiError | undefined) => void = () => undefined;
	let settleSession: (session: ICredentialDataDecryptedObject | undefined) => void = () => undefined;
	const renewal: Renewal = {
		done: new Promise((resolve) => {
			settle = resolve;
		}),
		session: new Promise((resolve) => {
			settleSession = resolve;
		}),
	};
	processState.renewals.set(key, renewal);
	try {
		const current = await renewedSince(ctx, staleToken);
		if (current) {
			settleSession(current);
			settle(undefined);
			return await send(ctx, endpoint, options, current, false);
		}
		const attempt = send(ctx, endpoint, options, credentials, true, settleSession);
		attempt.then(
			() => settle(undefined),
			(error: unknown) => {
				const smartError = smartApiCause(error);
				// Followers share a failed login; any other failure was this request's own.
				settle(smartError?.endpoint === 'loginByPassword' ? smartError : undefined);
			},
		);
		return await attempt;
	} finally {
		// Settles followers when no login was led (the check above failed); a settled renewal stays as it was.
		settleSession(undefined);
		settle(undefined);
		processState.renewals.delete(key);
		forgetCredentials(ctx);
	}
}

/**
 * The stored credential after a request with `usedToken` was told the session is dead. If nobody has renewed it
 * yet and no renewal is under way in this process, waits a random moment and reads it again first: the other n8n
 * processes of a queue-mode cluster saw the same death at the same time, and the one that logs in first stores
 * the new session for all of them (n8n has no lock a node could use to elect it).
 */
async function storedSession(
	ctx: SmartApiContext,
	credentials: ICredentialDataDecryptedObject,
	usedToken: string,
	signal: AbortSignal | undefined,
): Promise<ICredentialDataDecryptedObject> {
	const stored = await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	const renewedAlready = text(stored.jwtToken) !== '' && text(stored.jwtToken) !== usedToken;
	const { renewalJitterMs } = runtimeOf(ctx);
	if (renewedAlready || processState.renewals.has(renewalKey(ctx, credentials)) || renewalJitterMs <= 0) return stored;
	await sleep(Math.random() * renewalJitterMs, signal);
	return await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
}

/** Waits for a slot and holds it; the caller releases it when the call has finished. */
async function pace(
	ctx: SmartApiContext,
	credentials: ICredentialDataDecryptedObject,
	endpoint: EndpointName,
	signal: AbortSignal | undefined,
	maxQueueMs: number,
): Promise<() => void> {
	if (!runtimeOf(ctx).pacing) return () => undefined;
	const spec = ENDPOINTS[endpoint];
	const limiter = limiterFor(accountKey(credentials), spec.bucket ?? endpoint, spec.limits);
	const started = Date.now();
	for (;;) {
		const now = Date.now();
		const wait = limiter.delay(now);
		if (wait === 0) break;
		if (wait !== Infinity && now + wait - started > maxQueueMs) {
			throw smartApiError({
				code: 'RATE_LIMIT',
				endpoint,
				hint: `The next free slot for ${endpoint} is more than ${Math.round(maxQueueMs / 1000)} s away (per-minute or per-hour limit used up).`,
			});
		}
		if (wait === Infinity) await limiter.released(signal);
		else await sleep(wait, signal);
	}
	const grant = limiter.acquire();
	return () => limiter.release(grant, Date.now());
}

function penalize(credentials: ICredentialDataDecryptedObject, endpoint: EndpointName, ms: number): void {
	const spec = ENDPOINTS[endpoint];
	limiterFor(accountKey(credentials), spec.bucket ?? endpoint, spec.limits).penalize(Date.now(), ms);
}

/**
 * After a 403: the limits are per second, so the next second is worth a try; at a random moment in it, so that a
 * process refused while another one holds the second finds the gap between that one's calls.
 */
function refusalBackoffMs(): number {
	return 500 + Math.random() * 1000;
}

function backoffMs(attempt: number): number {
	return Math.min(8000, 1000 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
}

/**
 * Calls a SmartAPI endpoint and returns its typed answer (transport/answers.ts): lists where the broker said
 * `data: null`, numbers where it sent strings, the order status resolved, each record's wire form kept as `raw`.
 */
export async function callEndpoint<E extends EndpointName>(
	ctx: SmartApiContext,
	endpoint: E,
	options: RequestOptions = {},
): Promise<Answer<E>> {
	return TYPED_ENDPOINTS[endpoint].answer(await smartApiRequest(ctx, endpoint, options));
}

/**
 * Calls a SmartAPI endpoint and returns the envelope's `data` as sent (the untyped form; `callEndpoint` reads it).
 * Throws SmartApiError; for order-changing endpoints `ambiguous` says the outcome is unknown.
 */
export async function smartApiRequest(
	ctx: SmartApiContext,
	endpoint: EndpointName,
	options: RequestOptions = {},
): Promise<unknown> {
	const spec = ENDPOINTS[endpoint];
	const signal = options.signal ?? ctx.getExecutionCancelSignal?.();
	let credentials = await readCredentials(ctx);
	if (spec.orderChanging) assertWritable(credentials);

	let renewed = false;
	let retries = 0;
	let firstRefusal: number | undefined;
	for (;;) {
		let stale = !text(credentials.jwtToken) || text(credentials.sessionDay) !== istDay(Date.now());
		if (stale && renewed) {
			// A retry after this call's own login: send with the session n8n stored, never the stale copy (which
			// would make n8n log in again).
			forgetCredentials(ctx);
			credentials = await readCredentials(ctx);
			stale = !text(credentials.jwtToken) || text(credentials.sessionDay) !== istDay(Date.now());
		}
		const release = await pace(ctx, credentials, endpoint, signal, options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS);
		let attempt: Attempt;
		try {
			attempt =
				stale && !renewed
					? await sendRenewing(ctx, endpoint, options, credentials, text(credentials.jwtToken))
					: await send(ctx, endpoint, options, credentials, false);
			if (stale) renewed = true;
		} catch (error) {
			release();
			const smartError = smartApiCause(error);
			if (smartError) throw smartError;
			if (signal?.aborted) {
				throw new NodeOperationError(ctx.getNode(), 'The execution was cancelled while waiting for Angel One.');
			}
			// Timeouts and resets: the request may have reached the broker.
			if (spec.orderChanging) throw smartApiError({ code: 'NETWORK', endpoint, ambiguous: true });
			if (retries++ < READ_RETRIES) {
				await sleep(backoffMs(retries), signal);
				continue;
			}
			throw smartApiError({ code: 'NETWORK', endpoint });
		}
		release();

		const envelope = readEnvelope(attempt.statusCode, attempt.body);
		if (envelope.ok) return envelope.data;

		if (isSessionCode(envelope.code) && !renewed) {
			renewed = true;
			forgetCredentials(ctx);
			const stored = await storedSession(ctx, credentials, attempt.usedToken, signal);
			if (text(stored.jwtToken) && text(stored.jwtToken) !== attempt.usedToken) {
				// Someone renewed meanwhile (another execution or process): use their session, no new login.
				credentials = stored;
				continue;
			}
			const releaseRetry = await pace(ctx, stored, endpoint, signal, options.maxQueueMs ?? DEFAULT_MAX_QUEUE_MS);
			const fresh = await sendRenewing(ctx, endpoint, options, stored, attempt.usedToken).finally(releaseRetry);
			const retried = readEnvelope(fresh.statusCode, fresh.body);
			if (retried.ok) return retried.data;
			throw toError(retried.code, retried.message, fresh.statusCode, endpoint, credentials);
		}
		if (refusedUnacted(envelope.code)) {
			transportStats.rateLimited++;
			penalize(credentials, endpoint, 1000);
			firstRefusal ??= Date.now();
			if (Date.now() - firstRefusal < (spec.orderChanging ? REFUSAL_WINDOW_MS.order : REFUSAL_WINDOW_MS.read)) {
				await sleep(refusalBackoffMs(), signal);
				continue;
			}
		}
		const serverFailure = attempt.statusCode >= 500 || envelope.code === 'GATEWAY' || envelope.code === 'WAF';
		if (serverFailure && !spec.orderChanging && retries++ < READ_RETRIES) {
			await sleep(backoffMs(retries), signal);
			continue;
		}
		throw toError(envelope.code, envelope.message, attempt.statusCode, endpoint, credentials, serverFailure && spec.orderChanging);
	}
}

function toError(
	code: string,
	brokerMessage: string,
	httpStatus: number,
	endpoint: EndpointName,
	credentials: ICredentialDataDecryptedObject,
	ambiguous = false,
): SmartApiError {
	const hint =
		code === 'AG7002'
			? text(credentials.publicIp)
				? `The credential says this machine's public IP is ${text(credentials.publicIp)}; the request left from an address Angel One did not accept.`
				: 'Set "Client Public IP" in the credential to the IP registered on the API key to see it here.'
			: undefined;
	return new SmartApiError({ code, brokerMessage, httpStatus, endpoint, ambiguous, hint });
}

/**
 * A live session for the sockets. Renews it when it is missing or from an earlier IST day, or when a socket
 * was refused with `rejectedToken` (401) and nobody has renewed since.
 */
export async function ensureSession(
	ctx: SmartApiContext,
	options: { rejectedToken?: string; signal?: AbortSignal } = {},
): Promise<{ credentials: ICredentialDataDecryptedObject; urls: SmartApiUrls }> {
	const credentials = await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	const token = text(credentials.jwtToken);
	const stale = !token || text(credentials.sessionDay) !== istDay(Date.now());
	const refused = options.rejectedToken !== undefined && options.rejectedToken === token;
	if (!stale && !refused) return { credentials, urls: urlsFor(credentials.environment, credentials.baseUrl) };

	const release = await pace(ctx, credentials, 'getProfile', options.signal, DEFAULT_MAX_QUEUE_MS);
	const attempt = await sendRenewing(ctx, 'getProfile', {}, credentials, token).finally(release);
	const envelope = readEnvelope(attempt.statusCode, attempt.body);
	if (!envelope.ok) throw toError(envelope.code, envelope.message, attempt.statusCode, 'getProfile', credentials);
	const stored = await ctx.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	// The session the answered request carried is live. A request that followed a login under way went out before
	// n8n stored that session, so the stored row may not hold it yet: the socket gets the live one either way.
	const fresh = { ...stored, ...sessionOf(attempt.sentWith) };
	return { credentials: fresh, urls: urlsFor(fresh.environment, fresh.baseUrl) };
}
