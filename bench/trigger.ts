/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tool, never shipped: reads process CPU and heap figures, owns its timers */
// Trigger pipeline: the simulator, in a process of its own, moves 1,000 instruments at 5,000 ticks per second;
// the real Angel One Trigger runs in this process through n8n-core (the harness), one trigger node per emission
// strategy, all sharing the account's one socket. Measured here: CPU of this process, heap growth, executions
// per strategy, and latency from the simulator's send to emit.

import type { IDataObject } from 'n8n-workflow';

import { marketFeeds } from '../nodes/AngelOne/feed/marketFeed';
import { clearCapturedLogs, type ActiveTrigger, type TriggerEmit } from '../test/support/n8n/harness';
import { round, Samples, summary } from './support/stats';
import type { BenchOptions, BenchResult, Figure } from './support/types';
import { CREDENTIALS, startBenchWorld, type BenchWorld } from './support/world';

const INSTRUMENTS = 1000;
const TICKS_PER_SECOND = 5000;

interface Strategy {
	name: string;
	parameters: IDataObject;
	/** Emits as soon as a tick qualifies; the others hold ticks by design (throttle window, batch, candle). */
	immediate: boolean;
}

interface Tally {
	executions: number;
	items: number;
	latencies: Samples;
}

function collect(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('the trigger benchmark needs --expose-gc (npm run bench starts it that way)');
	gc();
	gc();
}

/**
 * Wall-clock milliseconds with sub-millisecond resolution, consistent with Date.now(), the clock the simulator
 * stamps packets with (exchange_timestamp, whole ms). performance.now() gives the resolution, but on a VM it can
 * run several ms per 10 s away from the wall clock; so the estimate is kept inside the current Date.now()
 * millisecond, moving its anchor by the least amount whenever it falls outside.
 */
function wallClock(): () => number {
	const first = Date.now();
	let edge = first;
	while (edge === first) edge = Date.now();
	let offset = edge - performance.now();
	return () => {
		const wall = Date.now();
		const estimate = performance.now() + offset;
		if (estimate < wall) {
			offset += wall - estimate;
			return wall;
		}
		if (estimate >= wall + 1) {
			offset -= estimate - (wall + 0.999);
			return wall + 0.999;
		}
		return estimate;
	};
}

async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

const sleep = async (ms: number): Promise<void> => await new Promise((resolve) => setTimeout(resolve, ms));

function strategies(levelRupees: number): Strategy[] {
	return [
		{ name: 'every tick', parameters: { emit: 'everyTick' }, immediate: true },
		{ name: 'throttle 1 s', parameters: { emit: 'throttle', throttleMs: 1000 }, immediate: false },
		{ name: 'batch 5 s', parameters: { emit: 'batch', batchSeconds: 5 }, immediate: false },
		{ name: 'on change ≥ 0.5 %', parameters: { emit: 'onChange', minChangePercent: 0.5, minChangeRupees: 0 }, immediate: true },
		{
			name: 'price cross',
			parameters: { emit: 'priceCross', level: levelRupees, direction: 'either', hysteresis: 0, hysteresisUnit: 'rupees' },
			immediate: true,
		},
		{ name: 'candle 1 min', parameters: { emit: 'candle', candleMinutes: 1 }, immediate: false },
	];
}

/**
 * The harness records every emit in `trigger.emits`; over a minute at 5,000 executions per second that list
 * alone would grow the heap by hundreds of MB. Each emit is counted and timed here instead, then dropped, like
 * an n8n main process hands it to an execution and keeps nothing.
 */
function tallyEmits(trigger: ActiveTrigger, now: () => number, measuring: () => boolean): Tally {
	const tally: Tally = { executions: 0, items: 0, latencies: new Samples(1 << 16) };
	Object.defineProperty(trigger.emits, 'push', {
		value: (emit: TriggerEmit): number => {
			if (!measuring()) return 0;
			const at = now();
			const items = emit.data[0] ?? [];
			tally.executions++;
			tally.items += items.length;
			for (const item of items) {
				const sentAt = item.json.timestampMs;
				if (typeof sentAt === 'number' && item.json.event !== 'candle') tally.latencies.push(at - sentAt);
			}
			return 0;
		},
	});
	return tally;
}

export async function run(options: BenchOptions): Promise<BenchResult> {
	const durationS = options.durationS ?? (options.quick ? 15 : 60);
	const warmupS = Math.min(5, Math.max(2, durationS / 6));
	const world: BenchWorld = await startBenchWorld({ masterSize: 10_000, rateLimits: true, pickInstruments: INSTRUMENTS });
	const triggers: ActiveTrigger[] = [];
	try {
		const instruments = world.sim.instruments;
		if (instruments.length < INSTRUMENTS) throw new Error(`the simulator offered only ${instruments.length} feed instruments`);
		// A level half a tick above the first instrument's price: its random walk crosses it again and again.
		const level = round(instruments[0].price + 0.025, 3);
		const n8n = world.process().harness;
		const triggerType = n8n.typeName('angelOneTrigger');
		const picked = { instrument: instruments.map((i) => ({ instrument: { __rl: true, mode: 'token', value: `${i.exchange}:${i.token}` } })) };

		let measuring = false;
		let now = wallClock();
		const tallies = new Map<string, Tally>();
		for (const strategy of strategies(level)) {
			const trigger = await n8n.activateTrigger(
				triggerType,
				{ event: 'marketTicks', instruments: picked, mode: 'ltp', ...strategy.parameters, options: { marketHours: false } },
				{ credentials: CREDENTIALS },
			);
			triggers.push(trigger);
			tallies.set(strategy.name, tallyEmits(trigger, () => now(), () => measuring));
		}
		await until('the subscription snapshots', () => (marketFeeds()[0]?.stats.packets ?? 0) >= INSTRUMENTS, 30_000);
		const feed = marketFeeds()[0];
		if (marketFeeds().length !== 1 || feed.subscriptionCount !== INSTRUMENTS) {
			throw new Error(`expected one shared feed with ${INSTRUMENTS} subscriptions, got ${marketFeeds().length} feed(s)`);
		}

		await world.sim.startTicks(TICKS_PER_SECOND);
		await sleep(warmupS * 1000);

		// The measured window: after a full GC, from here to the end, nothing else runs in this process.
		collect();
		const heapStart = process.memoryUsage().heapUsed;
		const heapSamples: number[] = [];
		const sampler = setInterval(() => heapSamples.push(process.memoryUsage().heapUsed), 1000);
		now = wallClock();
		const packetsStart = feed.stats.packets;
		const eluStart = performance.eventLoopUtilization();
		const cpuStart = process.cpuUsage();
		const wallStart = performance.now();
		measuring = true;
		await sleep(durationS * 1000);
		measuring = false;
		const cpu = process.cpuUsage(cpuStart);
		const wallMs = performance.now() - wallStart;
		const elu = performance.eventLoopUtilization(eluStart);
		const packets = feed.stats.packets - packetsStart;
		clearInterval(sampler);
		const driver = await world.sim.stopTicks();
		clearCapturedLogs();
		collect();
		const heapEnd = process.memoryUsage().heapUsed;

		const cpuPercent = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
		const heapGrowthMb = (heapEnd - heapStart) / 1024 ** 2;
		const figures: Figure[] = [
			{
				label: `CPU of the process running the triggers (6 strategies, one shared socket)`,
				value: round(cpuPercent, 1),
				unit: '% of a core',
				digits: 1,
				goal: { op: '<', target: 10, text: '< 10 % of a core' },
			},
			{
				label: `Heap growth over ${durationS} s (after full GC, start to end)`,
				value: round(heapGrowthMb, 2),
				unit: 'MB',
				digits: 2,
				goal: { op: '<', target: 1, text: 'flat (< 1 MB)' },
			},
			{ label: 'Ticks received by the trigger process', value: Math.round((packets / wallMs) * 1000), unit: 'ticks/s', digits: 0 },
		];
		const perStrategy: Record<string, unknown> = {};
		for (const strategy of strategies(level)) {
			const tally = tallies.get(strategy.name) as Tally;
			const latency = summary(tally.latencies.values());
			perStrategy[strategy.name] = {
				executions: tally.executions,
				items: tally.items,
				latencyMs: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, round(v, 3)])),
			};
			figures.push({ label: `Executions emitted: ${strategy.name}`, value: tally.executions, unit: 'executions', digits: 0 });
			if (strategy.immediate && latency.count >= 100) {
				if (strategy.name === 'every tick') {
					figures.push({ label: `Send → emit latency p50: ${strategy.name}`, value: round(latency.p50, 2), unit: 'ms', digits: 2 });
				}
				figures.push({
					label: `Send → emit latency p99: ${strategy.name}`,
					value: round(latency.p99, 2),
					unit: 'ms',
					digits: 2,
					goal: { op: '<', target: 5, text: '< 5 ms' },
				});
			}
		}

		return {
			title: 'Trigger pipeline',
			figures,
			details: {
				durationS,
				warmupS,
				instruments: INSTRUMENTS,
				targetTicksPerSecond: TICKS_PER_SECOND,
				simulatorSent: driver.sent,
				simulatorSentPerSecond: Math.round(driver.sent / driver.seconds),
				simulatorMaxLagMs: round(driver.maxLagMs, 1),
				simulatorCpuPercent: round(driver.cpuPercent, 1),
				packetsReceived: packets,
				cpuUserMs: Math.round(cpu.user / 1000),
				cpuSystemMs: Math.round(cpu.system / 1000),
				eventLoopUtilization: round(elu.utilization, 3),
				heapStartMb: round(heapStart / 1024 ** 2, 2),
				heapEndMb: round(heapEnd / 1024 ** 2, 2),
				heapSampledMaxMb: round(Math.max(...heapSamples) / 1024 ** 2, 2),
				priceCrossLevel: level,
				perStrategy,
			},
			notes: [
				`The simulator runs in its own process and moves ${INSTRUMENTS} instruments (NSE/BSE cash, NFO futures and options) round-robin at ${TICKS_PER_SECOND.toLocaleString('en-US')} price moves per second, spread evenly (due moves sent every millisecond); each move is one LTP packet on the account's socket.`,
				`Six Angel One Trigger nodes, one per emission strategy, each subscribed to all ${INSTRUMENTS} instruments in LTP mode, run in this process inside n8n-core's TriggerContext (test/support/n8n harness, active-workflow mode); the pool gives them one shared socket. The CPU, heap and latency figures cover all six at once.`,
				`CPU: process.cpuUsage() of this process (user + system) over ${durationS} s of wall time after a ${warmupS} s warm-up; the simulator's own CPU (${round(driver.cpuPercent, 1)} % of a core, driver included) is in another process and not counted. Each emit is counted and timed, then dropped (the harness would otherwise keep every execution's data).`,
				'Heap: V8 heapUsed after a full GC before and after the measured window ("flat" = under 1 MB of growth).',
				'Latency: emit time minus the packet\'s exchange_timestamp, which the simulator stamps from its wall clock, in whole milliseconds, when it makes the move and sends the packet. Emit time is the same wall clock with sub-millisecond steps (performance.now(), kept inside the current Date.now() millisecond), so each figure is at most 1 ms above the true latency. Throttle, batch and candle hold ticks by design and have no latency goal.',
				'The executions counts are what each strategy emitted during the measured window (price cross: one level for all instruments, half a tick above the first instrument\'s starting price, either direction; on change: the default 0.5 %).',
			],
		};
	} finally {
		for (const trigger of triggers) await trigger.close().catch(() => undefined);
		await world.close();
	}
}
