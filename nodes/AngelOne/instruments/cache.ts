// One instrument index per master URL for the whole process, shared by every execution. It is reloaded once a
// day after Angel One's morning refresh, checked on access (no timers), and kept when a reload fails.

import { istDay, toIstIso } from '../helpers/ist';
import { processState } from '../processState';
import { MasterUnavailableError } from './errors';
import { buildIndex, type InstrumentIndex } from './instrumentIndex';

export interface MasterSnapshot {
	index: InstrumentIndex;
	/** The IST day whose morning refresh this master belongs to, e.g. "2025-01-27". */
	edition: string;
	/** When it was loaded (epoch ms, the caller's clock). */
	loadedAt: number;
	/** True when today's master is due but could not be loaded, so this is an earlier day's. */
	stale: boolean;
	/** Why the last load failed, while stale. */
	error?: string;
}

export interface MasterCacheOptions {
	/**
	 * IST time after which a new day's master is expected (08:30 by default). The file is generated once a day,
	 * before the market opens, and OpenAlgo only trusts it after 08:00; 08:30 leaves a margin for a late file
	 * and still lands before the 09:00 pre-open, so orders at the open already see the day's new contracts.
	 */
	refreshAfter?: { hour: number; minute: number };
	/** After a failed load, wait this long before trying again (1 minute), so failures do not hammer the URL. */
	retryAfterMs?: number;
}

const DEFAULT_REFRESH_MINUTES = 8 * 60 + 30;
const DEFAULT_RETRY_AFTER_MS = 60_000;

interface Loaded {
	index: InstrumentIndex;
	edition: string;
	loadedAt: number;
}

export class MasterCache {
	private current: Loaded | undefined;
	private inflight: Promise<MasterSnapshot> | undefined;
	private failure: { at: number; message: string } | undefined;
	private readonly refreshMinutes: number;
	private readonly retryAfterMs: number;

	constructor(options: MasterCacheOptions = {}) {
		const at = options.refreshAfter;
		this.refreshMinutes = at ? at.hour * 60 + at.minute : DEFAULT_REFRESH_MINUTES;
		this.retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
	}

	/** The master edition an instant needs: the day of the last refresh time at or before it. */
	editionAt(nowMs: number): string {
		return istDay(nowMs - this.refreshMinutes * 60_000);
	}

	/**
	 * The index for `nowMs`, loading it with fetchText when none is held or the held one predates the last
	 * morning refresh. Concurrent calls share one load. When a reload fails the previous index is returned
	 * marked stale; with nothing to fall back on the error is thrown (MasterUnavailableError while waiting
	 * to retry).
	 */
	get(nowMs: number, fetchText: () => Promise<string>): Promise<MasterSnapshot> {
		const due = this.editionAt(nowMs);
		const current = this.current;
		if (current && current.edition >= due) return Promise.resolve({ ...current, stale: false });
		if (this.inflight) return this.inflight;
		const failure = this.failure;
		if (failure && nowMs - failure.at < this.retryAfterMs) {
			if (current) return Promise.resolve({ ...current, stale: true, error: failure.message });
			const retryAt = failure.at + this.retryAfterMs;
			return Promise.reject(
				new MasterUnavailableError(
					`The instrument master could not be loaded (${failure.message}); it is tried again after ${toIstIso(retryAt)}`,
					retryAt,
				),
			);
		}
		const attempt = this.load(nowMs, due, fetchText);
		this.inflight = attempt;
		const settle = (): void => {
			if (this.inflight === attempt) this.inflight = undefined;
		};
		attempt.then(settle, settle);
		return attempt;
	}

	/** Whether the index `nowMs` needs is held, so get() answers without loading. */
	ready(nowMs: number): boolean {
		return this.current !== undefined && this.current.edition >= this.editionAt(nowMs);
	}

	/** What is held now, without loading; undefined before the first successful load. */
	peek(): Omit<MasterSnapshot, 'stale' | 'error'> | undefined {
		return this.current && { ...this.current };
	}

	/** One load attempt; its failure is remembered, and answered with the previous index when there is one. */
	private load(nowMs: number, edition: string, fetchText: () => Promise<string>): Promise<MasterSnapshot> {
		return Promise.resolve()
			.then(fetchText)
			.then(buildIndex)
			.then(
				(index): MasterSnapshot => {
					this.current = { index, edition, loadedAt: nowMs };
					this.failure = undefined;
					return { ...this.current, stale: false };
				},
				(error: unknown): Promise<MasterSnapshot> => {
					const message = error instanceof Error ? error.message : String(error);
					this.failure = { at: nowMs, message };
					// The caller's own error (often already an n8n error from the transport) goes through unchanged.
					if (!this.current) return Promise.reject(error);
					return Promise.resolve({ ...this.current, stale: true, error: message });
				},
			);
	}
}

/**
 * The process-wide cache for a master URL (transport/master.ts `masterUrl`); options apply only when the cache
 * is first created. Keyed by URL, not by account: the master is the server's, one file for every account on it.
 */
export function masterCacheFor(url: string, options?: MasterCacheOptions): MasterCache {
	let cache = processState.masterCaches.get(url);
	if (!cache) {
		cache = new MasterCache(options);
		processState.masterCaches.set(url, cache);
	}
	return cache;
}
