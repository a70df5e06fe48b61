// The trigger's reporting policy alone, against a three-method fake of n8n's trigger context (emit, emitError,
// saveFailedExecution): no node, no socket, no simulator.

import type { IDataObject, NodeOperationError } from 'n8n-workflow';

import { MalformedPacketError } from '../../nodes/AngelOne/feed/codec';
import { createReporter, testTimeoutError, type Reporter, type TriggerSink } from '../../nodes/AngelOne/trigger/reporting';
import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import { feedError, SmartApiError } from '../../nodes/AngelOne/transport/errors';
import { TRIGGER_NODE } from './fakes';

const node = TRIGGER_NODE;

/** What n8n was told, in order. */
interface Told {
	emitted: IDataObject[][];
	errors: NodeOperationError[];
	failedExecutions: NodeOperationError[];
	logs: Array<[string, string]>;
}

function fakeTrigger(manual: boolean, clock = { now: 0 }): { reporter: Reporter; told: Told } {
	const told: Told = { emitted: [], errors: [], failedExecutions: [], logs: [] };
	const sink: TriggerSink = {
		emit: (items) => told.emitted.push(items),
		emitError: (error) => told.errors.push(error),
		saveFailedExecution: (error) => told.failedExecutions.push(error),
	};
	const log = {
		debug: (message: string) => told.logs.push(['debug', message]),
		info: (message: string) => told.logs.push(['info', message]),
		warn: (message: string) => told.logs.push(['warn', message]),
		error: (message: string) => told.logs.push(['error', message]),
	};
	return { reporter: createReporter({ node, manual, sink, log, now: () => clock.now }), told };
}

const refused = (consecutive: number) => ({ type: 'refused', renewingSession: false, consecutive, retryInMs: 1000 }) as const;

describe('trigger reporting', () => {
	it('emits items and settles a waiting test run with the first of them', () => {
		const { reporter, told } = fakeTrigger(true);
		expect(reporter.settled.aborted).toBe(false);
		reporter.emit([{ event: 'tick', ltp: 812.5 }]);
		expect(reporter.settled.aborted).toBe(true);
		reporter.emit([{ event: 'tick', ltp: 812.55 }]);
		expect(told.emitted).toEqual([[{ event: 'tick', ltp: 812.5 }], [{ event: 'tick', ltp: 812.55 }]]);
	});

	it('sends a refused credential to emitError once, with its Angel One code', () => {
		const { reporter, told } = fakeTrigger(false);
		const error = new SmartApiError({ code: 'AB1050' });
		reporter.onEvent({ type: 'fatal', error });
		reporter.onEvent({ type: 'fatal', error });
		expect(told.errors).toHaveLength(1);
		expect(told.errors[0].message).toBe(error.message);
		expect(told.errors[0].description).toBe('Angel One error AB1050');
		expect(reporter.settled.aborted).toBe(true);
	});

	it('records refused handshakes as one failed execution per streak, after three in a row, and keeps retrying', () => {
		const { reporter, told } = fakeTrigger(false);
		reporter.onEvent({ type: 'refused', renewingSession: true, consecutive: 1, retryInMs: 0 });
		reporter.onEvent(refused(1));
		reporter.onEvent(refused(2));
		expect(told.failedExecutions).toHaveLength(0);
		reporter.onEvent(refused(3));
		reporter.onEvent(refused(4));
		expect(told.failedExecutions.map((e) => e.message)).toEqual([
			'Angel One refuses the connection, also with a renewed session; still retrying',
		]);
		reporter.onEvent({ type: 'open', reconnect: true });
		reporter.onEvent(refused(3));
		expect(told.failedExecutions).toHaveLength(2);
		expect(told.errors).toHaveLength(0);
		expect(told.logs.filter(([level]) => level === 'info').map(([, message]) => message)).toContain('Angel One connection restored');
	});

	it('fails a test run at the first refused handshake instead of waiting out its timeout', () => {
		const { reporter, told } = fakeTrigger(true);
		reporter.onEvent(refused(1));
		expect(told.errors.map((e) => e.message)).toEqual(['Angel One refuses the connection, also with a renewed session']);
		expect(told.failedExecutions).toHaveLength(0);
		expect(reporter.settled.aborted).toBe(true);
	});

	it('records malformed packets as a failed execution at most every 15 minutes, counting the ones in between', () => {
		const clock = { now: 0 };
		const { reporter, told } = fakeTrigger(false, clock);
		const error = new MalformedPacketError('empty', 0);
		const malformed = { type: 'malformed', error, total: 1 } as const;
		reporter.onIssue(malformed);
		clock.now = 60_000;
		reporter.onIssue(malformed);
		reporter.onIssue(malformed);
		clock.now = 15 * 60_000;
		reporter.onIssue(malformed);
		expect(told.failedExecutions.map((e) => e.message)).toEqual([
			'Skipped 1 malformed market-feed packet(s): Malformed feed packet: empty frame',
			'Skipped 3 malformed market-feed packet(s): Malformed feed packet: empty frame',
		]);
		expect(told.logs.filter(([level]) => level === 'debug')).toHaveLength(2);
	});

	it('fails a test run on a refused subscription but only logs a malformed packet there', () => {
		const { reporter, told } = fakeTrigger(true);
		reporter.onIssue({ type: 'malformed', error: new MalformedPacketError('empty', 0), total: 1 });
		expect(told.errors).toHaveLength(0);
		const error = feedError('E1002', 'Invalid Request');
		reporter.onIssue({ type: 'serverError', code: 'E1002', message: error.message, error });
		expect(told.errors.map((e) => e.message)).toEqual([
			`The market feed answered a subscription request of this account with E1002: ${error.message}`,
		]);
		expect(told.failedExecutions).toHaveLength(0);
	});

	it('only logs connection losses, session trouble and listener errors', () => {
		const { reporter, told } = fakeTrigger(false);
		reporter.onEvent({ type: 'down', reason: 'idle', retryInMs: 0 });
		reporter.onEvent({ type: 'down', reason: 'stale', retryInMs: 2000 });
		reporter.onEvent({ type: 'sessionError', error: new Error('timeout.'), retryInMs: 5000 });
		reporter.onEvent({ type: 'listenerError', error: new Error('boom') });
		expect(told.logs).toEqual([
			['info', 'Angel One feed closed: the market is closed'],
			['warn', 'Angel One connection lost (stale); reconnecting in 2000 ms'],
			['warn', 'Angel One session unavailable: timeout. Retrying in 5000 ms.'],
			['error', 'Angel One Trigger could not handle a feed message: boom'],
		]);
		expect(told.emitted.length + told.errors.length + told.failedExecutions.length).toBe(0);
	});

	it('settles a waiting test run when the trigger closes', () => {
		const { reporter } = fakeTrigger(true);
		reporter.close();
		expect(reporter.settled.aborted).toBe(true);
	});

	it('explains a test run without ticks by the exchange hours from the session table', () => {
		const sunday = fromIst(2026, 11, 29, 11, 0);
		const closed = testTimeoutError(node, 'marketTicks', 60, { now: sunday, exchanges: ['NSE'] });
		expect(closed.message).toBe('No tick arrived within 60 seconds');
		expect(closed.description).toBe(
			'Ticks only flow while the exchange is in session (NSE/BSE 09:15–15:30 IST, MCX 09:00–23:30, weekdays, exchange holidays excepted); outside those hours there may be nothing to receive. This timeout only applies to test runs.',
		);
		const open = testTimeoutError(node, 'marketTicks', 60, { now: fromIst(2026, 11, 25, 11, 0), exchanges: ['NSE'] });
		expect(open.description).toMatch(/^The market is open, but no tick arrived/);
		expect(testTimeoutError(node, 'orderUpdates', 5, { now: sunday, exchanges: [] }).message).toBe('No order update arrived within 5 seconds');
	});
});
