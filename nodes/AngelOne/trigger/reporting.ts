// How the trigger reports to n8n, as one unit with a narrow sink: the first event settles a test run, fatal
// errors go to emitError once, refused handshakes and feed issues become failed executions at a bounded rate,
// everything else is logged. Startup errors are not here: the node shell throws them.

import type { IDataObject, INode, Logger } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FeedIssue } from '../feed/marketFeed';
import { isAnyOpen } from '../feed/marketHours';
import { smartApiCause, type SharedEvent } from '../feed/pool';
import { sessionsSummary } from '../helpers/sessions';

/** Refused handshakes in a row (after the session renewal) before a failed execution says so. */
const REFUSALS_BEFORE_REPORT = 3;
/** Feed issues (malformed packets, refused subscriptions) become a failed execution at most this often per trigger. */
const ISSUE_REPORT_INTERVAL_MS = 15 * 60_000;

/** The three things of n8n's trigger context the policy uses to report. */
export interface TriggerSink {
	emit(items: IDataObject[]): void;
	emitError(error: NodeOperationError): void;
	saveFailedExecution(error: NodeOperationError): void;
}

export interface ReporterOptions {
	node: INode;
	manual: boolean;
	sink: TriggerSink;
	log: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
	now(): number;
}

export interface Reporter {
	/** Aborted by the first event, a failure or close: what a test run waits for. */
	readonly settled: AbortSignal;
	emit(items: IDataObject[]): void;
	onEvent(event: SharedEvent): void;
	onIssue(issue: FeedIssue): void;
	/** The trigger closed: a waiting test run stops waiting. */
	close(): void;
}

/** A message for the user; errors that name a field (the instrument picker's) say which. */
export function describeError(error: unknown): string {
	const smartApi = smartApiCause(error);
	if (smartApi !== undefined) return smartApi.message;
	if (!(error instanceof Error)) return String(error);
	const field = (error as { field?: unknown }).field;
	return typeof field === 'string' && !error.message.startsWith(field) ? `${field}: ${error.message}` : error.message;
}

export function createReporter({ node, manual, sink, log, now }: ReporterOptions): Reporter {
	const settled = new AbortController();
	let failed = false;
	const fail = (message: string, description?: string): void => {
		if (failed) return;
		failed = true;
		settled.abort();
		sink.emitError(new NodeOperationError(node, message, { description }));
	};

	let refusalReported = false;
	const onRefused = (consecutive: number, retryInMs: number): void => {
		const message = 'Angel One refuses the connection, also with a renewed session';
		const description =
			'Angel One allows 3 connections per client code for each socket (market feed, order updates). All trigger nodes of this account in one n8n process share one; other programs, n8n instances or queue-mode workers may be using the rest. A wrong API key is refused the same way.';
		log.warn(`${message} (${consecutive} times in a row); retrying in ${retryInMs} ms. ${description}`);
		if (manual) {
			fail(message, description);
		} else if (!refusalReported && consecutive >= REFUSALS_BEFORE_REPORT) {
			// Recorded once per streak (the executions list, the error workflow); the trigger keeps retrying.
			refusalReported = true;
			sink.saveFailedExecution(new NodeOperationError(node, `${message}; still retrying`, { description }));
		}
	};

	// Bad packets are skipped and server errors logged; both are also recorded as failed executions
	// (the executions list, the error workflow), but at most once per kind and interval: never a flood.
	const skipped = { malformed: 0, serverError: 0 };
	const lastReportAt = { malformed: -Infinity, serverError: -Infinity };

	return {
		settled: settled.signal,
		emit(items) {
			// abort() builds a DOMException on every call, even when already aborted: a measurable cost per emit.
			if (!settled.signal.aborted) settled.abort();
			sink.emit(items);
		},
		onEvent(event) {
			switch (event.type) {
				case 'fatal':
					// A login-kind error: the credential is wrong, no reconnect can fix it.
					fail(event.error.message, `Angel One error ${event.error.errorCode}`);
					return;
				case 'refused':
					if (event.renewingSession) log.info('Angel One refused the socket handshake; renewing the session and retrying');
					else onRefused(event.consecutive, event.retryInMs);
					return;
				case 'sessionError':
					log.warn(`Angel One session unavailable: ${describeError(event.error)} Retrying in ${event.retryInMs} ms.`);
					return;
				case 'reconcileError':
					log.warn(
						`Could not read the order book to recover updates missed while disconnected: ${describeError(event.error)} Retrying in ${event.retryInMs} ms.`,
					);
					return;
				case 'down':
					if (event.reason === 'idle') log.info('Angel One feed closed: the market is closed');
					else log.warn(`Angel One connection lost (${event.reason}); reconnecting in ${event.retryInMs} ms`);
					return;
				case 'open':
					refusalReported = false;
					if (event.reconnect) log.info('Angel One connection restored');
					return;
				case 'idle':
					return;
				case 'listenerError':
					log.error(`Angel One Trigger could not handle a feed message: ${describeError(event.error)}`);
					return;
			}
		},
		onIssue(issue) {
			skipped[issue.type]++;
			const message =
				issue.type === 'malformed'
					? `Skipped ${skipped.malformed} malformed market-feed packet(s): ${issue.error.message}`
					: `The market feed answered a subscription request of this account with ${issue.code}: ${issue.message}`;
			const at = now();
			if (at - lastReportAt[issue.type] < ISSUE_REPORT_INTERVAL_MS) {
				log.debug(message);
				return;
			}
			lastReportAt[issue.type] = at;
			log.warn(message);
			if (manual) {
				if (issue.type === 'serverError') fail(message);
				return;
			}
			skipped[issue.type] = 0;
			sink.saveFailedExecution(
				new NodeOperationError(node, message, {
					description:
						issue.type === 'malformed'
							? 'The packets were skipped and the feed continues. Further malformed packets are counted and reported at most every 15 minutes.'
							: 'Ticks of the refused subscription will not arrive. All trigger nodes of this account in this n8n process share one feed connection (1,000 subscriptions, 20-level depth for at most 50 instruments).',
				}),
			);
		},
		close() {
			settled.abort();
		},
	};
}

/** Why a test run saw nothing: said when "Listen for test event" times out. */
export function testTimeoutError(
	node: INode,
	event: 'marketTicks' | 'orderUpdates',
	timeoutSeconds: number,
	context: { now: number; exchanges: string[] },
): NodeOperationError {
	const note =
		event === 'marketTicks'
			? isAnyOpen(context.now, context.exchanges)
				? 'The market is open, but no tick arrived: check the instruments, or that the instrument trades at all.'
				: `Ticks only flow while the exchange is in session (${sessionsSummary(['NSE', 'BSE', 'MCX'])}, weekdays, exchange holidays excepted); outside those hours there may be nothing to receive.`
			: 'An update arrives when an order of this account changes status (placed, modified, filled, cancelled or rejected).';
	return new NodeOperationError(node, `No ${event === 'marketTicks' ? 'tick' : 'order update'} arrived within ${timeoutSeconds} seconds`, {
		description: `${note} This timeout only applies to test runs.`,
	});
}
