/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Login sessions: MPIN + TOTP checks (otplib as an independent oracle), JWT-shaped tokens, their death at the
// session boundary on the simulator clock, refresh, logout, single-session mode, and the socket auth checks.

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

import { authenticator } from 'otplib';

import type { AuthResult, SimAuth, SimClock } from './contracts';
import type { SimAccount } from './accounts';
import type { SimVariants } from './variants';
import { fromIst, istParts } from '../nodes/AngelOne/helpers/ist';

/** When tokens die. Protocol §2.2: midnight IST (current docs), 05:00 IST next day (forum), or a fixed lifetime. */
export type SessionBoundary = 'midnight-ist' | '05:00-ist' | { afterMs: number };

export interface Session {
	id: string;
	clientCode: string;
	apiKey: string;
	jwtToken: string;
	refreshToken: string;
	feedToken: string;
	createdAt: number;
	expiresAt: number;
	alive: boolean;
}

export type LoginFailure = { code: string; message: string };

export type TokenCheck =
	| { ok: true; session: Session }
	| { ok: false; code: 'AG8003' | 'AG8001'; message: string };

const DAY_MS = 24 * 60 * 60 * 1000;

function base64url(value: string | Buffer): string {
	return Buffer.from(value).toString('base64url');
}

/** The next boundary after `createdAt`. */
export function sessionExpiry(createdAt: number, boundary: SessionBoundary): number {
	if (typeof boundary === 'object') return createdAt + boundary.afterMs;
	const p = istParts(createdAt);
	if (boundary === 'midnight-ist') return fromIst(p.year, p.month, p.day) + DAY_MS;
	const fiveToday = fromIst(p.year, p.month, p.day, 5);
	return createdAt < fiveToday ? fiveToday : fiveToday + DAY_MS;
}

export interface SessionStoreOptions {
	clock: SimClock;
	accounts: SimAccount[];
	boundary: SessionBoundary;
	/** A new login kills the client's older sessions (protocol §2.2 leaves this UNCONFIRMED; default off). */
	singleSession: boolean;
	/**
	 * Which clock TOTP codes are checked against. 'wall' (default): clients compute codes from the real time,
	 * and the simulated clock (moved by tests past midnight) models only the broker's calendar, not a
	 * disagreement between the two parties' clocks. 'simulator': exact step tests on a frozen clock.
	 */
	totpClock?: 'wall' | 'simulator';
	/** Live switches (simulator/variants.ts): refreshRevokes, strictHandshake. */
	variants?: Pick<SimVariants, 'refreshRevokes' | 'strictHandshake'>;
}

export class SessionStore implements SimAuth {
	readonly events = new EventEmitter();
	private readonly byJwt = new Map<string, Session>();
	private readonly byRefresh = new Map<string, Session>();
	private readonly byFeed = new Map<string, Session>();
	private readonly loginCounts = new Map<string, number>();
	/** Signs the outer HS512 JWT, so tokens are well-formed but forging one needs this key. */
	private readonly signingKey = randomBytes(32);

	constructor(private readonly options: SessionStoreOptions) {
		this.events.setMaxListeners(0);
	}

	private totpNow(): number {
		return this.options.totpClock === 'simulator' ? this.options.clock.now() : Date.now();
	}

	account(clientCode: string): SimAccount | undefined {
		return this.options.accounts.find((a) => a.clientCode === clientCode);
	}

	accountByApiKey(apiKey: string): SimAccount | undefined {
		return this.options.accounts.find((a) => a.apiKey === apiKey);
	}

	logins(): Record<string, number> {
		return Object.fromEntries(this.loginCounts);
	}

	resetCounts(): void {
		this.loginCounts.clear();
	}

	/** loginByPassword. The order of checks follows what users report: app key, client, MPIN shape, MPIN, TOTP. */
	login(apiKey: string, body: Record<string, unknown>): Session | LoginFailure {
		const clientCode = typeof body.clientcode === 'string' ? body.clientcode.trim() : '';
		const password = typeof body.password === 'string' || typeof body.password === 'number' ? String(body.password) : '';
		const totp = typeof body.totp === 'string' || typeof body.totp === 'number' ? String(body.totp).trim() : '';
		if (!this.accountByApiKey(apiKey)) return { code: 'AB1034', message: 'Apps not found' };
		const account = this.account(clientCode);
		if (!account) {
			// An e-mail address instead of the client ID gets the generic answer users report (protocol §2.3).
			if (clientCode.includes('@')) return { code: 'AB1004', message: 'Something Went Wrong, Please Try After Sometime' };
			return { code: 'AB1007', message: 'Login Id or password is invalid' };
		}
		if (account.blocked) return { code: 'AB1006', message: 'Client Is Block For Trading' };
		if (!/^\d{4}$/.test(password)) {
			return { code: 'AB7001', message: 'LoginbyPassword is not allowed. Please switch to Login by MPIN now.' };
		}
		if (password !== account.pin) return { code: 'AB1007', message: 'Login Id or password is invalid' };
		if (!this.totpValid(totp, account.totpSecret)) return { code: 'AB1050', message: 'Invalid totp' };
		this.loginCounts.set(account.clientCode, (this.loginCounts.get(account.clientCode) ?? 0) + 1);
		if (this.options.singleSession) this.invalidate(account.clientCode);
		return this.issue(account, this.options.clock.now(), undefined);
	}

	/** The client a refresh token belongs to (for per-client rate limits before the refresh is attempted). */
	clientOfRefreshToken(refreshToken: unknown): string | undefined {
		return typeof refreshToken === 'string' ? this.byRefresh.get(refreshToken)?.clientCode : undefined;
	}

	/** generateTokens: fresh JWT and feed token for a live refresh token; the session keeps its boundary. */
	refresh(refreshToken: unknown): Session | LoginFailure {
		const old = typeof refreshToken === 'string' ? this.byRefresh.get(refreshToken) : undefined;
		if (!old || !old.alive) return { code: 'AB8050', message: 'Invalid Refresh Token' };
		if (this.options.clock.now() >= old.expiresAt) return { code: 'AB8051', message: 'Refresh Token Expired' };
		const account = this.account(old.clientCode);
		if (!account) return { code: 'AB8050', message: 'Invalid Refresh Token' };
		// Whether the old JWT and feed token die is undocumented (variant refreshRevokes); the refresh token is used up.
		if (this.options.variants?.refreshRevokes === true) this.kill(old);
		else this.byRefresh.delete(old.refreshToken);
		return this.issue(account, this.options.clock.now(), old.expiresAt);
	}

	/** Checks `Authorization: Bearer <jwt>` of a secure endpoint. An expired token is AG8001, as users report. */
	checkBearer(header: string | undefined): TokenCheck {
		const jwt = header?.replace(/^Bearer\s+/i, '').trim();
		if (!jwt) return { ok: false, code: 'AG8003', message: 'Token missing' };
		const session = this.byJwt.get(jwt);
		if (!session || !session.alive || this.options.clock.now() >= session.expiresAt) {
			return { ok: false, code: 'AG8001', message: 'Invalid Token' };
		}
		return { ok: true, session };
	}

	logout(session: Session): void {
		this.kill(session);
		this.events.emit('invalidated', session.clientCode);
	}

	/** Ends every session (of one client, or all) and tells the sockets. */
	invalidate(clientCode?: string): number {
		let count = 0;
		for (const session of new Set(this.byJwt.values())) {
			if (session.alive && (clientCode === undefined || session.clientCode === clientCode)) {
				this.kill(session);
				count += 1;
			}
		}
		this.events.emit('invalidated', clientCode);
		return count;
	}

	checkJwt(jwt: string | undefined): AuthResult {
		const result = this.checkBearer(jwt);
		return result.ok ? { ok: true, clientCode: result.session.clientCode } : { ok: false, message: 'Invalid Header - Invalid Auth token' };
	}

	/** The order-update handshake: the JWT decides; strict, the API key and client code sent beside it must match. */
	checkOrderSocket(args: { jwt?: string; apiKey?: string; clientCode?: string }): AuthResult {
		const result = this.checkBearer(args.jwt);
		if (!result.ok) return { ok: false, message: 'Invalid Header - Invalid Auth token' };
		if (this.options.variants?.strictHandshake === true) {
			if (args.clientCode !== undefined && args.clientCode !== result.session.clientCode) return { ok: false, message: 'Invalid Header - Invalid Client Code' };
			if (args.apiKey !== undefined && args.apiKey !== result.session.apiKey) return { ok: false, message: 'Invalid Header - Invalid API Key' };
		}
		return { ok: true, clientCode: result.session.clientCode };
	}

	/**
	 * The market-feed handshake. Strict (variant strictHandshake): the JWT, client code, API key and feed token
	 * must all belong together. Lenient (default, as live evidently is): a valid feed token (and a valid JWT when
	 * one is sent) decide the client; `x-api-key` and `x-client-code` are not checked against them.
	 */
	checkFeed(args: { jwt?: string; apiKey?: string; clientCode?: string; feedToken?: string }): AuthResult {
		const now = this.options.clock.now();
		const strict = this.options.variants?.strictHandshake === true;
		if (args.jwt !== undefined && args.jwt !== '') {
			const jwt = this.checkBearer(args.jwt);
			if (!jwt.ok) return { ok: false, message: 'Invalid Header - Invalid Auth token' };
			if (strict && args.clientCode !== undefined && jwt.session.clientCode !== args.clientCode) {
				return { ok: false, message: 'Invalid Header - Invalid Client Code' };
			}
		}
		const feed = args.feedToken === undefined ? undefined : this.byFeed.get(args.feedToken);
		if (!strict) {
			if (!feed || !feed.alive || now >= feed.expiresAt) return { ok: false, message: 'Invalid Header - Invalid Feed Token' };
			return { ok: true, clientCode: feed.clientCode };
		}
		const account = args.clientCode === undefined ? undefined : this.account(args.clientCode);
		if (!account) return { ok: false, message: 'Invalid Header - Invalid Client Code' };
		if (args.apiKey !== undefined && args.apiKey !== '' && args.apiKey !== account.apiKey) {
			return { ok: false, message: 'Invalid Header - Invalid API Key' };
		}
		if (!feed || !feed.alive || now >= feed.expiresAt || feed.clientCode !== account.clientCode) {
			return { ok: false, message: 'Invalid Header - Invalid Feed Token' };
		}
		return { ok: true, clientCode: account.clientCode };
	}

	private totpValid(code: string, secret: string): boolean {
		if (!/^\d{6}$/.test(code)) return false;
		// ±1 step, as real servers tolerate small clock skew.
		return authenticator.clone({ epoch: this.totpNow(), window: 1 }).check(code, secret);
	}

	private kill(session: Session): void {
		session.alive = false;
		this.byJwt.delete(session.jwtToken);
		this.byRefresh.delete(session.refreshToken);
		this.byFeed.delete(session.feedToken);
	}

	private issue(account: SimAccount, now: number, expiresAt: number | undefined): Session {
		const expiry = expiresAt ?? sessionExpiry(now, this.options.boundary);
		const id = randomUUID();
		const iat = Math.floor(now / 1000);
		const exp = Math.floor(expiry / 1000);
		// The nested RS256-looking token mirrors the maintainer's decoded sample (protocol §2.1); its signature is random.
		const inner = [
			base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' })),
			base64url(JSON.stringify({ sub: account.clientCode, exp, iat, jti: id, source: 'SPA', device_id: randomUUID() })),
			base64url(randomBytes(64)),
		].join('.');
		const session: Session = {
			id,
			clientCode: account.clientCode,
			apiKey: account.apiKey,
			jwtToken: this.sign({ username: account.clientCode, roles: 0, usertype: 'USER', token: inner, iat, exp }),
			refreshToken: this.sign({ token: 'REFRESH-TOKEN', RESET: randomUUID(), iat }),
			feedToken: this.sign({ username: account.clientCode, iat, exp }),
			createdAt: now,
			expiresAt: expiry,
			alive: true,
		};
		this.byJwt.set(session.jwtToken, session);
		this.byRefresh.set(session.refreshToken, session);
		this.byFeed.set(session.feedToken, session);
		return session;
	}

	private sign(payload: Record<string, unknown>): string {
		const head = base64url(JSON.stringify({ alg: 'HS512' }));
		const body = base64url(JSON.stringify(payload));
		const signature = createHmac('sha512', this.signingKey).update(`${head}.${body}`).digest('base64url');
		return `${head}.${body}.${signature}`;
	}
}
