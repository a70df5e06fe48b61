// The simulator with the canary account, and the credential row that points at it: the shared start of every
// test world (action node, trigger). Secrets are registered with the leak guard as soon as they exist.
import type { IDataObject } from 'n8n-workflow';

import { resetProcessState } from '../../nodes/AngelOne/processState';
import { demoAccount } from '../../simulator/accounts';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../simulator/server';
import { CANARY, registerSecrets } from './leak-guard';
import type { CredentialStore } from './n8n/harness';

/** A fresh process (no session renewals, limiters, refusals or caches of earlier tests), and a simulator (small master, market open, no automatic ticks) with the canary account. */
export async function startCanarySimulator(options: SimulatorOptions, defaultSeed: number): Promise<RunningSimulator> {
	resetProcessState();
	const seed = options.seed ?? defaultSeed;
	const sim = await startSimulator({
		seed,
		masterSize: 2000,
		tickIntervalMs: 0,
		marketHours: 'open',
		accounts: [{ ...demoAccount(seed), ...CANARY }],
		...options,
	});
	registerSecrets(sim.account.apiKey, sim.account.pin, sim.account.totpSecret);
	return sim;
}

/** Stores an "Angel One Smart API" credential for the simulator's account (Environment: Custom). */
export function addSimulatorCredential(
	store: CredentialStore,
	id: string,
	sim: RunningSimulator,
	overrides: IDataObject = {},
): void {
	store.add({
		id,
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
			...overrides,
		},
	});
}
