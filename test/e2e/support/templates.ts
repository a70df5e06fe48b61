/* eslint-disable @n8n/community-nodes/no-restricted-imports -- end-to-end test support, never shipped */
// The shipped workflow templates (examples/*.json), made runnable in a test: credentials point at the test's
// simulator and fake Telegram, and Google Sheets nodes become HTTP Request nodes posting each row to the sink
// (same name, position and connections, so the rest of the template runs unchanged).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { repoRoot } from '../../../scripts/n8n-install';
import type { WorkflowJson } from '../../../scripts/n8n-instance';
import { ANGEL_CREDENTIAL, TELEGRAM_CREDENTIAL } from './world';

export const EXAMPLES_DIR = path.join(repoRoot(), 'examples');

export type TemplateNode = Record<string, unknown> & { id: string; name: string; type: string; parameters: Record<string, unknown> };
export interface TemplateJson {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function templateFiles(): string[] {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort();
}

export function loadTemplate(file: string): TemplateJson {
	return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as TemplateJson;
}

/** IST market closed now (weekend, or outside 09:15–15:30), the same rule as the node's own check. */
export const NSE_CLOSED_NOW =
	"={{ (() => { const t = $now.setZone('Asia/Kolkata'); const m = t.hour * 60 + t.minute; return t.weekday > 5 || m < 555 || m >= 930; })() }}";

export interface TestTemplateOptions {
	id: string;
	sinkUrl: string;
	/** Changes to some nodes' parameters (merged one level deep), by node name. */
	parameters?: Record<string, Record<string, unknown>>;
}

export function templateForTest(file: string, options: TestTemplateOptions): WorkflowJson {
	const template = loadTemplate(file);
	const nodes = template.nodes.map((original) => {
		let node: TemplateNode = { ...original, parameters: { ...original.parameters } };
		const credentials = node.credentials as Record<string, unknown> | undefined;
		if (credentials?.angelOneSmartApi) node.credentials = { ...credentials, angelOneSmartApi: ANGEL_CREDENTIAL };
		if (credentials?.telegramApi) node.credentials = { ...credentials, telegramApi: TELEGRAM_CREDENTIAL };
		if (node.type === 'n8n-nodes-base.googleSheets') {
			const sheet = ((node.parameters.sheetName as { value?: string } | undefined)?.value ?? 'sheet').replace(/[^\w-]+/g, '_');
			node = {
				id: node.id,
				name: node.name,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: node.position,
				parameters: {
					method: 'POST',
					url: `${options.sinkUrl}/sheets/${sheet}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify($json) }}',
					options: {},
				},
			};
		}
		const changes = options.parameters?.[node.name];
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
	return { ...template, id: options.id, nodes, active: false };
}
