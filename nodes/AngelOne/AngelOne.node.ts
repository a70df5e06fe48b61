// The "Angel One" action node: its description is assembled from actions/, execute() is the router.
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties } from './actions/description';
import { router } from './actions/router';
import { searchInstruments } from './methods/instruments';
import { defaultRuntime, withRuntime, type Runtime } from './runtime';

export class AngelOne implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Angel One',
		name: 'angelOne',
		icon: { light: 'file:../../icons/angelone.svg', dark: 'file:../../icons/angelone.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Trade on Angel One SmartAPI: orders, portfolio, GTT, market data, instruments and account. Order-changing operations are blocked when the credential is read-only, and orders can be dry-run.',
		defaults: { name: 'Angel One' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'angelOneSmartApi', required: true }],
		properties: nodeProperties(),
	};

	methods = {
		listSearch: { searchInstruments },
	};

	/** n8n constructs the node with no runtime (the real one); tests and benchmarks pass theirs. */
	constructor(runtime: Runtime = defaultRuntime) {
		this.methods.listSearch.searchInstruments = withRuntime(runtime, searchInstruments);
		this.execute = withRuntime(runtime, this.execute);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
