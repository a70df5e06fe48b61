// The master as columns: one typed array per field, repeated strings interned, symbols and tokens packed into a
// few long strings, and a rank per row (the order equal matches are shown in) instead of an object per row.

import { MasterFormatError } from './errors';
import { EXCHANGE_PREFERENCE, feedCode, normalizeExchange, priceDivisor, strikeDivisor } from './exchanges';
import { toIsoDate } from './expiry';
import { cashSeries, searchKey, seriesRank } from './keys';
import { type FieldName, ObjectFields, type RowFields, scanMaster } from './scan';
import type { Instrument, MasterRow, OptionType } from './types';

/** What kind of thing a row is, as the search orders them: cash (equities, indices, …) before futures before options. */
export const CASH = 0;
export const FUTURE = 1;
export const OPTION = 2;
export type InstrumentClass = typeof CASH | typeof FUTURE | typeof OPTION;

const OPTION_TYPES: readonly (OptionType | null)[] = [null, 'CE', 'PE'];

export interface TableStats {
	/** Rows indexed. */
	rows: number;
	/** Rows dropped because they had no token, symbol or exchange, or were not objects. */
	skipped: number;
	/** Rows whose exchange and token repeat an earlier row's; lookups by token return the best ranked. */
	duplicateTokens: number;
}

function compareStrings(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** First i in [lo, hi) for which before(i) is false, given before is true then false along the range. */
export function partition(lo: number, hi: number, before: (i: number) => boolean): number {
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (before(mid)) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/** Strings cut loose from the master text: a slice of it (13+ characters) would keep all 40 MB alive. */
function detach(strings: string[]): string[] {
	return JSON.parse(JSON.stringify(strings)) as string[];
}

/** A token as a number when it is a plain integer (nearly all are), so ordering tokens needs no string compares. */
function tokenNumber(token: string): number {
	if (token.length === 0 || token.length > 15 || (token.length > 1 && token.charCodeAt(0) === 48)) return Infinity;
	for (let i = 0; i < token.length; i++) {
		const c = token.charCodeAt(i);
		if (c < 48 || c > 57) return Infinity;
	}
	return Number(token);
}

/** An interning table: the same string always gets the same small id. */
class Interner {
	readonly ids = new Map<string, number>();
	readonly values: string[] = [];

	constructor(first?: string) {
		if (first !== undefined) this.id(first);
	}

	id(value: string): number {
		let id = this.ids.get(value);
		if (id === undefined) {
			id = this.values.length;
			this.ids.set(value, id);
			this.values.push(value);
		}
		return id;
	}
}

/**
 * Strings laid end to end: 200k symbols cost a few dozen strings and an offset array rather than 200k strings.
 * Each chunk holds CHUNK_ROWS strings; offsets are within the chunk. Chunks are joined as they fill, so the
 * slices of the master text being appended die young.
 */
const CHUNK_ROWS = 4096;

class StringPool {
	private readonly chunks: string[] = [];
	private offsets = new Uint32Array(1024);
	private count = 0;
	private readonly pending: string[] = new Array<string>(CHUNK_ROWS);
	private pendingCount = 0;
	private chunkLength = 0;

	add(value: string): void {
		if (this.count + 1 >= this.offsets.length) {
			const grown = new Uint32Array(this.offsets.length * 2);
			grown.set(this.offsets);
			this.offsets = grown;
		}
		this.offsets[this.count++] = this.chunkLength;
		this.chunkLength += value.length;
		this.pending[this.pendingCount++] = value;
		if (this.pendingCount === CHUNK_ROWS) this.flush();
	}

	private flush(): void {
		this.pending.length = this.pendingCount;
		this.chunks.push(this.pending.join(''));
		this.pending.length = CHUNK_ROWS;
		this.pendingCount = 0;
		this.chunkLength = 0;
	}

	/** Ends adding; the pool is then read-only. */
	seal(): void {
		if (this.pendingCount > 0) this.flush();
		this.pending.length = 0;
		this.offsets = this.offsets.slice(0, this.count);
	}

	/** The chunk holding the i-th string; start(i) and end(i) index into it. */
	textOf(i: number): string {
		return this.chunks[Math.floor(i / CHUNK_ROWS)];
	}

	start(i: number): number {
		return this.offsets[i];
	}

	end(i: number): number {
		return (i + 1) % CHUNK_ROWS === 0 || i + 1 === this.count ? this.textOf(i).length : this.offsets[i + 1];
	}

	get(i: number): string {
		return this.textOf(i).slice(this.start(i), this.end(i));
	}

	/** Whether the i-th string's first `length` characters (all of it by default) are exactly `value`. */
	equals(i: number, value: string, length = this.end(i) - this.start(i)): boolean {
		return length === value.length && this.textOf(i).startsWith(value, this.start(i));
	}

	/** The i-th string without its last `drop` characters. */
	head(i: number, drop: number): string {
		return this.textOf(i).slice(this.start(i), this.end(i) - drop);
	}
}

type NumericArray = Uint8Array | Uint16Array | Uint32Array | Float64Array;

function grown<A extends NumericArray>(array: A, make: (length: number) => A): A {
	const bigger = make(array.length * 2);
	bigger.set(array);
	return bigger;
}

/**
 * The id of a field's value, remembered for the previous row: the master lists a segment's and an underlying's
 * contracts together, so most rows repeat the last name, type, expiry and exchange and need no new string.
 */
class LastValue {
	private raw: string | undefined;
	private id = 0;

	constructor(
		private readonly field: FieldName,
		private readonly idOf: (raw: string) => number,
	) {}

	get(f: RowFields): number {
		if (this.raw !== undefined && f.is(this.field, this.raw)) return this.id;
		this.raw = f.text(this.field);
		this.id = this.idOf(this.raw);
		return this.id;
	}
}

/** Collects rows in input order; finish() remaps ids into their sort order and ranks the rows. */
class TableBuilder {
	size = 0;
	skipped = 0;
	readonly symbols = new StringPool();
	readonly tokens = new StringPool();
	readonly keys = new StringPool();
	exch = new Uint8Array(1024);
	name = new Uint32Array(1024);
	type = new Uint16Array(1024);
	klass = new Uint8Array(1024);
	series = new Uint16Array(1024);
	expiry = new Uint16Array(1024);
	strike = new Float64Array(1024);
	optType = new Uint8Array(1024);
	lot = new Uint32Array(1024);
	freeze = new Uint32Array(1024);
	tick = new Float64Array(1024);
	tokenNum = new Float64Array(1024);
	readonly exchanges = new Interner();
	readonly names = new Interner();
	readonly types = new Interner();
	readonly seriesNames = new Interner('');
	readonly expiryDates = new Interner('');
	private readonly exchangeOf = new LastValue('exch_seg', (raw) => {
		const exchange = normalizeExchange(raw);
		return exchange === '' ? -1 : this.exchanges.id(exchange);
	});
	private readonly nameOf = new LastValue('name', (raw) => this.names.id(raw.trim()));
	private readonly typeOf = new LastValue('instrumenttype', (raw) => this.types.id(raw.trim().toUpperCase()));
	private readonly expiryOf = new LastValue('expiry', (raw) => {
		const iso = raw.trim() === '' ? undefined : toIsoDate(raw);
		return iso === undefined ? 0 : this.expiryDates.id(iso);
	});

	private ensureCapacity(): void {
		if (this.size < this.exch.length) return;
		this.exch = grown(this.exch, (n) => new Uint8Array(n));
		this.name = grown(this.name, (n) => new Uint32Array(n));
		this.type = grown(this.type, (n) => new Uint16Array(n));
		this.klass = grown(this.klass, (n) => new Uint8Array(n));
		this.series = grown(this.series, (n) => new Uint16Array(n));
		this.expiry = grown(this.expiry, (n) => new Uint16Array(n));
		this.strike = grown(this.strike, (n) => new Float64Array(n));
		this.optType = grown(this.optType, (n) => new Uint8Array(n));
		this.lot = grown(this.lot, (n) => new Uint32Array(n));
		this.freeze = grown(this.freeze, (n) => new Uint32Array(n));
		this.tick = grown(this.tick, (n) => new Float64Array(n));
		this.tokenNum = grown(this.tokenNum, (n) => new Float64Array(n));
	}

	add(f: RowFields | null): void {
		const symbol = f ? f.text('symbol').trim() : '';
		const token = f ? f.text('token').trim() : '';
		const exch = f ? this.exchangeOf.get(f) : -1;
		if (!f || symbol === '' || token === '' || exch < 0) {
			this.skipped++;
			return;
		}
		this.ensureCapacity();
		const row = this.size++;
		const type = this.typeOf.get(f);
		const typeName = this.types.values[type];
		const klass = typeName.startsWith('OPT') ? OPTION : typeName.startsWith('FUT') ? FUTURE : CASH;
		const strike = f.number('strike');
		const lot = f.number('lotsize');
		const tick = f.number('tick_size');
		const freeze = f.number('freeze_qty');
		this.symbols.add(symbol);
		this.tokens.add(token);
		this.keys.add(searchKey(symbol));
		this.tokenNum[row] = tokenNumber(token);
		this.exch[row] = exch;
		this.name[row] = this.nameOf.get(f);
		this.type[row] = type;
		this.klass[row] = klass;
		this.series[row] = klass === CASH ? this.seriesNames.id(cashSeries(symbol)) : 0;
		this.expiry[row] = this.expiryOf.get(f);
		this.strike[row] = klass === OPTION && strike >= 0 ? strike : -1;
		this.lot[row] = Number.isInteger(lot) && lot > 0 && lot <= 0xffffffff ? lot : 0;
		this.tick[row] = Number.isFinite(tick) && tick >= 0 ? tick : 0;
		this.freeze[row] = Number.isInteger(freeze) && freeze > 0 && freeze <= 0xffffffff ? freeze : 0;
		if (klass === OPTION) {
			const a = symbol.charCodeAt(symbol.length - 2) & ~32;
			const b = symbol.charCodeAt(symbol.length - 1) & ~32;
			// "CE"/"PE" in any case
			this.optType[row] = b === 69 ? (a === 67 ? 1 : a === 80 ? 2 : 0) : 0;
		}
	}

	finish(): MasterTable {
		const n = this.size;
		if (n === 0) throw new MasterFormatError('The instrument master has no usable instruments');
		this.symbols.seal();
		this.tokens.seal();
		this.keys.seal();

		// Exchange ids become preference order (NSE, BSE, NFO, …, then unknown ones by name).
		const exchanges = [...this.exchanges.values].sort((a, b) => {
			const pa = EXCHANGE_PREFERENCE.indexOf(a);
			const pb = EXCHANGE_PREFERENCE.indexOf(b);
			return (pa < 0 ? 99 : pa) - (pb < 0 ? 99 : pb) || compareStrings(a, b);
		});
		const exchangeRemap = this.exchanges.values.map((e) => exchanges.indexOf(e));
		// Expiry ids become date order, 0 staying "none".
		const dates = this.expiryDates.values.slice(1).sort();
		const dateRemap = this.expiryDates.values.map((d) => (d === '' ? 0 : dates.indexOf(d) + 1));
		const exch = this.exch.slice(0, n);
		const expiry = this.expiry.slice(0, n);
		for (let row = 0; row < n; row++) {
			exch[row] = exchangeRemap[exch[row]];
			expiry[row] = dateRemap[expiry[row]];
		}

		const names = detach(this.names.values);
		const nameOrder = names.map((_, i) => i).sort((a, b) => compareStrings(names[a], names[b]));
		const nameRank = new Uint32Array(names.length);
		nameOrder.forEach((id, position) => (nameRank[id] = position));
		const seriesNames = detach(this.seriesNames.values);
		const seriesRanks = seriesNames.map(seriesRank);
		const { name, series, strike, optType, symbols, tokens, tokenNum } = this;

		const order = Array.from({ length: n }, (_, i) => i);
		order.sort(
			(a, b) =>
				seriesRanks[series[a]] - seriesRanks[series[b]] ||
				expiry[a] - expiry[b] ||
				exch[a] - exch[b] ||
				nameRank[name[a]] - nameRank[name[b]] ||
				strike[a] - strike[b] ||
				optType[a] - optType[b] ||
				compareStrings(symbols.get(a), symbols.get(b)) ||
				compareStrings(tokens.get(a), tokens.get(b)) ||
				a - b,
		);
		const rank = new Uint32Array(n);
		order.forEach((row, position) => (rank[row] = position));

		order.sort((a, b) => {
			const d = exch[a] - exch[b] || tokenNum[a] - tokenNum[b];
			if (d !== 0 && !Number.isNaN(d)) return d;
			return compareStrings(tokens.get(a), tokens.get(b)) || rank[a] - rank[b];
		});
		let duplicateTokens = 0;
		for (let i = 1; i < n; i++) {
			const a = order[i - 1];
			const b = order[i];
			if (exch[a] === exch[b] && tokenNum[a] === tokenNum[b] && tokens.get(a) === tokens.get(b)) duplicateTokens++;
		}

		return new MasterTable({
			size: n,
			stats: { rows: n, skipped: this.skipped, duplicateTokens },
			exchanges,
			names,
			nameKeys: names.map(searchKey),
			types: detach(this.types.values),
			seriesNames,
			expiries: [null, ...dates],
			symbols,
			tokens,
			keys: this.keys,
			tokenNum: this.tokenNum.slice(0, n),
			tokenOrder: Uint32Array.from(order),
			rank,
			exch,
			name: this.name.slice(0, n),
			type: this.type.slice(0, n),
			klass: this.klass.slice(0, n),
			series: this.series.slice(0, n),
			expiry,
			strike: this.strike.slice(0, n),
			optType: this.optType.slice(0, n),
			lot: this.lot.slice(0, n),
			freeze: this.freeze.slice(0, n),
			tick: this.tick.slice(0, n),
		});
	}
}

interface Columns {
	size: number;
	stats: TableStats;
	exchanges: string[];
	names: string[];
	nameKeys: string[];
	types: string[];
	seriesNames: string[];
	expiries: (string | null)[];
	symbols: StringPool;
	tokens: StringPool;
	/** searchKey of each symbol */
	keys: StringPool;
	tokenNum: Float64Array;
	/** rows by (exchange, token) */
	tokenOrder: Uint32Array;
	rank: Uint32Array;
	exch: Uint8Array;
	name: Uint32Array;
	type: Uint16Array;
	klass: Uint8Array;
	series: Uint16Array;
	expiry: Uint16Array;
	/** master units (× 100, × 10^7 for currency options); -1 when not an option or unknown */
	strike: Float64Array;
	/** 0 none, 1 CE, 2 PE */
	optType: Uint8Array;
	/** units per lot; 0 when the master has no usable value */
	lot: Uint32Array;
	/** the most units one order may carry (master `freeze_qty`, F&O); 0 when the master gives none */
	freeze: Uint32Array;
	/** paise */
	tick: Float64Array;
}

/**
 * The column-stored master, rows in input order. `rank` orders rows the way equal matches are shown: ordinary
 * series first, then by expiry, exchange preference, underlying, strike, CE before PE, symbol and token.
 */
export class MasterTable {
	readonly size: number;
	readonly stats: TableStats;
	readonly exchanges: readonly string[];
	readonly names: readonly string[];
	/** searchKey of each name */
	readonly nameKeys: readonly string[];
	readonly types: readonly string[];
	readonly seriesNames: readonly string[];
	/** ISO dates ascending; id 0 is null */
	readonly expiries: readonly (string | null)[];
	readonly rank: Uint32Array;
	readonly exch: Uint8Array;
	readonly name: Uint32Array;
	readonly type: Uint16Array;
	readonly klass: Uint8Array;
	readonly series: Uint16Array;
	readonly expiry: Uint16Array;
	readonly strike: Float64Array;
	readonly optType: Uint8Array;
	readonly lot: Uint32Array;
	readonly freeze: Uint32Array;
	readonly tick: Float64Array;
	readonly keys: StringPool;
	private readonly symbols: StringPool;
	private readonly tokens: StringPool;
	private readonly tokenNum: Float64Array;
	private readonly tokenOrder: Uint32Array;
	private readonly exchangeIds: Map<string, number>;

	constructor(c: Columns) {
		this.size = c.size;
		this.stats = c.stats;
		this.exchanges = c.exchanges;
		this.names = c.names;
		this.nameKeys = c.nameKeys;
		this.types = c.types;
		this.seriesNames = c.seriesNames;
		this.expiries = c.expiries;
		this.symbols = c.symbols;
		this.tokens = c.tokens;
		this.keys = c.keys;
		this.tokenNum = c.tokenNum;
		this.tokenOrder = c.tokenOrder;
		this.rank = c.rank;
		this.exch = c.exch;
		this.name = c.name;
		this.type = c.type;
		this.klass = c.klass;
		this.series = c.series;
		this.expiry = c.expiry;
		this.strike = c.strike;
		this.optType = c.optType;
		this.lot = c.lot;
		this.freeze = c.freeze;
		this.tick = c.tick;
		this.exchangeIds = new Map(c.exchanges.map((e, i) => [e, i]));
	}

	symbol(row: number): string {
		return this.symbols.get(row);
	}

	token(row: number): string {
		return this.tokens.get(row);
	}

	/** searchKey of the symbol */
	symbolKey(row: number): string {
		return this.keys.get(row);
	}

	/** Length of the series suffix in the row's symbol key ("SBINEQ" → 2), 0 without a series. */
	seriesLength(row: number): number {
		return this.seriesNames[this.series[row]].length;
	}

	/** searchKey of the symbol without its series: "SBIN-EQ" → "SBIN". */
	baseKey(row: number): string {
		return this.keys.head(row, this.seriesLength(row));
	}

	exchangeId(exchange: string): number | undefined {
		return this.exchangeIds.get(normalizeExchange(exchange));
	}

	/** Row of an exchange's token, or -1. */
	findToken(exchange: string, token: string): number {
		const e = this.exchangeId(exchange);
		if (e === undefined) return -1;
		const t = token.trim();
		const num = tokenNumber(t);
		const { exch, tokenNum, tokenOrder } = this;
		const i = partition(0, this.size, (k) => {
			const row = tokenOrder[k];
			if (exch[row] !== e) return exch[row] < e;
			if (tokenNum[row] !== num) return tokenNum[row] < num;
			return this.token(row) < t;
		});
		const row = tokenOrder[i];
		return i < this.size && exch[row] === e && tokenNum[row] === num && this.token(row) === t ? row : -1;
	}

	private strikeScale(row: number): number {
		return strikeDivisor(this.exchanges[this.exch[row]], this.types[this.type[row]]);
	}

	/**
	 * A strike in rupees in this row's master units, the unit strikes are compared in; NaN when the price has
	 * more decimals than those units carry (25000.004 is no strike, not 25000).
	 */
	strikeUnits(row: number, rupees: number): number {
		const units = rupees * this.strikeScale(row);
		const whole = Math.round(units);
		return Math.abs(units - whole) < 1e-6 ? whole : NaN;
	}

	/** The row's strike in rupees; NaN when it is not an option with a known strike. */
	strikeRupees(row: number): number {
		return this.klass[row] === OPTION && this.strike[row] >= 0 ? this.strike[row] / this.strikeScale(row) : NaN;
	}

	instrument(row: number): Instrument {
		const exchange = this.exchanges[this.exch[row]];
		const strike = this.strikeRupees(row);
		return {
			exchange,
			token: this.token(row),
			tradingSymbol: this.symbol(row),
			name: this.names[this.name[row]],
			instrumentType: this.types[this.type[row]],
			expiry: this.expiries[this.expiry[row]],
			strike: Number.isNaN(strike) ? null : strike,
			optionType: OPTION_TYPES[this.optType[row]],
			lotSize: this.lot[row],
			...(this.freeze[row] > 0 ? { freezeQuantity: this.freeze[row] } : {}),
			tickSize: this.tick[row] / 100,
			exchangeType: feedCode(exchange),
			priceDivisor: priceDivisor(exchange),
		};
	}
}

/** Builds the table from the master's JSON text or from rows already parsed. */
export function buildTable(source: readonly MasterRow[] | string): MasterTable {
	const builder = new TableBuilder();
	if (typeof source === 'string') {
		scanMaster(source, (row) => builder.add(row));
	} else {
		if (!Array.isArray(source)) throw new MasterFormatError('The instrument master must be an array of instruments');
		const fields = new ObjectFields();
		for (const row of source) builder.add(fields.load(row) ? fields : null);
	}
	return builder.finish();
}
