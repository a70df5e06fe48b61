/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- benchmark tool, never shipped: reads process memory, writes a temp file, re-runs itself with --expose-gc */
// Measures the instrument index on a generated real-sized master: load+index time, resident memory, and the
// latency of search-as-you-type, resolve and findOption. Build with `tsc -p tsconfig.tools.json`, then run
// `node build/bench/instruments-measure.js [rows]` (it re-runs itself with --expose-gc in a fresh process so
// that generating the master does not blur the memory figures).

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildIndex } from '../nodes/AngelOne/instruments';
import { FIXTURE_NOW, generateMaster, masterText } from '../test/instruments/fixtures';

const MB = 1024 * 1024;

/** Rows the fixture produces besides its filler companies, and filler rows per company on average. */
const FIXED_ROWS = 6_300;
const ROWS_PER_COMPANY = 74;

function collect(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	gc();
	gc();
}

function rssMb(): number {
	return process.memoryUsage().rss / MB;
}

/** JS heap plus memory outside it (typed array buffers are counted in `external`). */
function heapMb(): number {
	const m = process.memoryUsage();
	return (m.heapUsed + m.external) / MB;
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function timeEach(label: string, runs: (() => unknown)[], repeat: number): string {
	for (const run of runs) run();
	const times: number[] = [];
	for (let r = 0; r < repeat; r++) {
		for (const run of runs) {
			const start = performance.now();
			run();
			times.push(performance.now() - start);
		}
	}
	times.sort((a, b) => a - b);
	const us = (ms: number): string => `${(ms * 1000).toFixed(1)} µs`;
	return `${label}: ${times.length} calls, p50 ${us(percentile(times, 50))}, p99 ${us(percentile(times, 99))}, max ${us(times[times.length - 1])}`;
}

/** Every prefix of each query, as a person typing it produces them. */
function typing(queries: string[]): string[] {
	return queries.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));
}

function measure(file: string): void {
	const out: string[] = [];
	collect();
	const baseRss = rssMb();
	const baseHeap = heapMb();
	let text: string | undefined = readFileSync(file, 'utf8');
	const textMb = text.length / MB;
	collect();
	out.push(`process RSS ${baseRss.toFixed(1)} MB at start, ${rssMb().toFixed(1)} MB with the ${textMb.toFixed(1)} MB master text read`);

	const start = performance.now();
	const index = buildIndex(text);
	const loadMs = performance.now() - start;
	const buildRss = rssMb();
	out.push(`load+index: ${loadMs.toFixed(0)} ms for ${index.size} rows (${index.stats.skipped} skipped, ${index.stats.duplicateTokens} duplicate tokens)`);
	out.push(`RSS right after the build, before any GC: ${buildRss.toFixed(1)} MB (+${(buildRss - baseRss).toFixed(1)} MB over the start, text included)`);
	text = undefined;
	collect();
	out.push(
		`after dropping the text and a GC: RSS ${rssMb().toFixed(1)} MB (+${(rssMb() - baseRss).toFixed(1)} MB), ` +
			`heap held by the index ${(heapMb() - baseHeap).toFixed(1)} MB`,
	);

	out.push(
		timeEach(
			'search while typing',
			typing(['sbin', 'reliance', 'nifty', 'banknifty', 'nifty30jan2525000ce', 'infy', 'crudeoil', 'usdinr', 'sensex', 'm&m', 'tata', 'hdfc']).map(
				(q) => () => index.search(q),
			),
			50,
		),
	);
	out.push(
		timeEach(
			'search while typing, exchange=MCX (filters walk past other segments)',
			typing(['n', 'sbin', 'gold', 'crude']).map((q) => () => index.search(q, { exchange: 'MCX' })),
			50,
		),
	);
	out.push(timeEach('search misses and substrings', ['zzzz', 'qqq', 'ank', 'card', 'xyzw', 'ift'].map((q) => () => index.search(q)), 200));
	const inputs = ['NSE:SBIN-EQ', 'NSE:SBIN', 'BSE:SBIN', 'NIFTY', 'NSE:BANKNIFTY', 'NFO:NIFTY30JAN2525000CE', 'SBIN', 'NSE:NIFTY1!'];
	out.push(timeEach('resolve', inputs.map((s) => () => index.resolve(s, { now: FIXTURE_NOW })), 200));
	const misses = ['NSE:SBNI', 'NSE:RELAINCE', 'NFO:NIFTY30JAN2525010CE', 'BSE:QQQQQQ'];
	out.push(
		timeEach(
			'resolve failing with "did you mean" suggestions',
			misses.map((s) => () => {
				try {
					index.resolve(s, { now: FIXTURE_NOW });
				} catch (error) {
					return error;
				}
				throw new Error(`${s} resolved`);
			}),
			20,
		),
	);
	const tokens = index.search('a', { limit: 500 }).map((i) => [i.exchange, i.token, i.tradingSymbol]);
	out.push(timeEach('byToken', tokens.map(([e, t]) => () => index.byToken(e, t)), 20));
	out.push(timeEach('bySymbol', tokens.map(([e, , s]) => () => index.bySymbol(e, s)), 20));
	out.push(
		timeEach(
			'findOption NIFTY nearest ATM-2..ATM+2',
			['ATM-2', 'ATM-1', 'ATM', 'ATM+1', 'ATM+2'].map(
				(strike) => () => index.findOption({ underlying: 'NIFTY', expiry: 'nearest', strike, optionType: 'CE', spot: 25012, now: FIXTURE_NOW }),
			),
			200,
		),
	);

	process.stdout.write(`${out.join('\n')}\n`);
}

function main(): void {
	const arg = process.argv[2];
	if (arg !== undefined && arg.endsWith('.json')) {
		measure(arg);
		return;
	}
	const target = Number(arg ?? 200_000);
	const rows = generateMaster({ fillerCompanies: Math.max(0, Math.round((target - FIXED_ROWS) / ROWS_PER_COMPANY)) });
	const file = join(tmpdir(), `angelone-master-${rows.length}.json`);
	writeFileSync(file, masterText(rows));
	process.stdout.write(`generated ${rows.length} rows into ${file}\n`);
	const run = spawnSync(process.execPath, ['--expose-gc', process.argv[1], file], { stdio: 'inherit' });
	process.exitCode = run.status ?? 1;
}

main();
