// Fast checks of the shipped templates (examples/*.json), no n8n needed: well-formed workflows, our node's
// parameters exist for the chosen resource and operation (so a renamed field breaks here, not in a user's
// editor), no credential ids or secrets, and every template is run by an end-to-end test.
import type { INodeProperties } from 'n8n-workflow';

import { AngelOne } from '../../nodes/AngelOne/AngelOne.node';
import { AngelOneTrigger } from '../../nodes/AngelOne/AngelOneTrigger.node';
import { loadTemplate, templateFiles } from './support/templates';

/** Which e2e test file runs each template. A new template needs an entry (and that test). */
const EXERCISED_BY: Record<string, string> = {
	'tradingview-alert-to-order.json': 'test/e2e/templates.test.ts',
	'evening-holdings-pnl-to-google-sheets.json': 'test/e2e/templates.test.ts',
	'price-cross-to-telegram.json': 'test/e2e/templates.test.ts',
	'order-rejected-to-telegram.json': 'test/e2e/templates.test.ts',
	'candle-close-strategy.json': 'test/e2e/templates.test.ts',
};

const DESCRIPTIONS = {
	'n8n-nodes-angelone.angelOne': new AngelOne().description,
	'n8n-nodes-angelone.angelOneTrigger': new AngelOneTrigger().description,
};

function visible(property: INodeProperties, parameters: Record<string, unknown>, description = DESCRIPTIONS['n8n-nodes-angelone.angelOne']): boolean {
	const show = property.displayOptions?.show ?? {};
	return Object.entries(show).every(([name, allowed]) => {
		if (!Array.isArray(allowed)) return true;
		const value = parameters[name] ?? description.properties.find((p) => p.name === name)?.default;
		// A field shown by another field's value, which an expression sets: allowed.
		if (typeof value === 'string' && value.startsWith('=')) return true;
		return (allowed as unknown[]).includes(value);
	});
}

describe.each(templateFiles())('template %s', (file) => {
	const workflow = loadTemplate(file);
	const names = workflow.nodes.map((n) => n.name);

	test('is a well-formed n8n workflow', () => {
		expect(typeof workflow.name).toBe('string');
		expect(new Set(names).size).toBe(names.length);
		expect(new Set(workflow.nodes.map((n) => n.id)).size).toBe(names.length);
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(names).toContain(from);
			for (const output of (outputs as { main: Array<Array<{ node: string }>> }).main) {
				for (const link of output) expect(names).toContain(link.node);
			}
		}
		for (const node of workflow.nodes) expect(node.type).toMatch(/^n8n-nodes-(base|angelone)\./);
		expect(workflow.settings).toMatchObject({ executionOrder: 'v1' });
	});

	test('uses only Angel One fields that exist for its resource and operation (or event)', () => {
		for (const node of workflow.nodes.filter((n) => n.type in DESCRIPTIONS)) {
			const description = DESCRIPTIONS[node.type as keyof typeof DESCRIPTIONS];
			const parameters = node.parameters;
			if (node.type === 'n8n-nodes-angelone.angelOne') {
				const resources = description.properties.find((p) => p.name === 'resource')!.options!.map((o) => (o as { value: string }).value);
				expect(resources).toContain(parameters.resource);
				const operationProperty = description.properties.find((p) => p.name === 'operation' && visible(p, parameters, description))!;
				expect((operationProperty.options as Array<{ value: string }>).map((o) => o.value)).toContain(parameters.operation);
			}
			for (const [name, value] of Object.entries(parameters)) {
				const property = description.properties.find((p) => p.name === name && visible(p, parameters, description));
				expect({ node: node.name, field: name, known: property !== undefined }).toEqual({ node: node.name, field: name, known: true });
				const isExpression = typeof value === 'string' && value.startsWith('=');
				if (property?.type === 'options' && !isExpression) {
					expect((property.options as Array<{ value: unknown }>).map((o) => o.value)).toContain(value);
				}
				if (property?.type === 'multiOptions' && Array.isArray(value)) {
					const allowed = (property.options as Array<{ value: unknown }>).map((o) => o.value);
					for (const v of value) expect(allowed).toContain(v);
				}
				if (property?.type === 'collection' && value && typeof value === 'object') {
					const allowed = (property.options as INodeProperties[]).map((o) => o.name);
					for (const key of Object.keys(value)) expect(allowed).toContain(key);
				}
				if (property?.type === 'fixedCollection' && value && typeof value === 'object') {
					const groups = (property.options as Array<{ name: string; values: INodeProperties[] }>);
					for (const [group, entries] of Object.entries(value as Record<string, Array<Record<string, unknown>>>)) {
						const known = groups.find((g) => g.name === group);
						expect({ field: name, group, known: known !== undefined }).toEqual({ field: name, group, known: true });
						for (const entry of entries) for (const key of Object.keys(entry)) expect(known!.values.map((v) => v.name)).toContain(key);
					}
				}
			}
		}
	});

	test('carries no credential ids or secrets', () => {
		for (const node of workflow.nodes) {
			for (const credential of Object.values((node.credentials ?? {}) as Record<string, { id: string; name: string }>)) {
				expect(credential.id).toBe('');
				expect(credential.name).not.toBe('');
			}
		}
		expect(JSON.stringify(workflow)).not.toMatch(/eyJ[\w-]{10,}|Bearer\s+\w{10,}/);
	});

	test('has no sticky note covering a node', () => {
		// n8n draws a node as a 100 × 100 box from its position; a sticky note is width × height from its own
		// (default 240 × 160). A note over a node hides it and catches the clicks meant for it.
		const box = (x: number, y: number, width: number, height: number) => ({ left: x, top: y, right: x + width, bottom: y + height });
		const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
		const position = (node: Record<string, unknown>) => node.position as [number, number];
		const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
		const covered: string[] = [];
		for (const note of notes) {
			const [x, y] = position(note);
			const { width = 240, height = 160 } = note.parameters as { width?: number; height?: number };
			for (const node of workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')) {
				const [nx, ny] = position(node);
				if (overlap(box(x, y, width, height), box(nx, ny, 100, 100))) covered.push(`"${note.name}" covers "${node.name}"`);
			}
		}
		expect(covered).toEqual([]);
	});

	test('is run by an end-to-end test', () => {
		expect(EXERCISED_BY[file]).toBeDefined();
	});
});
