// Decoder for SmartAPI WebSocket 2.0 frames: binary tick packets (modes 1–4, protocol §5.4) into DecodedTick in
// feed units, and the text frames (pong, JSON errors) the feed also sends. Pure: no n8n, no I/O.

import type { DecodedTick, FeedDepthLevel, FeedMode } from './types';

/** Packet length of each subscription mode (byte 0 of every packet). */
export const PACKET_LENGTH: Readonly<Record<FeedMode, number>> = { 1: 51, 2: 123, 3: 379, 4: 443 };

/** exchangeType code → the feed's own segment name. */
export const EXCHANGE_TYPE_NAME: Readonly<Record<number, string>> = {
	1: 'nse_cm',
	2: 'nse_fo',
	3: 'bse_cm',
	4: 'bse_fo',
	5: 'mcx_fo',
	7: 'ncx_fo',
	13: 'cde_fo',
};

const CURRENCY_EXCHANGE_TYPE = 13;

/** Feed prices are integers: paise (÷100), except currency derivatives which carry 7 decimals (÷10^7). */
export function priceDivisor(exchangeType: number): number {
	return exchangeType === CURRENCY_EXCHANGE_TYPE ? 10_000_000 : 100;
}

export type MalformedPacketReason = 'empty' | 'unknown-mode' | 'too-short';

/** A binary frame that is not a tick packet this decoder understands. Carries no packet bytes (nothing secret). */
export class MalformedPacketError extends Error {
	readonly reason: MalformedPacketReason;
	/** Byte 0 of the frame, when there was one. */
	readonly mode: number | undefined;
	readonly byteLength: number;

	constructor(reason: MalformedPacketReason, byteLength: number, mode?: number) {
		super(
			reason === 'empty'
				? 'Malformed feed packet: empty frame'
				: reason === 'unknown-mode'
					? `Malformed feed packet: unknown subscription mode ${String(mode)} (${byteLength} bytes)`
					: `Malformed feed packet: mode ${String(mode)} needs ${PACKET_LENGTH[mode as FeedMode]} bytes, got ${byteLength}`,
		);
		this.name = 'MalformedPacketError';
		this.reason = reason;
		this.mode = mode;
		this.byteLength = byteLength;
	}
}

const TWO_POW_32 = 4294967296;
const TOKEN_OFFSET = 2;
const TOKEN_LENGTH = 25;

/**
 * int64 LE as a JS number from two 32-bit halves: exact for |value| < 2^53, which every price (paise),
 * quantity and epoch-ms timestamp is. BigInt would be exact beyond that but costs an allocation per field.
 */
function int64(view: DataView, offset: number): number {
	return view.getInt32(offset + 4, true) * TWO_POW_32 + view.getUint32(offset, true);
}

/**
 * Tokens are short ASCII digit strings, NUL-padded to 25 bytes. Building a fresh string per packet is the
 * decoder's main cost, so all-digit tokens (the only kind the master has) are memoised by their numeric value
 * and length; anything else falls back to a byte loop. The memo is bounded because a feed could in principle
 * carry arbitrarily many distinct tokens.
 */
const tokenMemo = new Map<number, string>();
const TOKEN_MEMO_LIMIT = 65_536;
// 14 digits × 16 (length tag) stays below 2^53, so the memo key is exact.
const MEMO_MAX_DIGITS = 14;

function readToken(view: DataView): string {
	let key = 0;
	let length = 0;
	let digitsOnly = true;
	while (length < TOKEN_LENGTH) {
		const byte = view.getUint8(TOKEN_OFFSET + length);
		if (byte === 0) break;
		if (byte < 48 || byte > 57) digitsOnly = false;
		else key = key * 10 + (byte - 48);
		length++;
	}
	if (!digitsOnly || length > MEMO_MAX_DIGITS) return readTokenBytes(view, length);
	// The length tag keeps "007" and "7" apart.
	key = key * 16 + length;
	let token = tokenMemo.get(key);
	if (token === undefined) {
		token = readTokenBytes(view, length);
		if (tokenMemo.size >= TOKEN_MEMO_LIMIT) tokenMemo.clear();
		tokenMemo.set(key, token);
	}
	return token;
}

function readTokenBytes(view: DataView, length: number): string {
	let token = '';
	for (let i = 0; i < length; i++) token += String.fromCharCode(view.getUint8(TOKEN_OFFSET + i));
	return token;
}

/** Best-five entry (20 bytes): int16 flag, int64 quantity, int64 price, int16 orders. */
function readBestFive(view: DataView, firstEntryOffset: number): FeedDepthLevel[] {
	const levels: FeedDepthLevel[] = new Array<FeedDepthLevel>(5);
	for (let i = 0; i < 5; i++) {
		const offset = firstEntryOffset + i * 20;
		levels[i] = {
			quantity: int64(view, offset + 2),
			price: int64(view, offset + 10),
			orders: view.getInt16(offset + 18, true),
		};
	}
	return levels;
}

/** Depth-20 entry (10 bytes): int32 quantity, int32 price, int16 orders. */
function readDepth20(view: DataView, firstEntryOffset: number): FeedDepthLevel[] {
	const levels: FeedDepthLevel[] = new Array<FeedDepthLevel>(20);
	for (let i = 0; i < 20; i++) {
		const offset = firstEntryOffset + i * 10;
		levels[i] = {
			quantity: view.getInt32(offset, true),
			price: view.getInt32(offset + 4, true),
			orders: view.getInt16(offset + 8, true),
		};
	}
	return levels;
}

/**
 * Decodes one binary frame. The view covers exactly the given bytes (no copy), so a Uint8Array slice of a
 * larger buffer works. Bytes beyond the mode's length are ignored, so a server that appends fields later does
 * not break the feed.
 *
 * Best five: entries 0–4 are buys and 5–9 sells, by position. The docs state that order, and the JS and Java
 * SDKs read it that way; the per-entry buy/sell flag is ignored because its meaning is disputed
 * (smartapi-python issue #71 claims 0 = buy, the docs say 1 = buy).
 */
export function decodePacket(data: ArrayBuffer | Uint8Array): DecodedTick {
	const view =
		data instanceof Uint8Array ? new DataView(data.buffer, data.byteOffset, data.byteLength) : new DataView(data);
	const byteLength = view.byteLength;
	if (byteLength === 0) throw new MalformedPacketError('empty', 0);
	const mode = view.getUint8(0);
	if (mode < 1 || mode > 4) throw new MalformedPacketError('unknown-mode', byteLength, mode);
	if (byteLength < PACKET_LENGTH[mode as FeedMode]) throw new MalformedPacketError('too-short', byteLength, mode);

	const exchangeType = view.getUint8(1);
	const token = readToken(view);

	if (mode === 4) {
		return {
			mode,
			exchangeType,
			token,
			exchangeTimestamp: int64(view, 27),
			packetReceivedTime: int64(view, 35),
			depth20Buy: readDepth20(view, 43),
			depth20Sell: readDepth20(view, 243),
		};
	}
	if (mode === 1) {
		return {
			mode,
			exchangeType,
			token,
			sequenceNumber: int64(view, 27),
			exchangeTimestamp: int64(view, 35),
			ltp: int64(view, 43),
		};
	}
	const tick: DecodedTick = {
		mode: mode as FeedMode,
		exchangeType,
		token,
		sequenceNumber: int64(view, 27),
		exchangeTimestamp: int64(view, 35),
		ltp: int64(view, 43),
		lastTradedQuantity: int64(view, 51),
		averageTradedPrice: int64(view, 59),
		volume: int64(view, 67),
		totalBuyQuantity: view.getFloat64(75, true),
		totalSellQuantity: view.getFloat64(83, true),
		open: int64(view, 91),
		high: int64(view, 99),
		low: int64(view, 107),
		close: int64(view, 115),
	};
	if (mode === 3) {
		tick.lastTradedTimestamp = int64(view, 123);
		tick.openInterest = int64(view, 131);
		// The docs call this a dummy field with garbage in it; it is passed through as read (float64 per docs/JS).
		tick.openInterestChangePercent = view.getFloat64(139, true);
		tick.bestFiveBuy = readBestFive(view, 147);
		tick.bestFiveSell = readBestFive(view, 247);
		tick.upperCircuit = int64(view, 347);
		tick.lowerCircuit = int64(view, 355);
		tick.week52High = int64(view, 363);
		tick.week52Low = int64(view, 371);
	}
	return tick;
}

export type TextFrame =
	| { kind: 'pong' }
	| { kind: 'error'; correlationID: string; errorCode: string; errorMessage: string }
	| { kind: 'unknown'; text: string };

function stringField(record: Record<string, unknown>, ...names: string[]): string | undefined {
	for (const name of names) {
		const value = record[name];
		if (typeof value === 'string') return value;
		if (typeof value === 'number') return String(value);
	}
	return undefined;
}

/**
 * Classifies a text frame of the market feed: the heartbeat answer or a JSON error. SmartAPI spells field names
 * inconsistently across endpoints (errorCode/errorcode), so both spellings are accepted.
 */
export function parseTextFrame(text: string): TextFrame {
	const trimmed = text.trim();
	if (trimmed === 'pong') return { kind: 'pong' };
	if (trimmed.startsWith('{')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(trimmed);
		} catch {
			return { kind: 'unknown', text };
		}
		if (typeof parsed === 'object' && parsed !== null) {
			const record = parsed as Record<string, unknown>;
			const errorCode = stringField(record, 'errorCode', 'errorcode');
			if (errorCode !== undefined) {
				return {
					kind: 'error',
					correlationID: stringField(record, 'correlationID', 'correlationId') ?? '',
					errorCode,
					errorMessage: stringField(record, 'errorMessage', 'errormessage', 'message') ?? '',
				};
			}
		}
	}
	return { kind: 'unknown', text };
}
