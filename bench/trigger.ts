/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool, never shipped: reads process CPU and heap figures, owns its timers, starts a helper process */
// Trigger pipeline: the simulator, in a process of its own, moves 1,000 instruments at 5,000 ticks per second;
// the real Angel One Trigger runs in this process through n8n-core (the harness): first one trigger emitting
// every tick, then six at once, one per emission strategy, sharing the account's one socket. Measured here: CPU
// of this process, heap growth, executions per strategy, and latency from the simulator's send to emit.

import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { marketFeeds } from '../nodes/AngelOne/feed/marketFeed';
import { clearCapturedLogs, type ActiveTrigger, type N8nHarness, type TriggerEmit } from '../test/support/n8n/harness';
import type { TicksStopped } from './support/simulator-process';
import { cpuTimes, describeMachine } from './support/machine';
import { ofType, spawnNode } from './support/processes';
import { round, Samples, summary } from './support/stats';
import type { BenchOptions, BenchResult, Figure } from './support/types';
import { CREDENTIALS, startBenchWorld, type BenchWorld } from './support/world';

const INSTRUMENTS = 1000;
const TICKS_PER_SECOND = 5000;
const MB = 1024 * 1024;
const cpus = describeMachine().cores;

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

interface Phase {
	durationS: number;
	warmupS: number;
	cpuPercent: number;
	heapGrowthMb: number;
	heapStartMb: number;
	heapEndMb: number;
	heapPeakMb: number;
	packetsPerSecond: number;
	eventLoopUtilization: number;
	/** Share of all cores that processes other than this one and the simulator used during the window, %. */
	otherBusyPercent: number;
	simulator: TicksStopped;
	tallies: Map<string, Tally>;
}

/**
 * Activates one trigger per strategy on all instruments, waits for the subscription snapshots, starts the
 * simulator's ticks, warms up, then measures this process for `durationS`; closes everything again.
 */
async function measurePhase(world: BenchWorld, n8n: N8nHarness, chosen: Strategy[], durationS: number, warmupS: number): Promise<Phase> {
	const picked = { instrument: world.sim.instruments.map((i) => ({ instrument: { __rl: true, mode: 'token', value: `${i.exchange}:${i.token}` } })) };
	const triggerType = n8n.typeName('angelOneTrigger');
	const triggers: ActiveTrigger[] = [];
	let measuring = false;
	let now = wallClock();
	const tallies = new Map<string, Tally>();
	try {
		for (const strategy of chosen) {
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
		let heapPeak = heapStart;
		const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 250);
		now = wallClock();
		const packetsStart = feed.stats.packets;
		const eluStart = performance.eventLoopUtilization();
		const machineStart = cpuTimes();
		const cpuStart = process.cpuUsage();
		const wallStart = performance.now();
		measuring = true;
		await sleep(durationS * 1000);
		measuring = false;
		const cpu = process.cpuUsage(cpuStart);
		const wallMs = performance.now() - wallStart;
		const machineBusyMs = cpuTimes().busy - machineStart.busy;
		const elu = performance.eventLoopUtilization(eluStart);
		const packets = feed.stats.packets - packetsStart;
		clearInterval(sampler);
		const simulator = await world.sim.stopTicks();
		clearCapturedLogs();
		collect();
		const heapEnd = process.memoryUsage().heapUsed;
		const ownMs = (cpu.user + cpu.system) / 1000;
		// The simulator reports its CPU over its whole ticking time; its share of this window is taken at that rate.
		const simulatorMs = (simulator.cpuPercent / 100) * wallMs;
		return {
			durationS,
			warmupS,
			cpuPercent: (ownMs / wallMs) * 100,
			otherBusyPercent: Math.max(0, ((machineBusyMs - ownMs - simulatorMs) / (wallMs * cpus)) * 100),
			heapGrowthMb: (heapEnd - heapStart) / MB,
			heapStartMb: heapStart / MB,
			heapEndMb: heapEnd / MB,
			heapPeakMb: heapPeak / MB,
			packetsPerSecond: (packets / wallMs) * 1000,
			eventLoopUtilization: elu.utilization,
			simulator,
			tallies,
		};
	} finally {
		for (const trigger of triggers) await trigger.close().catch(() => undefined);
		await until('the shared feed to close', () => marketFeeds().length === 0, 10_000).catch(() => undefined);
	}
}

/**
 * The floor under every figure: Node's built-in WebSocket client in this process (n8n-core loaded, as for the
 * triggers) receiving the same rate of LTP-sized packets from a bare server in another process, with a handler
 * that only reads each message's data. What a trigger on this client can never go below.
 */
async function measureSocketFloor(durationS: number, warmupS: number): Promise<{ cpuPercent: number; receivedPerSecond: number }> {
	const server = spawnNode(join(__dirname, 'support', 'ws-floor-server.js'), [String(TICKS_PER_SECOND)]);
	try {
		const { port } = await server.next(ofType<{ type: 'ready'; port: number }>('ready'), 30_000);
		const socket = new WebSocket(`ws://127.0.0.1:${port}`);
		socket.binaryType = 'arraybuffer';
		let received = 0;
		socket.onmessage = (event) => {
			if ((event.data as ArrayBuffer).byteLength > 0) received++;
		};
		await new Promise<void>((resolve, reject) => {
			socket.onopen = () => resolve();
			socket.onerror = () => reject(new Error('the floor socket did not open'));
		});
		await sleep(warmupS * 1000);
		collect();
		const receivedStart = received;
		const cpuStart = process.cpuUsage();
		const wallStart = performance.now();
		await sleep(durationS * 1000);
		const cpu = process.cpuUsage(cpuStart);
		const wallMs = performance.now() - wallStart;
		socket.close();
		return { cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100, receivedPerSecond: ((received - receivedStart) / wallMs) * 1000 };
	} finally {
		await server.stop();
	}
}

function latencyOf(tally: Tally): ReturnType<typeof summary> {
	return summary(tally.latencies.values());
}

function phaseDetails(phase: Phase): Record<string, unknown> {
	return {
		durationS: phase.durationS,
		warmupS: phase.warmupS,
		cpuPercent: round(phase.cpuPercent, 2),
		heapStartMb: round(phase.heapStartMb, 2),
		heapEndMb: round(phase.heapEndMb, 2),
		heapPeakMb: round(phase.heapPeakMb, 1),
		ticksReceivedPerSecond: Math.round(phase.packetsPerSecond),
		eventLoopUtilization: round(phase.eventLoopUtilization, 3),
		otherProcessesBusyPercent: round(phase.otherBusyPercent, 1),
		simulator: {
			sentPerSecond: Math.round(phase.simulator.sent / phase.simulator.seconds),
			maxLagMs: round(phase.simulator.maxLagMs, 1),
			cpuPercent: round(phase.simulator.cpuPercent, 1),
		},
		strategies: Object.fromEntries(
			[...phase.tallies].map(([name, tally]) => [
				name,
				{
					executions: tally.executions,
					items: tally.items,
					latencyMs: Object.fromEntries(Object.entries(latencyOf(tally)).map(([k, v]) => [k, round(v, 3)])),
				},
			]),
		),
	};
}

export async function run(options: BenchOptions): Promise<BenchResult> {
	const durationS = options.durationS ?? (options.quick ? 15 : 60);
	const singleS = Math.max(5, Math.round(durationS / 2));
	const warmupS = Math.min(5, Math.max(2, durationS / 6));
	const world: BenchWorld = await startBenchWorld({
		masterSize: 10_000,
		rateLimits: true,
		pickInstruments: INSTRUMENTS,
		// Latency is timed from the packet's own stamp, so it keeps its milliseconds (live stamps are whole seconds).
		variants: { wholeSecondTimestamps: false },
	});
	try {
		const instruments = world.sim.instruments;
		if (instruments.length < INSTRUMENTS) throw new Error(`the simulator offered only ${instruments.length} feed instruments`);
		// A level half a tick above the first instrument's price: its walk around the start crosses it again and again.
		const level = round(instruments[0].price + 0.025, 3);
		const all = strategies(level);
		const n8n = world.process().harness;
		const single = await measurePhase(world, n8n, all.slice(0, 1), singleS, warmupS);
		const six = await measurePhase(world, n8n, all, durationS, warmupS);
		const floor = await measureSocketFloor(singleS, warmupS);
		const floorAlternative = { label: "Node's WebSocket client alone, same rate", value: round(floor.cpuPercent, 1) };

		const singleLatency = latencyOf(single.tallies.get(all[0].name) as Tally);
		const figures: Figure[] = [
			{
				label: 'CPU, one trigger on every tick (an execution per tick)',
				value: round(single.cpuPercent, 1),
				unit: '% of a core',
				digits: 1,
				goal: { op: '<', target: 5, text: '< 5 % of a core' },
				alternatives: [floorAlternative],
			},
			{
				label: 'CPU, six triggers (one per strategy) on one shared socket',
				value: round(six.cpuPercent, 1),
				unit: '% of a core',
				digits: 1,
				goal: { op: '<', target: 10, text: '< 10 % of a core' },
				alternatives: [floorAlternative],
			},
			{
				label: `Heap growth, one trigger, ${singleS} s (after full GC, start to end)`,
				value: round(single.heapGrowthMb, 2),
				unit: 'MB',
				digits: 2,
				goal: { op: '<', target: 1, text: 'flat (< 1 MB)' },
			},
			{
				label: `Heap growth, six triggers, ${durationS} s (after full GC, start to end)`,
				value: round(six.heapGrowthMb, 2),
				unit: 'MB',
				digits: 2,
				goal: { op: '<', target: 1, text: 'flat (< 1 MB)' },
			},
			{ label: 'Peak heap used between GCs, six triggers', value: round(six.heapPeakMb, 0), unit: 'MB', digits: 0 },
			{ label: 'Send → emit latency p50, one trigger on every tick', value: round(singleLatency.p50, 2), unit: 'ms', digits: 2 },
			{ label: 'Send → emit latency p99, one trigger on every tick', value: round(singleLatency.p99, 2), unit: 'ms', digits: 2, goal: { op: '<', target: 5, text: '< 5 ms' } },
		];
		for (const strategy of all) {
			const tally = six.tallies.get(strategy.name) as Tally;
			const latency = latencyOf(tally);
			if (strategy.immediate && latency.count >= 100) {
				figures.push({
					label: `Send → emit latency p99, six triggers: ${strategy.name}`,
					value: round(latency.p99, 2),
					unit: 'ms',
					digits: 2,
					goal: { op: '<', target: 5, text: '< 5 ms' },
				});
			}
		}
		for (const strategy of all) {
			const tally = six.tallies.get(strategy.name) as Tally;
			figures.push({ label: `Executions in ${durationS} s: ${strategy.name}`, value: tally.executions, unit: 'executions', digits: 0, note: `${tally.items.toLocaleString('en-US')} items` });
		}

		return {
			title: 'Trigger pipeline',
			figures,
			details: {
				instruments: INSTRUMENTS,
				targetTicksPerSecond: TICKS_PER_SECOND,
				priceCrossLevel: level,
				oneTrigger: phaseDetails(single),
				sixTriggers: phaseDetails(six),
				socketFloor: { cpuPercent: round(floor.cpuPercent, 2), receivedPerSecond: Math.round(floor.receivedPerSecond) },
			},
			notes: [
				`The simulator runs in its own process and moves ${INSTRUMENTS.toLocaleString('en-US')} instruments (NSE/BSE cash, NFO/BFO futures and options) round-robin at ${TICKS_PER_SECOND.toLocaleString('en-US')} price moves per second, spread evenly (the moves due are sent every millisecond) and pulled back towards each starting price; each move is one LTP packet on the account's socket. It kept the rate (${Math.round(six.simulator.sent / six.simulator.seconds).toLocaleString('en-US')}/s sent, ${Math.round(six.packetsPerSecond).toLocaleString('en-US')}/s received with six triggers).`,
				`The real Angel One Trigger node runs in this process inside n8n-core's TriggerContext (test/support/n8n harness, active-workflow mode), subscribed to all ${INSTRUMENTS.toLocaleString('en-US')} instruments in LTP mode. First one trigger emitting every tick for ${singleS} s; then six at once, one per emission strategy (every tick, throttle 1 s, batch 5 s, on change 0.5 %, price cross, 1-minute candles), for ${durationS} s; the pool gives the six one shared socket, and their figures are for all six together.`,
				`CPU: process.cpuUsage() of this process (user + system) over the measured wall time, after a ${warmupS} s warm-up; the simulator's CPU (${round(six.simulator.cpuPercent, 1)} % of a core with six triggers, tick driver included) is in another process and not counted. Each emit is counted and timed, then dropped: n8n would hand it to an execution, the harness would keep it.`,
				'Heap: V8 heapUsed after a full GC before and after the measured window ("flat" = under 1 MB of growth; below zero, start-up code and state were released meanwhile). The peak is the highest heapUsed sampled every 250 ms in between: garbage waiting for the next GC, as ticks held by throttle and batch live long enough to reach the old generation.',
				"Latency: emit time minus the packet's exchange_timestamp, which the simulator stamps from its wall clock, in whole milliseconds, when it makes the move and sends the packet. Emit time is the same wall clock with sub-millisecond steps (performance.now(), kept inside the current Date.now() millisecond), so each figure is at most 1 ms above the true latency. Throttle, batch and candle hold ticks by design and have no latency goal (their figures are in results.json).",
				`Floor: Node's built-in WebSocket client alone in this process (n8n-core loaded, as for the triggers), for ${singleS} s after a ${warmupS} s warm-up, receiving ${Math.round(floor.receivedPerSecond).toLocaleString('en-US')} LTP-sized packets per second from a bare server in another process that sends them like the simulator (the ones due every millisecond), its handler reading only each message's data: ${round(floor.cpuPercent, 1)} % of a core. Every trigger on this client pays it before any code of ours runs; the trigger figures include it.`,
				`The executions are what each strategy emitted in the measured window (price cross: one level, ${level}, half a tick above the first instrument's starting price, either direction; on change: the default 0.5 %).`,
			],
		};
	} finally {
		await world.close();
	}
}
