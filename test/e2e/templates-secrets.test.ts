// Fast checks of the shipped templates (examples/*.json), no n8n needed: no node that sends data out of n8n
// (Telegram, Sheets, HTTP…) quotes an alert's passphrase or a whole webhook body or item, which would carry it.
import { loadTemplate, templateFiles } from './support/templates';

/** Nodes that keep data inside n8n; every other node may send what it is given to someone else. */
const LOCAL_TYPES = new Set([
	'n8n-nodes-base.webhook',
	'n8n-nodes-base.if',
	'n8n-nodes-base.stickyNote',
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.code',
	'n8n-nodes-angelone.angelOne',
	'n8n-nodes-angelone.angelOneTrigger',
]);

/** A webhook body as a whole (`.body` not followed by one of its fields). */
const WHOLE_BODY = /\.body(?!\s*(?:\.|\?\.|\[))/;
/** An input item as a whole: `$json` or `….item.json` closing an expression or a call. */
const WHOLE_ITEM = /(?:\$json|\.json)\s*(?:\)|\}\}|$)/;

function strings(value: unknown): string[] {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value)) return value.flatMap(strings);
	if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
	return [];
}

describe.each(templateFiles())('template %s', (file) => {
	test('sends no passphrase, webhook body or whole item out of n8n', () => {
		const outbound = loadTemplate(file).nodes.filter((node) => !LOCAL_TYPES.has(node.type));
		for (const node of outbound) {
			for (const text of strings(node.parameters)) {
				const found = { node: node.name, passphrase: /passphrase/i.test(text), wholeBody: WHOLE_BODY.test(text), wholeItem: WHOLE_ITEM.test(text) };
				expect(found).toEqual({ node: node.name, passphrase: false, wholeBody: false, wholeItem: false });
			}
		}
	});
});
