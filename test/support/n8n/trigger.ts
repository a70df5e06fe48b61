/* Activates a trigger node the way n8n does (TriggersAndPollers.runTriggerFunction over a real TriggerContext) and
 * records what it emits; the manual path is the one WorkflowExecute takes for "listen for test event". */
/* eslint-disable @n8n/community-nodes/no-restricted-globals -- waitForEmits needs a timer; test code only */
import { ExecutionLifecycleHooks, TriggerContext, TriggersAndPollers } from 'n8n-core';
import { UserError, Workflow } from 'n8n-workflow';
import type {
	ExecutionError,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	ITriggerFunctions,
	ITriggerResponse,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessCredentialsHelper } from './credentials-helper';
import { ensureN8nRuntime } from './n8n-runtime';
import type { HarnessNodeTypes } from './type-registry';

export interface ActivateTriggerOptions {
	/** 'trigger' = an active workflow; 'manual' = "listen for test event" in the editor. Default 'trigger'. */
	mode?: 'trigger' | 'manual';
	credentials?: INodeCredentials;
	/** Defaults to 'activate' in trigger mode and 'manual' in manual mode, as n8n passes them. */
	activation?: WorkflowActivateMode;
	nodeName?: string;
	typeVersion?: number;
	/** Initial workflow static data (n8n restores it from the database on activation). */
	staticData?: IDataObject;
}

type EmitArguments = Parameters<ITriggerFunctions['emit']>;

export interface TriggerEmit {
	data: INodeExecutionData[][];
	/** Deferreds a node passes to learn the execution's response / completion; the harness leaves them pending. */
	responsePromise?: EmitArguments[1];
	donePromise?: EmitArguments[2];
	deduplicationKey?: string;
}

export interface ActiveTrigger {
	/** Every emit, in order; in manual mode n8n only uses the first, but all are recorded. */
	readonly emits: TriggerEmit[];
	/** emitError calls. In trigger mode n8n deactivates the workflow on each, so the harness closes the trigger. */
	readonly errors: Error[];
	/** saveFailedExecution calls (the trigger stays active). */
	readonly failed: ExecutionError[];
	/** What trigger() returned, with n8n-core's wrapping of closeFunction. */
	readonly response: ITriggerResponse | undefined;
	readonly manualTriggerFunction?: () => Promise<void>;
	/** Manual mode only: n8n-core's promise that settles on the first emit / emitError / saveFailedExecution. */
	readonly manualTriggerResponse?: Promise<INodeExecutionData[][]>;
	/**
	 * Manual mode only: what WorkflowExecute does for a trigger start node: run manualTriggerFunction if any, await
	 * the first emit, then close (n8n closes the trigger when the test execution ends).
	 */
	runManualTest(): Promise<INodeExecutionData[][]>;
	/** Calls closeFunction once (later calls are no-ops, as n8n only deactivates an active workflow once). */
	close(): Promise<void>;
	readonly closeCount: number;
	/** Resolve once at least `count` emits / emitErrors / saveFailedExecutions happened; reject after timeoutMs. */
	waitForEmits(count: number, timeoutMs?: number): Promise<TriggerEmit[]>;
	waitForErrors(count: number, timeoutMs?: number): Promise<Error[]>;
	waitForFailed(count: number, timeoutMs?: number): Promise<ExecutionError[]>;
	/** The workflow's static data, live (`getWorkflowStaticData('node')` writes land here). */
	readonly staticData: IDataObject;
	readonly node: INode;
}

export interface TriggerEnvironment {
	nodeTypes: HarnessNodeTypes;
	credentialsHelper: HarnessCredentialsHelper;
	buildAdditionalData: (
		credentialsHelper: HarnessCredentialsHelper,
		hooks: ExecutionLifecycleHooks | undefined,
		executionId: string | undefined,
		workflowId: string,
	) => IWorkflowExecuteAdditionalData;
}

const DEFAULT_WAIT_MS = 5000;

interface Waiter {
	isMet: () => boolean;
	resolve: () => void;
}

export async function activateTriggerNode(
	env: TriggerEnvironment,
	nodeType: string,
	parameters: INodeParameters,
	options: ActivateTriggerOptions,
): Promise<ActiveTrigger> {
	const container = ensureN8nRuntime();
	const mode = options.mode ?? 'trigger';
	const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const workflowId = 'harness-trigger-workflow';
	const node: INode = {
		id: 'trigger-node',
		name: options.nodeName ?? 'Trigger',
		type: nodeType,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: structuredClone(parameters),
		credentials: options.credentials,
	};
	const workflow = new Workflow({
		id: workflowId,
		name: 'Harness trigger workflow',
		nodes: [node],
		connections: {},
		active: mode === 'trigger',
		nodeTypes: env.nodeTypes,
		staticData: options.staticData ? structuredClone(options.staticData) : undefined,
	});
	const workflowNode = workflow.getNode(node.name);
	if (!workflowNode) throw new UserError('Trigger node vanished from its workflow');

	const emits: TriggerEmit[] = [];
	const errors: Error[] = [];
	const failed: ExecutionError[] = [];
	const waiters: Waiter[] = [];
	let closeCount = 0;
	let closing: Promise<void> | undefined;
	const state: { response?: ITriggerResponse; activation?: Promise<unknown> } = {};

	const notify = () => {
		for (const waiter of waiters.filter((candidate) => candidate.isMet())) {
			waiters.splice(waiters.indexOf(waiter), 1);
			waiter.resolve();
		}
	};
	const recordEmit: ITriggerFunctions['emit'] = (data, responsePromise, donePromise, deduplicationKey) => {
		emits.push({ data, responsePromise, donePromise, deduplicationKey });
		notify();
	};
	const recordError = (error: Error) => {
		errors.push(error);
		notify();
	};
	const recordFailed = (error: ExecutionError) => {
		failed.push(error);
		notify();
	};

	const close = async (): Promise<void> => {
		closing ??= (async () => {
			closeCount++;
			// An emitError during trigger() itself must still close what trigger() is about to return.
			await state.activation?.catch(() => undefined);
			await state.response?.closeFunction?.();
		})();
		await closing;
	};

	// Manual runs need lifecycle hooks (n8n-core asserts them); active triggers get none, as in ActiveWorkflows.
	const workflowData: IWorkflowBase = {
		id: workflowId,
		name: 'Harness trigger workflow',
		active: mode === 'trigger',
		isArchived: false,
		activeVersionId: null,
		createdAt: new Date(0),
		updatedAt: new Date(0),
		nodes: [workflowNode],
		connections: {},
	};
	const hooks = mode === 'manual' ? new ExecutionLifecycleHooks('manual', 'manual-trigger', workflowData) : undefined;
	const additionalData = env.buildAdditionalData(
		env.credentialsHelper,
		hooks,
		mode === 'manual' ? 'manual-trigger' : undefined,
		workflowId,
	);

	let context: TriggerContext | undefined;
	const getTriggerFunctions = (
		wf: Workflow,
		triggerNode: INode,
		data: IWorkflowExecuteAdditionalData,
		executeMode: WorkflowExecuteMode,
		activateMode: WorkflowActivateMode,
	) => {
		// Manual runs get n8n-core's own context (getExecuteTriggerFunctions), whose emit throws until
		// runTriggerFunction replaces it once trigger() has returned. Active workflows get the CLI's wiring:
		// emit starts an execution (recorded here), emitError deactivates the workflow.
		context =
			executeMode === 'manual'
				? new TriggerContext(wf, triggerNode, data, executeMode, activateMode)
				: new TriggerContext(
						wf,
						triggerNode,
						data,
						executeMode,
						activateMode,
						recordEmit,
						(error) => {
							recordError(error);
							void close();
						},
						recordFailed,
					);
		return context;
	};

	state.activation = container
		.get(TriggersAndPollers)
		.runTriggerFunction(workflow, workflowNode, getTriggerFunctions, additionalData, mode, activation);
	const response = await state.activation.then((result) => {
		state.response = result as ITriggerResponse | undefined;
		return state.response;
	});

	if (mode === 'manual' && context) {
		// n8n-core swapped in emit/emitError/saveFailedExecution that settle manualTriggerResponse; keep them and
		// record on top. The fields are readonly in the typings but reassigned by n8n-core itself at runtime.
		const mutable = context as unknown as Pick<ITriggerFunctions, 'emit' | 'emitError' | 'saveFailedExecution'>;
		const { emit: n8nEmit, emitError: n8nEmitError, saveFailedExecution: n8nSaveFailed } = mutable;
		mutable.emit = (...args) => {
			recordEmit(...args);
			n8nEmit(...args);
		};
		mutable.emitError = (error, responsePromise) => {
			recordError(error);
			n8nEmitError(error, responsePromise);
		};
		mutable.saveFailedExecution = (error) => {
			recordFailed(error);
			n8nSaveFailed(error);
		};
		// Nobody may await the response (a test that only inspects emits); a rejection must not go unhandled.
		response?.manualTriggerResponse?.catch(() => undefined);
	}

	const runManualTest = async (): Promise<INodeExecutionData[][]> => {
		if (mode !== 'manual' || !response?.manualTriggerResponse) {
			throw new UserError('runManualTest() needs a trigger activated with mode "manual"');
		}
		try {
			if (response.manualTriggerFunction) await response.manualTriggerFunction();
			return await response.manualTriggerResponse;
		} finally {
			await close();
		}
	};

	const waitUntil = async (isMet: () => boolean, timeoutMs: number, describe: () => string) => {
		if (isMet()) return;
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => {
				waiters.splice(waiters.indexOf(waiter), 1);
				reject(new UserError(`${describe()} within ${timeoutMs} ms`));
			}, timeoutMs);
			const waiter: Waiter = {
				isMet,
				resolve: () => {
					clearTimeout(timer);
					resolve();
				},
			};
			waiters.push(waiter);
		});
	};

	return {
		emits,
		errors,
		failed,
		response,
		manualTriggerFunction: response?.manualTriggerFunction,
		manualTriggerResponse: response?.manualTriggerResponse,
		runManualTest,
		close,
		get closeCount() {
			return closeCount;
		},
		waitForEmits: async (count, timeoutMs = DEFAULT_WAIT_MS) => {
			await waitUntil(
				() => emits.length >= count,
				timeoutMs,
				() => `Trigger emitted ${emits.length} of ${count} expected times`,
			);
			return emits.slice();
		},
		waitForErrors: async (count, timeoutMs = DEFAULT_WAIT_MS) => {
			await waitUntil(
				() => errors.length >= count,
				timeoutMs,
				() => `Trigger called emitError ${errors.length} of ${count} expected times`,
			);
			return errors.slice();
		},
		waitForFailed: async (count, timeoutMs = DEFAULT_WAIT_MS) => {
			await waitUntil(
				() => failed.length >= count,
				timeoutMs,
				() => `Trigger called saveFailedExecution ${failed.length} of ${count} expected times`,
			);
			return failed.slice();
		},
		staticData: workflow.staticData as IDataObject,
		node: workflowNode,
	};
}
