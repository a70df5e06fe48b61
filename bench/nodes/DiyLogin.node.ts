// The do-it-yourself pattern users build today, as one bench-only node: in every run, a TOTP code (what n8n's
// TOTP node computes), an HTTP login with it, then the call they actually wanted (getProfile) with the fresh JWT.
// Nothing is cached between runs, which is the point: one login per execution.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import { authenticator } from 'otplib';

/** The headers SmartAPI's docs tell people to paste into their HTTP Request nodes. */
function headers(apiKey: string): Record<string, string> {
	return {
		'Content-Type': 'application/json',
		Accept: 'application/json',
		'X-UserType': 'USER',
		'X-SourceID': 'WEB',
		'X-ClientLocalIP': '127.0.0.1',
		'X-ClientPublicIP': '127.0.0.1',
		'X-MACAddress': '00-00-00-00-00-00',
		'X-PrivateKey': apiKey,
	};
}

export class DiyLogin implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DIY Login Then Call',
		name: 'diyLogin',
		icon: { light: 'file:../../icons/angelone.svg', dark: 'file:../../icons/angelone.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: 'login, then getProfile',
		description: 'TOTP code, HTTP login and getProfile in every run (benchmarks only)',
		defaults: { name: 'DIY Login Then Call' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		properties: [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Client Code', name: 'clientCode', type: 'string', default: '' },
			{ displayName: 'PIN', name: 'pin', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'TOTP Secret', name: 'totpSecret', type: 'string', typeOptions: { password: true }, default: '' },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const baseUrl = this.getNodeParameter('baseUrl', i) as string;
			const apiKey = this.getNodeParameter('apiKey', i) as string;
			const login = (await this.helpers.httpRequest({
				method: 'POST',
				url: `${baseUrl}/rest/auth/angelbroking/user/v1/loginByPassword`,
				headers: headers(apiKey),
				body: {
					clientcode: this.getNodeParameter('clientCode', i) as string,
					password: this.getNodeParameter('pin', i) as string,
					totp: authenticator.generate(this.getNodeParameter('totpSecret', i) as string),
				},
				json: true,
			})) as { status?: boolean; message?: string; data?: { jwtToken?: string } };
			const jwt = login.data?.jwtToken;
			if (login.status !== true || !jwt) {
				throw new NodeOperationError(this.getNode(), `Login failed: ${login.message ?? 'no token'}`, { itemIndex: i });
			}
			const profile = (await this.helpers.httpRequest({
				method: 'GET',
				url: `${baseUrl}/rest/secure/angelbroking/user/v1/getProfile`,
				headers: { ...headers(apiKey), Authorization: `Bearer ${jwt}` },
				json: true,
			})) as { data?: IDataObject };
			out.push({ json: profile.data ?? {}, pairedItem: { item: i } });
		}
		return [out];
	}
}
