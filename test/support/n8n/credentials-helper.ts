/* The harness's ICredentialsHelper: n8n's CLI CredentialsHelper (packages/cli/src/credentials-helper.ts) reduced to
 * what nodes observe, reading and persisting through the shared CredentialStore and counting what happens. */
import { getAdditionalKeys } from 'n8n-core';
import {
	ICredentials,
	ICredentialsHelper,
	NodeHelpers,
	UserError,
	Workflow,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
	jsonParse,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsEncrypted,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialStore } from './credential-store';
import type { HarnessCredentialTypes } from './type-registry';

/** What one harness (one simulated n8n process) did with credentials; reset with `harness.resetStats()`. */
export interface CredentialStats {
	/** Calls of CredentialsHelper.preAuthentication (n8n-core makes one before every authenticated request). */
	preAuthenticationChecks: number;
	/** Times the credential type's own preAuthentication actually ran, i.e. logins. */
	preAuthentications: number;
	/** Of those, how many n8n forced with credentialsExpired = true (the 401-retry path). */
	forcedPreAuthentications: number;
	/** Rows written back to the store (updateCredentials / updateCredentialsOauthTokenData). */
	credentialUpdates: number;
	/** authenticate() calls, i.e. requests that had credentials applied. */
	authentications: number;
	/** getDecrypted() calls, i.e. `this.getCredentials()` from a node (plus n8n-core's own lookups). */
	decryptions: number;
}

export function emptyStats(): CredentialStats {
	return {
		preAuthenticationChecks: 0,
		preAuthentications: 0,
		forcedPreAuthentications: 0,
		credentialUpdates: 0,
		authentications: 0,
		decryptions: 0,
	};
}

/** Credential data held as the JSON string the store persists (the harness does not encrypt). */
class StoredCredentials extends ICredentials {
	async getData(): Promise<ICredentialDataDecryptedObject> {
		if (this.data === undefined) throw new UserError(`Credential "${this.name}" has no data`);
		return jsonParse<ICredentialDataDecryptedObject>(this.data);
	}

	getDataToSave(): ICredentialsEncrypted {
		return { id: this.id, name: this.name, type: this.type, data: this.data };
	}

	async setData(data: ICredentialDataDecryptedObject): Promise<void> {
		this.data = JSON.stringify(data);
	}

	async updateData(
		toUpdate: Partial<ICredentialDataDecryptedObject>,
		toDelete: string[] = [],
	): Promise<void> {
		const updated: ICredentialDataDecryptedObject = { ...(await this.getData()) };
		for (const [key, value] of Object.entries(toUpdate)) {
			if (value !== undefined) updated[key] = value;
		}
		for (const key of toDelete) delete updated[key];
		await this.setData(updated);
	}
}

/** Mirrors n8n: the allowlist a user sets on the credential also binds the requests its preAuthentication makes. */
function restrictToCredentialDomains(
	helpers: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions: IHttpRequestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	};
}

/** The node n8n uses as `$node` context when it resolves expressions inside credential data. */
const credentialExpressionNode: INode = {
	id: 'credential-expression-context',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

/** n8n resolves credential expressions in a throwaway workflow over mock node types; this is that type. */
const credentialExpressionNodeType: INodeType = {
	description: {
		displayName: 'Credential expression context',
		name: 'mock',
		group: [],
		version: 1,
		description: '',
		defaults: {},
		inputs: [],
		outputs: [],
		properties: [],
	},
};

const credentialExpressionNodeTypes: INodeTypes = {
	getByName: () => credentialExpressionNodeType,
	getByNameAndVersion: () => credentialExpressionNodeType,
	getKnownTypes: () => ({}),
};

export class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly credentialTypes: HarnessCredentialTypes,
		private readonly store: CredentialStore,
		private readonly stats: CredentialStats,
	) {
		super();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		if (!this.credentialTypes.getByName(credentialType).restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		this.stats.authentications++;
		const { authenticate } = this.credentialTypes.getByName(typeName);
		// n8n hands the caller's options object to authenticate and mutates it in place; keep that aliasing.
		const options = requestOptions as IHttpRequestOptions;
		if (authenticate === undefined) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		if (!workflow || !node) {
			throw new UserError('Workflow and node are required for declarative credential authentication');
		}
		if (options.headers === undefined) options.headers = {};
		if (authenticate.type !== 'generic') return options;

		// The generic form writes into headers / qs / body / auth, each keyed by (possibly templated) names.
		const target = options as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, unknown>)) {
				const keyResolved = this.resolveValue(key, credentials, workflow, node);
				const valueResolved = this.resolveValue(value as string, credentials, workflow, node);
				const bucket = target[outerKey] ?? {};
				bucket[keyResolved] = valueResolved;
				target[outerKey] = bucket;
			}
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		this.stats.preAuthenticationChecks++;
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// n8n's credential test runs through a dummy NoOp node with a `temp` parameter; it always re-authenticates.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (
			credentials[expirableProperty.name] !== '' &&
			!credentialsExpired &&
			!isTestingCredentials
		) {
			return undefined;
		}

		this.stats.preAuthentications++;
		if (credentialsExpired) this.stats.forcedPreAuthentications++;
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		// Without the expirable key in the output n8n neither applies nor saves anything.
		if (output[expirableProperty.name] === undefined) return undefined;
		// n8n only persists (and only returns) when the node references a stored credential.
		if (!node.credentials) return undefined;

		const nodeCredentials = node.credentials[credentialType.name];
		const storedData = await (await this.getCredentials(nodeCredentials, credentialType.name)).getData();
		const dataToPersist: ICredentialDataDecryptedObject = { ...storedData };
		for (const [key, value] of Object.entries(output)) {
			// A field the user stored as an expression keeps its expression; only the token is always written.
			if (key === expirableProperty.name || !isExpression(storedData[key])) {
				dataToPersist[key] = value as ICredentialDataDecryptedObject[string];
			}
		}
		await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		this.stats.preAuthentications++;
		const output = await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const row = this.findRow(nodeCredentials, type);
		return new StoredCredentials({ id: row.id, name: row.name }, row.type, JSON.stringify(row.data));
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		this.stats.decryptions++;
		// findRow parses the persisted JSON, so the caller gets its own copy and cannot mutate the store.
		const decryptedDataOriginal = this.findRow(nodeCredentials, type).data;
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const row = this.findRow(nodeCredentials, type);
		this.stats.credentialUpdates++;
		this.store.write(row.id, type, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const row = this.findRow(nodeCredentials, type);
		this.stats.credentialUpdates++;
		this.store.write(row.id, type, { ...row.data, oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialTypes.getByName(type);
		const own = this.credentialTypes.getProperties(type);
		if (credentialType.extends === undefined) return own;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		// The type's own properties win over its parents', as in n8n.
		NodeHelpers.mergeNodeProperties(combined, own);
		return combined;
	}

	private findRow(nodeCredentials: INodeCredentialsDetails, type: string) {
		if (!nodeCredentials.id) {
			throw new UserError(`Credential "${nodeCredentials.name}" of type "${type}" has no ID`);
		}
		const row = this.store.find(nodeCredentials.id, type);
		if (!row) {
			throw new UserError(`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`);
		}
		return row;
	}

	/** n8n's method of this name, minus admin overwrites: fill property defaults, then resolve expressions. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const properties = this.getCredentialsProperties(type);
		const decryptedData = NodeHelpers.getNodeParameters(
			properties,
			decryptedDataOriginal as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		// Stored values that are not declared properties are dropped above; n8n puts these ones back.
		for (const key of ['oauthTokenData', 'allowedHttpRequestDomains', 'allowedDomains']) {
			if (decryptedData[key] === undefined && decryptedDataOriginal[key] !== undefined) {
				decryptedData[key] = decryptedDataOriginal[key];
			}
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			try {
				return expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (error) {
				if (error instanceof Error) error.message += ' [Error resolving credentials]';
				// n8n rethrows the expression error itself (amended), so the harness must not wrap it.
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				throw error;
			}
		}

		const workflow = new Workflow({
			nodes: [{ ...credentialExpressionNode }],
			connections: {},
			active: false,
			nodeTypes: credentialExpressionNodeTypes,
		});
		return workflow.expression.getComplexParameterValue(
			credentialExpressionNode,
			decryptedData as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			decryptedData,
		) as ICredentialDataDecryptedObject;
	}

	/** Resolves `={{$credentials.x}}`-style templates through n8n's own expression engine, as n8n does. */
	private resolveValue(
		parameterValue: string,
		credentials: ICredentialDataDecryptedObject,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			{ $credentials: credentials },
			undefined,
			'',
		);
		if (!returnValue) return '';
		return String(returnValue);
	}
}
