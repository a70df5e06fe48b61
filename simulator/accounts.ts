// Simulated Angel One accounts: credentials, profile, opening funds and starting holdings, all derived from
// the seed so a given seed always yields the same demo account (documented in simulator/README.md).

import { createRng, type Rng } from './rng';

export interface SeedHolding {
	exchange: 'NSE' | 'BSE';
	/** instrument-master token on that exchange */
	token: string;
	quantity: number;
	/** rupees */
	averagePrice: number;
}

export interface SimAccount {
	/** The SmartAPI app key sent as X-PrivateKey. */
	apiKey: string;
	clientCode: string;
	/** The 4-digit MPIN sent as `password`. */
	pin: string;
	/** Base32 TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s). */
	totpSecret: string;
	name: string;
	email: string;
	mobile: string;
	/** Opening cash in rupees; deliberately limited so insufficient-funds rejections are reachable. */
	openingCash: number;
	holdings: SeedHolding[];
	/** A client blocked for trading cannot log in (AB1006). */
	blocked?: boolean;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function pick(rng: Rng, alphabet: string, length: number): string {
	let out = '';
	for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
	return out;
}

const FIRST_NAMES = ['ARJUN', 'PRIYA', 'RAHUL', 'ANANYA', 'VIKRAM', 'MEERA', 'KARAN', 'SNEHA'];
const LAST_NAMES = ['SHARMA', 'IYER', 'PATEL', 'REDDY', 'NAIR', 'GUPTA', 'MEHTA', 'RAO'];

/** The demo account of a seed (index 0) or further accounts (index 1, 2, …) for multi-account tests. */
export function demoAccount(seed: number, index = 0): SimAccount {
	const rng = createRng((seed * 7919 + index * 104729) >>> 0);
	const first = FIRST_NAMES[Math.floor(rng() * FIRST_NAMES.length)];
	const last = LAST_NAMES[Math.floor(rng() * LAST_NAMES.length)];
	// Real client codes are a letter or two and digits (e.g. "A123456", "D12345"); PINs are four digits.
	const clientCode = `${pick(rng, 'ABCDEFGHJKLMNPRSTVW', 1)}${String(100000 + Math.floor(rng() * 899999))}`;
	return {
		apiKey: pick(rng, ALNUM, 8),
		clientCode,
		pin: String(Math.floor(rng() * 10000)).padStart(4, '0'),
		totpSecret: pick(rng, BASE32, 32),
		name: `${first} ${last}`,
		email: '',
		mobile: '',
		openingCash: 100_000 + Math.floor(rng() * 10) * 25_000,
		holdings: [
			{ exchange: 'NSE', token: '3045', quantity: 20 + Math.floor(rng() * 30), averagePrice: Math.round((700 + rng() * 80) * 20) / 20 },
			{ exchange: 'NSE', token: '2885', quantity: 5 + Math.floor(rng() * 20), averagePrice: Math.round((1300 + rng() * 150) * 20) / 20 },
			{ exchange: 'NSE', token: '1594', quantity: 10 + Math.floor(rng() * 10), averagePrice: Math.round((1400 + rng() * 200) * 20) / 20 },
		],
	};
}
