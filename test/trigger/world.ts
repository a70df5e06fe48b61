/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code: polling needs a timer */
// Set-up for the trigger's end-to-end tests: a simulator with automatic ticking off, a credential store with its
// demo account, the Angel One Trigger in n8n-core's engine, and helpers to read emissions and wait for them.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { AngelOneSmartApi } from '../../credentials/AngelOneSmartApi.credentials';
import { AngelOneTrigger } from '../../nodes/AngelOne/AngelOneTrigger.node';
import { marketFeeds } from '../../nodes/AngelOne/feed/marketFeed';
import { orderFeeds } from '../../nodes/AngelOne/feed/orderUpdates';
import { feedDiagnostics } from '../../nodes/AngelOne/processState';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../nodes/AngelOne/runtime';
import type { RunningSimulator, SimulatorOptions } from '../../simulator/server';
import { observe, registerSecrets } from '../support/leak-guard';
import { addSimulatorCredential, startCanarySimulator } from '../support/simulated-account';
import {
	capturedLogs,
	createCredentialStore,
	createN8nHarness,
	type ActivateTriggerOptions,
	type ActiveTrigger,
	type CredentialStore,
	type N8nHarness,
} from '../support/n8n/harness';

export const CREDENTIAL_ID = 'angel-trigger';
export const CREDENTIALS = { angelOneSmartApi: { id: CREDENTIAL_ID, name: 'Angel One (simulator)' } };

/** Short intervals so faults are noticed in seconds; market hours off so the wall clock cannot matter. */
export const FAST_OPTIONS = { watchdogSeconds: 2, backoffBaseMs: 50, backoffMaxSeconds: 1, marketHours: false, testTimeoutSeconds: 10 };

export interface TriggerWorld {
	sim: RunningSimulator;
	/** The trigger's runtime; a test may move its clock or replace its sockets before activating. */
	runtime: Runtime;
	store: CredentialStore;
	n8n: N8nHarness;
	triggerType: string;
	activate(parameters: INodeParameters, options?: ActivateTriggerOptions): Promise<ActiveTrigger>;
	/** Closes every trigger activated through `activate` that is still open, then the simulator. */
	close(): Promise<void>;
}

/** The simulator's options, and the runtime the trigger gets (default: the real one). */
export interface TriggerWorldOptions extends SimulatorOptions {
	runtime?: RuntimeOptions;
}

export async function startTriggerWorld({ runtime: runtimeOptions, ...options }: TriggerWorldOptions = {}): Promise<TriggerWorld> {
	const runtime = createRuntime(runtimeOptions);
	const sim = await startCanarySimulator({ autoTick: false, ...options }, 7);
	const store = createCredentialStore();
	addSimulatorCredential(store, CREDENTIAL_ID, sim);
	const n8n = createN8nHarness({ nodeTypes: [new AngelOneTrigger(runtime)], credentialTypes: [new AngelOneSmartApi(runtime)], store });
	const triggerType = n8n.typeName('angelOneTrigger');
	const active: ActiveTrigger[] = [];
	return {
		sim,
		runtime,
		store,
		n8n,
		triggerType,
		async activate(parameters, activateOptions = {}) {
			const trigger = await n8n.activateTrigger(triggerType, parameters, { credentials: CREDENTIALS, ...activateOptions });
			active.push(trigger);
			return trigger;
		},
		async close() {
			for (const trigger of active) await trigger.close();
			const data = store.get(CREDENTIAL_ID).data;
			registerSecrets(data.jwtToken, data.feedToken, data.refreshToken);
			for (const trigger of active) {
				observe(trigger.emits.map((emit) => emit.data));
				observe(trigger.errors.map((error) => ({ message: error.message, description: (error as { description?: unknown }).description })));
				observe(trigger.failed);
			}
			observe(capturedLogs());
			await sim.close();
		},
	};
}

/** The instrument picker's value for "NSE:SBIN-EQ, NSE:2885": symbols by symbol, exchange:token by token. */
export function pick(instruments: string): IDataObject {
	return {
		instrument: instruments.split(',').map((text) => {
			const value = text.trim();
			return { instrument: { __rl: true, mode: /:\d+$/.test(value) ? 'token' : 'symbol', value } };
		}),
	};
}

/** Market Ticks parameters for one or more instruments. */
export function tickParameters(instruments: string, emit: IDataObject, extra: IDataObject = {}): INodeParameters {
	return {
		event: 'marketTicks',
		instruments: pick(instruments),
		mode: 'ltp',
		...emit,
		options: { ...FAST_OPTIONS },
		...extra,
	} as INodeParameters;
}

/** Every emitted execution as its list of item JSONs. */
export function executions(trigger: ActiveTrigger): IDataObject[][] {
	return trigger.emits.map((emit) => emit.data[0].map((item) => item.json));
}

/** Every emitted item's field, execution by execution flattened. */
export function field(trigger: ActiveTrigger, name: string): unknown[] {
	return executions(trigger).flat().map((json) => json[name]);
}

export async function delay(ms: number): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until the condition holds; fails with `what` after `timeoutMs`. */
export async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await delay(10);
	}
}

/** Waits until the shared feed received `count` packets: the snapshots prove the server has the subscriptions. */
export async function snapshots(count = 1): Promise<void> {
	await until(`${count} snapshot packet(s)`, () => (marketFeeds()[0]?.stats.packets ?? 0) >= count);
}

/** Open connections the simulator sees for the demo account. */
export function serverConnections(world: TriggerWorld): { market: number; orders: number } {
	const counts = world.sim.control.socketConnections();
	const client = world.sim.account.clientCode;
	return { market: counts.market[client] ?? 0, orders: counts.orders[client] ?? 0 };
}

/** What this process still holds: native sockets, running loops, pooled connections. */
export function leftovers(): { sockets: number; loops: number; marketFeeds: number; orderFeeds: number } {
	return { sockets: feedDiagnostics.sockets, loops: feedDiagnostics.loops, marketFeeds: marketFeeds().length, orderFeeds: orderFeeds().length };
}

export const NOTHING_LEFT = { sockets: 0, loops: 0, marketFeeds: 0, orderFeeds: 0 };

/** A SmartAPI REST call as any client would make it, with the session the trigger stored. */
export async function rest(world: TriggerWorld, path: string, body: IDataObject): Promise<IDataObject> {
	const data = world.store.get(CREDENTIAL_ID).data;
	const response = await fetch(`${world.sim.baseUrl}/rest/secure/angelbroking/${path}`, {
		method: 'POST',
		headers: {
			Authorization: `Bearer ${String(data.jwtToken)}`,
			'X-PrivateKey': String(data.apiKey),
			'X-UserType': 'USER',
			'X-SourceID': 'WEB',
			Accept: 'application/json',
			'Content-Type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	const envelope = (await response.json()) as IDataObject;
	if (envelope.status !== true) throw new Error(`${path} failed: ${JSON.stringify(envelope)}`);
	return envelope.data as IDataObject;
}

/**
 * Places a DAY delivery limit order for SBIN (NSE:3045) at `price`, or at the last price (so it fills at once, as a
 * market order did before the 2026 rules). Returns its order id.
 */
export async function placeSbin(world: TriggerWorld, side: 'BUY' | 'SELL', quantity: number, price?: number): Promise<string> {
	const data = await rest(world, 'order/v1/placeOrder', {
		variety: 'NORMAL',
		tradingsymbol: 'SBIN-EQ',
		symboltoken: '3045',
		transactiontype: side,
		exchange: 'NSE',
		ordertype: 'LIMIT',
		producttype: 'DELIVERY',
		duration: 'DAY',
		price: price ?? world.sim.control.price('NSE', '3045'),
		quantity,
	});
	return String(data.orderid);
}

export async function cancelOrder(world: TriggerWorld, orderid: string): Promise<void> {
	await rest(world, 'order/v1/cancelOrder', { variety: 'NORMAL', orderid });
}
