// What the nodes take from the world around them: the clock that decides market hours and "today", waiting,
// WebSocket connections, the waits of order handling, client-side pacing and the session-renewal jitter.
// n8n constructs the node classes without one (the real world); tests and benchmarks hand theirs to the constructor.
import { defaultEnvironment, type SocketEnvironment } from './feed/connection';

/** The waits of order handling; tests shorten them. */
export interface OrderTimings {
	/** Before each order-book look-up after an ambiguous failure: the order may need a moment to show up. */
	reconcileDelaysMs: readonly number[];
	/** Between two looks at an order while waiting for its status; the last one repeats. */
	pollIntervalsMs: readonly number[];
	/**
	 * Up to this long between back-to-back order-book reads of one process. The endpoint allows one read a second
	 * per account: a process reading every second on the second would shut out the other workers.
	 */
	freshReadJitterMs: number;
}

/**
 * `now()` is the instant whose IST date and time decide market hours and "today" (orders, the feed's schedule);
 * `sleep`, `random` and `createSocket` serve the trigger's connections.
 */
export interface Runtime extends SocketEnvironment {
	orders: OrderTimings;
	/** Client-side pacing to Angel One's rate limits: on for every real account. */
	pacing: boolean;
	/** Longest random pause before a process logs in again after its session died (see transport/request.ts). */
	renewalJitterMs: number;
}

export const defaultRuntime: Runtime = {
	...defaultEnvironment,
	orders: { reconcileDelaysMs: [0, 1000, 2000, 3000], pollIntervalsMs: [250, 500, 1000], freshReadJitterMs: 1000 },
	pacing: true,
	renewalJitterMs: 1000,
};

/** A runtime that differs from the real one only where given. */
export interface RuntimeOptions extends Partial<Omit<Runtime, 'orders'>> {
	orders?: Partial<OrderTimings>;
}

export function createRuntime(options: RuntimeOptions = {}): Runtime {
	return { ...defaultRuntime, ...options, orders: { ...defaultRuntime.orders, ...options.orders } };
}

/**
 * n8n calls execute(), trigger() and the list-search methods with its own context as `this`, never the node
 * instance, so a node's runtime travels with the context: the shell binds it, the modules below look it up.
 */
const bound = new WeakMap<object, Runtime>();

/** The runtime of the node whose context this is; the real one for contexts no shell bound (n8n's own calls). */
export function runtimeOf(ctx: object): Runtime {
	return bound.get(ctx) ?? defaultRuntime;
}

/** Binds `runtime` to a context that did not come through a node shell (unit tests of the feed). */
export function bindRuntime(ctx: object, runtime: Runtime): void {
	bound.set(ctx, runtime);
}

/** `fn` as n8n will call it, with `runtime` bound to each context it is called with. */
export function withRuntime<C extends object, A extends unknown[], R>(runtime: Runtime, fn: (this: C, ...args: A) => R): (this: C, ...args: A) => R {
	if (runtime === defaultRuntime) return fn;
	return function (this: C, ...args: A): R {
		bound.set(this, runtime);
		return fn.apply(this, args);
	};
}
