// The floor for an n8n node that calls SmartAPI with our credential: per item, one GET through n8n's own
// httpRequestWithAuthentication (credential, authenticate headers, its HTTP client) and nothing of ours. The
// benchmark compares the Angel One node with this to tell n8n's per-item cost from the node's own.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

export class AuthenticatedCall implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Authenticated Call',
		name: 'authenticatedCall',
		icon: { light: 'file:../../icons/angelone.svg', dark: 'file:../../icons/angelone.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{"GET " + $parameter["url"]}}',
		description: 'One authenticated GET per item through n8n helpers (benchmarks only)',
		defaults: { name: 'Authenticated Call' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'angelOneSmartApi', required: true }],
		properties: [{ displayName: 'URL', name: 'url', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'angelOneSmartApi', {
				method: 'GET',
				url: this.getNodeParameter('url', i) as string,
				json: true,
			})) as { data?: IDataObject };
			out.push({ json: body.data ?? {}, pairedItem: { item: i } });
		}
		return [out];
	}
}
