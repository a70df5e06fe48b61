// What clients sent: counts per endpoint name and the last N requests with secrets removed, so tests can
// assert both "this was sent" and "nothing was sent".

export interface RecordedRequest {
	/** simulator clock, epoch ms */
	at: number;
	method: string;
	path: string;
	/** endpoint name, or '' for unknown paths */
	endpoint: string;
	/** Parsed JSON body with secrets replaced, or the raw text when it was not JSON. */
	body: unknown;
	/** Lower-case header names; Authorization is dropped. */
	headers: Record<string, string>;
	sourceIp: string;
}

/** Body fields that carry secrets (MPIN, refresh token); their values are never stored. */
const SECRET_FIELDS = new Set(['password', 'refreshtoken', 'pin', 'mpin']);
const SECRET_HEADERS = new Set(['authorization', 'x-feed-token']);

function redact(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(redact);
	if (value !== null && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k.toLowerCase()) ? '[redacted]' : redact(v)]),
		);
	}
	return value;
}

export class RequestLog {
	private readonly counts = new Map<string, number>();
	private readonly entries: RecordedRequest[] = [];

	constructor(private readonly capacity: number) {}

	count(endpoint: string): void {
		this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
	}

	record(entry: Omit<RecordedRequest, 'headers' | 'body'> & { headers: Record<string, string | string[] | undefined>; body: unknown }): void {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(entry.headers)) {
			if (value === undefined || SECRET_HEADERS.has(name.toLowerCase())) continue;
			headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
		}
		this.entries.push({ ...entry, headers, body: redact(entry.body) });
		if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
	}

	requestCounts(): Record<string, number> {
		return Object.fromEntries(this.counts);
	}

	/** Most recent last. */
	recent(limit = this.capacity): RecordedRequest[] {
		return this.entries.slice(-limit);
	}

	reset(): void {
		this.counts.clear();
		this.entries.length = 0;
	}
}
