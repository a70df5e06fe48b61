// Canary secrets for the whole suite: test worlds register the credential's secrets and the session tokens the
// simulator issued, and everything a run shows (outputs, errors, run data, n8n's logs) is checked after each file.

const secrets = new Set<string>();
const observed: string[] = [];

/** The simulator's demo account with distinctive credentials, so a leak cannot hide behind a common value. */
export const CANARY = {
	apiKey: 'CanaryApiKeyQ7',
	pin: '0473',
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a canary for a fake account, planted to be found
	totpSecret: 'CANARYTOTPSECRETQZ4VW7KZ3MNB2XJ',
} as const;

export function registerSecrets(...values: unknown[]): void {
	for (const value of values) {
		if (typeof value === 'string' && value.length >= 4) secrets.add(value);
	}
}

export function observe(value: unknown): void {
	observed.push(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
}

/**
 * A secret shows up in an observed text. A short numeric PIN only counts when it stands alone (not inside a longer
 * number, an id or a random hex token), as it would in a leaked body such as {"password":"0473"}.
 */
export function containsSecret(text: string, secret: string): boolean {
	if (!/^\d+$/.test(secret)) return text.includes(secret);
	return new RegExp(`(^|[^0-9A-Za-z])${secret}([^0-9A-Za-z]|$)`).test(text);
}

export function findLeaks(): string[] {
	const leaks: string[] = [];
	for (const secret of secrets) {
		const hit = observed.find((text) => containsSecret(text, secret));
		if (hit !== undefined) {
			const at = hit.indexOf(secret);
			leaks.push(`a secret (${secret.length} chars) appeared in: …${hit.slice(Math.max(0, at - 60), at)}[SECRET]…`);
		}
	}
	return leaks;
}

export function observedCount(): number {
	return observed.length;
}
