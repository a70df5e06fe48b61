/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
// The simulated market: per-instrument price state (seeded, deterministic), tick-size price moves for active
// instruments, full snapshots for the feed and quotes, and 'tick' events on every change.

import { EventEmitter } from 'node:events';

import type { DepthLevel, SimClock, SimMarket, TickSnapshot } from './contracts';
import { createRng, type Rng } from './rng';
import type { Universe, UniverseInstrument } from './universe';
import type { SimVariants } from './variants';

/** Mutable price state of one instrument, in feed units (paise, 10^7 for CDS). */
export interface PriceState {
	ltp: number;
	open: number;
	high: number;
	low: number;
	/** previous close */
	close: number;
	volume: number;
	lastQty: number;
	/** Σ price × qty, for the average traded price */
	turnover: number;
	sequence: number;
	lastTradeMs: number;
	openInterest: number;
	openInterestStart: number;
	upperCircuit: number;
	lowerCircuit: number;
	week52High: number;
	week52Low: number;
}

export interface MarketOptions {
	seed: number;
	clock: SimClock;
	universe: Universe;
	/** Interval of automatic moves; 0 = prices move only when set. */
	tickIntervalMs: number;
	autoTick: boolean;
	/** The live switches (variants.ts); only `wholeSecondTimestamps` concerns the market. */
	variants?: Pick<SimVariants, 'wholeSecondTimestamps'>;
}

/** FNV-1a over a string, mixed with the seed: gives every instrument its own stable random stream. */
function hashSeed(seed: number, text: string): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

function onTick(value: number, tick: number): number {
	return tick > 0 ? Math.round(value / tick) * tick : Math.round(value);
}

export function instrumentKey(inst: { exchange: string; token: string }): string {
	return `${inst.exchange}|${inst.token}`;
}

export class Market extends EventEmitter implements SimMarket {
	private readonly states = new Map<string, PriceState>();
	private readonly active = new Map<string, UniverseInstrument>();
	private readonly moveRng: Rng;
	private timer: NodeJS.Timeout | undefined;
	private paused = false;

	constructor(private readonly options: MarketOptions) {
		super();
		// Many sockets and the order engine listen at once; the default cap of 10 would only produce warnings.
		this.setMaxListeners(0);
		this.moveRng = createRng(hashSeed(options.seed, 'moves'));
		if (options.autoTick && options.tickIntervalMs > 0) {
			this.timer = setInterval(() => {
				if (!this.paused) this.step();
			}, options.tickIntervalMs);
			// The simulator must never keep a test process (or the CLI after close) alive on its own.
			this.timer.unref();
		}
	}

	get universe(): Universe {
		return this.options.universe;
	}

	byExchangeType(exchangeType: number, token: string): UniverseInstrument | undefined {
		return this.options.universe.byExchangeType(exchangeType, token);
	}

	snapshot(exchangeType: number, token: string): TickSnapshot | undefined {
		const inst = this.byExchangeType(exchangeType, token);
		if (!inst) return undefined;
		this.markActive(inst);
		return this.snapshotOf(inst);
	}

	/** Active instruments move on every step: subscribed ones, those with open orders, and those set explicitly. */
	markActive(inst: UniverseInstrument): void {
		this.active.set(instrumentKey(inst), inst);
	}

	state(inst: UniverseInstrument): PriceState {
		const key = instrumentKey(inst);
		let state = this.states.get(key);
		if (!state) {
			state = this.initialState(inst);
			this.states.set(key, state);
		}
		return state;
	}

	/** Last price in feed units. */
	ltp(inst: UniverseInstrument): number {
		return this.state(inst).ltp;
	}

	/** Last price in rupees. */
	ltpRupees(inst: UniverseInstrument): number {
		return this.state(inst).ltp / inst.priceDivisor;
	}

	/** Sets the last price exactly (a trade of one lot at that price) and tells every listener. */
	setPrice(inst: UniverseInstrument, feedUnits: number, quantity = inst.lotSize): void {
		if (!Number.isSafeInteger(feedUnits) || feedUnits <= 0) throw new RangeError(`invalid price ${feedUnits}`);
		this.markActive(inst);
		this.trade(inst, this.state(inst), feedUnits, quantity);
	}

	/**
	 * Sends one tick at any price, even zero, negative or absurd, without trading or moving the market: the bad
	 * packet a faulty upstream could send, for testing that clients drop it.
	 */
	sendBadTick(inst: UniverseInstrument, feedUnits: number): void {
		this.markActive(inst);
		const snapshot = this.snapshotOf(inst);
		this.emit('tick', inst, { ...snapshot, ltp: feedUnits, exchangeTimestamp: this.options.clock.now(), sequenceNumber: snapshot.sequenceNumber + 1 });
	}

	/** Records a fill from the order engine so volume and last traded quantity reflect it (price unchanged). */
	recordFill(inst: UniverseInstrument, quantity: number): void {
		const state = this.state(inst);
		state.volume += quantity;
		state.turnover += state.ltp * quantity;
		state.lastQty = quantity;
	}

	/** One automatic move of every active instrument. */
	step(): void {
		for (const inst of [...this.active.values()]) {
			const state = this.state(inst);
			const rng = this.moveRng;
			let next: number;
			if (inst.tickSize > 0) {
				const ticks = Math.floor(rng() * 5) - 2;
				next = state.ltp + ticks * inst.tickSize;
			} else {
				next = Math.round(state.ltp * (1 + (rng() - 0.5) * 0.001));
			}
			if (state.upperCircuit > 0) next = Math.min(state.upperCircuit, Math.max(state.lowerCircuit, next));
			if (next <= 0) next = state.ltp;
			const qty = inst.instrumentType === 'AMXIDX' ? 0 : inst.lotSize * (1 + Math.floor(rng() * 20));
			this.trade(inst, state, next, qty);
		}
	}

	pause(): void {
		this.paused = true;
	}

	resume(): void {
		this.paused = false;
	}

	isPaused(): boolean {
		return this.paused;
	}

	close(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.removeAllListeners();
	}

	snapshotOf(inst: UniverseInstrument): TickSnapshot {
		const s = this.state(inst);
		const isIndex = inst.instrumentType === 'AMXIDX';
		const depth = (count: number, side: 1 | -1): DepthLevel[] => {
			if (isIndex) return [];
			const rng = createRng(hashSeed(s.sequence, `${inst.token}|${side}|${count}`));
			const levels: DepthLevel[] = [];
			for (let i = 0; i < count; i++) {
				const distance = side === 1 ? i + 1 : i;
				const price = s.ltp + side * distance * inst.tickSize;
				if (price <= 0) break;
				levels.push({ price, quantity: inst.lotSize * (1 + Math.floor(rng() * 50)), orders: 1 + Math.floor(rng() * 30) });
			}
			return levels;
		};
		const bestFiveBuy = depth(5, -1);
		const bestFiveSell = depth(5, 1);
		const depth20Buy = depth(20, -1);
		const depth20Sell = depth(20, 1);
		const sum = (levels: DepthLevel[]): number => levels.reduce((a, l) => a + l.quantity, 0);
		return {
			exchangeType: inst.exchangeType,
			token: inst.token,
			sequenceNumber: s.sequence,
			// Live exchange timestamps are whole seconds (in epoch ms).
			exchangeTimestamp: this.options.variants?.wholeSecondTimestamps === false ? s.lastTradeMs : Math.floor(s.lastTradeMs / 1000) * 1000,
			ltp: s.ltp,
			lastTradedQuantity: s.lastQty,
			averageTradedPrice: s.volume > 0 ? Math.round(s.turnover / s.volume) : s.ltp,
			volume: s.volume,
			totalBuyQuantity: isIndex ? 0 : sum(depth20Buy) * 7,
			totalSellQuantity: isIndex ? 0 : sum(depth20Sell) * 7,
			open: s.open,
			high: s.high,
			low: s.low,
			close: s.close,
			lastTradedTimestamp: Math.floor(s.lastTradeMs / 1000),
			openInterest: s.openInterest,
			openInterestChangePercent: s.openInterestStart > 0 ? ((s.openInterest - s.openInterestStart) / s.openInterestStart) * 100 : 0,
			bestFiveBuy,
			bestFiveSell,
			upperCircuit: s.upperCircuit,
			lowerCircuit: s.lowerCircuit,
			week52High: s.week52High,
			week52Low: s.week52Low,
			depth20Buy,
			depth20Sell,
		};
	}

	private trade(inst: UniverseInstrument, state: PriceState, price: number, quantity: number): void {
		state.ltp = price;
		state.high = Math.max(state.high, price);
		state.low = Math.min(state.low, price);
		state.week52High = Math.max(state.week52High, price);
		state.week52Low = Math.min(state.week52Low, price);
		state.volume += quantity;
		state.turnover += price * quantity;
		state.lastQty = quantity;
		state.sequence += 1;
		state.lastTradeMs = this.options.clock.now();
		if (state.openInterest > 0 && quantity > 0) {
			state.openInterest = Math.max(inst.lotSize, state.openInterest + (this.moveRng() < 0.5 ? -1 : 1) * quantity);
		}
		this.emit('tick', inst, this.snapshotOf(inst));
	}

	private initialState(inst: UniverseInstrument): PriceState {
		const rng = createRng(hashSeed(this.options.seed, instrumentKey(inst)));
		const tick = inst.tickSize;
		const close = inst.basePrice;
		const drift = (pct: number): number => Math.max(tick || 1, onTick(close * (1 + (rng() - 0.5) * pct), tick));
		const open = drift(0.02);
		const ltp = drift(0.02);
		const high = Math.max(open, ltp, drift(0.01) + (tick || 1) * Math.floor(rng() * 10));
		const low = Math.min(open, ltp, Math.max(tick || 1, drift(0.01) - (tick || 1) * Math.floor(rng() * 10)));
		const isIndex = inst.instrumentType === 'AMXIDX';
		const isDerivative = inst.exchange !== 'NSE' && inst.exchange !== 'BSE';
		const band = isDerivative ? 0.2 : 0.1;
		const volume = isIndex ? 0 : inst.lotSize * Math.floor(1000 + rng() * 200000);
		// Live quotes and SnapQuote packets show a non-zero open interest for cash-market stocks too (indices: 0);
		// derived from the volume so that the seeded stream of prices is unchanged.
		const openInterest = isDerivative ? inst.lotSize * Math.floor(1000 + rng() * 100000) : isIndex ? 0 : Math.max(1, Math.round(volume / 7));
		return {
			ltp,
			open,
			high,
			low,
			close,
			volume,
			lastQty: isIndex ? 0 : inst.lotSize,
			turnover: volume * Math.round((open + ltp) / 2),
			sequence: 1,
			lastTradeMs: this.options.clock.now(),
			openInterest,
			openInterestStart: Math.round(openInterest * (0.9 + rng() * 0.2)),
			upperCircuit: isIndex ? 0 : onTick(close * (1 + band), tick),
			lowerCircuit: isIndex ? 0 : Math.max(tick, onTick(close * (1 - band), tick)),
			week52High: Math.max(high, onTick(close * (1.1 + rng() * 0.3), tick)),
			week52Low: Math.min(low, Math.max(tick || 1, onTick(close * (0.6 + rng() * 0.3), tick))),
		};
	}
}
