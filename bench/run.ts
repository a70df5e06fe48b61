/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- benchmark tool, never shipped: a command-line program that reads argv, writes result files and prints */
// `npm run bench [-- <benchmark>... --quick --duration <s>]`: runs the benchmarks, each in a fresh Node process,
// and keeps the latest result of each in bench/results.json and bench/RESULTS.md (the table README quotes).

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { BENCHMARKS, isBenchmarkName, type BenchmarkName } from './registry';
import { cpuTimes, describeMachine, loadAverage, machineBusyPercent, processTreeCpuMs, waitForIdle } from './support/machine';
import { ofType, spawnNode } from './support/processes';
import { consoleTable, markdown } from './support/report';
import type { BenchOptions, BenchRecord, BenchResult } from './support/types';

/** The bench/ folder of the repository (this file runs from build/bench/). */
const BENCH_DIR = resolve(__dirname, '..', '..', 'bench');
const RESULTS_JSON = join(BENCH_DIR, 'results.json');
const RESULTS_MD = join(BENCH_DIR, 'RESULTS.md');
const ORDER = Object.keys(BENCHMARKS) as BenchmarkName[];

const USAGE = `Usage: npm run bench -- [benchmark ...] [--quick] [--duration <seconds>] [--wait-idle] [--no-write | --render]
  benchmarks: ${ORDER.map((name) => `\n    ${name.padEnd(12)}${BENCHMARKS[name].about}`).join('')}
  (none named = all)
  --quick             shorter runs (marked as such in the results; not for quoting)
  --duration <s>      trigger pipeline: measured seconds (default 60, quick 15)
  --wait-idle         before each benchmark, wait (up to 10 min) until other work leaves the machine
  --no-write          print only; leave results.json and RESULTS.md alone
  --render            run nothing; write RESULTS.md again from results.json`;

interface Cli {
	names: BenchmarkName[];
	options: BenchOptions;
	write: boolean;
	waitIdle: boolean;
	renderOnly: boolean;
}

/** Busy share of the machine (all processes) before a run above which it is flagged as disturbed by other work. */
const QUIET_PERCENT = 20;
/** Share of the machine that other processes may use during a run before it is flagged. */
const OTHER_WORK_PERCENT = 10;

function parseArgs(argv: string[]): Cli | undefined {
	const names: BenchmarkName[] = [];
	const options: BenchOptions = { quick: false };
	let write = true;
	let waitIdle = false;
	let renderOnly = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') return undefined;
		if (arg === '--quick') options.quick = true;
		else if (arg === '--no-write') write = false;
		else if (arg === '--wait-idle') waitIdle = true;
		else if (arg === '--render') renderOnly = true;
		else if (arg === '--duration' || arg.startsWith('--duration=')) {
			const text = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
			const seconds = Number(text);
			if (!(seconds > 0)) throw new Error('--duration needs a number of seconds');
			options.durationS = seconds;
		} else if (isBenchmarkName(arg)) {
			if (!names.includes(arg)) names.push(arg);
		} else throw new Error(`unknown argument "${arg}"\n${USAGE}`);
	}
	return { names: names.length > 0 ? ORDER.filter((n) => names.includes(n)) : ORDER, options, write, waitIdle, renderOnly };
}

async function runOne(name: BenchmarkName, options: BenchOptions, waitIdle: boolean): Promise<BenchRecord> {
	const busyBeforePercent = waitIdle
		? await waitForIdle(QUIET_PERCENT, 600_000, (busy) => console.log(`  waiting for the machine to quiet down: ${busy.toFixed(0)} % busy`))
		: await machineBusyPercent(1000);
	if (busyBeforePercent >= QUIET_PERCENT) {
		console.log(`  note: the machine is ${busyBeforePercent.toFixed(0)} % busy with other work; figures will be pessimistic`);
	}
	const loadAverageStart = loadAverage();
	const machine = describeMachine();
	const started = performance.now();
	const cpuStart = cpuTimes();
	const child = spawnNode(join(__dirname, 'child.js'), [name, JSON.stringify(options)], ['--expose-gc']);
	try {
		const message = await child.next(
			(m: unknown): m is { type: 'result'; result: BenchResult } | { type: 'error'; message: string } =>
				ofType<{ type: 'result'; result: BenchResult }>('result')(m) || ofType<{ type: 'error'; message: string }>('error')(m),
			900_000,
		);
		if (message.type === 'error') throw new Error(`${name} failed:\n${message.message}`);
		// The benchmark's own CPU (its process and the simulators it started and reaped) against all cores' busy time.
		const ownMs = processTreeCpuMs(child.process.pid);
		const busyMs = cpuTimes().busy - cpuStart.busy;
		const wallMs = performance.now() - started;
		const otherBusyDuringPercent = ownMs === undefined ? undefined : Math.max(0, Math.round(((busyMs - ownMs) / (wallMs * machine.cores)) * 100));
		if ((otherBusyDuringPercent ?? 0) >= OTHER_WORK_PERCENT) {
			console.log(`  note: other work kept ${String(otherBusyDuringPercent)} % of the machine busy during the run; figures are pessimistic`);
		}
		const load = { busyBeforePercent: Math.round(busyBeforePercent), loadAverageStart, loadAverageEnd: loadAverage(), otherBusyDuringPercent };
		return { name, ...message.result, machine, load, quick: options.quick, options, wallSeconds: (performance.now() - started) / 1000 };
	} finally {
		await child.stop();
	}
}

/** The latest record of every benchmark: this run's replace earlier ones of the same name. */
function merge(fresh: BenchRecord[]): BenchRecord[] {
	let previous: BenchRecord[] = [];
	if (existsSync(RESULTS_JSON)) {
		try {
			previous = (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { benchmarks?: BenchRecord[] }).benchmarks ?? [];
		} catch {
			previous = [];
		}
	}
	const byName = new Map(previous.filter((r) => isBenchmarkName(r.name)).map((r) => [r.name, r]));
	for (const record of fresh) byName.set(record.name, record);
	return ORDER.filter((n) => byName.has(n)).map((n) => byName.get(n) as BenchRecord);
}

/** Sections of RESULTS.md that other scripts write (`npm run bench:cluster`): kept as they are. */
const FOREIGN_SECTIONS = ['## Queue-mode cluster'];

function foreignSections(): string {
	if (!existsSync(RESULTS_MD)) return '';
	const text = readFileSync(RESULTS_MD, 'utf8');
	return FOREIGN_SECTIONS.map((heading) => {
		const start = text.indexOf(`\n${heading}\n`);
		if (start < 0) return '';
		const next = text.indexOf('\n## ', start + heading.length + 1);
		return `\n${text.slice(start + 1, next < 0 ? undefined : next).trimEnd()}\n`;
	}).join('');
}

function save(all: BenchRecord[]): void {
	writeFileSync(RESULTS_JSON, `${JSON.stringify({ generatedBy: 'npm run bench', benchmarks: all }, null, '\t')}\n`);
	writeFileSync(RESULTS_MD, `${markdown(all).trimEnd()}\n${foreignSections()}`);
}

async function main(): Promise<void> {
	const cli = parseArgs(process.argv.slice(2));
	if (cli === undefined) {
		console.log(USAGE);
		return;
	}
	if (cli.renderOnly) {
		save(merge([]));
		console.log(`Wrote ${RESULTS_MD} from ${RESULTS_JSON}`);
		return;
	}
	const machine = describeMachine();
	console.log(`Benchmarks: ${cli.names.join(', ')}${cli.options.quick ? ' (quick)' : ''}`);
	console.log(`Machine: ${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}, ${machine.date}`);
	const fresh: BenchRecord[] = [];
	const failures: string[] = [];
	for (const name of cli.names) {
		console.log(`\n▶ ${name}: ${BENCHMARKS[name].about}`);
		try {
			const record = await runOne(name, cli.options, cli.waitIdle);
			fresh.push(record);
			console.log(`  done in ${record.wallSeconds.toFixed(1)} s`);
			// Written after every benchmark, so an interrupted run keeps what it finished.
			if (cli.write) save(merge([record]));
		} catch (error) {
			failures.push(name);
			console.error(error instanceof Error ? error.message : String(error));
		}
	}
	if (fresh.length > 0) {
		console.log(`\n${consoleTable(fresh)}`);
		if (cli.write) console.log(`\nWrote ${RESULTS_JSON} and ${RESULTS_MD}`);
	}
	if (failures.length > 0) {
		console.error(`\nFailed: ${failures.join(', ')}`);
		process.exitCode = 1;
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : String(error));
	process.exitCode = 1;
});
