// Tests for the trigger's emission strategies: explicit price paths in, the exact executions out.
// A small replay loop plays the trigger's part: it sleeps until nextWakeMs, calls onTimer, and feeds ticks.

import { createCandleStrategy, type CandleConfig, type CandleItem } from '../../nodes/AngelOne/feed/candles';
import {
	batch,
	everyTick,
	guarded,
	onChange,
	priceCross,
	throttle,
	type BatchConfig,
	type ChangeItem,
	type CrossItem,
	type EmissionStrategy,
	type EveryTickConfig,
	type OnChangeConfig,
	type PriceCrossConfig,
	type StrategyCore,
	type StrategyTick,
	type ThrottleConfig,
	type TickItem,
} from '../../nodes/AngelOne/feed/strategies';
import { fromIst } from '../../nodes/AngelOne/helpers/ist';

/** A strategy's config as its Emit mode reads it, plus the guard's dedupe switch. */
type StrategyConfig = { dedupe?: boolean } & (
	| EveryTickConfig
	| ThrottleConfig
	| BatchConfig
	| OnChangeConfig
	| PriceCrossConfig
	| CandleConfig
);
type EmittedItem<T> = TickItem<T> | ChangeItem<T> | CrossItem<T> | CandleItem<T>;

interface Quote {
	ltp: number;
}

interface Arrival {
	/** Wall-clock arrival time. */
	at: number;
	tick: StrategyTick<Quote>;
}

interface Emitted {
	at: number;
	items: Array<EmittedItem<Quote>>;
}

/** Wednesday 25 Nov 2026, 09:15:00 IST. */
const T0 = fromIst(2026, 11, 25, 9, 15);
const sec = (s: number): number => T0 + Math.round(s * 1000);
const ist = (hour: number, minute: number, second = 0): number => fromIst(2026, 11, 25, hour, minute, second);

function tick(key: string, price: number, timeMs: number, volume?: number): StrategyTick<Quote> {
	const base = { key, price, timeMs, payload: { ltp: price } };
	return volume === undefined ? base : { ...base, volume };
}

/** A tick that arrives at its exchange time. */
function live(key: string, price: number, timeMs: number, volume?: number): Arrival {
	return { at: timeMs, tick: tick(key, price, timeMs, volume) };
}

/**
 * Plays the trigger: before each arrival (and up to `untilMs`) it wakes at every nextWakeMs and calls onTimer,
 * and it fails if a wake-up leaves nextWakeMs not after itself, which would make the trigger spin.
 */
function replay(strategy: EmissionStrategy<Quote, EmittedItem<Quote>>, arrivals: Arrival[], untilMs: number): Emitted[] {
	const out: Emitted[] = [];
	let now = -Infinity;
	const runTimers = (limit: number): void => {
		for (let wake = strategy.nextWakeMs(now); wake !== undefined && wake <= limit; wake = strategy.nextWakeMs(now)) {
			now = wake;
			for (const emission of strategy.onTimer(now)) out.push({ at: now, items: emission.items });
			const next = strategy.nextWakeMs(now);
			if (next !== undefined && next <= now) throw new Error(`nextWakeMs did not move past ${now}`);
		}
	};
	for (const { at, tick: t } of arrivals) {
		runTimers(at);
		now = at;
		for (const emission of strategy.onTick(t, at)) out.push({ at, items: emission.items });
	}
	runTimers(untilMs);
	return out;
}

/** Emissions as "ms after 09:15 → instrument@price" lines, for paths where only which tick went out matters. */
function brief(emitted: Emitted[]): Array<[number, string[]]> {
	return emitted.map(({ at, items }) => [
		at - T0,
		items.map((item) => `${item.key}@${item.kind === 'candle' ? item.close : item.price}`),
	]);
}

function coreFor(config: StrategyConfig): StrategyCore<Quote, EmittedItem<Quote>> {
	switch (config.mode) {
		case 'everyTick':
			return everyTick();
		case 'throttle':
			return throttle(config);
		case 'batch':
			return batch(config);
		case 'onChange':
			return onChange(config);
		case 'priceCross':
			return priceCross(config);
		case 'candle':
			return createCandleStrategy(config);
	}
}

function strategyFor(config: StrategyConfig): EmissionStrategy<Quote, EmittedItem<Quote>> {
	return guarded(coreFor(config), config.dedupe ?? true);
}

describe('every tick', () => {
	it('starts one execution per tick, carrying the tick', () => {
		const strategy = strategyFor({ mode: 'everyTick' });
		expect(replay(strategy, [live('1:3045', 812.5, sec(0)), live('1:3045', 812.55, sec(0.3))], sec(10))).toEqual([
			{ at: sec(0), items: [{ kind: 'tick', key: '1:3045', price: 812.5, timeMs: sec(0), payload: { ltp: 812.5 } }] },
			{
				at: sec(0.3),
				items: [{ kind: 'tick', key: '1:3045', price: 812.55, timeMs: sec(0.3), payload: { ltp: 812.55 } }],
			},
		]);
		expect(strategy.nextWakeMs(sec(1))).toBeUndefined();
		expect(strategy.onTimer(sec(100))).toEqual([]);
	});

	it('drops the snapshot the feed resends after a reconnect, but not a new trade at the same price', () => {
		const strategy = strategyFor({ mode: 'everyTick' });
		const arrivals = [
			live('A', 100, sec(0), 5000),
			{ at: sec(4), tick: tick('A', 100, sec(0), 5000) }, // resent after reconnect
			live('A', 100, sec(5), 5000), // same price, later exchange time
			live('B', 100, sec(5), 5000), // same fields, other instrument
			live('A', 100, sec(5), 5200), // same time and price, more volume: another trade
		];
		expect(brief(replay(strategy, arrivals, sec(10)))).toEqual([
			[0, ['A@100']],
			[5000, ['A@100']],
			[5000, ['B@100']],
			[5000, ['A@100']],
		]);
	});

	it('passes repeated ticks through when dedupe is off', () => {
		const strategy = strategyFor({ mode: 'everyTick', dedupe: false });
		const arrivals = [live('A', 100, sec(0)), { at: sec(1), tick: tick('A', 100, sec(0)) }];
		expect(brief(replay(strategy, arrivals, sec(2)))).toEqual([
			[0, ['A@100']],
			[1000, ['A@100']],
		]);
	});

	it('ignores ticks without a usable price or time', () => {
		const strategy = strategyFor({ mode: 'everyTick' });
		const arrivals = [
			live('A', 0, sec(0)),
			live('A', Number.NaN, sec(1)),
			live('A', Number.POSITIVE_INFINITY, sec(2)),
			{ at: sec(3), tick: tick('A', 100, Number.NaN) },
			live('A', 100, sec(4)),
		];
		expect(brief(replay(strategy, arrivals, sec(5)))).toEqual([[4000, ['A@100']]]);
	});
});

describe('throttle', () => {
	it('sends the first tick at once, holds the rest of the window and sends the latest at its end', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		const arrivals = [
			live('A', 100, sec(0)),
			live('B', 50, sec(0.1)),
			live('A', 101, sec(0.2)),
			live('B', 51, sec(0.4)),
			live('A', 102, sec(0.5)),
			live('A', 103, sec(1.3)),
			live('A', 104, sec(3)),
		];
		expect(brief(replay(strategy, arrivals, sec(10)))).toEqual([
			[0, ['A@100']], // leading edge
			[100, ['B@50']],
			[1000, ['A@102']], // trailing edge: 101 was superseded
			[1100, ['B@51']],
			[2000, ['A@103']], // held in the window the trailing edge opened
			[3000, ['A@104']], // quiet window ended: leading edge again
		]);
	});

	it('carries the held tick itself in the trailing execution', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		expect(strategy.onTick(tick('A', 100, sec(0)), sec(0))).toEqual([
			{ items: [{ kind: 'tick', key: 'A', price: 100, timeMs: sec(0), payload: { ltp: 100 } }] },
		]);
		expect(strategy.onTick(tick('A', 101, sec(0.4)), sec(0.5))).toEqual([]);
		expect(strategy.onTimer(sec(1))).toEqual([
			{ items: [{ kind: 'tick', key: 'A', price: 101, timeMs: sec(0.4), payload: { ltp: 101 } }] },
		]);
	});

	it('never exceeds one execution per interval per instrument and always ends on the last price', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		// A tick every 70 ms for 5 s, price stepping by 0.05 each time.
		const arrivals = Array.from({ length: 72 }, (_, i) => live('A', 100 + i * 0.05, T0 + i * 70));
		const emitted = replay(strategy, arrivals, sec(20));
		expect(emitted.map(({ at }) => at - T0)).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
		expect(emitted[emitted.length - 1].items).toEqual([arrivals[71].tick].map((t) => ({ kind: 'tick', ...t })));
	});

	it('sends trailing ticks that fall due together in one execution', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		const arrivals = [live('A', 100, sec(0)), live('B', 50, sec(0)), live('A', 101, sec(0.5)), live('B', 51, sec(0.6))];
		expect(brief(replay(strategy, arrivals, sec(5)))).toEqual([
			[0, ['A@100']],
			[0, ['B@50']],
			[1000, ['A@101', 'B@51']],
		]);
	});

	it('wakes exactly when the earliest held tick falls due', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		strategy.onTick(tick('A', 100, sec(0)), sec(0));
		expect(strategy.nextWakeMs(sec(0))).toBeUndefined(); // nothing held
		strategy.onTick(tick('B', 50, sec(0.1)), sec(0.1));
		strategy.onTick(tick('B', 51, sec(0.15)), sec(0.15));
		expect(strategy.nextWakeMs(sec(0.15))).toBe(sec(1.1));
		// A's window opened first, so it falls due first, though its tick was held later.
		strategy.onTick(tick('A', 101, sec(0.2)), sec(0.2));
		expect(strategy.nextWakeMs(sec(0.2))).toBe(sec(1));
		expect(brief(strategy.onTimer(sec(1)).map(({ items }) => ({ at: sec(1), items })))).toEqual([[1000, ['A@101']]]);
		expect(strategy.nextWakeMs(sec(1))).toBe(sec(1.1));
		expect(strategy.onTimer(sec(1.1))).toHaveLength(1);
		expect(strategy.nextWakeMs(sec(1.1))).toBeUndefined();
		// Overdue work is reported as due now, never in the past.
		strategy.onTick(tick('A', 102, sec(1.2)), sec(1.2));
		expect(strategy.nextWakeMs(sec(2.5))).toBe(sec(2.5));
	});

	it('lets a newer tick supersede a held one whose window ended while the timer was late', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		strategy.onTick(tick('A', 100, sec(0)), sec(0));
		strategy.onTick(tick('A', 101, sec(0.5)), sec(0.5));
		expect(strategy.nextWakeMs(sec(0.5))).toBe(sec(1));
		expect(strategy.onTick(tick('A', 102, sec(1.5)), sec(1.5))).toEqual([
			{ items: [{ kind: 'tick', key: 'A', price: 102, timeMs: sec(1.5), payload: { ltp: 102 } }] },
		]);
		expect(strategy.nextWakeMs(sec(1.5))).toBeUndefined();
		expect(strategy.onTimer(sec(2))).toEqual([]);
	});

	it('treats a wall clock stepped backwards as standing still, so held ticks still go out and the trigger never spins', () => {
		const strategy = strategyFor({ mode: 'throttle', intervalMs: 1000 });
		// After A's leading tick NTP steps the clock back 10 s; B's window must not end before A's.
		const arrivals = [
			live('A', 100, sec(0)),
			{ at: sec(-9.9), tick: tick('B', 50, sec(0.1)) },
			{ at: sec(-9.8), tick: tick('B', 51, sec(0.2)) },
		];
		expect(brief(replay(strategy, arrivals, sec(5)))).toEqual([
			[0, ['A@100']],
			[-9900, ['B@50']],
			[1000, ['B@51']],
		]);
	});
});

describe('batch', () => {
	it('sends each instrument’s latest tick once per period and skips periods without ticks', () => {
		const strategy = strategyFor({ mode: 'batch', intervalMs: 5000 });
		const arrivals = [
			live('A', 100, sec(0.5)),
			live('B', 50, sec(1)),
			live('A', 101, sec(2)),
			live('B', 51, sec(12)),
			live('B', 52, sec(14.9)),
			live('A', 102, sec(15)),
		];
		expect(replay(strategy, arrivals, sec(30))).toEqual([
			{
				at: sec(5),
				items: [
					{ kind: 'tick', key: 'A', price: 101, timeMs: sec(2), payload: { ltp: 101 } },
					{ kind: 'tick', key: 'B', price: 50, timeMs: sec(1), payload: { ltp: 50 } },
				],
			},
			// 09:15:05–09:15:10 had no ticks: no execution.
			{ at: sec(15), items: [{ kind: 'tick', key: 'B', price: 52, timeMs: sec(14.9), payload: { ltp: 52 } }] },
			{ at: sec(20), items: [{ kind: 'tick', key: 'A', price: 102, timeMs: sec(15), payload: { ltp: 102 } }] },
		]);
	});

	it('closes periods on the IST wall-clock grid', () => {
		const minute = strategyFor({ mode: 'batch', intervalMs: 60_000 });
		minute.onTick(tick('A', 100, ist(9, 15, 42)), ist(9, 15, 42));
		expect(minute.nextWakeMs(ist(9, 15, 42))).toBe(ist(9, 16));

		// Hourly batches close on the IST hour, not on the UTC hour (which is half past in IST).
		const hourly = strategyFor({ mode: 'batch', intervalMs: 3_600_000 });
		hourly.onTick(tick('A', 100, ist(9, 15, 42)), ist(9, 15, 42));
		expect(hourly.nextWakeMs(ist(9, 15, 42))).toBe(ist(10, 0));
	});

	it('sends an overdue period before starting the next when the timer ran late', () => {
		const strategy = strategyFor({ mode: 'batch', intervalMs: 5000 });
		expect(strategy.nextWakeMs(sec(0))).toBeUndefined();
		strategy.onTick(tick('A', 100, sec(1)), sec(1));
		expect(strategy.nextWakeMs(sec(1))).toBe(sec(5));
		expect(strategy.nextWakeMs(sec(6))).toBe(sec(6));
		expect(strategy.onTick(tick('A', 101, sec(7)), sec(7))).toEqual([
			{ items: [{ kind: 'tick', key: 'A', price: 100, timeMs: sec(1), payload: { ltp: 100 } }] },
		]);
		expect(strategy.nextWakeMs(sec(7))).toBe(sec(10));
		expect(strategy.onTimer(sec(10))).toEqual([
			{ items: [{ kind: 'tick', key: 'A', price: 101, timeMs: sec(7), payload: { ltp: 101 } }] },
		]);
		expect(strategy.nextWakeMs(sec(10))).toBeUndefined();
	});
});

describe('on change', () => {
	it('emits the first tick as the baseline, then each move of at least the percentage from the last emitted price', () => {
		const strategy = strategyFor({ mode: 'onChange', minChangePercent: 1 });
		const prices = [100, 100.5, 100.99, 101, 100.2, 99.99];
		const emitted = replay(
			strategy,
			prices.map((price, i) => live('A', price, sec(i))),
			sec(10),
		);
		expect(emitted).toEqual([
			{
				at: sec(0),
				items: [
					{
						kind: 'change',
						key: 'A',
						price: 100,
						timeMs: sec(0),
						payload: { ltp: 100 },
						baseline: true,
						change: 0,
						changePercent: 0,
					},
				],
			},
			{
				at: sec(3),
				items: [
					{
						kind: 'change',
						key: 'A',
						price: 101,
						timeMs: sec(3),
						payload: { ltp: 101 },
						baseline: false,
						previousPrice: 100,
						change: expect.closeTo(1, 9),
						changePercent: expect.closeTo(1, 9),
					},
				],
			},
			{
				at: sec(5),
				items: [
					{
						kind: 'change',
						key: 'A',
						price: 99.99,
						timeMs: sec(5),
						payload: { ltp: 99.99 },
						baseline: false,
						previousPrice: 101,
						change: expect.closeTo(-1.01, 9),
						changePercent: expect.closeTo(-1, 9),
					},
				],
			},
		]);
	});

	it('counts a move of exactly the rupee threshold despite floating-point subtraction', () => {
		const strategy = strategyFor({ mode: 'onChange', minChangeRupees: 0.1 });
		const prices = [100, 100.05, 100.1, 100.15, 100];
		expect(
			brief(
				replay(
					strategy,
					prices.map((price, i) => live('A', price, sec(i))),
					sec(10),
				),
			),
		).toEqual([
			[0, ['A@100']],
			[2000, ['A@100.1']],
			[4000, ['A@100']],
		]);
	});

	it('adds up a slow drift instead of comparing each tick with the one before', () => {
		const strategy = strategyFor({ mode: 'onChange', minChangePercent: 1 });
		const prices = [100, 100.6, 101.2];
		expect(
			brief(
				replay(
					strategy,
					prices.map((price, i) => live('A', price, sec(i))),
					sec(10),
				),
			),
		).toEqual([
			[0, ['A@100']],
			[2000, ['A@101.2']],
		]);
	});

	it('fires when either threshold is met, per instrument', () => {
		const strategy = strategyFor({ mode: 'onChange', minChangePercent: 1, minChangeRupees: 5 });
		const arrivals = [
			live('BANK', 1000, sec(0)),
			live('ITC', 100, sec(0)),
			live('BANK', 1004, sec(1)), // 0.4 %, ₹4: neither
			live('ITC', 100.5, sec(1)), // 0.5 %, ₹0.50: neither
			live('BANK', 1005, sec(2)), // ₹5 suffices
			live('ITC', 101, sec(2)), // 1 % suffices
		];
		expect(brief(replay(strategy, arrivals, sec(10)))).toEqual([
			[0, ['BANK@1000']],
			[0, ['ITC@100']],
			[2000, ['BANK@1005']],
			[2000, ['ITC@101']],
		]);
	});

	it('refuses a configuration without a positive threshold', () => {
		expect(() => strategyFor({ mode: 'onChange' })).toThrow('needs a minimum change');
		expect(() => strategyFor({ mode: 'onChange', minChangePercent: 0 })).toThrow(
			'Minimum change (%) must be a positive number',
		);
		expect(() => strategyFor({ mode: 'onChange', minChangeRupees: -1 })).toThrow(
			'Minimum change (₹) must be a positive number',
		);
	});
});

describe('price crosses a level', () => {
	const run = (config: StrategyConfig, prices: number[]): Emitted[] =>
		replay(
			strategyFor(config),
			prices.map((price, i) => live('A', price, sec(i))),
			sec(prices.length + 10),
		);

	it('fires once for a price hovering at the level and re-arms only past the hysteresis', () => {
		const prices = [99.5, 100.2, 99.8, 100.1, 99.9, 100.3, 98.9, 100];
		expect(run({ mode: 'priceCross', level: 100, direction: 'above', hysteresis: 1 }, prices)).toEqual([
			{
				at: sec(1),
				items: [
					{
						kind: 'cross',
						key: 'A',
						price: 100.2,
						timeMs: sec(1),
						payload: { ltp: 100.2 },
						direction: 'above',
						level: 100,
						previousPrice: 99.5,
					},
				],
			},
			{
				at: sec(7),
				items: [
					{
						kind: 'cross',
						key: 'A',
						price: 100,
						timeMs: sec(7),
						payload: { ltp: 100 },
						direction: 'above',
						level: 100,
						previousPrice: 98.9,
					},
				],
			},
		]);
	});

	it('fires below when the price falls to the level, with hysteresis in percent of the level', () => {
		// 1 % of 100 = ₹1: re-arms at 101 or higher.
		const prices = [101, 99.9, 100.2, 99.95, 100.9, 101, 100];
		expect(
			brief(
				run({ mode: 'priceCross', level: 100, direction: 'below', hysteresis: 1, hysteresisUnit: 'percent' }, prices),
			),
		).toEqual([
			[1000, ['A@99.9']],
			[6000, ['A@100']],
		]);
	});

	it('re-arms at exactly the hysteresis boundary even when level − hysteresis is not exact in binary', () => {
		// 100.05 − 0.15 is 99.89999999999999 in floating point; a price of 99.90 must still re-arm.
		const prices = [100, 100.1, 99.95, 100.2, 99.9, 100.05];
		expect(brief(run({ mode: 'priceCross', level: 100.05, direction: 'above', hysteresis: 0.15 }, prices))).toEqual([
			[1000, ['A@100.1']],
			[5000, ['A@100.05']],
		]);
	});

	it('watches both directions with either, each with its own hysteresis', () => {
		const strategy = strategyFor({ mode: 'priceCross', level: 100, direction: 'either', hysteresis: 1 });
		const prices = [99, 100.5, 99.5, 101.2, 99.9, 98.7, 100];
		const emitted = replay(
			strategy,
			prices.map((price, i) => live('A', price, sec(i))),
			sec(20),
		);
		expect(
			emitted.map(({ at, items }) =>
				items.map((item) => (item.kind === 'cross' ? [at - T0, item.direction, item.previousPrice, item.price] : [])),
			),
		).toEqual([[[1000, 'above', 99, 100.5]], [[4000, 'below', 101.2, 99.9]], [[6000, 'above', 98.7, 100]]]);
	});

	it('uses the first tick only to learn the side: a first price above the level waits for a retreat past the hysteresis', () => {
		const prices = [100.2, 99.8, 100.1, 99.4, 100.3];
		expect(brief(run({ mode: 'priceCross', level: 100, direction: 'above', hysteresis: 0.5 }, prices))).toEqual([
			[4000, ['A@100.3']],
		]);
		// A first price already past the level never fires by itself.
		expect(run({ mode: 'priceCross', level: 100, direction: 'above' }, [105])).toEqual([]);
	});

	it('without hysteresis fires once while the price sits on the level and re-arms once strictly below it', () => {
		const prices = [99.9, 100, 100, 100, 99.95, 100];
		expect(brief(run({ mode: 'priceCross', level: 100, direction: 'above' }, prices))).toEqual([
			[1000, ['A@100']],
			[5000, ['A@100']],
		]);
	});

	it('tracks each instrument separately', () => {
		const strategy = strategyFor({ mode: 'priceCross', level: 100, direction: 'above' });
		const arrivals = [live('A', 99, sec(0)), live('B', 101, sec(0)), live('B', 102, sec(1)), live('A', 100.5, sec(1))];
		expect(brief(replay(strategy, arrivals, sec(5)))).toEqual([[1000, ['A@100.5']]]);
		expect(strategy.nextWakeMs(sec(5))).toBeUndefined();
	});

	it('refuses a negative hysteresis', () => {
		expect(() => strategyFor({ mode: 'priceCross', level: 100, direction: 'above', hysteresis: -1 })).toThrow(
			'Hysteresis must be zero or a positive number',
		);
	});
});

describe('candle close', () => {
	const candle = (
		key: string,
		bar: { open: number; high: number; low: number; close: number; volume: number | null; ticks: number },
		start: number,
		end: number,
		partial = false,
	): EmittedItem<Quote> => ({ kind: 'candle', key, payload: { ltp: bar.close }, ...bar, start, end, partial });

	it('cuts 5-minute bars at 09:15 and 09:20 IST, closed by the next bar’s tick or by the timer after the grace', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const arrivals = [
			live('A', 100, ist(9, 15), 1000),
			live('A', 102, ist(9, 16, 30), 1500),
			{ at: ist(9, 19, 59) + 900, tick: tick('A', 99, ist(9, 19, 59) + 900, 1800) },
			live('A', 101, ist(9, 20), 2000),
			live('A', 103, ist(9, 21), 2600),
			live('A', 104, ist(9, 24), 2700),
		];
		expect(replay(strategy, arrivals, ist(9, 40))).toEqual([
			{
				at: ist(9, 20),
				items: [
					candle(
						'A',
						{ open: 100, high: 102, low: 99, close: 99, volume: 800, ticks: 3 },
						ist(9, 15),
						ist(9, 20),
						true,
					),
				],
			},
			{
				at: ist(9, 25, 2),
				items: [
					candle('A', { open: 101, high: 104, low: 101, close: 104, volume: 900, ticks: 3 }, ist(9, 20), ist(9, 25)),
				],
			},
		]);
		expect(strategy.nextWakeMs(ist(9, 40))).toBeUndefined();
	});

	it('cuts 60-minute bars NSE-style, 09:15–10:15, and ends the last one at the 15:30 close', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 60 });
		const arrivals = [
			live('A', 100, ist(9, 15)),
			live('A', 105, ist(9, 40)),
			live('A', 104, ist(10, 14, 59)),
			live('A', 106, ist(10, 15)),
			live('A', 110, ist(15, 20)),
			live('A', 109, ist(15, 29, 59)),
		];
		expect(brief(replay(strategy, arrivals, ist(17, 0)))).toEqual([
			[ist(10, 15) - T0, ['A@104']],
			[ist(11, 15, 2) - T0, ['A@106']],
			[ist(15, 30, 2) - T0, ['A@109']],
		]);
		const bars = replay(strategyFor({ mode: 'candle', intervalMinutes: 60 }), arrivals, ist(17, 0)).map(({ items }) =>
			items.map((item) => (item.kind === 'candle' ? [item.start, item.end, item.open, item.close] : [])),
		);
		expect(bars).toEqual([
			[[ist(9, 15), ist(10, 15), 100, 104]],
			[[ist(10, 15), ist(11, 15), 106, 106]],
			[[ist(15, 15), ist(15, 30), 110, 109]],
		]);
	});

	it('follows another session when given its anchor and close (MCX 09:00–23:30)', () => {
		const strategy = strategyFor({
			mode: 'candle',
			intervalMinutes: 60,
			anchorIst: { hour: 9, minute: 0 },
			sessionCloseIst: { hour: 23, minute: 30 },
		});
		const arrivals = [live('5:1', 6000, ist(9, 30)), live('5:1', 6010, ist(23, 10)), live('5:1', 6020, ist(23, 45))];
		const bars = replay(strategy, arrivals, ist(23, 59)).map(({ items }) =>
			items.map((item) => (item.kind === 'candle' ? [item.start, item.end] : [])),
		);
		// The ticks after the close form their own bar from the close to the grid's next boundary.
		expect(bars).toEqual([[[ist(9, 0), ist(10, 0)]], [[ist(23, 0), ist(23, 30)]]]);
		expect(strategy.nextWakeMs(ist(23, 59))).toBe(fromIst(2026, 11, 26, 0, 0, 2));
	});

	it('puts every interval on the wall-clock grid anchored at 09:15', () => {
		const boundsAt = (intervalMinutes: 1 | 3 | 5 | 15 | 60): number[] => {
			const strategy = strategyFor({ mode: 'candle', intervalMinutes });
			strategy.onTick(tick('A', 100, ist(10, 7, 30)), ist(10, 7, 30));
			const [emission] = strategy.onTimer(ist(12, 0));
			const item = emission.items[0];
			return item.kind === 'candle' ? [item.start, item.end] : [];
		};
		expect(boundsAt(1)).toEqual([ist(10, 7), ist(10, 8)]);
		expect(boundsAt(3)).toEqual([ist(10, 6), ist(10, 9)]);
		expect(boundsAt(5)).toEqual([ist(10, 5), ist(10, 10)]);
		expect(boundsAt(15)).toEqual([ist(10, 0), ist(10, 15)]);
		expect(boundsAt(60)).toEqual([ist(9, 15), ist(10, 15)]);
	});

	it('wakes at the bar end plus the grace and closes the bar then', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5, graceMs: 1500 });
		expect(strategy.nextWakeMs(ist(9, 15))).toBeUndefined();
		strategy.onTick(tick('A', 100, ist(9, 16)), ist(9, 16));
		expect(strategy.nextWakeMs(ist(9, 16))).toBe(ist(9, 20) + 1500);
		expect(strategy.onTimer(ist(9, 20) + 1499)).toEqual([]);
		expect(strategy.onTimer(ist(9, 20) + 1500)).toEqual([
			{
				items: [
					candle(
						'A',
						{ open: 100, high: 100, low: 100, close: 100, volume: null, ticks: 1 },
						ist(9, 15),
						ist(9, 20),
						true,
					),
				],
			},
		]);
		expect(strategy.nextWakeMs(ist(9, 20) + 1500)).toBeUndefined();
		expect(strategy.onTimer(ist(9, 30))).toEqual([]);
	});

	it('takes a late tick inside the grace into its bar, and drops one after the bar went out', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const arrivals = [
			live('A', 100, ist(9, 17)),
			{ at: ist(9, 20, 1) + 500, tick: tick('A', 98, ist(9, 19, 59) + 500) }, // 1.5 s after the end
			{ at: ist(9, 20, 2) + 500, tick: tick('A', 97, ist(9, 19, 59) + 800) }, // after the timer closed it
		];
		expect(replay(strategy, arrivals, ist(9, 30))).toEqual([
			{
				at: ist(9, 20, 2),
				items: [
					candle('A', { open: 100, high: 100, low: 98, close: 98, volume: null, ticks: 2 }, ist(9, 15), ist(9, 20), true),
				],
			},
		]);
	});

	it('emits a bar closed by a later tick exactly once, ignoring a straggler for it within the grace', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const arrivals = [
			live('A', 100, ist(9, 19)),
			live('A', 101, ist(9, 20) + 100),
			{ at: ist(9, 20) + 300, tick: tick('A', 90, ist(9, 19, 59)) },
		];
		expect(brief(replay(strategy, arrivals, ist(9, 40)))).toEqual([
			[ist(9, 20) + 100 - T0, ['A@100']],
			[ist(9, 25, 2) - T0, ['A@101']],
		]);
	});

	it('emits no bars for periods without ticks', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const emitted = replay(strategy, [live('A', 100, ist(9, 16)), live('A', 101, ist(9, 31))], ist(10, 0));
		expect(
			emitted.map(({ at, items }) => [at, items.map((item) => (item.kind === 'candle' ? item.start : 0))]),
		).toEqual([
			[ist(9, 20, 2), [ist(9, 15)]],
			[ist(9, 35, 2), [ist(9, 30)]],
		]);
	});

	it('closes the bars of all instruments ending together in one execution, in the order they opened', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 1 });
		const arrivals = [
			live('B', 50, ist(9, 15, 10), 700),
			live('A', 100, ist(9, 15, 20), 1000),
			live('A', 101, ist(9, 15, 40), 1300),
			live('B', 49, ist(9, 15, 50), 900),
		];
		expect(replay(strategy, arrivals, ist(9, 20))).toEqual([
			{
				at: ist(9, 16, 2),
				items: [
					candle('B', { open: 50, high: 50, low: 49, close: 49, volume: 200, ticks: 2 }, ist(9, 15), ist(9, 16), true),
					candle(
						'A',
						{ open: 100, high: 101, low: 100, close: 101, volume: 300, ticks: 2 },
						ist(9, 15),
						ist(9, 16),
						true,
					),
				],
			},
		]);
	});

	it('ignores the snapshot of an old trade sent on subscribe', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const yesterdayClose = fromIst(2026, 11, 24, 15, 29, 58);
		expect(strategy.onTick(tick('A', 100, yesterdayClose, 9_000_000), ist(9, 10))).toEqual([]);
		expect(strategy.nextWakeMs(ist(9, 10))).toBeUndefined();
	});

	it('counts the new day’s volume from zero, so the opening bar includes the pre-open volume', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const day1 = (h: number, m: number, s = 0): number => fromIst(2026, 11, 24, h, m, s);
		const arrivals = [
			live('A', 100, day1(15, 25), 8_000_000),
			live('A', 101, day1(15, 29), 8_100_000),
			live('A', 103, ist(9, 15, 1), 40_000),
			live('A', 104, ist(9, 16), 45_000),
		];
		const volumes = replay(strategy, arrivals, ist(9, 30)).map(({ items }) =>
			items.map((item) => (item.kind === 'candle' ? [item.start, item.volume, item.partial] : [])),
		);
		expect(volumes).toEqual([[[day1(15, 25), 100_000, true]], [[ist(9, 15), 45_000, false]]]);
	});

	it('counts no volume for an out-of-order lower figure and keeps the volume for the next tick', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const arrivals = [
			live('A', 100, ist(9, 16), 1000),
			live('A', 100.5, ist(9, 16, 1), 1200),
			live('A', 100.2, ist(9, 16, 2), 1100),
			live('A', 100.4, ist(9, 16, 3), 1500),
		];
		const [bar] = replay(strategy, arrivals, ist(9, 30));
		expect(bar.items).toEqual([
			candle(
				'A',
				{ open: 100, high: 100.5, low: 100, close: 100.4, volume: 500, ticks: 4 },
				ist(9, 15),
				ist(9, 20),
				true,
			),
		]);
	});

	it('does not count the snapshot resent after a reconnect as another tick', () => {
		const strategy = strategyFor({ mode: 'candle', intervalMinutes: 5 });
		const arrivals = [
			live('A', 100, ist(9, 16), 1000),
			live('A', 101, ist(9, 17), 1400),
			{ at: ist(9, 18), tick: tick('A', 101, ist(9, 17), 1400) },
		];
		const [bar] = replay(strategy, arrivals, ist(9, 30));
		expect(bar.items).toEqual([
			candle('A', { open: 100, high: 101, low: 100, close: 101, volume: 400, ticks: 2 }, ist(9, 15), ist(9, 20), true),
		]);
	});

	it('refuses intervals off the grid and impossible times', () => {
		const twoMinutes = { mode: 'candle', intervalMinutes: 2 } as unknown as StrategyConfig;
		expect(() => strategyFor(twoMinutes)).toThrow('1, 3, 5, 15 or 60 minutes');
		expect(() => strategyFor({ mode: 'candle', intervalMinutes: 5, anchorIst: { hour: 24, minute: 0 } })).toThrow(
			'Session anchor must be a time of day',
		);
		expect(() => strategyFor({ mode: 'candle', intervalMinutes: 5, graceMs: -1 })).toThrow('grace');
	});
});

describe('configuration', () => {
	it('refuses a non-positive throttle or batch interval', () => {
		expect(() => strategyFor({ mode: 'throttle', intervalMs: 0 })).toThrow(
			'Throttle interval (ms) must be a positive number, got 0',
		);
		expect(() => strategyFor({ mode: 'batch', intervalMs: Number.NaN })).toThrow(
			'Batch interval (ms) must be a positive number',
		);
	});
});
