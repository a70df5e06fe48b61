/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool, never shipped: loads the official SDK's source, reads heap figures */
// Tick decoding: our decodePacket against the official smartapi-javascript parser on the same packets in the
// same process, for LTP, Quote and Snap Quote: packets per second and heap allocated per packet.

import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { runInThisContext } from 'node:vm';

import { decodePacket } from '../nodes/AngelOne/feed/codec';
import type { DecodedTick } from '../nodes/AngelOne/feed/types';
import { encodeTick, randomSnapshot, type PacketMode } from '../simulator/packets';
import { createRng } from '../simulator/rng';
import { median, round } from './support/stats';
import type { BenchOptions, BenchResult, Figure } from './support/types';

/** What the SDK's parser returns: every number as a string, the token JSON-quoted, depth as arrays of records. */
type SdkTick = Record<string, string | Array<Record<string, string>>>;
type SdkParse = (buf: Buffer, raw: unknown) => SdkTick;

const INSTRUMENTS = 1000;
const MODES: Array<{ mode: PacketMode; name: string }> = [
	{ mode: 1, name: 'LTP' },
	{ mode: 2, name: 'Quote' },
	{ mode: 3, name: 'Snap Quote' },
];

/**
 * The SDK keeps its parser (`setResponse` in lib/websocket2.0.js) private to the module, and calls it only from
 * a live socket's onmessage. This compiles the unmodified file once more, as Node's loader would, with one line
 * appended that exports that function; node_modules stays untouched. Its own require (binary-parser, ws) resolves
 * from the SDK's directory as usual.
 */
export function loadOfficialParser(): SdkParse {
	const load = createRequire(__filename);
	const file = load.resolve('smartapi-javascript/lib/websocket2.0.js');
	const source = readFileSync(file, 'utf8');
	const wrapper = runInThisContext(Module.wrap(`${source}\nmodule.exports = { setResponse };`), { filename: file }) as (
		exports: unknown,
		require: NodeJS.Require,
		module: { exports: { setResponse?: SdkParse } },
		filename: string,
		dirname: string,
	) => void;
	const mod: { exports: { setResponse?: SdkParse } } = { exports: {} };
	wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
	if (typeof mod.exports.setResponse !== 'function') throw new Error('smartapi-javascript: setResponse not found in lib/websocket2.0.js');
	return mod.exports.setResponse;
}

/** One packet per instrument, tokens of 4–8 digits like the master's, every field seeded and distinct. */
function packetsFor(mode: PacketMode): Buffer[] {
	const rng = createRng(20_251_125 + mode);
	const tokens = new Set<string>();
	while (tokens.size < INSTRUMENTS) tokens.add(String(1000 + Math.floor(rng() * 99_999_000)));
	return [...tokens].map((token, i) => encodeTick(mode, randomSnapshot(rng, i % 2 === 0 ? 1 : 2, token)));
}

/** The SDK's number strings back to numbers; its token is JSON-quoted. */
function sdkNumber(tick: SdkTick, field: string): number {
	return Number(tick[field]);
}

/** Checks that both parsers read the same values from every packet, so the race is over identical work. */
function disagreements(packets: Buffer[], official: SdkParse): number {
	let bad = 0;
	for (const packet of packets) {
		const ours = decodePacket(packet);
		const theirs = official(packet, packet);
		const same =
			JSON.parse(theirs.token as string) === ours.token &&
			sdkNumber(theirs, 'exchange_type') === ours.exchangeType &&
			sdkNumber(theirs, 'sequence_number') === ours.sequenceNumber &&
			sdkNumber(theirs, 'exchange_timestamp') === ours.exchangeTimestamp &&
			sdkNumber(theirs, 'last_traded_price') === ours.ltp &&
			(ours.mode === 1 ||
				(sdkNumber(theirs, 'vol_traded') === ours.volume &&
					sdkNumber(theirs, 'total_buy_quantity') === ours.totalBuyQuantity &&
					sdkNumber(theirs, 'close_price') === ours.close)) &&
			(ours.mode !== 3 ||
				(Number((theirs.best_5_buy_data as Array<Record<string, string>>)[4].price) === ours.bestFiveBuy?.[4].price &&
					Number((theirs.best_5_sell_data as Array<Record<string, string>>)[0].quantity) === ours.bestFiveSell?.[0].quantity &&
					sdkNumber(theirs, 'fiftytwo_week_low') === ours.week52Low));
		if (!same) bad++;
	}
	return bad;
}

/** Keeps results observable so the JIT cannot drop the work. */
let blackhole = 0;

// Two loops rather than one taking the parser as an argument: a shared call site would see both parsers and
// could stop inlining either; each parser gets the loop it would get in a real onmessage handler.
function oursRate(packets: Buffer[], minMs: number): number {
	let count = 0;
	let sink = 0;
	const start = performance.now();
	let elapsed = 0;
	do {
		for (let i = 0; i < packets.length; i++) sink += decodePacket(packets[i]).token.length;
		count += packets.length;
		elapsed = performance.now() - start;
	} while (elapsed < minMs);
	blackhole += sink;
	return count / (elapsed / 1000);
}

function officialRate(parse: SdkParse, packets: Buffer[], minMs: number): number {
	let count = 0;
	let sink = 0;
	const start = performance.now();
	let elapsed = 0;
	do {
		for (let i = 0; i < packets.length; i++) sink += (parse(packets[i], packets[i]).token as string).length;
		count += packets.length;
		elapsed = performance.now() - start;
	} while (elapsed < minMs);
	blackhole += sink;
	return count / (elapsed / 1000);
}

function collect(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('the decode benchmark needs --expose-gc (npm run bench starts it that way)');
	gc();
}

interface Window {
	start: number;
	end: number;
	bytesPerPacket: number;
}

/**
 * Heap allocated per packet: after a full GC, the growth of used heap over a batch of decodes, divided by the
 * batch size. A batch during which any GC ran would under-count, so GC events are observed and those batches
 * dropped; the batch halves until enough clean ones remain. The median of the clean batches is reported.
 */
async function bytesPerPacket(decode: (packet: Buffer) => unknown, packets: Buffer[], batch: number): Promise<{ bytes: number; batch: number; clean: number }> {
	const gcs: Array<{ start: number; end: number }> = [];
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) gcs.push({ start: entry.startTime, end: entry.startTime + entry.duration });
	});
	observer.observe({ entryTypes: ['gc'] });
	try {
		for (let size = batch; size >= 1; size = Math.floor(size / 2)) {
			const windows: Window[] = [];
			// The cost of reading the heap figure itself, measured the same way with nothing in between.
			const baseline: number[] = [];
			for (let r = 0; r < 15; r++) {
				collect();
				const h0 = getHeapStatistics().used_heap_size;
				const h1 = getHeapStatistics().used_heap_size;
				baseline.push(h1 - h0);
			}
			const overhead = median(baseline);
			for (let r = 0; r < 15; r++) {
				collect();
				const start = performance.now();
				const h0 = getHeapStatistics().used_heap_size;
				for (let i = 0; i < size; i++) blackhole += decode(packets[i % packets.length]) === undefined ? 1 : 0;
				const h1 = getHeapStatistics().used_heap_size;
				windows.push({ start, end: performance.now(), bytesPerPacket: (h1 - h0 - overhead) / size });
			}
			// GC entries are delivered asynchronously.
			await new Promise((resolve) => setTimeout(resolve, 20));
			const clean = windows.filter((w) => !gcs.some((g) => g.start < w.end && g.end > w.start));
			if (clean.length >= 5) return { bytes: median(clean.map((w) => w.bytesPerPacket)), batch: size, clean: clean.length };
		}
		return { bytes: NaN, batch: 0, clean: 0 };
	} finally {
		observer.disconnect();
	}
}

export async function run(options: BenchOptions): Promise<BenchResult> {
	const official = loadOfficialParser();
	const roundMs = options.quick ? 300 : 800;
	const rounds = options.quick ? 3 : 5;
	const figures: Figure[] = [];
	const details: Record<string, unknown> = { instruments: INSTRUMENTS, roundMs, rounds };

	for (const { mode, name } of MODES) {
		const packets = packetsFor(mode);
		const mismatched = disagreements(packets, official);
		if (mismatched > 0) throw new Error(`${name}: the parsers disagree on ${mismatched} of ${packets.length} packets`);

		// Warm both up (JIT tiers) before any timed round.
		oursRate(packets, 200);
		officialRate(official, packets, 200);
		const oursRates: number[] = [];
		const officialRates: number[] = [];
		for (let r = 0; r < rounds; r++) {
			oursRates.push(oursRate(packets, roundMs));
			officialRates.push(officialRate(official, packets, roundMs));
		}
		const oursPerSecond = median(oursRates);
		const officialPerSecond = median(officialRates);
		const speedup = oursPerSecond / officialPerSecond;
		const oursHeap = await bytesPerPacket((p) => decodePacket(p) as DecodedTick, packets, 1000);
		const officialHeap = await bytesPerPacket((p) => official(p, p), packets, 20);

		figures.push({
			label: `${name} (${packets[0].length} B) decode rate`,
			value: Math.round(oursPerSecond),
			unit: 'packets/s',
			digits: 0,
			goal: mode === 1 ? { op: '>=', target: 5_000_000, text: '≥ 5,000,000 packets/s' } : undefined,
			alternatives: [{ label: 'official SDK', value: Math.round(officialPerSecond) }],
		});
		figures.push({
			label: `${name} speed-up over the official parser`,
			value: round(speedup, 1),
			unit: '×',
			digits: 1,
			goal: { op: '>=', target: 10, text: '≥ 10×' },
		});
		figures.push({
			label: `${name} heap allocated per packet`,
			value: Math.round(oursHeap.bytes),
			unit: 'bytes',
			digits: 0,
			alternatives: [{ label: 'official SDK', value: Math.round(officialHeap.bytes) }],
		});
		details[name] = {
			packetBytes: packets[0].length,
			packetsCheckedIdentical: packets.length,
			oursPacketsPerSecond: oursRates.map(Math.round),
			officialPacketsPerSecond: officialRates.map(Math.round),
			// Both parsers run back to back in each round: these ratios are the least disturbed by other work.
			speedupPerRound: oursRates.map((rate, r) => round(rate / officialRates[r], 1)),
			oursHeap,
			officialHeap,
		};
	}
	details.blackhole = blackhole % 10;

	return {
		title: 'Tick decoding',
		figures,
		details,
		notes: [
			`Both parsers decode the same ${INSTRUMENTS.toLocaleString('en-US')} seeded packets per mode (one per instrument, 4–8 digit tokens), in one process, on Buffers, as a socket hands them over; before timing, every packet is checked to decode to the same values in both.`,
			`Rate: median of ${rounds} rounds of ≥ ${roundMs} ms per parser after a warm-up, both parsers in each round; the speed-up is the ratio of the medians (the per-round ratios are in results.json). The official parser is the SDK's own private setResponse (lib/websocket2.0.js), compiled from the unmodified file with one export appended.`,
			'Heap per packet: growth of V8 used heap over a batch of decodes right after a full GC, batches during which any GC ran discarded; median of the clean batches. It counts everything the parse allocates, including the code the official parser generates for each packet.',
		],
	};
}
