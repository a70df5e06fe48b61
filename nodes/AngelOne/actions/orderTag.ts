// Idempotency tags: the same order from the same input item in the same node always gets the same short ordertag,
// so a webhook delivered twice, or a retried execution, finds the first order instead of placing a second one.
import { createHash } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/** "n8n" + 16 hex = 19 characters: Angel One wants fewer than 20 (AB4008). 64 bits make accidental collisions negligible. */
const PREFIX = 'n8n';
const HEX_LENGTH = 16;

/** JSON with object keys sorted, so the same data always hashes the same whatever order its keys were built in. */
export function stableJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	const entries = Object.keys(value as Record<string, unknown>)
		.filter((key) => (value as Record<string, unknown>)[key] !== undefined)
		.sort()
		.map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
	return `{${entries.join(',')}}`;
}

/**
 * The part of an input item that identifies a signal. A Webhook node's item also carries the HTTP headers and the
 * execution mode, which differ between two deliveries of the same alert (trace and request IDs, proxies, test vs
 * production URL), so only its body, query and path parameters count.
 */
export function signalOf(item: IDataObject): unknown {
	const looksLikeWebhook = typeof item.headers === 'object' && item.headers !== null && 'body' in item;
	if (!looksLikeWebhook) return item;
	return { body: item.body, query: item.query, params: item.params };
}

export interface TagSource {
	workflowId: string;
	nodeName: string;
	/** The order as it would be sent, without its tag. */
	order: IDataObject;
	item: IDataObject;
}

export function deriveTag(source: TagSource): string {
	const text = stableJson({
		workflow: source.workflowId,
		node: source.nodeName,
		order: source.order,
		signal: signalOf(source.item),
	});
	return PREFIX + createHash('sha256').update(text).digest('hex').slice(0, HEX_LENGTH);
}
