// The Market Ticks event of one trigger node: its subscriptions on the shared feed, decoded packets normalized
// into trader units, run through its emission strategy (with the strategy's timer loop), and handed to emit.

import type { IDataObject } from 'n8n-workflow';

import { runtimeOf } from '../runtime';
import type { SmartApiContext } from '../transport/request';
import { tracked, type ConnectionTimings } from './connection';
import { acquireMarketFeed, DEPTH20_EXCHANGE_TYPE, type FeedIssue, type FeedLease, type Subscription } from './marketFeed';
import { instrumentKey, type FeedInstrument, type FeedTick } from './normalize';
import { InstrumentGuard } from './tickGuard';
import type { SharedEvent } from './pool';
import type { Emission, EmissionStrategy, StrategyTick } from './strategies';
import type { DecodedTick, FeedMode } from './types';

export type TickMode = 'ltp' | 'quote' | 'snapQuote' | 'depth20';

/** What the session needs of the chosen Emit mode (trigger/modes/): its strategies, its items, its preview. */
export interface TickEmission {
	/** Instruments whose exchanges give the same group share one strategy (candle grids follow each session). */
	groupOf(exchange: string): string;
	/** A new strategy for one group, the first of whose instruments trades on `exchange`; items are workflow JSON. */
	strategyFor(exchange: string): EmissionStrategy<TickPayload, IDataObject>;
	/** The item the strategy would send, built from one tick, for a test run that cannot wait for the real event. */
	preview(tick: StrategyTick<TickPayload>): IDataObject;
}

export interface TickSessionOptions {
	ctx: SmartApiContext;
	/** The credential's `accountKey`: triggers of one account share one socket. */
	account: string;
	url: string;
	instruments: FeedInstrument[];
	mode: TickMode;
	emission: TickEmission;
	/** Connect only while one of the instruments' exchanges is in session. */
	marketHours: boolean;
	timings: ConnectionTimings;
	/** "Listen for test event": the first tick becomes one event in the strategy's item shape. */
	manual: boolean;
	emit(items: IDataObject[]): void;
	onEvent(event: SharedEvent): void;
	onIssue(issue: FeedIssue): void;
}

export interface TickSession {
	close(): Promise<void>;
	readonly lease: FeedLease;
}

const FEED_MODE: Readonly<Record<TickMode, FeedMode>> = { ltp: 1, quote: 2, snapQuote: 3, depth20: 3 };

/** What each instrument is subscribed to: one priced mode, plus 20-level depth where the feed offers it. */
export function subscriptionsFor(instruments: FeedInstrument[], mode: TickMode): Subscription[] {
	const subs: Subscription[] = [];
	for (const { exchangeType, token } of instruments) {
		subs.push({ mode: FEED_MODE[mode], exchangeType, token });
		if (mode === 'depth20' && exchangeType === DEPTH20_EXCHANGE_TYPE) subs.push({ mode: 4, exchangeType, token });
	}
	return subs;
}

/**
 * What a strategy holds per tick: the decoded packet, normalized only when it is emitted. Most ticks are
 * dropped or replaced by the strategy (that is its purpose), so they never pay for IST strings and depth arrays.
 */
export interface TickPayload {
	instrument: FeedInstrument;
	/** The packet as the shared feed hands it to every trigger; its item is built once for all of them. */
	tick: FeedTick;
	/** The latest 20-level depth packet of the instrument when this tick arrived. */
	depth20: DecodedTick | undefined;
}

/** Everything a trigger keeps per instrument; the feed hands it over with each packet, so a tick needs no lookup. */
interface Slot {
	instrument: FeedInstrument;
	strategy: EmissionStrategy<TickPayload, IDataObject>;
	guard: InstrumentGuard;
	depth20: DecodedTick | undefined;
}

/** Joins the shared feed and starts the strategy timer. Throws FeedLimitError (and strategy config errors) at once. */
export function startTickSession(options: TickSessionOptions): TickSession {
	const env = runtimeOf(options.ctx);
	const byKey = new Map<string, FeedInstrument>();
	for (const instrument of options.instruments) byKey.set(instrumentKey(instrument.exchangeType, instrument.token), instrument);

	const strategies = new Map<string, EmissionStrategy<TickPayload, IDataObject>>();
	const slots = new Map<string, Slot>();
	for (const [key, instrument] of byKey) {
		const group = options.emission.groupOf(instrument.exchange);
		let strategy = strategies.get(group);
		if (strategy === undefined) {
			strategy = options.emission.strategyFor(instrument.exchange);
			strategies.set(group, strategy);
		}
		slots.set(key, { instrument, strategy, guard: new InstrumentGuard(), depth20: undefined });
	}
	const strategyList = [...strategies.values()];

	const lifetime = new AbortController();
	let closed = false;
	let waker: AbortController | undefined;
	let sleepingUntil = Infinity;
	let manualDone = false;

	const emitAll = (emissions: Array<Emission<IDataObject>>): void => {
		if (closed) return;
		for (const emission of emissions) {
			if (options.manual) {
				if (manualDone) return;
				manualDone = true;
			}
			options.emit(emission.items);
		}
	};

	const nextWake = (now: number): number | undefined => {
		let due: number | undefined;
		for (let i = 0; i < strategyList.length; i++) {
			const wake = strategyList[i].nextWakeMs(now);
			if (wake !== undefined && (due === undefined || wake < due)) due = wake;
		}
		return due;
	};

	const onTick = (tick: FeedTick, slot: Slot | undefined): void => {
		if (closed || slot === undefined) return;
		const { key, packet } = tick;
		if (packet.mode === 4) {
			slot.depth20 = packet;
			return;
		}
		const { instrument, strategy } = slot;
		const price = tick.price(instrument.priceDivisor);
		// A price of zero or less, or an absurd jump, never reaches a strategy (it would cross every level).
		if (slot.guard.check(price) !== 'accepted') return;
		const payload: TickPayload = { instrument, tick, depth20: slot.depth20 };
		const strategyTick = { key, price, timeMs: packet.exchangeTimestamp, volume: packet.volume, payload };
		// The feed read the clock once when the packet arrived, for every trigger it reaches.
		const now = Number.isNaN(tick.receivedAt) ? env.now() : tick.receivedAt;
		const emissions = strategy.onTick(strategyTick, now);
		if (options.manual && !manualDone && emissions.length === 0 && price > 0) {
			manualDone = true;
			options.emit([{ ...options.emission.preview(strategyTick), preview: true }]);
			return;
		}
		if (emissions.length > 0) emitAll(emissions);
		const due = nextWake(now);
		if (due !== undefined && due < sleepingUntil && waker !== undefined) {
			// abort() builds a DOMException on every call, even an aborted controller's: once per sleep is enough.
			const woken = waker;
			waker = undefined;
			woken.abort();
		}
	};

	const lease = acquireMarketFeed(options.account, options.url, {
		ctx: options.ctx,
		timings: options.timings,
		marketHours: options.marketHours && !options.manual ? [...new Set(options.instruments.map((i) => i.exchange))] : undefined,
		// Each subscription carries its instrument's slot, which the feed hands back with every packet of it.
		subscriptions: subscriptionsFor(options.instruments, options.mode).map((sub) => ({
			...sub,
			context: slots.get(instrumentKey(sub.exchangeType, sub.token)),
		})),
		onTick,
		onEvent: (event) => options.onEvent(event),
		onIssue: (issue) => options.onIssue(issue),
	});

	// Time-driven strategies (throttle's trailing tick, batches, candle closes) are released by this loop.
	const timer = tracked(async () => {
		while (!lifetime.signal.aborted) {
			let now = env.now();
			if ((nextWake(now) ?? Infinity) <= now) {
				for (const strategy of strategies.values()) {
					try {
						emitAll(strategy.onTimer(now));
					} catch (error) {
						// The loop must survive: it is what releases every later batch, trailing tick and candle.
						options.onEvent({ type: 'listenerError', error });
					}
				}
				now = env.now();
			}
			// Never less than 1 ms: even a strategy that failed to move its deadline cannot spin the event loop.
			const due = Math.max(nextWake(now) ?? now + 60_000, now + 1);
			const controller = new AbortController();
			const stop = (): void => controller.abort();
			lifetime.signal.addEventListener('abort', stop, { once: true });
			waker = controller;
			// Capped, so a clock that jumped (machine asleep) is noticed within a minute.
			sleepingUntil = due;
			try {
				await env.sleep(Math.min(60_000, sleepingUntil - now), controller.signal);
			} catch {
				// Woken early: by an earlier deadline after a tick, or by close.
			} finally {
				lifetime.signal.removeEventListener('abort', stop);
				waker = undefined;
				sleepingUntil = Infinity;
			}
		}
	});

	return {
		lease,
		async close() {
			closed = true;
			lifetime.abort();
			await Promise.all([timer, lease.release()]);
		},
	};
}
