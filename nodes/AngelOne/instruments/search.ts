// Search-as-you-type: per class (cash, futures, options), and again per exchange, (key, row) entries sorted by
// key, so exact and prefix matches are binary searches; substrings run over one joined string of distinct keys.

import { searchKey } from './keys';
import { CASH, FUTURE, type InstrumentClass, type MasterTable, OPTION, partition } from './table';

const CLASSES: readonly InstrumentClass[] = [CASH, FUTURE, OPTION];

/** Which of a row's keys an entry stands for; an entry is row * 4 + kind. */
const BY_SYMBOL = 0;
const BY_BASE = 1;
const BY_NAME = 2;

export interface SearchOptions {
	/** Only this exchange (NSE, BSE, NFO, BFO, MCX, CDS, …). */
	exchange?: string;
	/** Only this master instrument type, e.g. "OPTIDX", "AMXIDX"; "" is equities. Any type when absent. */
	instrumentType?: string;
	/** At most this many results (default 20, at most 500). */
	limit?: number;
}

const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 500;

/**
 * Keys are sorted by their first 20 characters packed into four integers of five characters each, base 37
 * (37^5 < 2^31: small integers, so sorting and grouping allocate nothing), and by their text only beyond that.
 */
const PACKED_CHARS = 20;
const CHUNK = 5;
const CHUNKS = PACKED_CHARS / CHUNK;

/**
 * Writes the key text[start, start + length) (digits and A-Z) into out[at..at+3]. Digits count 1-10, letters
 * 11-36 and 0 means "no more characters", so the integers order like the text and a key sorts before its
 * extensions.
 */
function packKey(text: string, start: number, length: number, out: Int32Array, at: number): void {
	for (let chunk = 0; chunk < CHUNKS; chunk++) {
		let value = 0;
		for (let i = chunk * CHUNK; i < (chunk + 1) * CHUNK; i++) {
			let digit = 0;
			if (i < length) {
				const c = text.charCodeAt(start + i);
				digit = c <= 57 ? c - 47 : c - 54;
			}
			value = value * 37 + digit;
		}
		out[at + chunk] = value;
	}
}

/** A class's entries (row * 4 + kind) with each key's four packed integers, and the order that sorts them. */
interface SortedEntries {
	list: Uint32Array;
	packed: Int32Array;
	/** positions in list, sorted by (key, symbol before name, rank) */
	order: number[];
}

/** One class's entries and the distinct keys a substring search may hit. */
interface ClassIndex {
	entries: Uint32Array;
	/** distinct searchable keys joined by '\n' */
	haystack: string;
	/** start of each key in the haystack, plus one past the end */
	keyStarts: Uint32Array;
	/** entries[rangeStart[k], rangeEnd[k]) all have key k */
	rangeStart: Uint32Array;
	rangeEnd: Uint32Array;
}

interface Filter {
	limit: number;
	/** -1 for any */
	exchange: number;
	/** -1 for any */
	type: number;
}

export class SearchIndex {
	private readonly all: ClassIndex[];
	/** [exchange id][class] */
	private readonly perExchange: ClassIndex[][];

	constructor(private readonly table: MasterTable) {
		const built = CLASSES.map((c) => this.buildClass(c));
		this.all = built.map((b) => b.all);
		this.perExchange = table.exchanges.map((_, e) => built.map((b) => b.perExchange[e]));
	}

	private entryKey(entry: number): string {
		const t = this.table;
		const row = entry >>> 2;
		const kind = entry & 3;
		if (kind === BY_NAME) return t.nameKeys[t.name[row]];
		return kind === BY_BASE ? t.baseKey(row) : t.symbolKey(row);
	}

	/** The string an entry's key lies in (the symbol-key pool or the name key) and where in it: no copy made. */
	private entryText(entry: number): string {
		const t = this.table;
		return (entry & 3) === BY_NAME ? t.nameKeys[t.name[entry >>> 2]] : t.keys.textOf(entry >>> 2);
	}

	private entryStart(entry: number): number {
		return (entry & 3) === BY_NAME ? 0 : this.table.keys.start(entry >>> 2);
	}

	/** Two entries' keys compared in place. */
	private compareEntries(a: number, b: number): number {
		const ta = this.entryText(a);
		const tb = this.entryText(b);
		const sa = this.entryStart(a);
		const sb = this.entryStart(b);
		const la = this.entryLength(a);
		const lb = this.entryLength(b);
		for (let i = 0; i < la && i < lb; i++) {
			const d = ta.charCodeAt(sa + i) - tb.charCodeAt(sb + i);
			if (d !== 0) return d;
		}
		return la - lb;
	}

	private entryLength(entry: number): number {
		const t = this.table;
		const row = entry >>> 2;
		const kind = entry & 3;
		if (kind === BY_NAME) return t.nameKeys[t.name[row]].length;
		return t.keys.end(row) - t.keys.start(row) - (kind === BY_BASE ? t.seriesLength(row) : 0);
	}

	private sortEntries(klass: InstrumentClass): SortedEntries {
		const t = this.table;
		let capacity = 0;
		for (let row = 0; row < t.size; row++) if (t.klass[row] === klass) capacity += t.seriesLength(row) > 0 ? 3 : 2;
		// At most three entries a row: its symbol, the symbol without its series (cash rows), its name.
		const list = new Uint32Array(capacity);
		const packed = new Int32Array(capacity * CHUNKS);
		let count = 0;
		const add = (row: number, kind: number, text: string, start: number, length: number): void => {
			list[count] = row * 4 + kind;
			packKey(text, start, length, packed, count * CHUNKS);
			count++;
		};
		for (let row = 0; row < t.size; row++) {
			if (t.klass[row] !== klass) continue;
			const pool = t.keys.textOf(row);
			const start = t.keys.start(row);
			const length = t.keys.end(row) - start;
			const baseLength = length - t.seriesLength(row);
			// Symbols without a letter or digit still get an entry, so that exact lookups find every row.
			add(row, BY_SYMBOL, pool, start, length);
			if (baseLength !== length && baseLength > 0) add(row, BY_BASE, pool, start, baseLength);
			const nameKey = t.nameKeys[t.name[row]];
			const nameIsSymbol = t.keys.equals(row, nameKey) || (baseLength !== length && t.keys.equals(row, nameKey, baseLength));
			if (nameKey !== '' && !nameIsSymbol) add(row, BY_NAME, nameKey, 0, nameKey.length);
		}
		// Within a key, symbol matches come before name matches, then rows go by rank.
		const order = Array.from({ length: count }, (_, i) => i);
		order.sort((a, b) => {
			const d = this.comparePacked(packed, a, b);
			if (d !== 0) return d;
			const ea = list[a];
			const eb = list[b];
			const long = this.entryLength(ea) > PACKED_CHARS || this.entryLength(eb) > PACKED_CHARS;
			return (
				(long ? this.compareEntries(ea, eb) : 0) || Number((ea & 3) === BY_NAME) - Number((eb & 3) === BY_NAME) ||
				t.rank[ea >>> 2] - t.rank[eb >>> 2]
			);
		});
		return { list, packed, order };
	}

	private comparePacked(packed: Int32Array, a: number, b: number): number {
		const pa = a * CHUNKS;
		const pb = b * CHUNKS;
		return packed[pa] - packed[pb] || packed[pa + 1] - packed[pb + 1] || packed[pa + 2] - packed[pb + 2] || packed[pa + 3] - packed[pb + 3];
	}

	/**
	 * The class's index over all exchanges (slot 0) and one per exchange (slot 1 + exchange id), made in one walk
	 * over the sorted entries so that each distinct key is cut out of the pool once. The walk keeps its state in
	 * typed arrays: it runs once over 400k entries, often before the JIT has optimised it, and must not allocate.
	 */
	private buildClass(klass: InstrumentClass): { all: ClassIndex; perExchange: ClassIndex[] } {
		const t = this.table;
		const { list, packed, order } = this.sortEntries(klass);
		const slots = t.exchanges.length + 1;
		const sizes = new Int32Array(slots);
		sizes[0] = order.length;
		for (let i = 0; i < order.length; i++) sizes[1 + t.exch[list[i] >>> 2]]++;
		const entries = Array.from(sizes, (size) => new Uint32Array(size));
		const counts = new Int32Array(slots);
		const groupStart = new Int32Array(slots).fill(-1);
		const searchable = new Uint8Array(slots);
		const touched = new Int32Array(slots);
		const hayKeys: string[][] = Array.from(sizes, () => []);
		const starts: number[][] = Array.from(sizes, () => []);
		const ends: number[][] = Array.from(sizes, () => []);
		for (let i = 0; i < order.length; ) {
			const first = list[order[i]];
			const long = this.entryLength(first) > PACKED_CHARS;
			let touchedCount = 1;
			touched[0] = 0;
			groupStart[0] = counts[0];
			let j = i;
			while (
				j < order.length &&
				(j === i ||
					(this.comparePacked(packed, order[j], order[i]) === 0 && (!long || this.compareEntries(list[order[j]], first) === 0)))
			) {
				const entry = list[order[j]];
				const row = entry >>> 2;
				const own = 1 + t.exch[row];
				if (groupStart[own] < 0) {
					groupStart[own] = counts[own];
					touched[touchedCount++] = own;
				}
				// A substring may hit names and base symbols (so futures' and options' underlyings), but not the
				// "EQ" of every equity nor the middle of every option symbol.
				const hit = (entry & 3) !== BY_SYMBOL || (klass === CASH && t.seriesLength(row) === 0) ? 1 : 0;
				entries[0][counts[0]++] = entry;
				entries[own][counts[own]++] = entry;
				searchable[0] |= hit;
				searchable[own] |= hit;
				j++;
			}
			// Only keys a substring search can hit are cut out of the pool.
			const key = searchable[0] ? this.entryKey(first) : '';
			for (let k = 0; k < touchedCount; k++) {
				const slot = touched[k];
				if (searchable[slot] && key !== '') {
					hayKeys[slot].push(key);
					starts[slot].push(groupStart[slot]);
					ends[slot].push(counts[slot]);
				}
				groupStart[slot] = -1;
				searchable[slot] = 0;
			}
			i = j;
		}
		const indexes = entries.map((e, slot) => this.finishIndex(e, hayKeys[slot], starts[slot], ends[slot]));
		return { all: indexes[0], perExchange: indexes.slice(1) };
	}

	private finishIndex(entries: Uint32Array, hayKeys: string[], starts: number[], ends: number[]): ClassIndex {
		const keyStarts = new Uint32Array(hayKeys.length + 1);
		let at = 0;
		hayKeys.forEach((k, i) => {
			keyStarts[i] = at;
			at += k.length + 1;
		});
		keyStarts[hayKeys.length] = at;
		return { entries, haystack: hayKeys.join('\n'), keyStarts, rangeStart: Uint32Array.from(starts), rangeEnd: Uint32Array.from(ends) };
	}

	private indexes(exchange: number): ClassIndex[] {
		return exchange < 0 ? this.all : this.perExchange[exchange];
	}

	/** An entry's key compared with `key` (negative, 0, positive), read in place rather than sliced out. */
	private compareKey(entry: number, key: string): number {
		const text = this.entryText(entry);
		const start = this.entryStart(entry);
		const length = this.entryLength(entry);
		for (let i = 0; i < length && i < key.length; i++) {
			const d = text.charCodeAt(start + i) - key.charCodeAt(i);
			if (d !== 0) return d;
		}
		return length - key.length;
	}

	private hasPrefix(entry: number, key: string): boolean {
		return this.entryLength(entry) >= key.length && this.entryText(entry).startsWith(key, this.entryStart(entry));
	}

	/** Entries whose key is exactly `key`: [start, exactEnd). */
	private exactRange(index: ClassIndex, key: string): { start: number; exactEnd: number } {
		const { entries } = index;
		const start = partition(0, entries.length, (i) => this.compareKey(entries[i], key) < 0);
		const exactEnd = partition(start, entries.length, (i) => this.compareKey(entries[i], key) === 0);
		return { start, exactEnd };
	}

	/** Entries whose key starts with `key`: [start, exactEnd) are exact matches, [exactEnd, end) longer keys. */
	private ranges(index: ClassIndex, key: string): { start: number; exactEnd: number; end: number } {
		const { entries } = index;
		const { start, exactEnd } = this.exactRange(index, key);
		const end = partition(exactEnd, entries.length, (i) => this.hasPrefix(entries[i], key));
		return { start, exactEnd, end };
	}

	/** Row of an exchange's trading symbol (any case), or -1. */
	findSymbol(exchange: string, symbol: string): number {
		const t = this.table;
		const e = t.exchangeId(exchange);
		if (e === undefined) return -1;
		const wanted = symbol.trim().toUpperCase();
		const key = searchKey(wanted);
		for (const index of this.perExchange[e]) {
			const { entries } = index;
			const { start, exactEnd } = this.exactRange(index, key);
			// Symbol entries come before name entries within a key.
			for (let i = start; i < exactEnd && (entries[i] & 3) !== BY_NAME; i++) {
				const row = entries[i] >>> 2;
				if ((entries[i] & 3) === BY_SYMBOL && t.symbol(row).toUpperCase() === wanted) return row;
			}
		}
		return -1;
	}

	/**
	 * The rows of one exchange and class whose name has exactly this key, as entries[start, end): in rank order,
	 * so by expiry, then strike, then CE before PE. This is an underlying's contract chain without a copy.
	 */
	nameRange(klass: InstrumentClass, exchange: number, key: string): { entries: Uint32Array; start: number; end: number } {
		const index = this.perExchange[exchange][klass];
		const { entries } = index;
		const { start, exactEnd } = this.exactRange(index, key);
		// Symbol entries of the same key come first.
		const names = partition(start, exactEnd, (i) => (entries[i] & 3) !== BY_NAME);
		return { entries, start: names, end: exactEnd };
	}

	/** Rows of a class whose symbol, base symbol or name has exactly this key: symbol matches first, then by rank. */
	exactRows(klass: InstrumentClass, key: string): number[] {
		const index = this.all[klass];
		const { start, exactEnd } = this.exactRange(index, key);
		const rows: number[] = [];
		for (let i = start; i < exactEnd; i++) rows.push(index.entries[i] >>> 2);
		return rows;
	}

	/** Limit and filter ids from search options; undefined when a filter names something the master lacks. */
	private filter(options: SearchOptions): Filter | undefined {
		const t = this.table;
		const requested = options.limit !== undefined && Number.isFinite(options.limit) ? Math.floor(options.limit) : DEFAULT_SEARCH_LIMIT;
		const limit = Math.min(Math.max(requested, 1), MAX_SEARCH_LIMIT);
		let exchange = -1;
		if (options.exchange !== undefined) {
			const id = t.exchangeId(options.exchange);
			if (id === undefined) return undefined;
			exchange = id;
		}
		let type = -1;
		if (options.instrumentType !== undefined) {
			type = t.types.indexOf(options.instrumentType.trim().toUpperCase());
			if (type < 0) return undefined;
		}
		return { limit, exchange, type };
	}

	/** A function that appends the rows of entries[from, to) passing the type filter to `found`, each row once. */
	private collector(found: number[], filter: Filter): (entries: Uint32Array, from: number, to: number) => void {
		const t = this.table;
		const seen = new Set<number>();
		return (entries, from, to) => {
			for (let i = from; i < to && found.length < filter.limit; i++) {
				const row = entries[i] >>> 2;
				if (filter.type >= 0 && t.type[row] !== filter.type) continue;
				if (seen.has(row)) continue;
				seen.add(row);
				found.push(row);
			}
		};
	}

	/**
	 * Rows matching a query, best first: exact matches, then prefix matches, then substrings of names and base
	 * symbols; within each, cash instruments before futures before options, then by key and rank.
	 */
	search(query: string, options: SearchOptions = {}): number[] {
		const key = searchKey(query);
		const filter = this.filter(options);
		if (key === '' || !filter) return [];
		const indexes = this.indexes(filter.exchange);
		const found: number[] = [];
		const take = this.collector(found, filter);

		const ranges = indexes.map((index) => this.ranges(index, key));
		indexes.forEach((index, c) => take(index.entries, ranges[c].start, ranges[c].exactEnd));
		indexes.forEach((index, c) => take(index.entries, ranges[c].exactEnd, ranges[c].end));
		for (const { entries, haystack, keyStarts, rangeStart, rangeEnd } of indexes) {
			let from = 0;
			while (found.length < filter.limit) {
				const at = haystack.indexOf(key, from);
				if (at < 0) break;
				const k = partition(0, keyStarts.length, (i) => keyStarts[i] <= at) - 1;
				// A hit at the start of a key is a prefix match, taken above.
				if (at !== keyStarts[k]) take(entries, rangeStart[k], rangeEnd[k]);
				from = keyStarts[k + 1];
			}
		}
		return found;
	}

	/**
	 * Rows whose name or base symbol is within a couple of typos of the query ("SBNI" → SBIN), nearest first.
	 * Scans every searchable key, so it is for error messages, not for typing.
	 */
	similar(query: string, options: SearchOptions = {}): number[] {
		const key = searchKey(query);
		const filter = this.filter(options);
		if (key === '' || !filter) return [];
		const indexes = this.indexes(filter.exchange);
		const maxDistance = key.length <= 4 ? 1 : 2;
		const hits: { distance: number; klass: number; k: number }[] = [];
		indexes.forEach(({ haystack, keyStarts }, c) => {
			for (let k = 0; k + 1 < keyStarts.length; k++) {
				const length = keyStarts[k + 1] - 1 - keyStarts[k];
				if (Math.abs(length - key.length) > maxDistance) continue;
				const distance = editDistance(key, haystack.slice(keyStarts[k], keyStarts[k] + length), maxDistance);
				if (distance <= maxDistance) hits.push({ distance, klass: c, k });
			}
		});
		hits.sort((a, b) => a.distance - b.distance || a.klass - b.klass || a.k - b.k);
		const found: number[] = [];
		const take = this.collector(found, filter);
		for (const hit of hits) {
			const { entries, rangeStart, rangeEnd } = indexes[hit.klass];
			take(entries, rangeStart[hit.k], rangeEnd[hit.k]);
		}
		return found;
	}
}

/**
 * Edit distance counting a swap of neighbours as one edit ("SBNI" → "SBIN" is 1), giving up (returning
 * max + 1) once every alignment is longer than max.
 */
function editDistance(a: string, b: string, max: number): number {
	let before: number[] = [];
	let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
	let previousBest = 0;
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
			let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
			if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
				d = Math.min(d, before[j - 2] + 1);
			}
			current[j] = d;
			best = Math.min(best, d);
		}
		// A swap reaches back two rows, so both must be out of reach before giving up.
		if (best > max && previousBest > max) return max + 1;
		previousBest = best;
		before = previous;
		previous = current;
	}
	return previous[b.length];
}
