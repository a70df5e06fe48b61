/* The "Test" button of n8n's credential dialog, as the CLI's CredentialsTester runs a credential type's `test`
 * request: a temporary routing node over n8n-core's RoutingNode + ExecuteContext, with the same result mapping. */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { UserError, Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { NO_OP_TYPE } from './builtin-nodes';
import type { CredentialStore } from './credential-store';
import type { HarnessCredentialsHelper } from './credentials-helper';
import type { HarnessCredentialTypes, HarnessNodeTypes } from './type-registry';

export interface CredentialTestEnvironment {
	store: CredentialStore;
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	credentialsHelper: HarnessCredentialsHelper;
	additionalData: () => IWorkflowExecuteAdditionalData;
}

interface HttpFailure {
	status: number;
	statusText?: string;
}

/** n8n reads the HTTP status of a failed test from the wrapped axios error (`error.cause.response`). */
function httpFailureOf(error: unknown): HttpFailure | undefined {
	if (typeof error !== 'object' || error === null || !('cause' in error)) return undefined;
	const { cause } = error as { cause?: { response?: { status?: unknown; statusText?: unknown } } };
	const status = cause?.response?.status;
	if (typeof status !== 'number') return undefined;
	const statusText = cause?.response?.statusText;
	return { status, statusText: typeof statusText === 'string' ? statusText : undefined };
}

function errorCodeOf(error: unknown): string | undefined {
	if (typeof error !== 'object' || error === null || !('cause' in error)) return undefined;
	const code = (error as { cause?: { code?: unknown } }).cause?.code;
	return typeof code === 'string' ? code : undefined;
}

function valueAtPath(data: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => {
		if (typeof value !== 'object' || value === null) return undefined;
		return (value as Record<string, unknown>)[key];
	}, data);
}

export async function testStoredCredential(
	env: CredentialTestEnvironment,
	credentialId: string,
): Promise<INodeCredentialTestResult> {
	const row = env.store.get(credentialId);
	const credentialType = env.credentialTypes.getByName(row.type);
	// Node-side `testedBy` functions are not wired up; our credentials declare `test` requests.
	if (!credentialType.test) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const testRequest = credentialType.test;
	const additionalData = env.additionalData();

	let credentialsDecrypted: ICredentialsDecrypted;
	try {
		credentialsDecrypted = {
			id: row.id,
			name: row.name,
			type: row.type,
			data: await env.credentialsHelper.applyDefaultsAndOverwrites(additionalData, row.data, row.type, 'internal'),
		};
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}

	// n8n borrows the No Operation node's description and gives it one `temp` property routed to the test request.
	const noOp = env.nodeTypes.getByNameAndVersion(NO_OP_TYPE);
	const { version } = noOp.description;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: noOp.description.name,
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		parameters: {},
		credentials: { [row.type]: { id: row.id, name: row.name } },
	};
	const testNodeType: INodeType = {
		description: {
			...noOp.description,
			credentials: [{ name: row.type, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: testRequest.request },
					default: '',
				},
			],
		},
	};
	const testNodeTypes: INodeTypes = {
		getByName: () => testNodeType,
		getByNameAndVersion: () => testNodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: testNodeTypes });
	const workflowNode = workflow.getNode(node.name);
	if (!workflowNode) throw new UserError('Credential test node vanished from its workflow');

	const context = new ExecuteContext(
		workflow,
		workflowNode,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node: workflowNode, data: {}, source: null },
		[],
	);

	let response: INodeExecutionData[][] | undefined;
	try {
		response = await new RoutingNode(context, testNodeType, credentialsDecrypted).runNode();
	} catch (error) {
		const failure = httpFailureOf(error);
		if (failure) {
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === failure.status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (failure.status < 199 || failure.status > 299) {
				return {
					status: 'Error',
					message: failure.statusText || `Received HTTP status code: ${failure.status}`,
				};
			}
		} else {
			const code = errorCodeOf(error);
			if (code) return { status: 'Error', message: code };
		}
		return { status: 'Error', message: (error as Error).message };
	}

	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const body = response?.[0]?.[0]?.json ?? {};
		if (valueAtPath(body, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
