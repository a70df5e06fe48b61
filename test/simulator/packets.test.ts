// Byte-level checks of the simulator's tick encoder against the fixed offsets of protocol §5.4, read back with
// Buffer's own readers (independently of the package's decoder).

import type { TickSnapshot } from '../../simulator/contracts';
import { encodeTick, randomSnapshot } from '../../simulator/packets';
import { createRng } from '../../simulator/rng';

function i64(buf: Buffer, offset: number): number {
	return Number(buf.readBigInt64LE(offset));
}

function tokenBytes(buf: Buffer): Buffer {
	return buf.subarray(2, 27);
}

function snapshotFor(seed: number, exchangeType = 2, token = '43854'): TickSnapshot {
	return randomSnapshot(createRng(seed), exchangeType, token);
}

describe('encodeTick', () => {
	it('writes packets of 51, 123, 379 and 443 bytes for modes 1 to 4', () => {
		const snapshot = snapshotFor(1);
		expect([1, 2, 3, 4].map((mode) => encodeTick(mode as 1 | 2 | 3 | 4, snapshot).length)).toEqual([
			51, 123, 379, 443,
		]);
	});

	it('puts mode, exchange type and the NUL-padded ASCII token in the first 27 bytes', () => {
		const packet = encodeTick(1, snapshotFor(2, 13, '1594'));
		expect(packet.readUInt8(0)).toBe(1);
		expect(packet.readUInt8(1)).toBe(13);
		const expected = Buffer.alloc(25);
		expected.write('1594', 'ascii');
		expect(tokenBytes(packet).equals(expected)).toBe(true);
	});

	it('fills all 25 token bytes when the token is 25 characters long', () => {
		const token = 'ABCDEFGHIJKLMNOPQRSTUVWXY';
		expect(tokenBytes(encodeTick(1, snapshotFor(3, 1, token))).toString('ascii')).toBe(token);
	});

	it('clears the token padding even when the buffer is reused memory', () => {
		// allocUnsafe can hand back dirty memory; encode many packets so a missing clear would show.
		for (let seed = 0; seed < 50; seed++) {
			const packet = encodeTick(3, snapshotFor(seed, 1, '7'));
			expect([...tokenBytes(packet).subarray(1)].every((byte) => byte === 0)).toBe(true);
		}
	});

	it('writes the LTP packet fields as int64 at 27, 35 and 43', () => {
		const snapshot = snapshotFor(4);
		const packet = encodeTick(1, snapshot);
		expect(i64(packet, 27)).toBe(snapshot.sequenceNumber);
		expect(i64(packet, 35)).toBe(snapshot.exchangeTimestamp);
		// Live: exchange timestamps are whole seconds.
		expect(i64(packet, 35) % 1000).toBe(0);
		expect(i64(packet, 43)).toBe(snapshot.ltp);
	});

	it('writes int64 values above 2^32 and negative values exactly', () => {
		const snapshot = { ...snapshotFor(5), sequenceNumber: 2 ** 52 + 12345, ltp: -987654321012, volume: 2 ** 32 };
		const packet = encodeTick(2, snapshot);
		expect(packet.readBigInt64LE(27)).toBe(BigInt(2 ** 52 + 12345));
		expect(packet.readBigInt64LE(43)).toBe(-987654321012n);
		expect(packet.readBigInt64LE(67)).toBe(4294967296n);
	});

	it('writes the quote fields at their offsets, with total buy and sell quantity as float64', () => {
		const snapshot = snapshotFor(6);
		const packet = encodeTick(2, snapshot);
		expect(packet.readUInt8(0)).toBe(2);
		expect(i64(packet, 43)).toBe(snapshot.ltp);
		expect(i64(packet, 51)).toBe(snapshot.lastTradedQuantity);
		expect(i64(packet, 59)).toBe(snapshot.averageTradedPrice);
		expect(i64(packet, 67)).toBe(snapshot.volume);
		expect(packet.readDoubleLE(75)).toBe(snapshot.totalBuyQuantity);
		expect(packet.readDoubleLE(83)).toBe(snapshot.totalSellQuantity);
		expect(i64(packet, 91)).toBe(snapshot.open);
		expect(i64(packet, 99)).toBe(snapshot.high);
		expect(i64(packet, 107)).toBe(snapshot.low);
		expect(i64(packet, 115)).toBe(snapshot.close);
	});

	it('writes the snap-quote fields at their offsets', () => {
		const snapshot = snapshotFor(7);
		const packet = encodeTick(3, snapshot);
		expect(packet.readUInt8(0)).toBe(3);
		expect(i64(packet, 115)).toBe(snapshot.close);
		expect(i64(packet, 123)).toBe(snapshot.lastTradedTimestamp);
		expect(i64(packet, 131)).toBe(snapshot.openInterest);
		expect(packet.readDoubleLE(139)).toBe(snapshot.openInterestChangePercent);
		expect(i64(packet, 347)).toBe(snapshot.upperCircuit);
		expect(i64(packet, 355)).toBe(snapshot.lowerCircuit);
		expect(i64(packet, 363)).toBe(snapshot.week52High);
		expect(i64(packet, 371)).toBe(snapshot.week52Low);
	});

	it('writes the best five buys first with flag 1 and the best five sells after them with flag 0', () => {
		const snapshot = snapshotFor(8);
		const packet = encodeTick(3, snapshot);
		for (let i = 0; i < 10; i++) {
			const offset = 147 + 20 * i;
			const level = i < 5 ? snapshot.bestFiveBuy[i] : snapshot.bestFiveSell[i - 5];
			expect(packet.readInt16LE(offset)).toBe(i < 5 ? 1 : 0);
			expect(i64(packet, offset + 2)).toBe(level.quantity);
			expect(i64(packet, offset + 10)).toBe(level.price);
			expect(packet.readInt16LE(offset + 18)).toBe(level.orders);
		}
	});

	it('pads a thin best-five book with zero entries that keep their side flag', () => {
		const snapshot = { ...snapshotFor(9), bestFiveBuy: snapshotFor(9).bestFiveBuy.slice(0, 2), bestFiveSell: [] };
		const packet = encodeTick(3, snapshot);
		expect(i64(packet, 147 + 20 * 1 + 10)).toBe(snapshot.bestFiveBuy[1].price);
		for (const entry of [2, 3, 4, 5, 9]) {
			const offset = 147 + 20 * entry;
			expect(packet.readInt16LE(offset)).toBe(entry < 5 ? 1 : 0);
			expect(i64(packet, offset + 2)).toBe(0);
			expect(i64(packet, offset + 10)).toBe(0);
			expect(packet.readInt16LE(offset + 18)).toBe(0);
		}
	});

	it('writes the depth-20 packet: timestamps, then 20 buys and 20 sells of int32, int32, int16', () => {
		const snapshot = snapshotFor(10, 1, '2885');
		const packet = encodeTick(4, snapshot);
		expect(packet.readUInt8(0)).toBe(4);
		expect(packet.readUInt8(1)).toBe(1);
		expect(tokenBytes(packet).toString('ascii').replace(/\0+$/, '')).toBe('2885');
		expect(i64(packet, 27)).toBe(snapshot.exchangeTimestamp);
		// Live depth-20 packets carry 0 in packet_received_time.
		expect(i64(packet, 35)).toBe(0);
		for (let i = 0; i < 40; i++) {
			const offset = 43 + 10 * i;
			const level = i < 20 ? snapshot.depth20Buy[i] : snapshot.depth20Sell[i - 20];
			expect(packet.readInt32LE(offset)).toBe(level.quantity);
			expect(packet.readInt32LE(offset + 4)).toBe(level.price);
			expect(packet.readInt16LE(offset + 8)).toBe(level.orders);
		}
	});

	it('refuses values that the layout cannot carry instead of corrupting them', () => {
		expect(() => encodeTick(1, { ...snapshotFor(11), ltp: 1418.4 })).toThrow(RangeError);
		expect(() => encodeTick(1, { ...snapshotFor(11), token: 'X'.repeat(26) })).toThrow(RangeError);
		expect(() => encodeTick(1, { ...snapshotFor(11), token: '३०४५' })).toThrow(RangeError);
		const tooBig = { quantity: 2 ** 31, price: 100, orders: 1 };
		expect(() => encodeTick(4, { ...snapshotFor(11), depth20Buy: [tooBig] })).toThrow(RangeError);
		const tooManyOrders = { quantity: 1, price: 100, orders: 40_000 };
		expect(() => encodeTick(3, { ...snapshotFor(11), bestFiveSell: [tooManyOrders] })).toThrow(RangeError);
	});
});
