/* Runs our nodes inside n8n-core's real execution engine (WorkflowExecute, ExecuteContext, TriggerContext, request
 * helpers) with a CLI-faithful CredentialsHelper over a shared credential store. Public entry point of test/support/n8n. */
import { ExecutionLifecycleHooks, ExternalSecretsProxy, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import { UserError, Workflow, deepCopy } from 'n8n-workflow';
import type {
	ExecutionError,
	ExecutionStatus,
	ICredentialType,
	IConnections,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import {
	FIXTURE_INPUT_TYPE,
	FixtureInput,
	HttpRequest,
	MANUAL_TRIGGER_TYPE,
	ManualTrigger,
	NoOp,
} from './builtin-nodes';
import { createCredentialStore } from './credential-store';
import { testStoredCredential } from './credential-test';
import type { CredentialStore } from './credential-store';
import { HarnessCredentialsHelper, emptyStats } from './credentials-helper';
import type { CredentialStats } from './credentials-helper';
import { ensureN8nRuntime } from './n8n-runtime';
import { activateTriggerNode } from './trigger';
import type { ActivateTriggerOptions, ActiveTrigger } from './trigger';
import { HarnessCredentialTypes, HarnessNodeTypes } from './type-registry';

export { createCredentialStore, CredentialStore } from './credential-store';
export type { StoredCredential, CredentialWrite } from './credential-store';
export type { CredentialStats } from './credentials-helper';
export { capturedLogs, clearCapturedLogs } from './n8n-runtime';
export type { CapturedLog } from './n8n-runtime';
export type { ActivateTriggerOptions, ActiveTrigger, TriggerEmit } from './trigger';
export { FIXTURE_INPUT_TYPE, HTTP_REQUEST_TYPE, MANUAL_TRIGGER_TYPE, NO_OP_TYPE } from './builtin-nodes';

export const DEFAULT_PACKAGE_NAME = 'n8n-nodes-angelone';

export interface N8nHarnessOptions {
	/** Our node types, registered as `<packageName>.<description.name>`. */
	nodeTypes: Array<INodeType | IVersionedNodeType>;
	credentialTypes?: ICredentialType[];
	/** Share one store between harnesses to simulate several n8n processes over one database. */
	store?: CredentialStore;
	/** Type prefix for `nodeTypes`; n8n uses the package name for installed community packages. */
	packageName?: string;
}

/** A node as written in workflow JSON; id, typeVersion, position and parameters may be left out. */
export interface WorkflowNodeInput {
	name: string;
	type: string;
	id?: string;
	typeVersion?: number;
	position?: [number, number];
	parameters?: INodeParameters;
	credentials?: INodeCredentials;
	disabled?: boolean;
	continueOnFail?: boolean;
	onError?: INode['onError'];
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
}

export interface WorkflowInput {
	id?: string;
	name?: string;
	nodes: WorkflowNodeInput[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	pinData?: IPinData;
}

export interface RunWorkflowOptions {
	/** Items every Fixture Input node in the workflow outputs (each as `{ json }`). */
	inputItems?: IDataObject[];
	/** Defaults to 'manual', what "Execute workflow" in the editor and `n8n execute` use. */
	mode?: WorkflowExecuteMode;
}

export interface WorkflowRun {
	/** The IRun n8n-core returned, for anything the accessors below do not cover. */
	raw: IRun;
	status: ExecutionStatus;
	/**
	 * The execution-level error n8n records when a node fails without continueOnFail. Like every error in run data
	 * it is a plain serialized object (name, message, description, httpCode, ...), not an Error instance.
	 */
	error: ExecutionError | undefined;
	/** Node names in the order n8n finished them (from the nodeExecuteAfter hook). */
	executionOrder: string[];
	/** Items on a node's main output; throws when the node did not run, so a typo cannot pass as "no items". */
	outputOf(nodeName: string, options?: { output?: number; run?: number }): INodeExecutionData[];
	/** The error n8n stored on the node's task data, if that run failed (serialized, see `error`). */
	errorOf(nodeName: string, run?: number): ExecutionError | undefined;
	runsOf(nodeName: string): ITaskData[];
	ran(nodeName: string): boolean;
	/** Workflow static data after the run (what n8n saves for triggers and pollers). */
	staticData: IDataObject;
}

export interface SingleNodeWorkflowOptions {
	type: string;
	name?: string;
	parameters?: INodeParameters;
	credentials?: INodeCredentials;
	typeVersion?: number;
	continueOnFail?: boolean;
	onError?: INode['onError'];
}

export interface N8nHarness {
	/** Registered type names: ours under the package prefix, plus the built-ins. */
	readonly nodeTypeNames: string[];
	readonly store: CredentialStore;
	/** Live counters for this harness (one simulated n8n process). */
	readonly stats: Readonly<CredentialStats>;
	resetStats(): void;
	/** Full type name for one of our nodes, e.g. typeName('angelOne') → 'n8n-nodes-angelone.angelOne'. */
	typeName(nodeName: string): string;
	runWorkflow(workflow: WorkflowInput, options?: RunWorkflowOptions): Promise<WorkflowRun>;
	activateTrigger(
		nodeType: string,
		parameters: INodeParameters,
		options?: ActivateTriggerOptions,
	): Promise<ActiveTrigger>;
	/**
	 * The credential dialog's "Test" button for a stored credential: runs the type's `test` request the way n8n's
	 * CredentialsTester does (preAuthentication and persistence included) and returns n8n's verdict.
	 */
	testCredential(credentialId: string): Promise<INodeCredentialTestResult>;
	/** The credentials helper n8n-core sees, for tests that probe it directly. */
	readonly credentialsHelper: HarnessCredentialsHelper;
	/**
	 * A resource locator's "From List" search as the editor asks for it: the node type's listSearch method, called
	 * with n8n-core's LoadOptionsContext for `node` (its credentials resolved from the store).
	 */
	searchList(node: WorkflowNodeInput, method: string, filter?: string): Promise<INodeListSearchResult>;
}

let executionCounter = 0;

function normalizeNodes(nodes: WorkflowNodeInput[]): INode[] {
	// Workflow's constructor writes parameter defaults into the node objects; work on copies so callers can reuse JSON.
	return nodes.map((node, index) => {
		const copy = deepCopy(node);
		return {
			...copy,
			id: copy.id ?? `node-${index}`,
			typeVersion: copy.typeVersion ?? 1,
			position: copy.position ?? [index * 200, 0],
			parameters: copy.parameters ?? {},
		};
	});
}

export function buildAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	hooks: ExecutionLifecycleHooks | undefined,
	executionId: string | undefined,
	workflowId: string,
): IWorkflowExecuteAdditionalData {
	const unsupported = (feature: string) => async (): Promise<never> => {
		throw new UserError(`${feature} is not supported by the n8n test harness`);
	};
	const base = 'http://localhost:5678';
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId,
		userId: 'harness-user',
		projectId: 'harness-project',
		currentNodeExecutionIndex: 0,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: unsupported('Executing sub-workflows'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unsupported('Running Code-node tasks'),
		logAiEvent: () => undefined,
	};
}

function createWorkflowRun(raw: IRun, executionOrder: string[], workflow: Workflow): WorkflowRun {
	const { runData } = raw.data.resultData;
	const runsOf = (nodeName: string): ITaskData[] => runData[nodeName] ?? [];
	const taskOf = (nodeName: string, run: number): ITaskData => {
		const task = runsOf(nodeName)[run];
		if (!task) {
			const ran = Object.keys(runData).join(', ') || 'none';
			throw new UserError(`Node "${nodeName}" has no run #${run}; nodes that ran: ${ran}`);
		}
		return task;
	};
	return {
		raw,
		status: raw.status,
		error: raw.data.resultData.error,
		executionOrder,
		runsOf,
		ran: (nodeName) => runsOf(nodeName).length > 0,
		outputOf: (nodeName, { output = 0, run = 0 } = {}) => taskOf(nodeName, run).data?.main?.[output] ?? [],
		errorOf: (nodeName, run = 0) => taskOf(nodeName, run).error,
		staticData: workflow.staticData as IDataObject,
	};
}

/** Names (bare, as in the package) of the nodes that declare a credential, in any of their versions. */
function nodesDeclaring(types: Array<INodeType | IVersionedNodeType>, credentialName: string): string[] {
	return types
		.filter((type) => {
			const versions = 'nodeVersions' in type ? Object.values(type.nodeVersions) : [type];
			return versions.some((version) => version.description.credentials?.some((credential) => credential.name === credentialName));
		})
		.map((type) => type.description.name);
}

export function createN8nHarness(options: N8nHarnessOptions): N8nHarness {
	ensureN8nRuntime();
	const packageName = options.packageName ?? DEFAULT_PACKAGE_NAME;
	const store = options.store ?? createCredentialStore();
	const nodeTypes = new HarnessNodeTypes();
	const credentialTypes = new HarnessCredentialTypes();
	const stats = emptyStats();

	const nodeTypeNames = [
		nodeTypes.register('n8n-nodes-base', new ManualTrigger()),
		nodeTypes.register('n8n-nodes-base', new NoOp()),
		nodeTypes.register('n8n-nodes-base', new HttpRequest()),
		nodeTypes.register('n8n-nodes-harness', new FixtureInput()),
		...options.nodeTypes.map((type) => nodeTypes.register(packageName, type)),
	];
	for (const type of options.credentialTypes ?? []) {
		credentialTypes.register(packageName, type, nodesDeclaring(options.nodeTypes, type.name));
	}
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, store, stats);

	async function runWorkflow(input: WorkflowInput, runOptions: RunWorkflowOptions = {}): Promise<WorkflowRun> {
		const mode = runOptions.mode ?? 'manual';
		const nodes = normalizeNodes(input.nodes);
		if (runOptions.inputItems) {
			const fixtures = nodes.filter((node) => node.type === FIXTURE_INPUT_TYPE);
			if (fixtures.length === 0) {
				throw new UserError(`inputItems needs a "${FIXTURE_INPUT_TYPE}" node in the workflow`);
			}
			for (const node of fixtures) node.parameters.items = JSON.stringify(runOptions.inputItems);
		}
		const workflowId = input.id ?? 'harness-workflow';
		const workflow = new Workflow({
			id: workflowId,
			name: input.name ?? 'Harness workflow',
			nodes,
			connections: input.connections,
			active: false,
			nodeTypes,
			settings: input.settings,
			staticData: input.staticData,
			pinData: input.pinData,
		});
		const workflowData: IWorkflowBase = {
			id: workflowId,
			name: workflow.name ?? 'Harness workflow',
			active: false,
			isArchived: false,
			activeVersionId: null,
			createdAt: new Date(0),
			updatedAt: new Date(0),
			nodes,
			connections: input.connections,
			settings: input.settings,
		};
		const executionId = String(++executionCounter);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		const executionOrder: string[] = [];
		hooks.addHandler('nodeExecuteAfter', (nodeName: string) => {
			executionOrder.push(nodeName);
		});
		const additionalData = buildAdditionalData(credentialsHelper, hooks, executionId, workflowId);
		const raw = await new WorkflowExecute(additionalData, mode).run({ workflow });
		return createWorkflowRun(raw, executionOrder, workflow);
	}

	async function searchList(input: WorkflowNodeInput, method: string, filter?: string): Promise<INodeListSearchResult> {
		const nodes = normalizeNodes([input]);
		const workflow = new Workflow({ id: 'harness-load-options', nodes, connections: {}, active: false, nodeTypes });
		const node = nodes[0];
		const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		const search = type.methods?.listSearch?.[method];
		if (!search) throw new UserError(`${node.type} has no listSearch method "${method}"`);
		const additionalData = buildAdditionalData(credentialsHelper, undefined, undefined, 'harness-load-options');
		const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.instrument');
		return await search.call(context, filter);
	}

	return {
		nodeTypeNames,
		store,
		stats,
		credentialsHelper,
		searchList,
		resetStats: () => Object.assign(stats, emptyStats()),
		typeName: (nodeName) => `${packageName}.${nodeName}`,
		runWorkflow,
		testCredential: async (credentialId) =>
			await testStoredCredential(
				{
					store,
					nodeTypes,
					credentialTypes,
					credentialsHelper,
					additionalData: () => buildAdditionalData(credentialsHelper, undefined, undefined, 'credential-test'),
				},
				credentialId,
			),
		activateTrigger: async (nodeType, parameters, triggerOptions = {}) =>
			await activateTriggerNode(
				{ nodeTypes, credentialsHelper, buildAdditionalData },
				nodeType,
				parameters,
				triggerOptions,
			),
	};
}

/**
 * Manual Trigger → Fixture Input → the node under test, wired on main. Fixture Input outputs one empty item unless
 * runWorkflow gets `inputItems`. The node is named `options.name` (default 'Node') so `outputOf` can find it.
 */
export function singleNodeWorkflow(options: SingleNodeWorkflowOptions): WorkflowInput {
	const name = options.name ?? 'Node';
	return {
		nodes: [
			{ name: 'Manual Trigger', type: MANUAL_TRIGGER_TYPE },
			{ name: 'Fixture Input', type: FIXTURE_INPUT_TYPE, parameters: { items: '[{}]' } },
			{
				name,
				type: options.type,
				typeVersion: options.typeVersion,
				parameters: options.parameters ?? {},
				credentials: options.credentials,
				continueOnFail: options.continueOnFail,
				onError: options.onError,
			},
		],
		connections: {
			'Manual Trigger': { main: [[{ node: 'Fixture Input', type: 'main', index: 0 }]] },
			'Fixture Input': { main: [[{ node: name, type: 'main', index: 0 }]] },
		},
	};
}
