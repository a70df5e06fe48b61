// Reads the master's JSON text (an array of flat objects) field by field without building an object per row:
// values stay positions in the text until asked for, so numbers and repeated names cost no new strings.

import { MasterFormatError } from './errors';

const FIELD_NAMES = ['token', 'symbol', 'name', 'expiry', 'strike', 'lotsize', 'instrumenttype', 'exch_seg', 'tick_size', 'freeze_qty'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** One row's fields, read on demand; '' (or NaN) for fields a row lacks. Valid only during the callback. */
export interface RowFields {
	text(field: FieldName): string;
	/** The value as a number; NaN when empty or not a number. */
	number(field: FieldName): number;
	/** Whether the value is exactly `value`, checked without copying it out. */
	is(field: FieldName, value: string): boolean;
}

const FIELD_INDEX = new Map<string, number>(FIELD_NAMES.map((name, i) => [name, i]));

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function isSpace(c: number): boolean {
	return c === 32 || c === 10 || c === 13 || c === 9;
}

/** Which field a key names, compared in place so that 1.8 million keys allocate nothing. */
function fieldAt(text: string, start: number, end: number): number {
	switch (end - start) {
		case 4:
			return text.startsWith('name', start) ? 2 : -1;
		case 5:
			return text.startsWith('token', start) ? 0 : -1;
		case 6:
			if (text.startsWith('symbol', start)) return 1;
			if (text.startsWith('expiry', start)) return 3;
			return text.startsWith('strike', start) ? 4 : -1;
		case 7:
			return text.startsWith('lotsize', start) ? 5 : -1;
		case 8:
			return text.startsWith('exch_seg', start) ? 7 : -1;
		case 9:
			return text.startsWith('tick_size', start) ? 8 : -1;
		case 10:
			return text.startsWith('freeze_qty', start) ? 9 : -1;
		case 14:
			return text.startsWith('instrumenttype', start) ? 6 : -1;
		default:
			return -1;
	}
}

/**
 * A plain decimal ("2500000.000000", "-1", "0.25") read in place. Its digits form an integer below 2^53, so one
 * division gives exactly what Number() would; anything else (exponents, long digit runs) is left to Number().
 */
function decimalAt(text: string, start: number, end: number): number {
	let i = start;
	while (i < end && isSpace(text.charCodeAt(i))) i++;
	while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
	if (i === end) return NaN;
	const negative = text.charCodeAt(i) === MINUS;
	if (negative) i++;
	let digits = 0;
	let scale = 1;
	let seenDigit = false;
	let seenDot = false;
	for (; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c >= ZERO && c <= NINE) {
			digits = digits * 10 + (c - ZERO);
			if (seenDot) scale *= 10;
			seenDigit = true;
		} else if (c === DOT && !seenDot) {
			seenDot = true;
		} else {
			return Number(text.slice(start, end));
		}
	}
	if (!seenDigit) return NaN;
	if (digits > Number.MAX_SAFE_INTEGER || scale > Number.MAX_SAFE_INTEGER) return Number(text.slice(start, end));
	const value = digits / scale;
	return negative ? -value : value;
}

class Scanner implements RowFields {
	pos = 0;
	/** Where the next backslash is, found once rather than searched for at every string (which is quadratic). */
	private nextSlash = -1;
	/** Per field of the current row: its bounds in the text, or its decoded value when it had escapes. */
	private readonly starts = new Int32Array(FIELD_NAMES.length);
	private readonly ends = new Int32Array(FIELD_NAMES.length);
	private readonly decoded: (string | undefined)[] = new Array<string | undefined>(FIELD_NAMES.length);
	/** Bounds of the last string read when it had no escapes; its decoded value otherwise. */
	private stringStart = 0;
	private stringEnd = 0;
	private stringDecoded: string | undefined;

	constructor(private readonly source: string) {}

	text(field: FieldName): string {
		const i = FIELD_INDEX.get(field) as number;
		return this.decoded[i] ?? this.source.slice(this.starts[i], this.ends[i]);
	}

	number(field: FieldName): number {
		const i = FIELD_INDEX.get(field) as number;
		const decoded = this.decoded[i];
		if (decoded !== undefined) return decoded.trim() === '' ? NaN : Number(decoded);
		return decimalAt(this.source, this.starts[i], this.ends[i]);
	}

	is(field: FieldName, value: string): boolean {
		const i = FIELD_INDEX.get(field) as number;
		const decoded = this.decoded[i];
		if (decoded !== undefined) return decoded === value;
		return this.ends[i] - this.starts[i] === value.length && this.source.startsWith(value, this.starts[i]);
	}

	fail(expected: string): never {
		const { source } = this;
		const found = this.pos < source.length ? JSON.stringify(source.slice(this.pos, this.pos + 40)) : 'the end of the text';
		throw new MasterFormatError(`The instrument master is not valid JSON: expected ${expected} at character ${this.pos}, found ${found}`);
	}

	skipSpace(): number {
		const { source } = this;
		while (this.pos < source.length && isSpace(source.charCodeAt(this.pos))) this.pos++;
		return this.pos < source.length ? source.charCodeAt(this.pos) : -1;
	}

	expect(code: number, what: string): void {
		if (this.skipSpace() !== code) this.fail(what);
		this.pos++;
	}

	/** Reads a string at pos into stringStart/stringEnd, or stringDecoded when it has escapes. */
	readString(): void {
		const { source } = this;
		const start = this.pos + 1;
		const close = source.indexOf('"', start);
		if (close < 0) this.fail('a closing quote');
		if (this.nextSlash < start) {
			const slash = source.indexOf('\\', start);
			this.nextSlash = slash < 0 ? source.length : slash;
		}
		if (this.nextSlash > close) {
			this.pos = close + 1;
			this.stringStart = start;
			this.stringEnd = close;
			this.stringDecoded = undefined;
			return;
		}
		this.stringDecoded = this.readEscapedString(start);
	}

	private readEscapedString(start: number): string {
		const { source } = this;
		let out = '';
		let chunk = start;
		let i = start;
		for (;;) {
			if (i >= source.length) this.fail('a closing quote');
			const c = source.charCodeAt(i);
			if (c === QUOTE) break;
			if (c !== BACKSLASH) {
				i++;
				continue;
			}
			out += source.slice(chunk, i);
			const e = source[i + 1];
			if (e === 'u') {
				const hex = source.slice(i + 2, i + 6);
				if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
					this.pos = i;
					this.fail('a \\u escape with four hex digits');
				}
				out += String.fromCharCode(parseInt(hex, 16));
				i += 6;
			} else {
				if (e === undefined || !Object.prototype.hasOwnProperty.call(SIMPLE_ESCAPES, e)) {
					this.pos = i;
					this.fail('a valid escape');
				}
				out += SIMPLE_ESCAPES[e];
				i += 2;
			}
			chunk = i;
		}
		this.pos = i + 1;
		return out + source.slice(chunk, i);
	}

	/** Reads a value into field `i` (or skips it when i < 0): strings and numbers as bounds, null as ''. */
	readValue(i: number): void {
		const c = this.skipSpace();
		if (c === QUOTE) {
			this.readString();
			if (i >= 0) this.setField(i, this.stringStart, this.stringEnd, this.stringDecoded);
			return;
		}
		if (c === OPEN_BRACE || c === OPEN_BRACKET) {
			this.skipNested();
			if (i >= 0) this.setField(i, 0, 0, '');
			return;
		}
		const { source } = this;
		const start = this.pos;
		while (this.pos < source.length) {
			const d = source.charCodeAt(this.pos);
			if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
			this.pos++;
		}
		const end = this.pos;
		const literal = (word: string): boolean => end - start === word.length && source.startsWith(word, start);
		if (literal('null')) {
			if (i >= 0) this.setField(i, 0, 0, '');
			return;
		}
		if (!literal('true') && !literal('false') && !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(source.slice(start, end))) {
			this.pos = start;
			this.fail('a value');
		}
		if (i >= 0) this.setField(i, start, end, undefined);
	}

	private setField(i: number, start: number, end: number, decoded: string | undefined): void {
		this.starts[i] = start;
		this.ends[i] = end;
		this.decoded[i] = decoded;
	}

	clearFields(): void {
		this.starts.fill(0);
		this.ends.fill(0);
		this.decoded.fill(undefined);
	}

	private skipNested(): void {
		let depth = 0;
		do {
			const c = this.skipSpace();
			if (c === -1) this.fail('the end of a nested value');
			if (c === QUOTE) {
				this.readString();
				continue;
			}
			if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
			else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
			this.pos++;
		} while (depth > 0);
	}

	/** The field index a key names, -1 for keys the index does not use. */
	readKey(): number {
		if (this.skipSpace() !== QUOTE) this.fail('a key');
		this.readString();
		if (this.stringDecoded !== undefined) return FIELD_INDEX.get(this.stringDecoded) ?? -1;
		return fieldAt(this.source, this.stringStart, this.stringEnd);
	}
}

/**
 * Calls onRow for every object in the top-level array, and with null for elements that are not objects so the
 * caller can count them. Throws MasterFormatError for anything that is not a JSON array (an HTML error page, a
 * truncated download).
 */
export function scanMaster(text: string, onRow: (row: RowFields | null) => void): void {
	const s = new Scanner(text);
	if (text.charCodeAt(0) === 0xfeff) s.pos = 1;
	s.expect(OPEN_BRACKET, 'a JSON array of instruments');
	if (s.skipSpace() === CLOSE_BRACKET) {
		s.pos++;
	} else {
		for (;;) {
			if (s.skipSpace() === OPEN_BRACE) {
				s.pos++;
				s.clearFields();
				if (s.skipSpace() === CLOSE_BRACE) {
					s.pos++;
				} else {
					for (;;) {
						const field = s.readKey();
						s.expect(COLON, "':'");
						s.readValue(field);
						const next = s.skipSpace();
						s.pos++;
						if (next === CLOSE_BRACE) break;
						if (next !== COMMA) {
							s.pos--;
							s.fail("',' or '}'");
						}
					}
				}
				onRow(s);
			} else {
				s.readValue(-1);
				onRow(null);
			}
			const next = s.skipSpace();
			s.pos++;
			if (next === CLOSE_BRACKET) break;
			if (next !== COMMA) {
				s.pos--;
				s.fail("',' or ']'");
			}
		}
	}
	if (s.skipSpace() !== -1) s.fail('the end of the text');
}

/** RowFields over an already parsed row (numbers accepted as well as strings). */
export class ObjectFields implements RowFields {
	private row: Record<string, unknown> = {};

	/** Points at a row; false when it is not an object. */
	load(row: unknown): boolean {
		if (typeof row !== 'object' || row === null || Array.isArray(row)) return false;
		this.row = row as Record<string, unknown>;
		return true;
	}

	text(field: FieldName): string {
		const v = this.row[field];
		return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
	}

	number(field: FieldName): number {
		const t = this.text(field);
		return t.trim() === '' ? NaN : Number(t);
	}

	is(field: FieldName, value: string): boolean {
		return this.text(field) === value;
	}
}
