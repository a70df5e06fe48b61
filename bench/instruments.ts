/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool, never shipped: reads process memory, writes a temp file, starts itself */
// Instrument master: load and index time, resident memory added, and the latency of search-as-you-type (plus
// resolve and findOption) on a generated real-shaped 200,000-row master. The master is generated and written
// first; a fresh process (this file as its entry, with --expose-gc) then measures, so that generating it does
// not blur the memory figures. The same measurement as bench/instruments-measure.ts (the instrument engineer's
// stand-alone script, which prints more detail), in the suite's format.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildIndex } from '../nodes/AngelOne/instruments';
import { FIXTURE_NOW, generateMaster, masterText } from '../test/instruments/fixtures';
import { ofType, spawnNode } from './support/processes';
import { round, Samples, summary } from './support/stats';
import type { BenchOptions, BenchResult } from './support/types';

const MB = 1024 * 1024;
/** Rows the fixture produces besides its filler companies, and filler rows per company on average. */
const FIXED_ROWS = 6_300;
const ROWS_PER_COMPANY = 74;

interface Latency {
	calls: number;
	p50Us: number;
	p99Us: number;
	maxUs: number;
}

interface Measurement {
	type: 'measurement';
	rows: number;
	textMb: number;
	loadMs: number;
	rssStartMb: number;
	rssPeakAddedMb: number;
	rssAddedMb: number;
	heapHeldMb: number;
	skipped: number;
	duplicateTokens: number;
	search: Latency;
	searchFiltered: Latency;
	searchMisses: Latency;
	resolve: Latency;
	findOption: Latency;
}

function collect(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('run with --expose-gc');
	gc();
	gc();
}

const rssMb = (): number => process.memoryUsage().rss / MB;
/** JS heap plus memory outside it (typed array buffers are counted in `external`). */
const heapMb = (): number => {
	const m = process.memoryUsage();
	return (m.heapUsed + m.external) / MB;
};

/** Each call once unmeasured (warm-up), then `repeat` rounds of all calls, each call timed on its own. */
function timeEach(runs: Array<() => unknown>, repeat: number): Latency {
	for (const call of runs) call();
	const times = new Samples(runs.length * repeat);
	for (let r = 0; r < repeat; r++) {
		for (const call of runs) {
			const start = performance.now();
			call();
			times.push((performance.now() - start) * 1000);
		}
	}
	const s = summary(times.values());
	return { calls: s.count, p50Us: round(s.p50, 1), p99Us: round(s.p99, 1), maxUs: round(s.max, 1) };
}

/** Every prefix of each query, as a person typing it produces them. */
function typing(queries: string[]): string[] {
	return queries.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)));
}

function measure(file: string): Measurement {
	collect();
	const rssStart = rssMb();
	const heapStart = heapMb();
	let text: string | undefined = readFileSync(file, 'utf8');
	const textMb = text.length / MB;

	const start = performance.now();
	const index = buildIndex(text);
	const loadMs = performance.now() - start;
	const rssPeak = rssMb();
	text = undefined;
	collect();
	const rssAdded = rssMb() - rssStart;
	const heapHeld = heapMb() - heapStart;

	const search = timeEach(
		typing(['sbin', 'reliance', 'nifty', 'banknifty', 'nifty30jan2525000ce', 'infy', 'crudeoil', 'usdinr', 'sensex', 'm&m', 'tata', 'hdfc']).map(
			(q) => () => index.search(q),
		),
		50,
	);
	const searchFiltered = timeEach(
		typing(['n', 'sbin', 'gold', 'crude']).map((q) => () => index.search(q, { exchange: 'MCX' })),
		50,
	);
	const searchMisses = timeEach(['zzzz', 'qqq', 'ank', 'card', 'xyzw', 'ift'].map((q) => () => index.search(q)), 200);
	const inputs = ['NSE:SBIN-EQ', 'NSE:SBIN', 'BSE:SBIN', 'NIFTY', 'NSE:BANKNIFTY', 'NFO:NIFTY30JAN2525000CE', 'SBIN', 'NSE:NIFTY1!'];
	const resolve = timeEach(inputs.map((s) => () => index.resolve(s, { now: FIXTURE_NOW })), 200);
	const findOption = timeEach(
		['ATM-2', 'ATM-1', 'ATM', 'ATM+1', 'ATM+2'].map(
			(strike) => () => index.findOption({ underlying: 'NIFTY', expiry: 'nearest', strike, optionType: 'CE', spot: 25012, now: FIXTURE_NOW }),
		),
		200,
	);
	return {
		type: 'measurement',
		rows: index.size,
		textMb: round(textMb, 1),
		loadMs: round(loadMs, 0),
		rssStartMb: round(rssStart, 1),
		rssPeakAddedMb: round(rssPeak - rssStart, 1),
		rssAddedMb: round(rssAdded, 1),
		heapHeldMb: round(heapHeld, 1),
		skipped: index.stats.skipped,
		duplicateTokens: index.stats.duplicateTokens,
		search,
		searchFiltered,
		searchMisses,
		resolve,
		findOption,
	};
}

export async function run(options: BenchOptions): Promise<BenchResult> {
	const target = options.quick ? 50_000 : 200_000;
	const rows = generateMaster({ fillerCompanies: Math.max(0, Math.round((target - FIXED_ROWS) / ROWS_PER_COMPANY)) });
	const file = join(tmpdir(), `angelone-bench-master-${process.pid}.json`);
	writeFileSync(file, masterText(rows));
	const child = spawnNode(__filename, [file], ['--expose-gc']);
	let m: Measurement;
	try {
		m = await child.next(ofType<Measurement>('measurement'), 300_000);
	} finally {
		await child.stop();
		rmSync(file, { force: true });
	}
	const us = (value: number): number => round(value / 1000, 3);
	return {
		title: 'Instrument master',
		figures: [
			{ label: `Load and index ${m.rows.toLocaleString('en-US')} rows (${m.textMb} MB JSON)`, value: m.loadMs, unit: 'ms', digits: 0, goal: { op: '<', target: 2000, text: '< 2 s' } },
			{ label: 'Resident memory added, index kept, master text released', value: m.rssAddedMb, unit: 'MB', digits: 1, goal: { op: '<', target: 150, text: '< 150 MB' } },
			{ label: 'Resident memory added at its peak, during the build (text included)', value: m.rssPeakAddedMb, unit: 'MB', digits: 1 },
			{ label: `Search as you type, p50 (${m.search.calls.toLocaleString('en-US')} calls)`, value: us(m.search.p50Us), unit: 'ms', digits: 3 },
			{ label: 'Search as you type, p99', value: us(m.search.p99Us), unit: 'ms', digits: 3, goal: { op: '<', target: 1, text: '< 1 ms' } },
			{ label: 'Search with an exchange filter (MCX), p99', value: us(m.searchFiltered.p99Us), unit: 'ms', digits: 3, goal: { op: '<', target: 1, text: '< 1 ms' } },
		],
		details: { generatedRows: rows.length, measured: m },
		notes: [
			`A seeded, real-shaped master from test/instruments/fixtures.ts (real tokens for the well-known rows, derivatives around a fixed date, filler companies up to ${target.toLocaleString('en-US')} rows), written to a temp file and measured in a fresh process with --expose-gc, so generating it does not count.`,
			'Load and index: buildIndex on the JSON text (parse included, download not). Resident memory: process RSS after a full GC with the text dropped, minus RSS before the text was read; the peak is RSS right after the build, before any GC.',
			'Search: every prefix of 12 queries as a person types them (sbin, reliance, nifty, banknifty, an option symbol, crudeoil, usdinr, …), 50 rounds, each call timed alone; the exchange-filtered search walks past other segments. resolve and findOption latencies are in results.json.',
		],
	};
}

if (require.main === module) {
	const file = process.argv[2];
	if (file === undefined) throw new Error('usage: instruments.js <master.json>');
	const result = measure(file);
	process.send?.(result, () => process.exit(0));
}
