/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test: polling needs a timer */
// The per-packet path of the shared market feed, made cheap for thousands of packets a second: the cached IST
// stamp, the tick guard's in-place state, and the dispatch of a packet by its route to the triggers of its pair.

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { acquireMarketFeed, marketFeeds, type MarketListener, type Subscription } from '../../nodes/AngelOne/feed/marketFeed';
import { istStamp, type FeedTick } from '../../nodes/AngelOne/feed/normalize';
import { InstrumentGuard, TickGuard } from '../../nodes/AngelOne/feed/tickGuard';
import { fromIst, istDay, toIstIso } from '../../nodes/AngelOne/helpers/ist';
import { bindRuntime, createRuntime } from '../../nodes/AngelOne/runtime';
import type { SmartApiContext } from '../../nodes/AngelOne/transport/request';
import { encodeTick, randomSnapshot } from '../../simulator/packets';
import { createRng } from '../../simulator/rng';

async function until(condition: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
	expect(condition()).toBe(true);
}

describe('the IST stamp of a packet', () => {
	it('says what toIstIso says for every instant: within a second, across seconds, days and years, before 1970', () => {
		const start = fromIst(2026, 12, 31, 23, 59, 58);
		const instants: number[] = [];
		for (let ms = start; ms < start + 4000; ms += 7) instants.push(ms);
		instants.push(start, start + 999, start + 1000, start + 1001, 0, -1, -999, -1000, -1001, 1, 10, 99, 100, 999);
		instants.push(fromIst(1969, 12, 31, 23, 59, 59) + 5, Date.UTC(10_000, 0, 1) + 12, Date.UTC(-1, 5, 3) + 450, 8.64e15 - 20_000_000);
		for (const ms of instants) expect([ms, istStamp(ms)]).toEqual([ms, toIstIso(ms)]);
		// Back and forth between two seconds, as packets of instruments with older stamps interleave.
		for (const ms of [start + 10, start + 1010, start + 20, start + 2020, start + 30]) expect(istStamp(ms)).toBe(toIstIso(ms));
	});

	it('leaves what is not a whole millisecond to toIstIso', () => {
		for (const ms of [Number.NaN, Infinity, -Infinity, 1.5, 9e15, -9e15, 2 ** 53]) expect(istStamp(ms)).toBe(toIstIso(ms));
	});
});

describe('the tick guard', () => {
	it('accepts the first price, drops a lone absurd one and accepts a jump confirmed three times', () => {
		const guard = new TickGuard();
		expect(guard.check('1:3045', 800)).toBe('accepted');
		expect(guard.check('1:3045', 0)).toBe('notPositive');
		expect(guard.check('1:3045', Number.NaN)).toBe('notPositive');
		expect(guard.check('1:3045', 8000)).toBe('jump');
		expect(guard.check('1:3045', 801)).toBe('accepted');
		// The suspect run started again after an accepted price: two agreeing suspects are not enough.
		expect(guard.check('1:3045', 8000)).toBe('jump');
		expect(guard.check('1:3045', 8001)).toBe('jump');
		expect(guard.check('1:3045', 8002)).toBe('accepted');
		expect(guard.check('1:3045', 8003)).toBe('accepted');
		expect(guard.check('1:3045', 20)).toBe('jump');
		// A suspect that disagrees with the run starts a new run.
		expect(guard.check('1:3045', 90_000)).toBe('jump');
		expect(guard.check('1:3045', 21)).toBe('jump');
		expect(guard.check('1:3045', 22)).toBe('jump');
		expect(guard.check('1:3045', 23)).toBe('accepted');
		// Each instrument has its own reference.
		expect(guard.check('2:43854', 5)).toBe('accepted');
		expect(guard.check('2:43854', 5.95)).toBe('accepted');
	});

	it('judges the same way when its caller keeps one instrument’s guard beside its own state', () => {
		const keyed = new TickGuard();
		const kept = new InstrumentGuard();
		const prices = [0, -3, 800, 8000, 801, 8000, 8001, 8002, 8003, 20, 90_000, 21, 22, 23, Infinity, 24];
		expect(prices.map((price) => kept.check(price))).toEqual(prices.map((price) => keyed.check('1:3045', price)));
	});
});

describe('handing a packet to the triggers of its pair', () => {
	const ctx = {
		getNode: () => ({ id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () =>
			({ jwtToken: 'jwt', feedToken: 'feed', apiKey: 'key', clientCode: 'H1', sessionDay: istDay(Date.now()) }) as ICredentialDataDecryptedObject,
		helpers: { httpRequestWithAuthentication: async () => ({}) },
	} as unknown as SmartApiContext;
	const listener = (subscriptions: Subscription[], onTick: (tick: FeedTick) => void): MarketListener => ({
		ctx,
		subscriptions,
		timings: { staleMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 30_000 },
		marketHours: undefined,
		onTick,
		onIssue: () => undefined,
		onEvent: () => undefined,
	});
	const packet = (mode: 1 | 2 | 3, exchangeType: number, token: string): ArrayBuffer => {
		const bytes = encodeTick(mode, { ...randomSnapshot(createRng(7), exchangeType, token) });
		return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
	};
	let deliver: (data: ArrayBuffer) => void = () => undefined;

	beforeEach(() => {
		bindRuntime(
			ctx,
			createRuntime({
				createSocket: (_url, _headers, handlers) => {
					handlers.open();
					deliver = (data) => handlers.message(data);
					return { send: () => undefined, close: () => undefined, closed: Promise.resolve() };
				},
			}),
		);
	});

	it('reaches only the triggers of its own mode, exchange and token, each once, with one key string for all its packets', async () => {
		const got: Array<[string, FeedTick]> = [];
		const record = (name: string) => (tick: FeedTick) => got.push([name, tick]);
		const sbinLtp: Subscription = { mode: 1, exchangeType: 1, token: '3045' };
		const leases = [
			acquireMarketFeed('H1', 'ws://feed', listener([sbinLtp, { mode: 1, exchangeType: 2, token: '3045' }], record('a'))),
			acquireMarketFeed('H1', 'ws://feed', listener([sbinLtp, sbinLtp], record('b'))),
			acquireMarketFeed('H1', 'ws://feed', listener([{ mode: 2, exchangeType: 1, token: '3045' }], record('quote'))),
		];
		await until(() => marketFeeds()[0]?.connection.socket.isOpen === true);

		deliver(packet(1, 1, '3045'));
		deliver(packet(1, 1, '3045'));
		deliver(packet(1, 2, '3045'));
		deliver(packet(1, 1, '30450'));
		deliver(packet(2, 1, '3045'));

		expect(got.map(([name, tick]) => `${name} ${tick.packet.mode}:${tick.key}`)).toEqual([
			'a 1:1:3045',
			'b 1:1:3045',
			'a 1:1:3045',
			'b 1:1:3045',
			'a 1:2:3045',
			'quote 2:1:3045',
		]);
		expect(got[0][1]).toBe(got[1][1]);
		// Stamped once on arrival by the connection's clock, for every trigger the packet reaches.
		expect(Math.abs(got[0][1].receivedAt - Date.now())).toBeLessThan(5000);
		expect(got[2][1].key).toBe(got[0][1].key);
		expect(marketFeeds()[0].stats.packets).toBe(5);
		await Promise.all(leases.map(async (lease) => await lease.release()));
	});

	it('still reaches every trigger when one of them leaves while the packet is being handed out', async () => {
		const sub: Subscription = { mode: 1, exchangeType: 1, token: '3045' };
		const got: string[] = [];
		const leaving: Array<ReturnType<typeof acquireMarketFeed>> = [];
		const first = acquireMarketFeed(
			'H2',
			'ws://feed',
			listener([sub], () => {
				got.push('first');
				for (const lease of leaving) void lease.release();
			}),
		);
		leaving.push(acquireMarketFeed('H2', 'ws://feed', listener([sub], () => got.push('second'))));
		await until(() => marketFeeds()[0]?.connection.socket.isOpen === true);

		deliver(packet(1, 1, '3045'));
		deliver(packet(1, 1, '3045'));

		expect(got).toEqual(['first', 'second', 'first']);
		await first.release();
	});

	it('hands each trigger, with every packet of a pair, what that trigger attached to its subscription of it', async () => {
		const got: string[] = [];
		const sub = (token: string, context: string) => ({ mode: 1 as const, exchangeType: 1, token, context });
		const record = (name: string) => (tick: FeedTick, context: string | undefined) => got.push(`${name} ${tick.key} ${String(context)}`);
		const first = acquireMarketFeed('H4', 'ws://feed', { ...listener([], () => undefined), subscriptions: [sub('3045', 'a-sbin'), sub('1594', 'a-infy')], onTick: record('a') });
		await until(() => marketFeeds()[0]?.connection.socket.isOpen === true);
		deliver(packet(1, 1, '3045'));
		// A trigger joining a pair in use gets the latest packet with its own context, and so do the next packets.
		const second = acquireMarketFeed('H4', 'ws://feed', { ...listener([], () => undefined), subscriptions: [sub('3045', 'b-sbin')], onTick: record('b') });
		await until(() => got.length === 2);
		deliver(packet(1, 1, '1594'));
		deliver(packet(1, 1, '3045'));

		expect(got).toEqual(['a 1:3045 a-sbin', 'b 1:3045 b-sbin', 'a 1:1594 a-infy', 'a 1:3045 a-sbin', 'b 1:3045 b-sbin']);
		await Promise.all([first.release(), second.release()]);
	});

	it('hands a trigger joining a subscription in use its latest packet', async () => {
		const sub: Subscription = { mode: 1, exchangeType: 1, token: '3045' };
		const first = acquireMarketFeed('H3', 'ws://feed', listener([sub], () => undefined));
		await until(() => marketFeeds()[0]?.connection.socket.isOpen === true);
		deliver(packet(1, 1, '3045'));
		const late: FeedTick[] = [];
		const joining = acquireMarketFeed('H3', 'ws://feed', listener([sub], (tick) => late.push(tick)));
		await until(() => late.length === 1);
		expect(late[0].key).toBe('1:3045');
		await Promise.all([first.release(), joining.release()]);
	});
});
