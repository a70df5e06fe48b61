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
