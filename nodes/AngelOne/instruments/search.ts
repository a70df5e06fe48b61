// Search-as-you-type over symbols and names: per class (cash, futures, options) one array of (key, row) entries
// sorted by key, so exact and prefix matches are two binary searches; substrings use one joined string of keys.
// The same arrays exist once more per exchange, so a search limited to MCX never walks past NIFTY's options.

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

export const DEFAULT_SEARCH_LIMIT = 20;
const MAX_SEARCH_LIMIT = 500;

/** Characters of a key packed into each of two numbers for sorting: 37^10 < 2^53, so they pack exactly. */
const PACKED_CHARS = 20;
const HALF = PACKED_CHARS / 2;

/**
 * Ten characters of a key (digits and A-Z; the key is text[start, start + length)) from position `from`, as a
 * number that orders like the text: base 37, with 0 for "no more characters" so a key sorts before its
 * extensions. Two of these (from 0 and from 10) order keys by their first 20 characters.
 */
function packHalf(text: string, start: number, length: number, from: number): number {
	let value = 0;
	for (let i = from; i < from + HALF; i++) {
		let digit = 0;
		if (i < length) {
			const c = text.charCodeAt(start + i);
			digit = c <= 57 ? c - 47 : c - 54;
		}
		value = value * 37 + digit;
	}
	return value;
}

/** Entries sorted by (key, symbol before name, rank), with each key's two packed halves alongside. */
interface SortedEntries {
	entries: Uint32Array;
	hi: Float64Array;
	lo: Float64Array;
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
		const sorted = CLASSES.map((c) => this.sortEntries(c));
		this.all = sorted.map((s, c) => this.classIndex(c as InstrumentClass, s));
		this.perExchange = table.exchanges.map((_, e) =>
			sorted.map((s, c) => this.classIndex(c as InstrumentClass, this.onExchange(s, e))),
		);
	}

	private entryKey(entry: number): string {
		const t = this.table;
		const row = entry >>> 2;
		const kind = entry & 3;
		if (kind === BY_NAME) return t.nameKeys[t.name[row]];
		return kind === BY_BASE ? t.baseKey(row) : t.symbolKey(row);
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
		for (let row = 0; row < t.size; row++) if (t.klass[row] === klass) capacity += 3;
		// At most three entries a row: its symbol, the symbol without its series, its name.
		const list = new Uint32Array(capacity);
		const hi = new Float64Array(capacity);
		const lo = new Float64Array(capacity);
		let count = 0;
		const add = (row: number, kind: number, text: string, start: number, length: number): void => {
			list[count] = row * 4 + kind;
			hi[count] = packHalf(text, start, length, 0);
			lo[count] = packHalf(text, start, length, HALF);
			count++;
		};
		const pool = t.keys.joined;
		for (let row = 0; row < t.size; row++) {
			if (t.klass[row] !== klass) continue;
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
		// Keys compare as their two packed halves and only fall back to text beyond 20 characters; within a key,
		// symbol matches come before name matches, then rows go by rank.
		const order = Array.from({ length: count }, (_, i) => i);
		order.sort((a, b) => {
			const d = hi[a] - hi[b] || lo[a] - lo[b];
			if (d !== 0) return d;
			const ea = list[a];
			const eb = list[b];
			if (this.entryLength(ea) > PACKED_CHARS || this.entryLength(eb) > PACKED_CHARS) {
				const ka = this.entryKey(ea);
				const kb = this.entryKey(eb);
				if (ka !== kb) return ka < kb ? -1 : 1;
			}
			return Number((ea & 3) === BY_NAME) - Number((eb & 3) === BY_NAME) || t.rank[ea >>> 2] - t.rank[eb >>> 2];
		});
		const sorted: SortedEntries = { entries: new Uint32Array(count), hi: new Float64Array(count), lo: new Float64Array(count) };
		order.forEach((i, position) => {
			sorted.entries[position] = list[i];
			sorted.hi[position] = hi[i];
			sorted.lo[position] = lo[i];
		});
		return sorted;
	}

	/** The entries of one exchange, in the same order. */
	private onExchange(s: SortedEntries, exchange: number): SortedEntries {
		const { exch } = this.table;
		let count = 0;
		for (const entry of s.entries) if (exch[entry >>> 2] === exchange) count++;
		const out: SortedEntries = { entries: new Uint32Array(count), hi: new Float64Array(count), lo: new Float64Array(count) };
		let at = 0;
		s.entries.forEach((entry, i) => {
			if (exch[entry >>> 2] !== exchange) return;
			out.entries[at] = entry;
			out.hi[at] = s.hi[i];
			out.lo[at] = s.lo[i];
			at++;
		});
		return out;
	}

	private classIndex(klass: InstrumentClass, { entries, hi, lo }: SortedEntries): ClassIndex {
		const t = this.table;
		// A substring may hit names and base symbols (and futures' and options' underlyings), but not the "EQ"
		// of every equity nor the middle of every option symbol.
		const hayKeys: string[] = [];
		const starts: number[] = [];
		const ends: number[] = [];
		for (let i = 0; i < entries.length; ) {
			const key = this.entryKey(entries[i]);
			const long = key.length > PACKED_CHARS;
			let searchable = false;
			let j = i;
			while (j < entries.length && (j === i || (hi[j] === hi[i] && lo[j] === lo[i] && (!long || this.entryKey(entries[j]) === key)))) {
				const kind = entries[j] & 3;
				if (kind !== BY_SYMBOL || (klass === CASH && t.seriesLength(entries[j] >>> 2) === 0)) searchable = true;
				j++;
			}
			if (searchable && key !== '') {
				hayKeys.push(key);
				starts.push(i);
				ends.push(j);
			}
			i = j;
		}
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
		const t = this.table;
		const row = entry >>> 2;
		const kind = entry & 3;
		if (kind === BY_NAME) {
			const name = t.nameKeys[t.name[row]];
			return name < key ? -1 : name > key ? 1 : 0;
		}
		const pool = t.keys.joined;
		const start = t.keys.start(row);
		const length = this.entryLength(entry);
		const n = Math.min(length, key.length);
		for (let i = 0; i < n; i++) {
			const d = pool.charCodeAt(start + i) - key.charCodeAt(i);
			if (d !== 0) return d;
		}
		return length - key.length;
	}

	private hasPrefix(entry: number, key: string): boolean {
		const t = this.table;
		const row = entry >>> 2;
		if ((entry & 3) === BY_NAME) return t.nameKeys[t.name[row]].startsWith(key);
		return this.entryLength(entry) >= key.length && t.keys.joined.startsWith(key, t.keys.start(row));
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
		const limit = Math.min(Math.max(Math.floor(options.limit ?? DEFAULT_SEARCH_LIMIT), 1), MAX_SEARCH_LIMIT);
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
