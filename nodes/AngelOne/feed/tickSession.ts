// The Market Ticks event of one trigger node: its subscriptions on the shared feed, decoded packets normalized
// into trader units, run through its emission strategy (with the strategy's timer loop), and handed to emit.

import type { IDataObject } from 'n8n-workflow';

import { toIstIso } from '../helpers/ist';
import type { SmartApiContext } from '../transport/request';
import { tracked, type ConnectionTimings } from './connection';
import { acquireMarketFeed, DEPTH20_EXCHANGE_TYPE, type FeedIssue, type FeedLease, type Subscription } from './marketFeed';
import { sessionOf } from './marketHours';
import { instrumentKey, ownDepth, type FeedInstrument, type FeedTick } from './normalize';
import { TickGuard } from './tickGuard';
import { poolEnvironment, type SharedEvent } from './pool';
import {
	createStrategy,
	type CandleMinutes,
	type EmissionStrategy,
	type EmittedItem,
	type Emission,
	type StrategyConfig,
} from './strategies';
import type { DecodedTick, FeedMode } from './types';

export type TickMode = 'ltp' | 'quote' | 'snapQuote' | 'depth20';

/** The strategy as the node's parameters give it; candle session times are derived from the instruments. */
export type EmitConfig =
	| { mode: 'everyTick' }
	| { mode: 'throttle'; intervalMs: number }
	| { mode: 'batch'; intervalMs: number }
	| { mode: 'onChange'; minChangePercent?: number; minChangeRupees?: number }
	| {
			mode: 'priceCross';
			level: number;
			direction: 'above' | 'below' | 'either';
			hysteresis: number;
			hysteresisUnit: 'rupees' | 'percent';
	  }
	| { mode: 'candle'; intervalMinutes: CandleMinutes };

export interface TickSessionOptions {
	ctx: SmartApiContext;
	/** The credential's `accountKey`: triggers of one account share one socket. */
	account: string;
	url: string;
	instruments: FeedInstrument[];
	mode: TickMode;
	emitConfig: EmitConfig;
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

function round(value: number, divisor: number): number {
	const factor = divisor >= 10_000_000 ? 1e7 : 1e4;
	return Math.round(value * factor) / factor;
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

/** One strategy item as the workflow sees it: the tick's fields plus what the strategy adds. */
/** Said on candles built from LTP packets, which carry no traded volume (Quote and Snap Quote do). */
export const LTP_NO_VOLUME = 'LTP mode carries no volume: choose Quote or Snap Quote for candle volume';

export function itemJson(item: EmittedItem<TickPayload>, preview = false): IDataObject {
	const extra: IDataObject = preview ? { preview: true } : {};
	const { instrument, tick, depth20 } = item.payload;
	const divisor = instrument.priceDivisor;
	switch (item.kind) {
		case 'tick':
			return ownDepth({ event: 'tick', ...tick.fields(instrument, depth20), ...extra });
		case 'change':
			return ownDepth({
				event: 'change',
				...tick.fields(instrument, depth20),
				previousPrice: item.previousPrice ?? item.price,
				change: round(item.change, divisor),
				changePercent: Math.round(item.changePercent * 1e4) / 1e4,
				baseline: item.baseline,
				...extra,
			});
		case 'cross':
			return ownDepth({
				event: 'cross',
				...tick.fields(instrument, depth20),
				direction: item.direction,
				level: item.level,
				previousPrice: item.previousPrice,
				...extra,
			});
		case 'candle': {
			const { exchange, tradingSymbol, token } = instrument;
			return {
				event: 'candle',
				exchange,
				tradingSymbol,
				token,
				interval: `${Math.round((item.end - item.start) / 60_000)}m`,
				start: toIstIso(item.start),
				end: toIstIso(item.end),
				startMs: item.start,
				open: item.open,
				high: item.high,
				low: item.low,
				close: item.close,
				volume: item.volume,
				...(item.volume === null ? { volumeNote: LTP_NO_VOLUME } : {}),
				ticks: item.ticks,
				partial: item.partial,
				...extra,
			};
		}
	}
}

/** Candle grids follow each exchange's session, so instruments are grouped by session for that strategy. */
function strategyGroup(config: EmitConfig, exchange: string): string {
	if (config.mode !== 'candle') return 'all';
	const { open, close } = sessionOf(exchange);
	return `${open}-${close}`;
}

function strategyConfig(config: EmitConfig, exchange: string): StrategyConfig {
	if (config.mode !== 'candle') return config;
	const { open, close } = sessionOf(exchange);
	return {
		mode: 'candle',
		intervalMinutes: config.intervalMinutes,
		anchorIst: { hour: Math.floor(open / 60), minute: open % 60 },
		sessionCloseIst: { hour: Math.floor(close / 60), minute: close % 60 },
	};
}

/** The item the strategy would send, built from one tick, for a test run that cannot wait for the real event. */
function previewItem(config: EmitConfig, key: string, price: number, timeMs: number, payload: TickPayload): EmittedItem<TickPayload> {
	switch (config.mode) {
		case 'priceCross':
			return {
				kind: 'cross',
				key,
				price,
				timeMs,
				payload,
				direction: price >= config.level ? 'above' : 'below',
				level: config.level,
				previousPrice: price,
			};
		case 'candle': {
			const minutes = config.intervalMinutes * 60_000;
			const start = Math.floor(timeMs / minutes) * minutes;
			const volume = payload.tick.packet.volume === undefined ? null : 0;
			return { kind: 'candle', key, payload, open: price, high: price, low: price, close: price, volume, ticks: 1, start, end: start + minutes, partial: true };
		}
		case 'onChange':
			return { kind: 'change', key, price, timeMs, payload, baseline: true, change: 0, changePercent: 0 };
		default:
			return { kind: 'tick', key, price, timeMs, payload };
	}
}

/** Joins the shared feed and starts the strategy timer. Throws FeedLimitError (and strategy config errors) at once. */
export function startTickSession(options: TickSessionOptions): TickSession {
	const env = poolEnvironment.current;
	const byKey = new Map<string, FeedInstrument>();
	for (const instrument of options.instruments) byKey.set(instrumentKey(instrument.exchangeType, instrument.token), instrument);

	const strategies = new Map<string, EmissionStrategy<TickPayload>>();
	const strategyOf = new Map<string, EmissionStrategy<TickPayload>>();
	for (const [key, instrument] of byKey) {
		const group = strategyGroup(options.emitConfig, instrument.exchange);
		let strategy = strategies.get(group);
		if (strategy === undefined) {
			strategy = createStrategy<TickPayload>(strategyConfig(options.emitConfig, instrument.exchange));
			strategies.set(group, strategy);
		}
		strategyOf.set(key, strategy);
	}

	const depth20 = new Map<string, DecodedTick>();
	const guard = new TickGuard();
	const lifetime = new AbortController();
	let waker: AbortController | undefined;
	let sleepingUntil = Infinity;
	let manualDone = false;

	const emitAll = (emissions: Array<Emission<TickPayload>>): void => {
		if (lifetime.signal.aborted) return;
		for (const emission of emissions) {
			if (options.manual) {
				if (manualDone) return;
				manualDone = true;
			}
			options.emit(emission.items.map((item) => itemJson(item)));
		}
	};

	const nextWake = (now: number): number | undefined => {
		let due: number | undefined;
		for (const strategy of strategies.values()) {
			const wake = strategy.nextWakeMs(now);
			if (wake !== undefined && (due === undefined || wake < due)) due = wake;
		}
		return due;
	};

	const onTick = (tick: FeedTick): void => {
		if (lifetime.signal.aborted) return;
		const { key, packet } = tick;
		const instrument = byKey.get(key);
		const strategy = strategyOf.get(key);
		if (instrument === undefined || strategy === undefined) return;
		if (packet.mode === 4) {
			depth20.set(key, packet);
			return;
		}
		const price = tick.price(instrument.priceDivisor);
		// A price of zero or less, or an absurd jump, never reaches a strategy (it would cross every level).
		if (guard.check(key, price) !== 'accepted') return;
		const payload: TickPayload = { instrument, tick, depth20: depth20.get(key) };
		const strategyTick = { key, price, timeMs: packet.exchangeTimestamp, volume: packet.volume, payload };
		const now = env.now();
		const emissions = strategy.onTick(strategyTick, now);
		if (options.manual && !manualDone && emissions.length === 0 && price > 0) {
			manualDone = true;
			options.emit([itemJson(previewItem(options.emitConfig, key, price, packet.exchangeTimestamp, payload), true)]);
			return;
		}
		emitAll(emissions);
		const due = nextWake(now);
		if (due !== undefined && due < sleepingUntil) waker?.abort();
	};

	const lease = acquireMarketFeed(options.account, options.url, {
		ctx: options.ctx,
		timings: options.timings,
		marketHours: options.marketHours && !options.manual ? [...new Set(options.instruments.map((i) => i.exchange))] : undefined,
		subscriptions: subscriptionsFor(options.instruments, options.mode),
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
			lifetime.abort();
			await Promise.all([timer, lease.release()]);
		},
	};
}
