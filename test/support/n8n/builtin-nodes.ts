/* Stand-ins for the few n8n-nodes-base nodes a test workflow needs (that package is not installed) plus the
 * harness's fixture-input node, which feeds a chosen list of items into the node under test. */
import { NodeConnectionTypes, NodeOperationError, jsonParse } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';

export const MANUAL_TRIGGER_TYPE = 'n8n-nodes-base.manualTrigger';
export const NO_OP_TYPE = 'n8n-nodes-base.noOp';
export const FIXTURE_INPUT_TYPE = 'n8n-nodes-harness.fixtureInput';
export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';

/** Behaves like n8n's Manual Trigger: in a manual run it emits one empty item once the engine asks for it. */
export class ManualTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		icon: 'fa:mouse-pointer',
		group: ['trigger', 'input'],
		version: 1,
		subtitle: 'Manual start',
		description: 'Runs the flow on clicking a button in n8n',
		maxNodes: 1,
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const manualTriggerFunction = async () => {
			this.emit([this.helpers.returnJsonArray([{}])]);
		};
		return { manualTriggerFunction };
	}
}

/** Behaves like n8n's No Operation node: passes its input through untouched. */
export class NoOp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		icon: 'fa:arrow-right',
		group: ['organization'],
		version: 1,
		subtitle: 'Pass through',
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * Outputs the JSON array in its `items` parameter, one item per element, each paired to the single item that
 * triggered it (what n8n records for a node that fans one input out into many).
 */
export class FixtureInput implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fixture Input',
		name: 'fixtureInput',
		icon: 'fa:list',
		group: ['input'],
		version: 1,
		subtitle: 'Test items',
		description: 'Outputs the items a test gives it',
		defaults: { name: 'Fixture Input' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{
				displayName: 'Items (JSON Array)',
				name: 'items',
				type: 'json',
				default: '[]',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const parsed: unknown = typeof raw === 'string' ? jsonParse(raw) : raw;
		if (!Array.isArray(parsed)) {
			throw new NodeOperationError(this.getNode(), 'Fixture Input expects a JSON array of objects');
		}
		return [
			parsed.map((json: unknown) => {
				if (typeof json !== 'object' || json === null || Array.isArray(json)) {
					throw new NodeOperationError(this.getNode(), 'Every fixture item must be a JSON object');
				}
				return { json: json as IDataObject, pairedItem: { item: 0 } };
			}),
		];
	}
}

/**
 * Behaves like n8n's HTTP Request node (V3/V4) with Authentication "Predefined Credential Type": n8n-core gives
 * this type name full access to every credential type (FULL_ACCESS_NODE_TYPES), and the node sends through the
 * legacy `requestWithAuthentication` helper (`uri`, not `url`), as n8n-nodes-base does.
 */
export class HttpRequest implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HTTP Request',
		name: 'httpRequest',
		icon: 'fa:at',
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["method"] + ": " + $parameter["url"]}}',
		description: 'Makes an HTTP request and returns the response data',
		defaults: { name: 'HTTP Request' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{ displayName: 'Method', name: 'method', type: 'options', options: [{ name: 'GET', value: 'GET' }, { name: 'POST', value: 'POST' }], default: 'GET' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Authentication', name: 'authentication', type: 'options', options: [{ name: 'Predefined Credential Type', value: 'predefinedCredentialType' }], default: 'predefinedCredentialType' },
			{ displayName: 'Credential Type', name: 'nodeCredentialType', type: 'string', default: '' },
			{ displayName: 'JSON Body', name: 'jsonBody', type: 'json', default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < this.getInputData().length; itemIndex++) {
			const credentialType = this.getNodeParameter('nodeCredentialType', itemIndex) as string;
			const method = this.getNodeParameter('method', itemIndex) as 'GET' | 'POST';
			const rawBody = this.getNodeParameter('jsonBody', itemIndex, '') as unknown;
			const body = typeof rawBody === 'string' ? (rawBody ? jsonParse<IDataObject>(rawBody) : undefined) : (rawBody as IDataObject);
			// n8n-nodes-base's HTTP Request still uses this helper; mirroring it is the point here.
			// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
			const response = (await this.helpers.requestWithAuthentication.call(
				this,
				credentialType,
				{ method, uri: this.getNodeParameter('url', itemIndex) as string, body, json: true },
				undefined,
				itemIndex,
			)) as IDataObject;
			out.push({ json: response, pairedItem: { item: itemIndex } });
		}
		return [out];
	}
}
