// Reads every shape of SmartAPI answer into one result: the two JSON envelopes ({status,errorcode} and
// {success,errorCode}), string booleans, and the non-JSON bodies (403 rate-limit text, WAF HTML, gateway pages).
import { trimmed } from '../helpers/values';

export type Envelope =
	| { ok: true; data: unknown; message: string }
	| { ok: false; code: string; message: string; data: unknown };

const RATE_LIMIT_TEXT = /exceeding access rate|rate limit|too many requests/i;

function truthy(value: unknown): boolean {
	return value === true || value === 'true' || value === 1 || value === '1';
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "null" as written in docs samples means no data. */
function normalizeData(data: unknown): unknown {
	return data === 'null' ? null : data;
}

/** The WAF page carries a numeric support ID that Angel One support asks for. */
function supportId(html: string): string | undefined {
	const match = /support ID (?:is)?:?\s*(?:<[^>]*>\s*)*([0-9]{6,})/i.exec(html) ?? /ID[^0-9]{0,20}([0-9]{10,})/.exec(html);
	return match?.[1];
}

export function readEnvelope(statusCode: number, body: unknown): Envelope {
	let value: unknown = body;
	if (typeof body === 'string' || body instanceof Uint8Array) {
		const text = typeof body === 'string' ? body : new TextDecoder().decode(body);
		const parsed = parseJson(text);
		if (parsed === undefined) return readText(statusCode, text);
		value = parsed;
	}
	if (!isRecord(value) || !(value.errorcode || value.errorCode)) {
		if (statusCode === 403 || statusCode === 429) {
			return { ok: false, code: 'RATE_LIMIT', message: 'Access denied because of exceeding access rate', data: null };
		}
	}
	if (!isRecord(value)) {
		if (statusCode >= 200 && statusCode < 300 && value === undefined) {
			return { ok: false, code: 'GATEWAY', message: `Empty response (HTTP ${statusCode})`, data: null };
		}
		return { ok: false, code: 'GATEWAY', message: `Unexpected response (HTTP ${statusCode})`, data: null };
	}
	const code = trimmed(value.errorcode ?? value.errorCode);
	const message = typeof value.message === 'string' ? value.message : '';
	const flag = 'status' in value ? value.status : value.success;
	if (truthy(flag) && statusCode < 400) {
		return { ok: true, data: normalizeData(value.data), message };
	}
	if (code) return { ok: false, code, message, data: normalizeData(value.data) };
	if (statusCode >= 400) return { ok: false, code: 'GATEWAY', message: message || `HTTP ${statusCode}`, data: null };
	return { ok: false, code: 'UNKNOWN', message: message || 'Angel One reported a failure without an error code', data: null };
}

function readText(statusCode: number, text: string): Envelope {
	if (statusCode === 403 || statusCode === 429 || RATE_LIMIT_TEXT.test(text)) {
		return { ok: false, code: 'RATE_LIMIT', message: text.trim().slice(0, 200), data: null };
	}
	if (/request rejected/i.test(text) || /<html/i.test(text)) {
		if (/request rejected/i.test(text)) {
			const id = supportId(text);
			return { ok: false, code: 'WAF', message: id ? `Request Rejected (support ID ${id})` : 'Request Rejected', data: null };
		}
		return { ok: false, code: 'GATEWAY', message: `HTML page instead of JSON (HTTP ${statusCode})`, data: null };
	}
	return {
		ok: false,
		code: 'GATEWAY',
		message: `Non-JSON response (HTTP ${statusCode})${text.trim() ? `: ${text.trim().slice(0, 120)}` : ''}`,
		data: null,
	};
}

/** SmartAPI sends numbers as strings in many places; one reader for all of them. */
export { toNumber } from '../helpers/values';
