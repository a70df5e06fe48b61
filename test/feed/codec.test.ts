// The package's feed decoder: round trips through the simulator's encoder for every mode, input views,
// malformed packets, price divisors and text frames.

import {
	EXCHANGE_TYPE_NAME,
	MalformedPacketError,
	decodePacket,
	parseTextFrame,
	priceDivisor,
} from '../../nodes/AngelOne/feed/codec';
import type { DecodedTick } from '../../nodes/AngelOne/feed/types';
import { EXCHANGE_TYPE, type TickSnapshot } from '../../simulator/contracts';
import { encodeTick, randomSnapshot } from '../../simulator/packets';
import { createRng } from '../../simulator/rng';

const exchangeTypes = Object.values(EXCHANGE_TYPE);

/** What the decoder must return for a snapshot in a given mode, built from the spec's field lists. */
function expectedTick(mode: 1 | 2 | 3 | 4, s: TickSnapshot): DecodedTick {
	if (mode === 4) {
		const pad = (levels: TickSnapshot['depth20Buy']) =>
			Array.from({ length: 20 }, (_, i) => levels[i] ?? { quantity: 0, price: 0, orders: 0 });
		return {
			mode,
			exchangeType: s.exchangeType,
			token: s.token,
			exchangeTimestamp: s.exchangeTimestamp,
			// Live depth-20 packets carry 0 here.
			packetReceivedTime: 0,
			depth20Buy: pad(s.depth20Buy),
			depth20Sell: pad(s.depth20Sell),
		};
	}
	const ltp = {
		mode,
		exchangeType: s.exchangeType,
		token: s.token,
		sequenceNumber: s.sequenceNumber,
		exchangeTimestamp: s.exchangeTimestamp,
		ltp: s.ltp,
	};
	if (mode === 1) return ltp;
	const quote = {
		...ltp,
		lastTradedQuantity: s.lastTradedQuantity,
		averageTradedPrice: s.averageTradedPrice,
		volume: s.volume,
		totalBuyQuantity: s.totalBuyQuantity,
		totalSellQuantity: s.totalSellQuantity,
		open: s.open,
		high: s.high,
		low: s.low,
		close: s.close,
	};
	if (mode === 2) return quote;
	return {
		...quote,
		lastTradedTimestamp: s.lastTradedTimestamp,
		openInterest: s.openInterest,
		openInterestChangePercent: s.openInterestChangePercent,
		bestFiveBuy: s.bestFiveBuy,
		bestFiveSell: s.bestFiveSell,
		upperCircuit: s.upperCircuit,
		lowerCircuit: s.lowerCircuit,
		week52High: s.week52High,
		week52Low: s.week52Low,
	};
}

function toArrayBuffer(buf: Buffer): ArrayBuffer {
	const copy = new ArrayBuffer(buf.length);
	new Uint8Array(copy).set(buf);
	return copy;
}

describe('decodePacket', () => {
	const rng = createRng(20261125);

	it.each([1, 2, 3, 4] as const)('round-trips 200 seeded random snapshots in mode %i', (mode) => {
		for (let i = 0; i < 200; i++) {
			const exchangeType = mode === 4 ? 1 : exchangeTypes[i % exchangeTypes.length];
			const token = String(Math.floor(rng() * 10 ** (1 + (i % 9))));
			const snapshot = randomSnapshot(rng, exchangeType, token);
			expect(decodePacket(toArrayBuffer(encodeTick(mode, snapshot)))).toEqual(expectedTick(mode, snapshot));
		}
	});

	it('decodes int64 fields beyond 32 bits and negative values exactly', () => {
		const snapshot = { ...randomSnapshot(rng), sequenceNumber: 2 ** 53 - 1, ltp: -(2 ** 40) - 7, volume: 2 ** 32 + 1 };
		const tick = decodePacket(encodeTick(2, snapshot));
		expect(tick.sequenceNumber).toBe(2 ** 53 - 1);
		expect(tick.ltp).toBe(-(2 ** 40) - 7);
		expect(tick.volume).toBe(2 ** 32 + 1);
	});

	it('decodes a Uint8Array that is a slice of a larger buffer, without reading outside it', () => {
		const snapshot = randomSnapshot(rng, 2, '43854');
		const packet = encodeTick(3, snapshot);
		const backing = new Uint8Array(packet.length + 64).fill(0xee);
		backing.set(packet, 37);
		const view = backing.subarray(37, 37 + packet.length);
		expect(view.byteOffset).toBe(37);
		expect(decodePacket(view)).toEqual(expectedTick(3, snapshot));
	});

	it('decodes a Node Buffer directly', () => {
		const snapshot = randomSnapshot(rng, 5, '426268');
		expect(decodePacket(encodeTick(1, snapshot))).toEqual(expectedTick(1, snapshot));
	});

	it('gives the same token string for repeated packets and tells tokens with leading zeros apart', () => {
		const tokens = ['7', '007', '0', '00', '99926000', '12345678901234', '123456789012345', 'NIFTY-I', '1594'];
		for (let round = 0; round < 2; round++) {
			for (const token of tokens) {
				expect(decodePacket(encodeTick(1, randomSnapshot(rng, 1, token))).token).toBe(token);
			}
		}
	});

	it('reads a 25-character token that has no NUL terminator', () => {
		const fullWidth = 'A' + '1234567890'.repeat(2) + '1234';
		expect(fullWidth).toHaveLength(25);
		expect(decodePacket(encodeTick(1, randomSnapshot(rng, 1, fullWidth))).token).toBe(fullWidth);
	});

	it('splits best five by position even when the side flags are swapped', () => {
		const snapshot = randomSnapshot(rng);
		const packet = encodeTick(3, snapshot);
		for (let i = 0; i < 10; i++) packet.writeInt16LE(i < 5 ? 0 : 1, 147 + 20 * i);
		const tick = decodePacket(packet);
		expect(tick.bestFiveBuy).toEqual(snapshot.bestFiveBuy);
		expect(tick.bestFiveSell).toEqual(snapshot.bestFiveSell);
	});

	it('ignores bytes after the end of the mode layout', () => {
		const snapshot = randomSnapshot(rng);
		const longer = Buffer.concat([encodeTick(1, snapshot), Buffer.from([1, 2, 3, 4])]);
		expect(decodePacket(longer)).toEqual(expectedTick(1, snapshot));
	});

	it('raises MalformedPacketError with reason too-short for a packet shorter than its mode', () => {
		const snapshot = randomSnapshot(rng);
		for (const [mode, length] of [
			[1, 51],
			[2, 123],
			[3, 379],
			[4, 443],
		] as const) {
			const truncated = encodeTick(mode, snapshot).subarray(0, length - 1);
			let caught: unknown;
			try {
				decodePacket(truncated);
			} catch (error) {
				caught = error;
			}
			expect(caught).toBeInstanceOf(MalformedPacketError);
			expect(caught).toMatchObject({ reason: 'too-short', mode, byteLength: length - 1 });
		}
	});

	it('raises MalformedPacketError for an unknown mode and for an empty frame', () => {
		const packet = encodeTick(1, randomSnapshot(rng));
		packet[0] = 7;
		expect(() => decodePacket(packet)).toThrow(expect.objectContaining({ reason: 'unknown-mode', mode: 7 }));
		packet[0] = 0;
		expect(() => decodePacket(packet)).toThrow(MalformedPacketError);
		expect(() => decodePacket(new ArrayBuffer(0))).toThrow(expect.objectContaining({ reason: 'empty' }));
	});

	it('explains the problem in the error message without packet contents', () => {
		const packet = encodeTick(2, randomSnapshot(rng, 1, '3045')).subarray(0, 60);
		expect(() => decodePacket(packet)).toThrow('mode 2 needs 123 bytes, got 60');
		expect(() => decodePacket(packet)).not.toThrow(/3045/);
	});
});

describe('priceDivisor and exchange type names', () => {
	it('divides currency derivative prices by 10^7 and every other segment by 100', () => {
		expect(priceDivisor(13)).toBe(10_000_000);
		for (const exchangeType of [1, 2, 3, 4, 5, 7]) expect(priceDivisor(exchangeType)).toBe(100);
	});

	it('names every exchange type code of the feed', () => {
		expect(EXCHANGE_TYPE_NAME).toEqual(
			Object.fromEntries(Object.entries(EXCHANGE_TYPE).map(([name, code]) => [code, name])),
		);
	});
});

describe('parseTextFrame', () => {
	it('recognises the heartbeat answer', () => {
		expect(parseTextFrame('pong')).toEqual({ kind: 'pong' });
		expect(parseTextFrame('pong\n')).toEqual({ kind: 'pong' });
	});

	it('reads a subscription error with its correlation id', () => {
		const frame = JSON.stringify({
			correlationID: 'abc1234567',
			errorCode: 'E1002',
			errorMessage: 'Invalid Request. Subscription Limit Exceeded.',
		});
		expect(parseTextFrame(frame)).toEqual({
			kind: 'error',
			correlationID: 'abc1234567',
			errorCode: 'E1002',
			errorMessage: 'Invalid Request. Subscription Limit Exceeded.',
		});
	});

	it('accepts the lower-case errorcode spelling and a missing correlation id', () => {
		expect(parseTextFrame('{"errorcode":"E1001","message":"Invalid Request Payload."}')).toEqual({
			kind: 'error',
			correlationID: '',
			errorCode: 'E1001',
			errorMessage: 'Invalid Request Payload.',
		});
	});

	it('returns anything else as unknown text', () => {
		expect(parseTextFrame('hello')).toEqual({ kind: 'unknown', text: 'hello' });
		expect(parseTextFrame('{not json')).toEqual({ kind: 'unknown', text: '{not json' });
		expect(parseTextFrame('{"status":true}')).toEqual({ kind: 'unknown', text: '{"status":true}' });
		expect(parseTextFrame('null')).toEqual({ kind: 'unknown', text: 'null' });
	});
});
