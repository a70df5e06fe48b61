// One self-healing WebSocket: connects with headers, sends a text heartbeat, replaces a silent socket, backs off
// exponentially with jitter, renews the session once after a refused handshake, and idles outside market hours.

import { sleep } from 'n8n-workflow';

import { feedDiagnostics } from '../processState';

/** The part of a WebSocket the connection uses; the real one is Node 24's global WebSocket. */
export interface SocketLike {
	send(text: string): void;
	close(): void;
	/** Settles when the socket is really gone (its close event). */
	readonly closed: Promise<void>;
}

export interface SocketHandlers {
	open(): void;
	message(data: ArrayBuffer | string): void;
	/** The socket is gone: closed by either side, or its handshake failed (then `open` never ran). */
	close(): void;
}

export type SocketFactory = (url: string, headers: Record<string, string>, handlers: SocketHandlers) => SocketLike;

/** Everything time- and I/O-shaped the connection touches, so unit tests can drive it without a network. */
export interface SocketEnvironment {
	createSocket: SocketFactory;
	now(): number;
	random(): number;
	/** Resolves after `ms`, rejects as soon as `signal` aborts. */
	sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Counts a loop while it runs; every background loop of the feed goes through here. */
export async function tracked(loop: () => Promise<void>): Promise<void> {
	feedDiagnostics.loops++;
	try {
		await loop();
	} finally {
		feedDiagnostics.loops--;
	}
}

const OPEN = 1;

function nativeSocket(url: string, headers: Record<string, string>, handlers: SocketHandlers): SocketLike {
	// Node 24's WebSocket (undici) sends custom handshake headers; the DOM typing of the init has no `headers`.
	const ws = new WebSocket(url, { headers });
	ws.binaryType = 'arraybuffer';
	feedDiagnostics.sockets++;
	let closed = false;
	let settle: () => void = () => undefined;
	const gone = new Promise<void>((resolve) => (settle = resolve));
	ws.onopen = () => handlers.open();
	ws.onmessage = (event) => handlers.message(event.data as ArrayBuffer | string);
	// An error is always followed by a close event, which is where the connection reacts.
	ws.onerror = () => undefined;
	ws.onclose = () => {
		if (closed) return;
		closed = true;
		feedDiagnostics.sockets--;
		settle();
		handlers.close();
	};
	return {
		closed: gone,
		send(text) {
			if (ws.readyState === OPEN) ws.send(text);
		},
		close() {
			// The platform WebSocket cannot be terminated: close() starts the closing handshake, and a server that
			// stopped reading never finishes it. The connection does not wait for that; the socket ends when the
			// server reads our close frame or its TCP connection dies.
			ws.close();
		},
	};
}

export const defaultEnvironment: SocketEnvironment = {
	createSocket: nativeSocket,
	now: () => Date.now(),
	random: () => Math.random(),
	sleep: async (ms, signal) => await sleep(ms, signal),
};

/** Where and how to connect, from a live session. `token` identifies the session a refusal is blamed on. */
export interface ConnectTarget {
	url: string;
	headers: Record<string, string>;
	token: string;
}

export interface ConnectionTimings {
	/**
	 * Watchdog: no frame at all for this long (a text heartbeat is answered within it) means the socket is dead;
	 * also the handshake timeout.
	 */
	staleMs: number;
	backoffBaseMs: number;
	backoffMaxMs: number;
}

export type CloseReason =
	/** The server closed or the network dropped the socket. */
	| 'dropped'
	/** Nothing arrived, not even a heartbeat answer, within the watchdog period. */
	| 'stale'
	/** The socket answered heartbeats but sent no market data while data was expected. */
	| 'silent'
	/** No reason to be connected now (market closed). */
	| 'idle'
	/** The handshake did not complete within the watchdog period. */
	| 'timeout'
	/** The socket could not even be created (a malformed URL, a runtime without WebSocket). */
	| 'unusable'
	| 'closing';

export type ConnectionEvent =
	| { type: 'open'; reconnect: boolean }
	| { type: 'down'; reason: CloseReason; retryInMs: number }
	| { type: 'refused'; renewingSession: boolean; consecutive: number; retryInMs: number }
	| { type: 'sessionError'; error: unknown; retryInMs: number }
	| { type: 'idle'; untilMs: number | undefined }
	/** Code handling a frame threw; the frame is lost, the connection carries on. */
	| { type: 'listenerError'; error: unknown };

export type Schedule = { connect: true } | { connect: false; wakeAtMs: number | undefined };

export interface ConnectionHooks {
	/** A session to connect with; `rejectedToken` is set once after a refused handshake (renew unless renewed). */
	target(rejectedToken: string | undefined, signal: AbortSignal): Promise<ConnectTarget>;
	/** The socket opened: send what the server must know (subscriptions). */
	opened(send: (text: string) => void, reconnect: boolean): void;
	/** Every frame except the heartbeat answer, with the clock's time it arrived at (read once per frame). */
	frame(data: ArrayBuffer | string, receivedAt: number): void;
	event(event: ConnectionEvent): void;
	timings(): ConnectionTimings;
	schedule(nowMs: number): Schedule;
	/** Whether a lack of binary data frames is suspicious now (the market is open). */
	expectData(nowMs: number): boolean;
}

/** After a refusal the session is renewed at most this often, so a refusal that is not about the session cannot cause a login storm. */
const RENEW_INTERVAL_MS = 5 * 60_000;
/** Silence while the market is open doubles the patience each time it repeats, up to 2^6 × the watchdog period. */
const MAX_SILENCE_DOUBLINGS = 6;
/** How long close() waits for the server to finish the closing handshake (a stalled server never does). */
const CLOSE_WAIT_MS = 2000;
/** Heartbeat: the SDKs send a text ping every 10 s; a short watchdog needs more than one per period. */
const MAX_HEARTBEAT_MS = 10_000;

interface ServeResult {
	opened: boolean;
	/** Stayed open for a full watchdog period: the next failure starts the backoff afresh. */
	stable: boolean;
	reason: CloseReason | 'refused';
}

export function backoffDelay(attempt: number, timings: ConnectionTimings, random: number): number {
	const ceiling = Math.min(timings.backoffMaxMs, timings.backoffBaseMs * 2 ** Math.min(attempt, 30));
	// "Equal jitter": never less than half the ceiling, so a crowd of clients spreads out without reconnecting at once.
	return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

export class ManagedSocket {
	private readonly lifetime = new AbortController();
	private waker: AbortController | undefined;
	private sendCurrent: ((text: string) => void) | undefined;
	private readonly finished: Promise<void>;
	private silenceDoublings = 0;
	private everOpened = false;
	private lastSocket: SocketLike | undefined;

	/** Counters for diagnostics and tests. */
	readonly stats = { attempts: 0, opens: 0, refusals: 0, renewals: 0, watchdogTrips: 0 };

	constructor(
		private readonly hooks: ConnectionHooks,
		private readonly env: SocketEnvironment = defaultEnvironment,
	) {
		this.finished = tracked(async () => await this.run());
	}

	get isOpen(): boolean {
		return this.sendCurrent !== undefined;
	}

	/** Sends on the open socket; false when there is none (the next open resends everything anyway). */
	send(text: string): boolean {
		if (this.sendCurrent === undefined) return false;
		this.sendCurrent(text);
		return true;
	}

	/** Re-evaluates the schedule now (a listener joined or left while idling). */
	poke(): void {
		this.waker?.abort();
	}

	/** Stops everything; resolves when every loop has ended and the socket is closed (or after a short wait). */
	async close(): Promise<void> {
		this.lifetime.abort();
		await this.finished;
		const gone = this.lastSocket?.closed;
		if (gone === undefined) return;
		const timer = new AbortController();
		await Promise.race([gone, this.env.sleep(CLOSE_WAIT_MS, timer.signal).catch(() => undefined)]);
		timer.abort();
	}

	private get closing(): boolean {
		return this.lifetime.signal.aborted;
	}

	/** Sleeps until `ms` passed, the connection closes, or (when `pokeable`) poke() is called. */
	private async wait(ms: number, pokeable: boolean): Promise<void> {
		if (this.closing) return;
		const controller = new AbortController();
		const stop = (): void => controller.abort();
		this.lifetime.signal.addEventListener('abort', stop, { once: true });
		if (pokeable) this.waker = controller;
		try {
			await this.env.sleep(Math.max(0, ms), controller.signal);
		} catch {
			// Aborted: closing or poked; the caller looks at the state again.
		} finally {
			this.lifetime.signal.removeEventListener('abort', stop);
			if (this.waker === controller) this.waker = undefined;
		}
	}

	private async run(): Promise<void> {
		let attempt = 0;
		let rejectedToken: string | undefined;
		let lastRenewalAt = -Infinity;
		let consecutiveRefusals = 0;
		while (!this.closing) {
			const now = this.env.now();
			const schedule = this.hooks.schedule(now);
			if (!schedule.connect) {
				this.hooks.event({ type: 'idle', untilMs: schedule.wakeAtMs });
				// Re-checked at least every minute: a machine that slept or a clock that jumped must not oversleep.
				const until = schedule.wakeAtMs === undefined ? 60_000 : Math.min(60_000, schedule.wakeAtMs - now);
				await this.wait(until, true);
				continue;
			}

			let target: ConnectTarget;
			try {
				target = await this.hooks.target(rejectedToken, this.lifetime.signal);
			} catch (error) {
				if (this.closing) break;
				const retryInMs = backoffDelay(attempt++, this.hooks.timings(), this.env.random());
				this.hooks.event({ type: 'sessionError', error, retryInMs });
				await this.wait(retryInMs, false);
				continue;
			}
			if (rejectedToken !== undefined) this.stats.renewals++;
			rejectedToken = undefined;
			if (this.closing) break;

			this.stats.attempts++;
			const result = await this.serve(target);
			if (this.closing) break;

			if (result.reason === 'refused') {
				this.stats.refusals++;
				consecutiveRefusals++;
				// The platform WebSocket hides the handshake status, so a 401 (dead session) looks like a 429 or a
				// network error. Blame the session once per streak (and again only after a while): the transport
				// renews only if nobody renewed since, so this costs at most one login.
				const at = this.env.now();
				if (at - lastRenewalAt >= RENEW_INTERVAL_MS) {
					lastRenewalAt = at;
					rejectedToken = target.token;
					this.hooks.event({ type: 'refused', renewingSession: true, consecutive: consecutiveRefusals, retryInMs: 0 });
					continue;
				}
				const retryInMs = backoffDelay(attempt++, this.hooks.timings(), this.env.random());
				this.hooks.event({ type: 'refused', renewingSession: false, consecutive: consecutiveRefusals, retryInMs });
				await this.wait(retryInMs, false);
				continue;
			}

			if (result.opened) {
				consecutiveRefusals = 0;
				lastRenewalAt = -Infinity;
			}
			if (result.stable) attempt = 0;
			if (result.reason === 'idle') {
				this.hooks.event({ type: 'down', reason: 'idle', retryInMs: 0 });
				continue;
			}
			const retryInMs = backoffDelay(attempt++, this.hooks.timings(), this.env.random());
			this.hooks.event({ type: 'down', reason: result.reason, retryInMs });
			await this.wait(retryInMs, false);
		}
	}

	/** One socket from connect to close. Never rejects. */
	private async serve(target: ConnectTarget): Promise<ServeResult> {
		const conn = new AbortController();
		const startedAt = this.env.now();
		let opened = false;
		let openedAt = 0;
		let lastFrameAt = startedAt;
		let lastDataAt = startedAt;
		let settle: (result: ServeResult) => void = () => undefined;
		const result = new Promise<ServeResult>((resolve) => (settle = resolve));
		let done = false;

		// Filled once the factory returns; a factory may report a failed handshake before that.
		const holder: { socket?: SocketLike } = {};
		const send = (text: string): void => holder.socket?.send(text);
		const finish = (reason: ServeResult['reason']): void => {
			if (done) return;
			done = true;
			conn.abort();
			this.lifetime.signal.removeEventListener('abort', onClosing);
			if (this.sendCurrent === send) this.sendCurrent = undefined;
			holder.socket?.close();
			const stable = opened && this.env.now() - openedAt >= this.hooks.timings().staleMs;
			settle({ opened, stable, reason });
		};
		const onClosing = (): void => finish('closing');

		let socket: SocketLike;
		try {
			socket = this.env.createSocket(target.url, target.headers, {
				open: () => {
					if (done) return;
					opened = true;
					openedAt = lastFrameAt = lastDataAt = this.env.now();
					this.stats.opens++;
					const reconnect = this.everOpened;
					this.everOpened = true;
					this.sendCurrent = send;
					void tracked(async () => await this.heartbeat(conn.signal, send));
					this.guard(() => this.hooks.opened(send, reconnect));
					this.hooks.event({ type: 'open', reconnect });
				},
				message: (data) => {
					if (done) return;
					const at = this.env.now();
					lastFrameAt = at;
					if (typeof data === 'string') {
						if (data === 'pong') return;
					} else {
						lastDataAt = at;
						// Data well after the (re)subscribe snapshot: the feed is really flowing, so silence is news again.
						// (Asked only while there is a doubling to undo: timings() walks every listener, per packet.)
						if (this.silenceDoublings !== 0 && at - openedAt >= this.hooks.timings().staleMs) this.silenceDoublings = 0;
					}
					this.deliver(data, at);
				},
				close: () => finish(opened ? 'dropped' : 'refused'),
			});
		} catch {
			finish('unusable');
			return await result;
		}
		holder.socket = socket;
		this.lastSocket = socket;
		if (done) {
			// A socket that failed synchronously already settled; the one the factory returned still needs closing.
			socket.close();
			return await result;
		}
		this.lifetime.signal.addEventListener('abort', onClosing, { once: true });
		if (this.closing) finish('closing');

		void tracked(async () => {
			while (!done) {
				const { staleMs } = this.hooks.timings();
				await this.sleepOn(conn.signal, Math.min(1000, Math.max(50, staleMs / 4)));
				if (done) return;
				const now = this.env.now();
				if (!opened) {
					if (now - startedAt >= staleMs) finish('timeout');
					continue;
				}
				if (now - lastFrameAt >= staleMs) {
					this.stats.watchdogTrips++;
					finish('stale');
				} else if (
					this.hooks.expectData(now) &&
					now - lastDataAt >= staleMs * 2 ** this.silenceDoublings
				) {
					this.stats.watchdogTrips++;
					this.silenceDoublings = Math.min(MAX_SILENCE_DOUBLINGS, this.silenceDoublings + 1);
					finish('silent');
				} else if (!this.hooks.schedule(now).connect) {
					finish('idle');
				}
			}
		});

		return await result;
	}

	/**
	 * Runs listener code from a socket event. What a listener throws must not escape into the platform's event
	 * dispatch, where it would become an uncaught exception of the whole n8n process.
	 */
	private guard(run: () => void): void {
		try {
			run();
		} catch (error) {
			this.hooks.event({ type: 'listenerError', error });
		}
	}

	private async heartbeat(signal: AbortSignal, send: (text: string) => void): Promise<void> {
		while (!signal.aborted) {
			const { staleMs } = this.hooks.timings();
			await this.sleepOn(signal, Math.min(MAX_HEARTBEAT_MS, Math.max(100, staleMs / 3)));
			if (signal.aborted) return;
			send('ping');
		}
	}

	/** guard() for frames, without a closure per frame: the market feed delivers thousands a second. */
	private deliver(data: ArrayBuffer | string, receivedAt: number): void {
		try {
			this.hooks.frame(data, receivedAt);
		} catch (error) {
			this.hooks.event({ type: 'listenerError', error });
		}
	}

	/** A sleep that ends quietly when the signal aborts. */
	private async sleepOn(signal: AbortSignal, ms: number): Promise<void> {
		try {
			await this.env.sleep(ms, signal);
		} catch {
			// Aborted: the loop checks its own state next.
		}
	}
}
