import { authenticator } from 'otplib';

import { decodeBase32, InvalidTotpSecretError, totp, totpFromKey } from '../../nodes/AngelOne/helpers/totp';
import { createRng } from '../../simulator/rng';

describe('TOTP (RFC 6238 on node:crypto)', () => {
	// RFC 6238 Appendix B: 8 digits, 30 s steps, the three HMAC algorithms with their reference keys.
	const vectors: Array<[number, string, string, string]> = [
		[59, '94287082', '46119246', '90693936'],
		[1111111109, '07081804', '68084774', '25091201'],
		[1111111111, '14050471', '67062674', '99943326'],
		[1234567890, '89005924', '91819424', '93441116'],
		[2000000000, '69279037', '90698825', '38618901'],
		[20000000000, '65353130', '77737706', '47863826'],
	];
	const sha1Key = Buffer.from('12345678901234567890');
	const sha256Key = Buffer.from('12345678901234567890123456789012');
	const sha512Key = Buffer.from('1234567890'.repeat(6) + '1234');

	it.each(vectors)('matches the RFC 6238 reference codes at T=%i', (seconds, sha1, sha256, sha512) => {
		const timeMs = seconds * 1000;
		expect(totpFromKey(sha1Key, { timeMs, digits: 8 })).toBe(sha1);
		expect(totpFromKey(sha256Key, { timeMs, digits: 8, algorithm: 'sha256' })).toBe(sha256);
		expect(totpFromKey(sha512Key, { timeMs, digits: 8, algorithm: 'sha512' })).toBe(sha512);
	});

	it('agrees with otplib over many random secrets and times', () => {
		const rng = createRng(42);
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
		for (let i = 0; i < 500; i++) {
			const length = 16 + Math.floor(rng() * 17);
			let base32Key = "";
			for (let j = 0; j < length; j++) base32Key += alphabet[Math.floor(rng() * 32)];
			const timeMs = Math.floor(rng() * 4_000_000_000) * 1000;
			const oracle = authenticator.clone({ epoch: timeMs });
			expect(totp(base32Key, { timeMs })).toBe(oracle.generate(base32Key));
		}
	});

	it('accepts the secret with spaces, dashes and lower case as people paste it', () => {
		// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a public example key, not a credential
		const base32Key = 'JBSWY3DPEHPK3PXP';
		const timeMs = 1_764_000_000_000;
		const expected = totp(base32Key, { timeMs });
		expect(totp('jbsw y3dp-ehpk 3pxp', { timeMs })).toBe(expected);
		expect(totp(' JBSWY3DPEHPK3PXP== ', { timeMs })).toBe(expected);
	});

	it('decodes base32 exactly', () => {
		expect(decodeBase32('MZXW6YTBOI').toString()).toBe('foobar');
		expect(decodeBase32('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString()).toBe('12345678901234567890');
	});

	it('rejects a secret that is not base32 with a message that names the problem', () => {
		expect(() => totp('123456')).toThrow(InvalidTotpSecretError);
		expect(() => totp('')).toThrow(/empty/);
		expect(() => totp('ABC!DEF')).toThrow(/A-Z and the digits 2-7/);
	});
});
