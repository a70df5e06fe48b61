// Encoder for the simulator's market feed: TickSnapshot → the binary packet of a subscription mode, byte for
// byte as protocol §5.4 lays it out (little-endian, packed, token NUL-padded to 25 bytes).

import type { DepthLevel, TickSnapshot } from './contracts';

export type PacketMode = 1 | 2 | 3 | 4;

export const PACKET_LENGTHS: Readonly<Record<PacketMode, number>> = { 1: 51, 2: 123, 3: 379, 4: 443 };

const TWO_POW_32 = 4294967296;
const TOKEN_LENGTH = 25;
/** Buy/sell flag of best-five entries as the docs define it (buys are written first, sells second). */
const BUY_FLAG = 1;
const SELL_FLAG = 0;
const EMPTY_LEVEL: DepthLevel = { quantity: 0, price: 0, orders: 0 };

/**
 * int64 LE from two 32-bit halves: exact for every safe integer and much cheaper than BigInt. A non-integer
 * here is a simulator bug (feed prices are integer paise), so it fails loudly rather than being rounded.
 */
function writeInt64(buf: Buffer, value: number, offset: number, field: string): void {
	if (!Number.isSafeInteger(value)) throw new RangeError(`packet field ${field} is not a safe integer: ${value}`);
	const high = Math.floor(value / TWO_POW_32);
	buf.writeUInt32LE(value - high * TWO_POW_32, offset);
	buf.writeInt32LE(high, offset + 4);
}

function writeInt32(buf: Buffer, value: number, offset: number, field: string): void {
	if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
		throw new RangeError(`packet field ${field} does not fit int32: ${value}`);
	}
	buf.writeInt32LE(value, offset);
}

function writeInt16(buf: Buffer, value: number, offset: number, field: string): void {
	if (!Number.isInteger(value) || value < -32768 || value > 32767) {
		throw new RangeError(`packet field ${field} does not fit int16: ${value}`);
	}
	buf.writeInt16LE(value, offset);
}

/** Bytes 0–26: mode, exchange type, token (ASCII, NUL-padded). */
function writeHeader(buf: Buffer, mode: PacketMode, snapshot: TickSnapshot): void {
	const token = snapshot.token;
	if (token.length > TOKEN_LENGTH) throw new RangeError(`token longer than ${TOKEN_LENGTH} bytes: ${token}`);
	buf[0] = mode;
	buf[1] = snapshot.exchangeType;
	for (let i = 0; i < TOKEN_LENGTH; i++) {
		const code = i < token.length ? token.charCodeAt(i) : 0;
		if (code > 127) throw new RangeError(`token is not ASCII: ${token}`);
		buf[2 + i] = code;
	}
}

/** Missing levels (thin books) are sent as zero entries, keeping the fixed layout. */
function level(levels: DepthLevel[], index: number): DepthLevel {
	return levels[index] ?? EMPTY_LEVEL;
}

function writeBestFive(buf: Buffer, levels: DepthLevel[], flag: number, firstOffset: number, side: string): void {
	for (let i = 0; i < 5; i++) {
		const entry = level(levels, i);
		const offset = firstOffset + i * 20;
		buf.writeInt16LE(flag, offset);
		writeInt64(buf, entry.quantity, offset + 2, `${side}[${i}].quantity`);
		writeInt64(buf, entry.price, offset + 10, `${side}[${i}].price`);
		writeInt16(buf, entry.orders, offset + 18, `${side}[${i}].orders`);
	}
}

function writeDepth20(buf: Buffer, levels: DepthLevel[], firstOffset: number, side: string): void {
	for (let i = 0; i < 20; i++) {
		const entry = level(levels, i);
		const offset = firstOffset + i * 10;
		writeInt32(buf, entry.quantity, offset, `${side}[${i}].quantity`);
		writeInt32(buf, entry.price, offset + 4, `${side}[${i}].price`);
		writeInt16(buf, entry.orders, offset + 8, `${side}[${i}].orders`);
	}
}

/**
 * Encodes one tick packet. Mode 4 (depth 20) carries the exchange timestamp at 27 and, in the slot the docs call
 * "packet received time" (a dummy), the same timestamp, since the simulator has no separate receive time.
 */
export function encodeTick(mode: PacketMode, snapshot: TickSnapshot): Buffer {
	const buf = Buffer.allocUnsafe(PACKET_LENGTHS[mode]);
	writeHeader(buf, mode, snapshot);

	if (mode === 4) {
		writeInt64(buf, snapshot.exchangeTimestamp, 27, 'exchangeTimestamp');
		// Live depth-20 packets carry 0 here.
		writeInt64(buf, 0, 35, 'packetReceivedTime');
		writeDepth20(buf, snapshot.depth20Buy, 43, 'depth20Buy');
		writeDepth20(buf, snapshot.depth20Sell, 243, 'depth20Sell');
		return buf;
	}

	writeInt64(buf, snapshot.sequenceNumber, 27, 'sequenceNumber');
	writeInt64(buf, snapshot.exchangeTimestamp, 35, 'exchangeTimestamp');
	writeInt64(buf, snapshot.ltp, 43, 'ltp');
	if (mode === 1) return buf;

	writeInt64(buf, snapshot.lastTradedQuantity, 51, 'lastTradedQuantity');
	writeInt64(buf, snapshot.averageTradedPrice, 59, 'averageTradedPrice');
	writeInt64(buf, snapshot.volume, 67, 'volume');
	buf.writeDoubleLE(snapshot.totalBuyQuantity, 75);
	buf.writeDoubleLE(snapshot.totalSellQuantity, 83);
	writeInt64(buf, snapshot.open, 91, 'open');
	writeInt64(buf, snapshot.high, 99, 'high');
	writeInt64(buf, snapshot.low, 107, 'low');
	writeInt64(buf, snapshot.close, 115, 'close');
	if (mode === 2) return buf;

	writeInt64(buf, snapshot.lastTradedTimestamp, 123, 'lastTradedTimestamp');
	writeInt64(buf, snapshot.openInterest, 131, 'openInterest');
	buf.writeDoubleLE(snapshot.openInterestChangePercent, 139);
	writeBestFive(buf, snapshot.bestFiveBuy, BUY_FLAG, 147, 'bestFiveBuy');
	writeBestFive(buf, snapshot.bestFiveSell, SELL_FLAG, 247, 'bestFiveSell');
	writeInt64(buf, snapshot.upperCircuit, 347, 'upperCircuit');
	writeInt64(buf, snapshot.lowerCircuit, 355, 'lowerCircuit');
	writeInt64(buf, snapshot.week52High, 363, 'week52High');
	writeInt64(buf, snapshot.week52Low, 371, 'week52Low');
	return buf;
}

/**
 * A fully populated, plausible snapshot from a seeded generator, for tests and benchmarks that need packets
 * without a running market. Every field differs from its neighbours so that a misplaced offset shows.
 */
export function randomSnapshot(rng: () => number, exchangeType = 1, token = '3045'): TickSnapshot {
	const int = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
	const ltp = int(100, 5_000_000);
	const side = (count: number, direction: 1 | -1): DepthLevel[] =>
		Array.from({ length: count }, (_, i) => ({
			quantity: int(1, 1_000_000),
			price: ltp + direction * (i + 1) * int(1, 50),
			orders: int(1, 32_000),
		}));
	return {
		exchangeType,
		token,
		sequenceNumber: int(1, 2 ** 40),
		// Live exchange timestamps are whole seconds (in epoch ms).
		exchangeTimestamp: 1_700_000_000_000 + int(0, 2 ** 26) * 1000,
		ltp,
		lastTradedQuantity: int(1, 100_000),
		averageTradedPrice: ltp + int(-1000, 1000),
		volume: int(0, 2 ** 45),
		totalBuyQuantity: int(0, 2 ** 40),
		totalSellQuantity: int(0, 2 ** 40),
		open: ltp + int(-5000, 5000),
		high: ltp + int(0, 5000),
		low: ltp - int(0, 5000),
		close: ltp + int(-5000, 5000),
		lastTradedTimestamp: 1_700_000_000 + int(0, 2 ** 26),
		openInterest: int(0, 2 ** 35),
		openInterestChangePercent: (rng() - 0.5) * 200,
		bestFiveBuy: side(5, -1),
		bestFiveSell: side(5, 1),
		upperCircuit: ltp + int(5000, 50_000),
		lowerCircuit: Math.max(1, ltp - int(5000, 50_000)),
		week52High: ltp + int(0, 1_000_000),
		week52Low: Math.max(1, ltp - int(0, 1_000_000)),
		depth20Buy: side(20, -1),
		depth20Sell: side(20, 1),
	};
}
