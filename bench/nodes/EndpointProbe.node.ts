// A bench-only node that calls one transport endpoint per item, so the transport (pacing, session, envelopes)
// runs inside n8n-core's engine exactly as the real operations use it. The test suite's TransportProbe does the
// same, but test fixtures are not part of the tools build.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { errorItem, toNodeError } from '../../nodes/AngelOne/actions/shared';
import { defaultRuntime, withRuntime, type Runtime } from '../../nodes/AngelOne/runtime';
import type { EndpointName } from '../../nodes/AngelOne/transport/endpoints';
import { smartApiRequest } from '../../nodes/AngelOne/transport/request';

export class EndpointProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Endpoint Probe',
		name: 'endpointProbe',
		icon: { light: 'file:../../icons/angelone.svg', dark: 'file:../../icons/angelone.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["endpoint"]}}',
		description: 'Calls one SmartAPI endpoint per item (benchmarks only)',
		defaults: { name: 'Endpoint Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'angelOneSmartApi', required: true }],
		properties: [
			{ displayName: 'Endpoint', name: 'endpoint', type: 'string', default: 'getProfile' },
			{ displayName: 'Body', name: 'body', type: 'json', default: '{}' },
		],
	};

	/** The runtime the transport sees, as the Angel One node's (pacing, renewal jitter). */
	constructor(runtime: Runtime = defaultRuntime) {
		this.execute = withRuntime(runtime, this.execute);
	}

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				const endpoint = this.getNodeParameter('endpoint', i) as EndpointName;
				const rawBody = this.getNodeParameter('body', i) as string | IDataObject;
				const body = (typeof rawBody === 'string' ? JSON.parse(rawBody || '{}') : rawBody) as IDataObject;
				const data = await smartApiRequest(this, endpoint, { body });
				out.push({ json: { data: data as IDataObject }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: errorItem(error), pairedItem: { item: i } });
					continue;
				}
				throw toNodeError(this.getNode(), error, i);
			}
		}
		return [out];
	}
}
