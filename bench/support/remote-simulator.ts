/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool, never shipped: locates a sibling script */
// The parent's handle on a simulator running in its own process (simulator-process.ts): its URLs and demo
// account, the /__sim/ control routes over HTTP, and the IPC tick driver.
import { join } from 'node:path';

import { ofType, spawnNode, type NodeChild } from './processes';
import type { PickedInstrument, ReadyMessage, SimulatorProcessOptions, TicksStopped } from './simulator-process';

export interface RemoteSimulator {
	baseUrl: string;
	account: ReadyMessage['account'];
	instruments: PickedInstrument[];
	/** GET or POST on a /__sim/ control route; the parsed JSON answer. */
	control<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T>;
	startTicks(ratePerSecond: number): Promise<void>;
	stopTicks(): Promise<TicksStopped>;
	close(): Promise<void>;
}

export async function startRemoteSimulator(options: SimulatorProcessOptions): Promise<RemoteSimulator> {
	const child: NodeChild = spawnNode(join(__dirname, 'simulator-process.js'), [JSON.stringify(options)]);
	let started: ReadyMessage | undefined;
	try {
		started = await child.next(ofType<ReadyMessage>('ready'), 120_000);
	} finally {
		if (started === undefined) await child.stop();
	}
	const ready = started;
	return {
		baseUrl: ready.baseUrl,
		account: ready.account,
		instruments: ready.instruments,
		async control<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
			const response = await fetch(`${ready.baseUrl}/__sim/${route}`, {
				method,
				headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			if (!response.ok) throw new Error(`simulator control ${method} ${route}: HTTP ${response.status}`);
			return (await response.json()) as T;
		},
		async startTicks(ratePerSecond) {
			child.send({ type: 'ticks:start', rate: ratePerSecond });
			await child.next(ofType<{ type: 'ticks:started' }>('ticks:started'), 10_000);
		},
		async stopTicks() {
			child.send({ type: 'ticks:stop' });
			return await child.next(ofType<TicksStopped>('ticks:stopped'), 10_000);
		},
		close: async () => await child.stop(),
	};
}
