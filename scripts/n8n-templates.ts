/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev tool, never shipped: reads examples/ */
// The shipped workflow templates (examples/*.json) and the small rewrites the demo and the e2e tests apply before
// importing one: an id, credentials (by credential type), and per-node parameter changes.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from './n8n-install';
import type { WorkflowJson } from './n8n-instance';

export type TemplateNode = Record<string, unknown> & {
	id: string;
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
};

export interface TemplateJson {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function examplesDir(root = repoRoot()): string {
	return path.join(root, 'examples');
}

export function templateFiles(root = repoRoot()): string[] {
	return fs
		.readdirSync(examplesDir(root))
		.filter((f) => f.endsWith('.json'))
		.sort();
}

export function loadTemplate(file: string, root = repoRoot()): TemplateJson {
	return JSON.parse(fs.readFileSync(path.join(examplesDir(root), file), 'utf8')) as TemplateJson;
}

/** True in IST when NSE is closed (weekend, or outside 09:15–15:30): the rule of the node's own market-hours check. */
export const NSE_CLOSED_NOW =
	"={{ (() => { const t = $now.setZone('Asia/Kolkata'); const m = t.hour * 60 + t.minute; return t.weekday > 5 || m < 555 || m >= 930; })() }}";

export interface Rewrite {
	id: string;
	/** Credential to use per credential type, e.g. { angelOneSmartApi: { id, name } }. */
	credentials?: Record<string, { id: string; name: string }>;
	/** Parameter changes by node name; object values are merged one level deep. */
	parameters?: Record<string, Record<string, unknown>>;
	/** Replaces whole nodes (same name, id, position and connections). */
	replaceNode?: (node: TemplateNode) => TemplateNode | undefined;
}

export function rewriteTemplate(template: TemplateJson, rewrite: Rewrite): WorkflowJson {
	const nodes = template.nodes.map((original) => {
		let node: TemplateNode = { ...original, parameters: { ...original.parameters } };
		if (node.credentials && rewrite.credentials) {
			const credentials = { ...node.credentials };
			for (const type of Object.keys(credentials)) {
				if (rewrite.credentials[type]) credentials[type] = rewrite.credentials[type];
			}
			node.credentials = credentials;
		}
		node = rewrite.replaceNode?.(node) ?? node;
		const changes = rewrite.parameters?.[node.name];
		if (changes) {
			for (const [key, value] of Object.entries(changes)) {
				const current = node.parameters[key];
				node.parameters[key] =
					value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object'
						? { ...(current as Record<string, unknown>), ...(value as Record<string, unknown>) }
						: value;
			}
		}
		return node;
	});
	return { ...template, id: rewrite.id, nodes, active: false };
}
