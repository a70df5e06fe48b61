/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool, never shipped: loads a second copy of our modules per simulated n8n process */
// A bench "installation": a simulator in its own process, the credentials table holding its demo account, and
// n8n processes (harnesses over n8n-core's real engine) that share that table, with workflow builders.
import { createRequire } from 'node:module';
import { resolve, sep } from 'node:path';

import type { ICredentialType, IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { AngelOneSmartApi } from '../../credentials/AngelOneSmartApi.credentials';
import { AngelOne } from '../../nodes/AngelOne/AngelOne.node';
import { AngelOneTrigger } from '../../nodes/AngelOne/AngelOneTrigger.node';
import { resetProcessState } from '../../nodes/AngelOne/processState';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../nodes/AngelOne/runtime';
import {
	createCredentialStore,
	createN8nHarness,
	FIXTURE_INPUT_TYPE,
	MANUAL_TRIGGER_TYPE,
	type CredentialStore,
	type N8nHarness,
	type WorkflowRun,
} from '../../test/support/n8n/harness';
import { AuthenticatedCall } from '../nodes/AuthenticatedCall.node';
import { DiyLogin } from '../nodes/DiyLogin.node';
import { EndpointProbe } from '../nodes/EndpointProbe.node';
import { startRemoteSimulator, type RemoteSimulator } from './remote-simulator';
import type { SimulatorProcessOptions } from './simulator-process';

export const CREDENTIAL_ID = 'angel-bench';
export const CREDENTIALS = { angelOneSmartApi: { id: CREDENTIAL_ID, name: 'Angel One (simulator)' } };

/** One simulated n8n process: its engine and its own copy of our package's modules. */
export interface N8nProcess {
	harness: N8nHarness;
	/** The runtime this process's nodes and credential were constructed with. */
	runtime: Runtime;
}

interface PackageCopy {
	nodeTypes: INodeType[];
	credentialTypes: ICredentialType[];
	runtime: Runtime;
}

/** Our package's compiled modules: everything that would be loaded once per n8n process. */
const PACKAGE_ROOTS = ['nodes', 'credentials', `bench${sep}nodes`].map((dir) => resolve(__dirname, '..', '..', dir) + sep);

function firstCopy(options: RuntimeOptions): PackageCopy {
	const runtime = createRuntime(options);
	return {
		nodeTypes: [new AngelOne(runtime), new AngelOneTrigger(runtime), new EndpointProbe(runtime), new DiyLogin(), new AuthenticatedCall()],
		credentialTypes: [new AngelOneSmartApi(runtime)],
		runtime,
	};
}

/**
 * Our modules keep per-process state: the single-flight session renewal, the rate limiters, the instrument
 * master cache, the socket pools. Two n8n processes do not share it, but two harnesses in one Node process
 * would, and a second process would then ride on the first one's in-flight login. So every process after the
 * first gets a fresh copy of those modules (the require cache entries are dropped and loaded again); n8n-core
 * and the credentials table stay shared, as the database is between real processes.
 */
function freshCopy(options: RuntimeOptions): PackageCopy {
	for (const key of Object.keys(require.cache)) {
		if (PACKAGE_ROOTS.some((root) => key.startsWith(root))) delete require.cache[key];
	}
	const load = createRequire(__filename);
	const nodes = load('../../nodes/AngelOne/AngelOne.node') as typeof import('../../nodes/AngelOne/AngelOne.node');
	const trigger = load('../../nodes/AngelOne/AngelOneTrigger.node') as typeof import('../../nodes/AngelOne/AngelOneTrigger.node');
	const ownRuntime = load('../../nodes/AngelOne/runtime') as typeof import('../../nodes/AngelOne/runtime');
	const credential = load('../../credentials/AngelOneSmartApi.credentials') as typeof import('../../credentials/AngelOneSmartApi.credentials');
	const probe = load('../nodes/EndpointProbe.node') as typeof import('../nodes/EndpointProbe.node');
	const diy = load('../nodes/DiyLogin.node') as typeof import('../nodes/DiyLogin.node');
	const call = load('../nodes/AuthenticatedCall.node') as typeof import('../nodes/AuthenticatedCall.node');
	// The copy's own runtime module: its sockets count in the copy's own diagnostics.
	const runtime = ownRuntime.createRuntime(options);
	return {
		nodeTypes: [new nodes.AngelOne(runtime), new trigger.AngelOneTrigger(runtime), new probe.EndpointProbe(runtime), new diy.DiyLogin(), new call.AuthenticatedCall()],
		credentialTypes: [new credential.AngelOneSmartApi(runtime)],
		runtime,
	};
}

export interface BenchWorld {
	sim: RemoteSimulator;
	store: CredentialStore;
	/**
	 * A simulated n8n process over the shared credentials table, its nodes constructed with a runtime made of
	 * `runtime` (default: the real one, pacing on). The first one uses the modules this file imported (so
	 * transportStats and marketFeeds imported by a benchmark are its own); every later one has its own copy.
	 */
	process(runtime?: RuntimeOptions): N8nProcess;
	/** Runs Manual Trigger → Fixture Input (`items`) → one node, in the given process. */
	run(process: N8nProcess, node: { type: string; parameters: INodeParameters; continueOnFail?: boolean }, items?: IDataObject[]): Promise<WorkflowRun>;
	/** The demo account's logins so far, as the simulator counted them. */
	logins(): Promise<number>;
	close(): Promise<void>;
}

export async function startBenchWorld(options: SimulatorProcessOptions): Promise<BenchWorld> {
	resetProcessState();
	const sim = await startRemoteSimulator({ seed: 11, masterSize: 2000, tickIntervalMs: 0, autoTick: false, marketHours: 'open', ...options });
	const store = createCredentialStore();
	store.add({
		id: CREDENTIAL_ID,
		name: 'Angel One (simulator)',
		type: 'angelOneSmartApi',
		data: {
			apiKey: sim.account.apiKey,
			clientCode: sim.account.clientCode,
			pin: sim.account.pin,
			totpSecret: sim.account.totpSecret,
			environment: 'custom',
			baseUrl: sim.baseUrl,
			readOnly: false,
		},
	});
	let processes = 0;
	return {
		sim,
		store,
		process(runtime = {}) {
			const copy = processes++ === 0 ? firstCopy(runtime) : freshCopy(runtime);
			return { harness: createN8nHarness({ nodeTypes: copy.nodeTypes, credentialTypes: copy.credentialTypes, store }), runtime: copy.runtime };
		},
		async run({ harness }, node, items = [{}]) {
			return await harness.runWorkflow(
				{
					nodes: [
						{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
						{ name: 'Input', type: FIXTURE_INPUT_TYPE },
						{ name: 'Node', type: node.type, parameters: node.parameters, credentials: CREDENTIALS, continueOnFail: node.continueOnFail },
					],
					connections: {
						Start: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
						Input: { main: [[{ node: 'Node', type: 'main', index: 0 }]] },
					},
				},
				{ inputItems: items },
			);
		},
		async logins() {
			const counts = await sim.control<Record<string, number>>('GET', 'logins');
			return counts[sim.account.clientCode] ?? 0;
		},
		close: async () => await sim.close(),
	};
}
