/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test: a virtual clock lets promise chains settle with setImmediate */
// The self-healing socket on a virtual clock with fake sockets: backoff, session renewal after a refused handshake,
// watchdog, silence while the market is open, market-hours idling, and a close that ends every loop.

import {
	ManagedSocket,
	backoffDelay,
	type ConnectTarget,
	type ConnectionEvent,
	type ConnectionHooks,
	type Schedule,
	type SocketEnvironment,
	type SocketHandlers,
} from '../../nodes/AngelOne/feed/connection';
import { feedDiagnostics } from '../../nodes/AngelOne/processState';

const T0 = Date.UTC(2026, 10, 25, 4, 0);

interface Timer {
	at: number;
	resolve: () => void;
}

/** Time moves only when the test says so; sleeps resolve in order as it passes. */
class VirtualTime {
	now = T0;
	private timers: Timer[] = [];

	sleep = async (ms: number, signal: AbortSignal): Promise<void> =>
		await new Promise<void>((resolve, reject) => {
			if (signal.aborted) return reject(new Error('aborted'));
			const timer: Timer = {
				at: this.now + ms,
				resolve: () => {
					signal.removeEventListener('abort', onAbort);
					resolve();
				},
			};
			const onAbort = (): void => {
				this.timers = this.timers.filter((t) => t !== timer);
				reject(new Error('aborted'));
			};
			signal.addEventListener('abort', onAbort, { once: true });
			this.timers.push(timer);
		});

	get pending(): number {
		return this.timers.length;
	}

	async advance(ms: number): Promise<void> {
		const target = this.now + ms;
		await settle();
		for (;;) {
			const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
			if (next === undefined) break;
			this.timers = this.timers.filter((t) => t !== next);
			this.now = next.at;
			next.resolve();
			await settle();
		}
		this.now = target;
		await settle();
	}
}

async function settle(): Promise<void> {
	for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

class FakeSocket {
	sent: string[] = [];
	closedByClient = false;
	autoPong = true;
	private settleClosed: () => void = () => undefined;
	readonly closed = new Promise<void>((resolve) => (this.settleClosed = resolve));

	constructor(
		readonly url: string,
		readonly headers: Record<string, string>,
		readonly handlers: SocketHandlers,
	) {}

	send(text: string): void {
		this.sent.push(text);
		if (text === 'ping' && this.autoPong) this.handlers.message('pong');
	}

	close(): void {
		this.closedByClient = true;
		this.settleClosed();
	}

	/** The server ends the socket (or refuses the handshake, before open). */
	drop(): void {
		this.settleClosed();
		this.handlers.close();
	}
}

interface Rig {
	time: VirtualTime;
	sockets: FakeSocket[];
	events: ConnectionEvent[];
	rejected: Array<string | undefined>;
	opened: boolean[];
	schedule: (now: number) => Schedule;
	expectData: boolean;
	onFrame: (data: ArrayBuffer | string) => void;
	socket: ManagedSocket;
	last(): FakeSocket;
}

function rig(overrides: Partial<{ schedule: (now: number) => Schedule; expectData: boolean; random: number }> = {}): Rig {
	const time = new VirtualTime();
	const state: Rig = {
		time,
		sockets: [],
		events: [],
		rejected: [],
		opened: [],
		schedule: overrides.schedule ?? (() => ({ connect: true })),
		expectData: overrides.expectData ?? false,
		onFrame: () => undefined,
		socket: undefined as unknown as ManagedSocket,
		last: () => state.sockets[state.sockets.length - 1],
	};
	let session = 1;
	const hooks: ConnectionHooks = {
		async target(rejectedToken): Promise<ConnectTarget> {
			state.rejected.push(rejectedToken);
			if (rejectedToken !== undefined) session++;
			return { url: 'wss://feed.test/smart-stream', headers: { Authorization: `jwt-${session}` }, token: `jwt-${session}` };
		},
		opened: (_send, reconnect) => state.opened.push(reconnect),
		frame: (data) => state.onFrame(data),
		event: (event) => state.events.push(event),
		timings: () => ({ staleMs: 1000, backoffBaseMs: 100, backoffMaxMs: 800 }),
		schedule: (now) => state.schedule(now),
		expectData: () => state.expectData,
	};
	const env: SocketEnvironment = {
		createSocket: (url, headers, handlers) => {
			const socket = new FakeSocket(url, headers, handlers);
			state.sockets.push(socket);
			return socket;
		},
		now: () => time.now,
		random: () => overrides.random ?? 1,
		sleep: time.sleep,
	};
	state.socket = new ManagedSocket(hooks, env);
	return state;
}

describe('ManagedSocket: one self-healing connection', () => {
	const open: Rig[] = [];
	const make = (overrides?: Parameters<typeof rig>[0]): Rig => {
		const r = rig(overrides);
		open.push(r);
		return r;
	};

	afterEach(async () => {
		for (const r of open.splice(0)) {
			const closing = r.socket.close();
			await r.time.advance(5000);
			await closing;
		}
	});

	it('backs off exponentially from the base with equal jitter, capped at the maximum', () => {
		const timings = { staleMs: 1000, backoffBaseMs: 100, backoffMaxMs: 800 };
		expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, timings, 1))).toEqual([100, 200, 400, 800, 800, 800]);
		expect([0, 1, 2, 3, 4, 10].map((attempt) => backoffDelay(attempt, timings, 0))).toEqual([50, 100, 200, 400, 400, 400]);
	});

	it('connects with the session headers, sends a text ping on a beat, and resubscribes on every reconnect', async () => {
		const r = make();
		await settle();
		expect(r.sockets).toHaveLength(1);
		expect(r.last().headers).toEqual({ Authorization: 'jwt-1' });
		r.last().handlers.open();
		await r.time.advance(1000);
		expect(r.last().sent.filter((text) => text === 'ping').length).toBeGreaterThanOrEqual(2);

		r.last().drop();
		await r.time.advance(100);
		r.last().handlers.open();
		expect(r.sockets).toHaveLength(2);
		expect(r.opened).toEqual([false, true]);
	});

	it('grows the delay across failing reconnects and starts afresh after a connection that lived through a watchdog period', async () => {
		const r = make();
		await settle();
		const delays = (): number[] =>
			r.events.flatMap((event) => (event.type === 'down' || event.type === 'refused' ? [event.retryInMs] : []));
		for (let i = 0; i < 4; i++) {
			r.last().handlers.open();
			r.last().drop();
			await r.time.advance(1000);
		}
		expect(delays()).toEqual([100, 200, 400, 800]);

		r.last().handlers.open();
		await r.time.advance(1500);
		r.last().drop();
		await settle();
		expect(delays().pop()).toBe(100);
	});

	it('renews the session once after a refused handshake, then backs off without another renewal until a socket opens', async () => {
		const r = make();
		await settle();
		r.last().drop();
		await settle();
		expect(r.rejected).toEqual([undefined, 'jwt-1']);
		expect(r.last().headers).toEqual({ Authorization: 'jwt-2' });

		r.last().drop();
		await r.time.advance(1000);
		r.last().drop();
		await r.time.advance(1000);
		expect(r.rejected).toEqual([undefined, 'jwt-1', undefined, undefined]);
		expect(r.events.filter((e) => e.type === 'refused').map((e) => e.type === 'refused' && e.renewingSession)).toEqual([
			true,
			false,
			false,
		]);

		// An open ends the streak: the next refusal may blame the session again.
		r.last().handlers.open();
		r.last().drop();
		await r.time.advance(1000);
		r.last().drop();
		await settle();
		expect(r.rejected.pop()).toBe('jwt-2');
		expect(r.socket.stats.renewals).toBe(2);
	});

	it('replaces a socket from which nothing arrives for the watchdog period, but keeps one that answers heartbeats', async () => {
		const r = make();
		await settle();
		r.last().handlers.open();
		await r.time.advance(10_000);
		expect(r.sockets).toHaveLength(1);

		r.last().autoPong = false;
		await r.time.advance(1500);
		expect(r.sockets[0].closedByClient).toBe(true);
		expect(r.events).toContainEqual({ type: 'down', reason: 'stale', retryInMs: 100 });
		await r.time.advance(100);
		expect(r.sockets).toHaveLength(2);
		expect(r.socket.stats.watchdogTrips).toBe(1);
	});

	it('gives up on a handshake that never completes within the watchdog period', async () => {
		const r = make();
		await settle();
		await r.time.advance(1200);
		expect(r.sockets[0].closedByClient).toBe(true);
		expect(r.events).toContainEqual({ type: 'down', reason: 'timeout', retryInMs: 100 });
	});

	it('reconnects a feed that answers heartbeats but sends no data while the market is open, doubling its patience', async () => {
		const r = make({ expectData: true });
		await settle();
		const silentAt: number[] = [];
		for (let i = 0; i < 3; i++) {
			const socket = r.last();
			socket.handlers.open();
			const openedAt = r.time.now;
			while (!socket.closedByClient) await r.time.advance(50);
			silentAt.push(r.time.now - openedAt);
			await r.time.advance(1000);
		}
		expect(silentAt.map((ms) => Math.round(ms / 1000))).toEqual([1, 2, 4]);
		expect(r.events.filter((e) => e.type === 'down').every((e) => e.type === 'down' && e.reason === 'silent')).toBe(true);
	});

	it('idles while the market is closed, connects at the open, and disconnects at the close', async () => {
		let open = false;
		const r = make({ schedule: (now) => (open ? { connect: true } : { connect: false, wakeAtMs: now + 30 * 60_000 }) });
		await r.time.advance(10 * 60_000);
		expect(r.sockets).toHaveLength(0);
		expect(r.events[0]).toEqual({ type: 'idle', untilMs: T0 + 30 * 60_000 });

		open = true;
		await r.time.advance(60_000);
		expect(r.sockets).toHaveLength(1);
		r.last().handlers.open();

		open = false;
		await r.time.advance(1000);
		expect(r.sockets[0].closedByClient).toBe(true);
		expect(r.events).toContainEqual({ type: 'down', reason: 'idle', retryInMs: 0 });
	});

	it('wakes from idling at once when poked (a trigger that ignores market hours joined)', async () => {
		let open = false;
		const r = make({ schedule: () => (open ? { connect: true } : { connect: false, wakeAtMs: undefined }) });
		await settle();
		open = true;
		r.socket.poke();
		await settle();
		expect(r.sockets).toHaveLength(1);
	});

	it('keeps the connection when the code handling a frame throws, and reports it', async () => {
		const r = make();
		await settle();
		r.last().handlers.open();
		r.onFrame = () => {
			throw new Error('listener bug');
		};
		r.last().handlers.message(new ArrayBuffer(51));
		await r.time.advance(500);
		expect(r.events).toContainEqual({ type: 'listenerError', error: new Error('listener bug') });
		expect(r.sockets).toHaveLength(1);
		expect(r.last().closedByClient).toBe(false);
	});

	it('ends every loop and pending sleep on close', async () => {
		const loopsBefore = feedDiagnostics.loops;
		const r = rig();
		await settle();
		r.last().handlers.open();
		await r.time.advance(500);
		expect(feedDiagnostics.loops).toBeGreaterThan(loopsBefore);

		await r.socket.close();

		expect(feedDiagnostics.loops).toBe(loopsBefore);
		expect(r.time.pending).toBe(0);
		expect(r.last().closedByClient).toBe(true);
	});
});
