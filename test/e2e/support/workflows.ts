// Small builders for the workflows the e2e tests import into the real n8n (node types as a person's exported
// workflow names them: n8n-nodes-base.* for n8n's own nodes, n8n-nodes-angelone.* for ours).
import type { WorkflowJson } from '../../../scripts/n8n-instance';
import { ANGEL_CREDENTIAL } from './world';

export const ANGEL_ONE = 'n8n-nodes-angelone.angelOne';
export const ANGEL_ONE_TRIGGER = 'n8n-nodes-angelone.angelOneTrigger';

type Node = Record<string, unknown> & { name: string };

export function angelNode(name: string, parameters: Record<string, unknown>, position: [number, number] = [440, 300]): Node {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-node`,
		name,
		type: ANGEL_ONE,
		typeVersion: 1,
		position,
		parameters,
		credentials: { angelOneSmartApi: ANGEL_CREDENTIAL },
	};
}

export function manualTrigger(name = 'When clicking ‘Execute workflow’'): Node {
	return { id: 'manual-trigger', name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [200, 300], parameters: {} };
}

/** An HTTP Request node that POSTs the item's JSON (or `jsonBody` expression) to `url`. */
export function postTo(name: string, url: string, position: [number, number] = [680, 300], jsonBody = '={{ JSON.stringify($json) }}'): Node {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-node`,
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position,
		parameters: {
			method: 'POST',
			url,
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: {},
		},
	};
}

/** Nodes in a chain: each one's main output feeds the next. */
export function chain(id: string, name: string, nodes: Node[], extra: Partial<WorkflowJson> = {}): WorkflowJson {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, ...extra };
}

/** n8n's Schedule Trigger firing every `seconds` seconds. */
export function scheduleTrigger(seconds: number, name = 'Every few seconds'): Node {
	return {
		id: 'schedule-trigger',
		name,
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [200, 300],
		parameters: { rule: { interval: [{ field: 'seconds', secondsInterval: seconds }] } },
	};
}

/** n8n's Webhook trigger (POST /webhook/<path>), answering with the last node's output. */
export function webhookTrigger(webhookPath: string, name = 'Webhook'): Node {
	return {
		id: `webhook-${webhookPath}`,
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [200, 300],
		webhookId: `e2e-${webhookPath}`,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
	};
}
