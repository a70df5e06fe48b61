/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- benchmark tool, never shipped: runs parts of itself in separate Node processes so their CPU and heap figures stay apart */
// Child Node processes with an IPC channel: the same Node binary and a chosen set of V8 flags, messages as
// plain JSON, and a guaranteed kill when the parent is done with them.
import { spawn, type ChildProcess } from 'node:child_process';

export interface NodeChild {
	readonly process: ChildProcess;
	/** The next message that passes `accept`; rejects when the child exits first or after timeoutMs. */
	next<T>(accept: (message: unknown) => message is T, timeoutMs?: number): Promise<T>;
	send(message: unknown): void;
	/** Ends the child (SIGTERM, then SIGKILL after a grace period) and waits for its exit. */
	stop(): Promise<void>;
}

export function spawnNode(script: string, args: string[] = [], flags: string[] = []): NodeChild {
	const child = spawn(process.execPath, [...flags, script, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const inbox: unknown[] = [];
	const waiting: Array<() => void> = [];
	let exited = false;
	const wake = (): void => {
		for (const resolve of waiting.splice(0)) resolve();
	};
	child.on('message', (message) => {
		inbox.push(message);
		wake();
	});
	child.on('exit', () => {
		exited = true;
		wake();
	});
	return {
		process: child,
		async next(accept, timeoutMs = 600_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const index = inbox.findIndex((message) => accept(message));
				if (index !== -1) return inbox.splice(index, 1)[0] as never;
				if (exited) throw new Error(`${script} exited (code ${String(child.exitCode)}) before sending the expected message`);
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`${script} sent no expected message within ${timeoutMs} ms`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiting.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		},
		send(message) {
			child.send(message as object);
		},
		async stop() {
			if (exited) return;
			const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await gone;
			clearTimeout(timer);
		},
	};
}

/** A type guard for messages of the form { type: <name>, ... }. */
export function ofType<T extends { type: string }>(type: T['type']): (message: unknown) => message is T {
	return (message: unknown): message is T =>
		typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}
