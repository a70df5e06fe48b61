// Shared set-up for tests that run our nodes in n8n-core's engine against a started simulator: the simulator,
// a credential store holding the demo account, harnesses (one per simulated n8n process) and workflow builders.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AngelOneSmartApi } from '../../credentials/AngelOneSmartApi.credentials';
import { AngelOne } from '../../nodes/AngelOne/AngelOne.node';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RunningSimulator, SimulatorOptions } from '../../simulator/server';
import { observe, registerSecrets } from './leak-guard';
import { addSimulatorCredential, startCanarySimulator } from './simulated-account';
import { TransportProbe } from '../transport/fixtures/TransportProbe.node';
import {
	capturedLogs,
	createCredentialStore,
	createN8nHarness,
	FIXTURE_INPUT_TYPE,
	MANUAL_TRIGGER_TYPE,
	type CredentialStore,
	type N8nHarness,
	type WorkflowRun,
} from './n8n/harness';

export const CREDENTIAL_ID = 'angel-1';
export const CREDENTIALS = { angelOneSmartApi: { id: CREDENTIAL_ID, name: 'Angel One (simulator)' } };

/** The simulator's options, and the runtime the nodes of every process of the world get (default: the real one). */
export interface WorldOptions extends SimulatorOptions {
	runtime?: RuntimeOptions;
}

export interface AngelWorld {
	sim: RunningSimulator;
	/** The runtime of the world's nodes; a test may move its clock or shorten its waits between runs. */
	runtime: Runtime;
	store: CredentialStore;
	/** One simulated n8n process; call `process()` for more over the same store. */
	n8n: N8nHarness;
	process(): N8nHarness;
	/** Runs one Angel One (or probe) node over `items` input items. */
	run(node: { type?: string; parameters: INodeParameters; continueOnFail?: boolean }, items?: IDataObject[], harness?: N8nHarness): Promise<WorkflowRun>;
	close(): Promise<void>;
}

export async function startWorld(
	{ runtime: runtimeOptions, ...options }: WorldOptions = {},
	credentialOverrides: IDataObject = {},
): Promise<AngelWorld> {
	const runtime = createRuntime(runtimeOptions);
	const sim = await startCanarySimulator(options, 1);
	const store = createCredentialStore();
	addSimulatorCredential(store, CREDENTIAL_ID, sim, credentialOverrides);
	const process = () =>
		createN8nHarness({
			nodeTypes: [new AngelOne(runtime), new TransportProbe(runtime)],
			credentialTypes: [new AngelOneSmartApi(runtime)],
			store,
		});
	const n8n = process();
	return {
		sim,
		runtime,
		store,
		n8n,
		process,
		async run(node, items = [{}], harness = n8n) {
			const run = await harness.runWorkflow(
				{
					nodes: [
						{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
						{ name: 'Input', type: FIXTURE_INPUT_TYPE },
						{
							name: 'Angel One',
							type: node.type ?? harness.typeName('angelOne'),
							parameters: node.parameters,
							credentials: CREDENTIALS,
							continueOnFail: node.continueOnFail,
						},
					],
					connections: {
						Start: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
						Input: { main: [[{ node: 'Angel One', type: 'main', index: 0 }]] },
					},
				},
				{ inputItems: items },
			);
			observe(run.raw);
			return run;
		},
		async close() {
			const data = store.get(CREDENTIAL_ID).data;
			registerSecrets(data.jwtToken, data.feedToken, data.refreshToken);
			observe(capturedLogs());
			await sim.close();
		},
	};
}

/** Every secret of the stored credential and its session, for leak checks. */
export function secretsOf(world: AngelWorld): string[] {
	const data = world.store.get(CREDENTIAL_ID).data;
	return [data.pin, data.totpSecret, data.jwtToken, data.feedToken, data.refreshToken, data.apiKey]
		.filter((value): value is string => typeof value === 'string' && value.length >= 4);
}
