// The shipped workflow templates (examples/*.json), made runnable in a test: credentials point at the test's
// simulator and fake Telegram, and Google Sheets nodes become HTTP Request nodes posting each row to the sink
// (same name, position and connections, so the rest of the template runs unchanged).
import type { WorkflowJson } from '../../../scripts/n8n-instance';
import { loadTemplate, rewriteTemplate, type TemplateNode } from '../../../scripts/n8n-templates';
import { ANGEL_CREDENTIAL, TELEGRAM_CREDENTIAL } from './world';

export { loadTemplate, NSE_CLOSED_NOW, templateFiles, type TemplateJson, type TemplateNode } from '../../../scripts/n8n-templates';

/** A Google Sheets node as an HTTP Request node that posts each row to <sink>/sheets/<sheet name>. */
export function sheetsToSink(sinkUrl: string): (node: TemplateNode) => TemplateNode | undefined {
	return (node) => {
		if (node.type !== 'n8n-nodes-base.googleSheets') return undefined;
		const sheet = ((node.parameters.sheetName as { value?: string } | undefined)?.value ?? 'sheet').replace(/[^\w-]+/g, '_');
		return {
			id: node.id,
			name: node.name,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: node.position,
			parameters: {
				method: 'POST',
				url: `${sinkUrl}/sheets/${sheet}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
		};
	};
}

export interface TestTemplateOptions {
	id: string;
	sinkUrl: string;
	/** Changes to some nodes' parameters (merged one level deep), by node name. */
	parameters?: Record<string, Record<string, unknown>>;
}

export function templateForTest(file: string, options: TestTemplateOptions): WorkflowJson {
	return rewriteTemplate(loadTemplate(file), {
		id: options.id,
		credentials: { angelOneSmartApi: ANGEL_CREDENTIAL, telegramApi: TELEGRAM_CREDENTIAL },
		parameters: options.parameters,
		replaceNode: sheetsToSink(options.sinkUrl),
	});
}
