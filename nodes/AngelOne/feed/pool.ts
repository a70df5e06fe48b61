// One socket per account and socket URL per process, shared by every trigger node that uses it: listener
// bookkeeping, the session behind the handshake, market-hours scheduling and the fan-out of connection events.

import { text } from '../helpers/values';
import { smartApiCause, type SmartApiError } from '../transport/errors';
import { socketHeaders } from '../transport/headers';
import { ensureSession, type SmartApiContext } from '../transport/request';
import {
	ManagedSocket,
	type ConnectTarget,
	type ConnectionEvent,
	type ConnectionTimings,
	type Schedule,
	type SocketEnvironment,
} from './connection';
import { isAnyOpen, nextOpen } from './marketHours';

/** The trigger reads the cause of a startup failure here; the walk itself lives with the errors. */
export { smartApiCause };

/**
 * What listeners hear besides their data: connection events, a fatal session failure, and a failed order-book
 * read (the recovery of missed order updates is retried).
 */
export type SharedEvent =
	| ConnectionEvent
	| { type: 'fatal'; error: SmartApiError }
	| { type: 'reconcileError'; error: unknown; retryInMs: number };

export interface BaseListener {
	/** The n8n context whose credential the session comes from (any listener's will do: same account). */
	ctx: SmartApiContext;
	timings: ConnectionTimings;
	/** Exchanges whose sessions gate the connection; undefined = stay connected around the clock. */
	marketHours: string[] | undefined;
	onEvent(event: SharedEvent): void;
}

/** What a shared connection tells its socket-specific part (both sockets shake hands with socketHeaders). */
export interface Protocol {
	opened(send: (text: string) => void, reconnect: boolean): void;
	/** `receivedAt`: the connection clock's time of arrival. */
	frame(data: ArrayBuffer | string, receivedAt: number): void;
	/** Whether binary data is expected while the market is open (the market feed; not the order socket). */
	carriesMarketData: boolean;
}

export class SharedConnection<L extends BaseListener> {
	readonly listeners = new Set<L>();
	readonly socket: ManagedSocket;
	private closed = false;
	/**
	 * Set when the credential itself was refused: no further connection (and so no further login with a wrong
	 * PIN or TOTP secret, which could get the account blocked) until a trigger joins again, e.g. reactivated
	 * after the credential was fixed.
	 */
	private fatal: SmartApiError | undefined;

	constructor(
		readonly url: string,
		private readonly protocol: Protocol,
		private readonly onEmpty: () => void,
		/** The runtime of the trigger that opened the connection. */
		readonly env: SocketEnvironment,
	) {
		this.socket = new ManagedSocket(
			{
				target: async (rejectedToken, signal) => await this.target(rejectedToken, signal),
				opened: (send, reconnect) => this.protocol.opened(send, reconnect),
				frame: (data, receivedAt) => this.protocol.frame(data, receivedAt),
				event: (event) => this.broadcast(event),
				timings: () => this.timings(),
				schedule: (now) => this.schedule(now),
				expectData: (now) => this.protocol.carriesMarketData && this.expectData(now),
			},
			env,
		);
	}

	add(listener: L): void {
		this.listeners.add(listener);
		this.fatal = undefined;
		this.socket.poke();
	}

	/** Removes a listener; the last one out closes the socket. Resolves when the socket (if closed) is down. */
	async remove(listener: L): Promise<void> {
		if (!this.listeners.delete(listener)) return;
		if (this.listeners.size > 0) return;
		this.closed = true;
		this.onEmpty();
		await this.socket.close();
	}

	get isClosed(): boolean {
		return this.closed;
	}

	broadcast(event: SharedEvent): void {
		const cause = event.type === 'sessionError' || event.type === 'reconcileError' ? smartApiCause(event.error) : undefined;
		if (cause?.kind === 'login') {
			// The credential itself is wrong (API key, PIN, TOTP secret): retrying cannot help.
			this.fatal = cause;
			for (const listener of [...this.listeners]) listener.onEvent({ type: 'fatal', error: cause });
			return;
		}
		for (const listener of [...this.listeners]) listener.onEvent(event);
	}

	private async target(rejectedToken: string | undefined, signal: AbortSignal): Promise<ConnectTarget> {
		const listener = this.listeners.values().next().value;
		if (listener === undefined) throw new Error('No trigger uses this connection any more');
		// Always through ensureSession, also for reconnects: it renews a session of an earlier IST day before
		// the handshake is even tried, and renews a refused one unless another process already did.
		const { credentials } = await ensureSession(listener.ctx, { rejectedToken, signal });
		return { url: this.url, headers: socketHeaders(credentials), token: text(credentials.jwtToken) };
	}

	/** The strictest settings of the current listeners, so a shared socket serves the most demanding one. */
	private timings(): ConnectionTimings {
		let staleMs = Infinity;
		let backoffBaseMs = Infinity;
		let backoffMaxMs = Infinity;
		for (const { timings } of this.listeners) {
			staleMs = Math.min(staleMs, timings.staleMs);
			backoffBaseMs = Math.min(backoffBaseMs, timings.backoffBaseMs);
			backoffMaxMs = Math.min(backoffMaxMs, timings.backoffMaxMs);
		}
		if (!Number.isFinite(staleMs)) return { staleMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 30_000 };
		return { staleMs, backoffBaseMs, backoffMaxMs: Math.max(backoffBaseMs, backoffMaxMs) };
	}

	private gatingExchanges(): string[] | undefined {
		const exchanges = new Set<string>();
		for (const { marketHours } of this.listeners) {
			if (marketHours === undefined) return undefined;
			for (const exchange of marketHours) exchanges.add(exchange);
		}
		return [...exchanges];
	}

	private schedule(now: number): Schedule {
		// Nobody to serve yet (the connection is created just before its first listener joins), or the credential
		// was refused: wait for a poke.
		if (this.listeners.size === 0 || this.fatal !== undefined) return { connect: false, wakeAtMs: undefined };
		const exchanges = this.gatingExchanges();
		if (exchanges === undefined || isAnyOpen(now, exchanges)) return { connect: true };
		return { connect: false, wakeAtMs: nextOpen(now, exchanges) };
	}

	/** Silence is only suspicious when every listener follows market hours and one of their markets is open. */
	private expectData(now: number): boolean {
		const exchanges = this.gatingExchanges();
		return exchanges !== undefined && exchanges.length > 0 && isAnyOpen(now, exchanges);
	}
}

/**
 * Pool of shared connections of one kind, keyed by account (transport/account.ts `accountKey`) and socket URL:
 * one account may hold a market feed and an order socket, each once.
 */
export class ConnectionPool<C extends { readonly isClosed: boolean }> {
	/** `entries`: the process's map of them (processState); a pool of its own when not given. */
	constructor(private readonly entries = new Map<string, C>()) {}

	keyOf(account: string, url: string): string {
		return `${account}|${url}`;
	}

	get(account: string, url: string): C | undefined {
		return this.entries.get(this.keyOf(account, url));
	}

	getOrCreate(account: string, url: string, create: (onEmpty: () => void) => C): C {
		const key = this.keyOf(account, url);
		let entry = this.entries.get(key);
		if (entry === undefined || entry.isClosed) {
			const created = create(() => {
				if (this.entries.get(key) === created) this.entries.delete(key);
			});
			entry = created;
			this.entries.set(key, entry);
		}
		return entry;
	}

	get size(): number {
		return this.entries.size;
	}

	all(): C[] {
		return [...this.entries.values()];
	}
}
