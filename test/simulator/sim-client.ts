// A tiny raw HTTP client for simulator tests: real SmartAPI headers, login with an otplib TOTP at the
// simulator's clock, and calls that return status, content type and body untouched.

import { authenticator } from 'otplib';

import type { RunningSimulator } from '../../simulator/server';

export const SECURE = '/rest/secure/angelbroking';
export const LOGIN_PATH = '/rest/auth/angelbroking/user/v1/loginByPassword';

export interface RawResponse {
	status: number;
	contentType: string;
	text: string;
	/** Parsed JSON body, or undefined when the body is not JSON. */
	json: Record<string, unknown> | undefined;
}

export function smartHeaders(apiKey: string, jwt?: string): Record<string, string> {
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		Accept: 'application/json',
		'X-UserType': 'USER',
		'X-SourceID': 'WEB',
		'X-ClientLocalIP': '192.168.1.10',
		'X-ClientPublicIP': '106.193.147.98',
		'X-MACAddress': 'AA-BB-CC-DD-EE-FF',
		'X-PrivateKey': apiKey,
	};
	if (jwt) headers.Authorization = `Bearer ${jwt}`;
	return headers;
}

export async function call(
	sim: RunningSimulator,
	method: 'GET' | 'POST',
	path: string,
	options: { body?: unknown; jwt?: string; headers?: Record<string, string>; omit?: string[] } = {},
): Promise<RawResponse> {
	const headers = { ...smartHeaders(sim.account.apiKey, options.jwt), ...options.headers };
	for (const name of options.omit ?? []) delete headers[name];
	const response = await fetch(`${sim.baseUrl}${path}`, {
		method,
		headers,
		body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
	});
	const text = await response.text();
	let json: Record<string, unknown> | undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		if (parsed !== null && typeof parsed === 'object') json = parsed as Record<string, unknown>;
	} catch {
		json = undefined;
	}
	return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json };
}

/** A TOTP for an instant (default: now on the wall clock, which the simulator checks by default), offset by `steps` × 30 s. */
export function totpAt(sim: RunningSimulator, steps = 0, at = Date.now()): string {
	return authenticator.clone({ epoch: at + steps * 30_000 }).generate(sim.account.totpSecret);
}

export interface Tokens {
	jwtToken: string;
	refreshToken: string;
	feedToken: string;
}

/** Logs the demo account in; `totpInstant` only for simulators started with totpClock 'simulator'. */
export async function login(sim: RunningSimulator, totpInstant = Date.now()): Promise<Tokens> {
	const response = await call(sim, 'POST', LOGIN_PATH, {
		body: { clientcode: sim.account.clientCode, password: sim.account.pin, totp: totpAt(sim, 0, totpInstant) },
	});
	const data = response.json?.data as Tokens | undefined;
	if (!data?.jwtToken) throw new Error(`login failed: ${response.text}`);
	return data;
}

/** An IST wall-clock instant, for tests that need market hours or a given day. */
export function ist(year: number, month: number, day: number, hour = 0, minute = 0): number {
	return Date.UTC(year, month - 1, day, hour, minute) - 5.5 * 3_600_000;
}
