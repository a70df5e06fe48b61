// RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30 s steps) on node:crypto.
// Owns base32 decoding of the secret Angel One shows when TOTP is enabled.
import { createHmac } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export class InvalidTotpSecretError extends Error {
	constructor(reason: string) {
		super(`The TOTP secret is not a valid base32 key: ${reason}`);
		this.name = 'InvalidTotpSecretError';
	}
}

/** Accepts the key as people paste it: spaces, dashes, lower case and '=' padding are ignored. */
export function normalizeBase32Secret(secret: string): string {
	return secret.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
}

export function decodeBase32(secret: string): Buffer {
	const clean = normalizeBase32Secret(secret);
	if (clean.length === 0) throw new InvalidTotpSecretError('it is empty');
	const out = Buffer.alloc(Math.floor((clean.length * 5) / 8));
	let bits = 0;
	let value = 0;
	let index = 0;
	for (const char of clean) {
		const digit = BASE32_ALPHABET.indexOf(char);
		if (digit === -1) {
			throw new InvalidTotpSecretError('only the letters A-Z and the digits 2-7 may appear');
		}
		value = (value << 5) | digit;
		bits += 5;
		if (bits >= 8) {
			out[index++] = (value >>> (bits - 8)) & 0xff;
			bits -= 8;
		}
	}
	return out;
}

/** RFC 4226 HOTP for a raw key and counter. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
	const message = Buffer.alloc(8);
	message.writeUInt32BE(Math.floor(counter / 0x100000000), 0);
	message.writeUInt32BE(counter >>> 0, 4);
	const digest = createHmac(algorithm, key).update(message).digest();
	const offset = digest[digest.length - 1] & 0x0f;
	const binary =
		((digest[offset] & 0x7f) << 24) |
		(digest[offset + 1] << 16) |
		(digest[offset + 2] << 8) |
		digest[offset + 3];
	return String(binary % 10 ** digits).padStart(digits, '0');
}

export interface TotpOptions {
	/** Unix time in milliseconds; defaults to now. */
	timeMs?: number;
	stepSeconds?: number;
	digits?: number;
	algorithm?: 'sha1' | 'sha256' | 'sha512';
}

/** The TOTP code for a base32 secret at a given time. */
export function totp(secret: string, options: TotpOptions = {}): string {
	return totpFromKey(decodeBase32(secret), options);
}

export function totpFromKey(key: Buffer, options: TotpOptions = {}): string {
	const timeMs = options.timeMs ?? Date.now();
	const step = options.stepSeconds ?? 30;
	const counter = Math.floor(timeMs / 1000 / step);
	return hotp(key, counter, options.digits ?? 6, options.algorithm ?? 'sha1');
}
