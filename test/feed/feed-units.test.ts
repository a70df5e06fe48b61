/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test: polling needs a timer */
// Pure parts of the trigger's feed: exchange sessions, packets to trader units, subscribe requests and the shared
// connection's limits, and the per-trigger order-state tracker that reconciles the order book.

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import {
	FeedLimitError,
	MAX_SUBSCRIPTIONS,
	acquireMarketFeed,
	feedRequests,
	marketFeeds,
	type FeedIssue,
	type MarketListener,
	type Subscription,
} from '../../nodes/AngelOne/feed/marketFeed';
import { isAnyOpen, nextOpen } from '../../nodes/AngelOne/feed/marketHours';
import { normalizeTickItem } from '../../nodes/AngelOne/feed/normalize';
import { OrderTracker, orderItem, statusAllowed } from '../../nodes/AngelOne/feed/orderUpdates';
import type { DecodedTick } from '../../nodes/AngelOne/feed/types';
import { fromIst, istDay } from '../../nodes/AngelOne/helpers/ist';
import { bindRuntime, createRuntime, type Runtime } from '../../nodes/AngelOne/runtime';
import { SmartApiError } from '../../nodes/AngelOne/transport/errors';
import { encodeTick, randomSnapshot } from '../../simulator/packets';
import { createRng } from '../../simulator/rng';
import type { SmartApiContext } from '../../nodes/AngelOne/transport/request';

async function until(condition: () => boolean): Promise<void> {
	for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
	expect(condition()).toBe(true);
}

describe('market hours', () => {
	const wed = (hour: number, minute: number): number => fromIst(2026, 11, 25, hour, minute);

	it('knows NSE is open 09:15–15:30 IST on weekdays and MCX until 23:30', () => {
		expect(isAnyOpen(wed(9, 14), ['NSE'])).toBe(false);
		expect(isAnyOpen(wed(9, 15), ['NSE'])).toBe(true);
		expect(isAnyOpen(wed(15, 29), ['BSE'])).toBe(true);
		expect(isAnyOpen(wed(15, 30), ['NSE'])).toBe(false);
		expect(isAnyOpen(wed(9, 0), ['MCX'])).toBe(true);
		expect(isAnyOpen(wed(23, 29), ['MCX'])).toBe(true);
		expect(isAnyOpen(wed(23, 30), ['MCX'])).toBe(false);
		expect(isAnyOpen(wed(20, 0), ['NSE', 'MCX'])).toBe(true);
	});

	it('keeps every exchange closed on weekends', () => {
		expect(isAnyOpen(fromIst(2026, 11, 28, 11, 0), ['NSE', 'MCX'])).toBe(false);
		expect(isAnyOpen(fromIst(2026, 11, 29, 11, 0), ['NSE', 'MCX'])).toBe(false);
	});

	it('finds the next opening: later today, tomorrow, or Monday after a weekend', () => {
		expect(nextOpen(wed(8, 0), ['NSE'])).toBe(wed(9, 15));
		expect(nextOpen(wed(8, 0), ['NSE', 'MCX'])).toBe(wed(9, 0));
		expect(nextOpen(wed(10, 0), ['NSE'])).toBe(wed(10, 0));
		expect(nextOpen(wed(16, 0), ['NSE'])).toBe(fromIst(2026, 11, 26, 9, 15));
		expect(nextOpen(fromIst(2026, 11, 27, 23, 45), ['MCX'])).toBe(fromIst(2026, 11, 30, 9, 0));
		expect(nextOpen(wed(10, 0), [])).toBeUndefined();
	});
});

describe('normalizing packets to trader units', () => {
	const sbin = { exchange: 'NSE', token: '3045', tradingSymbol: 'SBIN-EQ', exchangeType: 1, priceDivisor: 100 };
	const at = fromIst(2026, 11, 25, 10, 0, 5);

	it('turns paise into rupees and the exchange time into IST ISO', () => {
		const tick: DecodedTick = { mode: 1, exchangeType: 1, token: '3045', sequenceNumber: 9, exchangeTimestamp: at, ltp: 81235 };
		expect(normalizeTickItem('tick', tick, sbin)).toEqual({
			event: 'tick',
			exchange: 'NSE',
			tradingSymbol: 'SBIN-EQ',
			token: '3045',
			mode: 'LTP',
			ltp: 812.35,
			timestamp: '2026-11-25T10:00:05.000+05:30',
			timestampMs: at,
			sequenceNumber: 9,
		});
	});

	it('divides currency-derivative prices by 10^7', () => {
		const usdinr = { exchange: 'CDS', token: '1594', tradingSymbol: 'USDINR26DECFUT', exchangeType: 13, priceDivisor: 1e7 };
		const tick: DecodedTick = { mode: 1, exchangeType: 13, token: '1594', exchangeTimestamp: at, ltp: 834_512_500 };
		expect(normalizeTickItem('tick', tick, usdinr).ltp).toBe(83.45125);
	});

	it('gives snap quotes five-level depth without the zero padding, circuits in rupees and the last trade time', () => {
		const level = (price: number, quantity: number, orders: number) => ({ price, quantity, orders });
		const tick: DecodedTick = {
			mode: 3,
			exchangeType: 1,
			token: '3045',
			sequenceNumber: 1,
			exchangeTimestamp: at,
			ltp: 81235,
			lastTradedQuantity: 10,
			averageTradedPrice: 81100,
			volume: 123456,
			totalBuyQuantity: 5000,
			totalSellQuantity: 6000,
			open: 80500,
			high: 81500,
			low: 80000,
			close: 80900,
			lastTradedTimestamp: Math.floor(at / 1000),
			openInterest: 0,
			openInterestChangePercent: 0,
			bestFiveBuy: [level(81230, 100, 3), level(81225, 50, 1), level(0, 0, 0), level(0, 0, 0), level(0, 0, 0)],
			bestFiveSell: [level(81240, 70, 2), level(0, 0, 0), level(0, 0, 0), level(0, 0, 0), level(0, 0, 0)],
			upperCircuit: 88990,
			lowerCircuit: 72810,
			week52High: 91200,
			week52Low: 60005,
		};
		expect(normalizeTickItem('tick', tick, sbin)).toMatchObject({
			mode: 'SNAP_QUOTE',
			averagePrice: 811,
			open: 805,
			high: 815,
			low: 800,
			close: 809,
			volume: 123456,
			lastTradedAt: '2026-11-25T10:00:05.000+05:30',
			upperCircuit: 889.9,
			lowerCircuit: 728.1,
			week52High: 912,
			week52Low: 600.05,
			depth: {
				buy: [{ price: 812.3, quantity: 100, orders: 3 }, { price: 812.25, quantity: 50, orders: 1 }],
				sell: [{ price: 812.4, quantity: 70, orders: 2 }],
			},
		});
	});
});

describe('subscribe requests and the shared connection’s limits', () => {
	const subs = (count: number, mode: 1 | 2 | 3 | 4 = 1, exchangeType = 1): Subscription[] =>
		Array.from({ length: count }, (_, i) => ({ mode, exchangeType, token: String(1000 + i) }));
	let ids = 0;
	const nextId = (): string => `id${String(++ids).padStart(8, '0')}`;

	it('sends one request per mode with tokens grouped by exchange type, in lists of at most 100 tokens', () => {
		const requests = feedRequests(1, [...subs(150), { mode: 1, exchangeType: 2, token: '43854' }, { mode: 3, exchangeType: 1, token: '3045' }], nextId).map(
			(text) => JSON.parse(text) as { action: number; params: { mode: number; tokenList: Array<{ exchangeType: number; tokens: string[] }> } },
		);
		expect(requests.map((r) => [r.action, r.params.mode, r.params.tokenList.map((t) => [t.exchangeType, t.tokens.length])])).toEqual([
			[1, 1, [[1, 100]]],
			[1, 1, [[1, 50], [2, 1]]],
			[1, 3, [[1, 1]]],
		]);
	});

	describe('acquiring the shared feed', () => {
		// A session that needs no network, and sockets that never open: only the bookkeeping is exercised.
		const ctx = {
			getNode: () => ({ id: 'n', name: 'n', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
			getCredentials: async () =>
				({ jwtToken: 'jwt', feedToken: 'feed', apiKey: 'key', clientCode: 'A1', sessionDay: istDay(Date.now()) }) as ICredentialDataDecryptedObject,
			helpers: { httpRequestWithAuthentication: async () => ({}) },
		} as unknown as SmartApiContext;
		const listener = (subscriptions: Subscription[]): MarketListener => ({
			ctx,
			subscriptions,
			timings: { staleMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 30_000 },
			marketHours: undefined,
			onTick: () => undefined,
			onIssue: () => undefined,
			onEvent: () => undefined,
		});

		let runtime: Runtime;

		beforeEach(() => {
			runtime = createRuntime({ createSocket: () => ({ send: () => undefined, close: () => undefined, closed: Promise.resolve() }) });
			bindRuntime(ctx, runtime);
		});

		it(`refuses a trigger that would take the connection past ${MAX_SUBSCRIPTIONS} subscriptions, leaving the others as they were`, async () => {
			const first = acquireMarketFeed('A1', 'ws://feed', listener(subs(600)));
			expect(() => acquireMarketFeed('A1', 'ws://feed', listener(subs(500, 2)))).toThrow(FeedLimitError);
			expect(() => acquireMarketFeed('A1', 'ws://feed', listener(subs(500, 2)))).toThrow(/1000 subscriptions.*600 are in use and this trigger needs 500 more/);
			expect(marketFeeds()[0].subscriptionCount).toBe(600);
			// The same pairs again cost nothing: subscriptions are reference-counted.
			const second = acquireMarketFeed('A1', 'ws://feed', listener(subs(600)));
			expect(marketFeeds()[0].subscriptionCount).toBe(600);
			await second.release();
			await first.release();
			expect(marketFeeds()).toHaveLength(0);
		});

		it('refuses a set that alone exceeds the limit without opening a connection', () => {
			expect(() => acquireMarketFeed('A1', 'ws://feed', listener(subs(1001)))).toThrow(FeedLimitError);
			expect(marketFeeds()).toHaveLength(0);
		});

		it('allows 20-level depth for at most 50 NSE cash instruments per connection', async () => {
			expect(() => acquireMarketFeed('A1', 'ws://feed', listener(subs(51, 4)))).toThrow(/at most 50 instruments/);
			expect(() => acquireMarketFeed('A1', 'ws://feed', listener(subs(1, 4, 2)))).toThrow(/only for NSE cash/);
			const lease = acquireMarketFeed('A1', 'ws://feed', listener(subs(50, 4)));
			await lease.release();
		});

		it('stops connecting once the credential is refused, and tries again only when a trigger joins', async () => {
			let logins = 0;
			const refusing = {
				...ctx,
				getCredentials: async () => ({ apiKey: 'key', clientCode: 'C3', jwtToken: '' }) as ICredentialDataDecryptedObject,
				helpers: {
					httpRequestWithAuthentication: async () => {
						logins++;
						throw new SmartApiError({ code: 'AB1007' });
					},
				},
			} as unknown as SmartApiContext;
			bindRuntime(refusing, runtime);
			const events: string[] = [];
			const fast = { staleMs: 1000, backoffBaseMs: 1, backoffMaxMs: 2 };
			const lease = acquireMarketFeed('C3', 'ws://feed', { ...listener(subs(1)), ctx: refusing, timings: fast, onEvent: (e) => events.push(e.type) });
			await until(() => events.includes('fatal'));
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(logins).toBe(1);

			const again = acquireMarketFeed('C3', 'ws://feed', { ...listener(subs(1)), ctx: refusing, timings: fast });
			await until(() => logins === 2);
			await Promise.all([lease.release(), again.release()]);
		});

		it('delivers a tick to every trigger even when one trigger’s handler throws', async () => {
			let deliver: (data: ArrayBuffer) => void = () => undefined;
			runtime.createSocket = (_url, _headers, handlers) => {
				handlers.open();
				deliver = (data) => handlers.message(data);
				return { send: () => undefined, close: () => undefined, closed: Promise.resolve() };
			};
			const events: string[] = [];
			const received: string[] = [];
			const sub: Subscription = { mode: 1, exchangeType: 1, token: '3045' };
			const broken = acquireMarketFeed('D4', 'ws://feed', {
				...listener([sub]),
				onTick: () => {
					throw new Error('workflow bug');
				},
				onEvent: (event) => events.push(event.type),
			});
			const healthy = acquireMarketFeed('D4', 'ws://feed', { ...listener([sub]), onTick: (tick) => received.push(tick.packet.token) });
			await until(() => marketFeeds()[0]?.connection.socket.isOpen === true);

			const packet = encodeTick(1, randomSnapshot(createRng(1), 1, '3045'));
			deliver(packet.buffer.slice(packet.byteOffset, packet.byteOffset + packet.byteLength) as ArrayBuffer);

			expect(received).toEqual(['3045']);
			expect(events).toContain('listenerError');
			await Promise.all([broken.release(), healthy.release()]);
		});

		it("reports the feed's E1002 frame with the error table's words, keeping the server's own", async () => {
			const issues: FeedIssue[] = [];
			const lease = acquireMarketFeed('E1', 'ws://feed', { ...listener(subs(1)), onIssue: (issue) => issues.push(issue) });
			lease.feed.frame('{"correlationID":"n8n0000001","errorCode":"E1002","errorMessage":"Invalid Request. Subscription Limit Exceeded."}');
			expect(issues).toHaveLength(1);
			const [issue] = issues;
			if (issue.type !== 'serverError') throw new Error(`expected a server error, got ${issue.type}`);
			expect(issue.code).toBe('E1002');
			expect(issue.message).toMatch(/1,000 subscriptions per connection/);
			expect(issue.error).toMatchObject({ errorCode: 'E1002', brokerMessage: 'Invalid Request. Subscription Limit Exceeded.', endpoint: 'marketFeed' });
			await lease.release();
		});

		it('keeps one connection per client code and socket URL', async () => {
			const a = acquireMarketFeed('A1', 'ws://feed', listener(subs(1)));
			const b = acquireMarketFeed('A1', 'ws://feed', listener(subs(2)));
			const c = acquireMarketFeed('B2', 'ws://feed', listener(subs(1)));
			expect(a.feed).toBe(b.feed);
			expect(c.feed).not.toBe(a.feed);
			await Promise.all([a.release(), b.release(), c.release(), a.release()]);
			expect(marketFeeds()).toHaveLength(0);
		});
	});
});

describe('order-state tracking', () => {
	const now = fromIst(2026, 11, 25, 10, 0);
	const order = (orderid: string, status: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
		orderid,
		status,
		orderstatus: status,
		price: '800.00',
		triggerprice: '0.00',
		quantity: '2',
		filledshares: '0',
		text: '',
		updatetime: '25-Nov-2026 10:00:00',
		...extra,
	});
	const push = (code: string, data: Record<string, unknown>) => ({ 'order-status': code, orderData: { ...data, price: Number(data.price) } });

	it('takes the first order book of an activation as the baseline and emits nothing for it', () => {
		const tracker = new OrderTracker(undefined, now);
		expect(tracker.reconcile([order('1', 'open'), order('2', 'complete')], new Set(), now)).toEqual([]);
		expect(tracker.reconcile([order('1', 'complete'), order('2', 'complete')], new Set(), now).map((u) => [u.orderId, u.code])).toEqual([
			['1', 'AB05'],
		]);
	});

	it('ignores the connect greeting and a repeated push, and does not re-emit from the book what was pushed', () => {
		const tracker = new OrderTracker({ day: istDay(now), orders: {} }, now);
		expect(tracker.live({ 'order-status': 'AB00', orderData: { orderid: '' } }, now)).toBeUndefined();
		expect(tracker.live(push('AB01', order('1', 'open')), now)?.code).toBe('AB01');
		expect(tracker.live(push('AB01', order('1', 'open')), now)).toBeUndefined();
		expect(tracker.reconcile([order('1', 'open')], new Set(), now)).toEqual([]);
	});

	it('reads an update pushed under AB00 (as one copy of the docs shows) by the order’s own status', () => {
		const tracker = new OrderTracker({ day: istDay(now), orders: {} }, now);
		const update = tracker.live({ 'order-status': 'AB00', orderData: order('7', 'rejected', { text: 'RMS: margin exceeds' }) }, now);
		expect(update?.code).toBe('AB03');
		expect(orderItem(update as NonNullable<typeof update>)).toMatchObject({ statusCode: 'AB03', rejectionReason: 'RMS: margin exceeds' });
	});

	it('treats a pushed modification as matching the resting order the book shows afterwards', () => {
		const tracker = new OrderTracker({ day: istDay(now), orders: {} }, now);
		tracker.live(push('AB01', order('1', 'open')), now);
		expect(tracker.live(push('AB04', order('1', 'modified', { price: '805.00' })), now)?.code).toBe('AB04');
		expect(tracker.reconcile([order('1', 'open', { price: '805.00' })], new Set(), now)).toEqual([]);
		expect(tracker.reconcile([order('1', 'open', { price: '806.00' })], new Set(), now).map((u) => u.code)).toEqual(['AB01']);
	});

	it('skips orders pushed since the fetch began, and emits the gap’s transitions oldest first', () => {
		const tracker = new OrderTracker({ day: istDay(now), orders: {} }, now);
		const updates = tracker.reconcile(
			[
				order('1', 'complete', { updatetime: '25-Nov-2026 10:05:00' }),
				order('2', 'rejected', { updatetime: '25-Nov-2026 10:01:00', text: 'Insufficient funds' }),
				order('3', 'open'),
			],
			new Set(['3']),
			now,
		);
		expect(updates.map((u) => [u.orderId, u.code, u.source])).toEqual([
			['2', 'AB03', 'reconciled'],
			['1', 'AB05', 'reconciled'],
		]);
		expect(orderItem(updates[0])).toMatchObject({
			orderId: '2',
			status: 'rejected',
			statusCode: 'AB03',
			statusMeaning: 'rejected',
			rejectionReason: 'Insufficient funds',
			updatedAt: '2026-11-25T10:01:00.000+05:30',
			order: { price: 800, quantity: 2, filledshares: 0 },
		});
	});

	it('forgets yesterday’s orders but, having been active before, emits every order of today it has not seen', () => {
		const tracker = new OrderTracker({ day: '2026-11-24', orders: { '9': { code: 'AB01', filled: 0, quantity: 2, price: 800, trigger: 0 } } }, now);
		expect(tracker.memory()).toEqual({ day: '2026-11-25', orders: {} });
		expect(tracker.reconcile([order('1', 'open')], new Set(), now).map((u) => [u.orderId, u.code])).toEqual([['1', 'AB01']]);
	});

	it('maps the status filter choices onto codes, AMO and pending variants included', () => {
		expect(statusAllowed(['any'], 'AB11')).toBe(true);
		expect(statusAllowed(['open'], 'AB06')).toBe(true);
		expect(statusAllowed(['cancelled'], 'AB07')).toBe(true);
		expect(statusAllowed(['complete', 'rejected'], 'AB01')).toBe(false);
		expect(statusAllowed(['modified'], 'AB04')).toBe(true);
		expect(statusAllowed(['triggerPending'], 'AB10')).toBe(true);
	});
});
