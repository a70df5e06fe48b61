// Everything one n8n process remembers across executions and trigger activations, in one place: session renewals
// under way, recent credential reads, refused logins, rate-limit windows, today's placements, shared order-book
// reads, instrument masters, the shared sockets and the diagnostic counters. Tests and benchmarks reset() it.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { MarketFeed } from './feed/marketFeed';
import type { OrderFeed } from './feed/orderUpdates';
import type { MasterCache } from './instruments/cache';
import type { OrderRow } from './transport/answers';
import type { SmartApiError } from './transport/errors';
import type { SlidingWindowLimiter } from './transport/rateLimiter';

/** Order-book reads of one account: the read on its way now, and the one that starts when it ends. */
export interface SharedReads {
	running?: Promise<OrderRow[]>;
	queued?: Promise<OrderRow[]>;
}

/** A session renewal under way (transport/request.ts sendRenewing). */
export interface Renewal {
	/** Settles when the leading request has its answer: with the failed login's error, if that is how it ended. */
	done: Promise<SmartApiError | undefined>;
	/** The new session as soon as the login gave it (before the leading request is even sent), else undefined. */
	session: Promise<ICredentialDataDecryptedObject | undefined>;
}

export const processState = {
	/** Session renewals under way, per stored session, so concurrent executions share one login. */
	renewals: new Map<string, Renewal>(),
	/**
	 * Logins a request of this process leads, by the credential data it handed n8n (the object n8n passes to the
	 * credential's preAuthentication): told the new session the moment Angel One gives it, before n8n has stored
	 * it and sent the leading request, so the requests waiting for the login go out beside that one.
	 */
	sessionWatchers: new WeakMap<object, (session: ICredentialDataDecryptedObject) => void>(),
	/** The credential as an n8n context read it moments ago (weak: gone with the context). */
	recentReads: new WeakMap<object, { at: number; read: Promise<ICredentialDataDecryptedObject> }>(),
	/** Credentials Angel One refused, by a hash of their login fields: never tried again until a field changes. */
	refusedLogins: new Map<string, SmartApiError>(),
	/** One rate-limit window per client code and bucket. */
	limiters: new Map<string, SlidingWindowLimiter>(),
	/** Orders placed today, by client and tag: a second delivery finds them before the book shows them. */
	placedToday: new Map<string, { uniqueorderid: string; orderid: string; day: string }>(),
	/** One placement per client and tag at a time. */
	placing: new Map<string, Promise<void>>(),
	/** placeOrder requests per account: sent so far, and those whose answer has not come back yet. */
	placements: new Map<string, { sent: number; open: number }>(),
	/** Order-book reads per account, shared by executions that ask at the same time. */
	orderBookReads: new Map<string, SharedReads>(),
	/** One instrument index per master URL. */
	masterCaches: new Map<string, MasterCache>(),
	/** The shared market-feed and order-status sockets, by client code and socket URL. */
	marketFeeds: new Map<string, MarketFeed>(),
	orderFeeds: new Map<string, OrderFeed>(),
	/** Last correlation ID sent on a market feed (IDs are unique within the process). */
	correlationCounter: 0,
};

/** Counters for diagnostics and tests; never holds secrets. */
export const transportStats = { logins: 0, requests: 0, rateLimited: 0 };

/**
 * Live counts for diagnostics and for the tests that prove closing leaves nothing behind: native sockets not yet
 * closed, and async loops (connection, heartbeat, watchdog, trigger timers) still running.
 */
export const feedDiagnostics = { sockets: 0, loops: 0 };

/**
 * A fresh process, as far as the nodes can tell. Call it with no trigger open: the live counts in feedDiagnostics
 * count sockets and loops that exist and are left as they are.
 */
export function resetProcessState(): void {
	processState.renewals.clear();
	processState.recentReads = new WeakMap();
	processState.sessionWatchers = new WeakMap();
	processState.refusedLogins.clear();
	processState.limiters.clear();
	processState.placedToday.clear();
	processState.placing.clear();
	processState.placements.clear();
	processState.orderBookReads.clear();
	processState.masterCaches.clear();
	processState.marketFeeds.clear();
	processState.orderFeeds.clear();
	processState.correlationCounter = 0;
	transportStats.logins = 0;
	transportStats.requests = 0;
	transportStats.rateLimited = 0;
}
