// The "Angel One Trigger" node: reads its parameters, joins the account's shared market-feed or order-status
// socket through feed/, and maps feed events onto n8n's trigger lifecycle (emit, emitError, failed executions).
import type {
	IDataObject,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	ITriggerFunctions,
	ITriggerResponse,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import type { ConnectionTimings } from './feed/connection';
import { locatorsOf, resolveFeedInstruments } from './feed/instrumentInput';
import type { FeedIssue } from './feed/marketFeed';
import { isAnyOpen } from './feed/marketHours';
import { startOrderSession, type StatusFilter, type TrackerMemory } from './feed/orderUpdates';
import { poolEnvironment, smartApiCause, type SharedEvent } from './feed/pool';
import type { CandleMinutes } from './feed/strategies';
import { startTickSession, type EmitConfig, type TickMode } from './feed/tickSession';
import { instrumentLocator, searchInstruments } from './methods/instruments';
import { accountKey } from './transport/account';
import { ensureSession } from './transport/request';

/** Refused handshakes in a row (after the session renewal) before a failed execution says so. */
const REFUSALS_BEFORE_REPORT = 3;
/** Feed issues (malformed packets, refused subscriptions) become a failed execution at most this often per trigger. */
const ISSUE_REPORT_INTERVAL_MS = 15 * 60_000;

const marketOnly = { show: { event: ['marketTicks'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Market Ticks', value: 'marketTicks', description: 'Live prices from the WebSocket 2.0 market feed' },
			{ name: 'Order Updates', value: 'orderUpdates', description: 'Status changes of your orders, pushed by Angel One' },
		],
		default: 'marketTicks',
	},
	{
		displayName: 'Instruments',
		name: 'instruments',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		placeholder: 'Add Instrument',
		default: {},
		required: true,
		description: 'The instruments to watch, picked like in the Angel One node',
		displayOptions: marketOnly,
		options: [
			{
				displayName: 'Instrument',
				name: 'instrument',
				values: [
					instrumentLocator({
						description:
							'Search by name, type a symbol (NSE:SBIN-EQ, TradingView style NSE:SBIN or NSE:NIFTY), or give exchange and token (NSE:3045)',
					}),
				],
			},
		],
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'LTP', value: 'ltp', description: 'Last traded price only' },
			{ name: 'Quote', value: 'quote', description: 'LTP plus volume, average price, OHLC and buy/sell totals' },
			{ name: 'Snap Quote', value: 'snapQuote', description: 'Quote plus five-level depth, open interest, circuits and 52-week range' },
			{
				name: 'Snap Quote With 20-Level Depth',
				value: 'depth20',
				description:
					'Snap Quote plus the latest 20-level depth for NSE cash instruments (at most 50 per account), with its own timestamp. Angel One has announced the end of 20-level depth; without it, items carry five levels.',
			},
		],
		default: 'ltp',
		displayOptions: marketOnly,
	},
	{
		displayName: 'Emit',
		name: 'emit',
		type: 'options',
		options: [
			{ name: 'Batch', value: 'batch', description: 'Every N seconds, one execution with each instrument’s latest tick' },
			{
				name: 'Candle Close',
				value: 'candle',
				description: 'OHLCV bars built from ticks, emitted when each bar closes (volume needs Quote or Snap Quote mode)',
			},
			{ name: 'Every Tick', value: 'everyTick', description: 'One execution per tick. Floods n8n in a liquid market.' },
			{ name: 'On Change', value: 'onChange', description: 'When the price moved enough since the last emitted tick' },
			{ name: 'Price Crosses a Level', value: 'priceCross', description: 'When the price reaches a level, re-armed after it moves back' },
			{ name: 'Throttle', value: 'throttle', description: 'At most one execution per instrument per interval (latest tick wins)' },
		],
		default: 'throttle',
		displayOptions: marketOnly,
	},
	{
		displayName: 'Interval (Ms)',
		name: 'throttleMs',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1000,
		description: 'At most one execution per instrument in this many milliseconds',
		displayOptions: { show: { event: ['marketTicks'], emit: ['throttle'] } },
	},
	{
		displayName: 'Every (Seconds)',
		name: 'batchSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 5,
		displayOptions: { show: { event: ['marketTicks'], emit: ['batch'] } },
	},
	{
		displayName: 'Minimum Change (%)',
		name: 'minChangePercent',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 4 },
		default: 0.5,
		description: 'Emit when the price moved at least this percentage since the last emitted tick (0 = off)',
		displayOptions: { show: { event: ['marketTicks'], emit: ['onChange'] } },
	},
	{
		displayName: 'Minimum Change (₹)',
		name: 'minChangeRupees',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 4 },
		default: 0,
		description: 'Emit when the price moved at least this many rupees since the last emitted tick (0 = off). Either minimum suffices.',
		displayOptions: { show: { event: ['marketTicks'], emit: ['onChange'] } },
	},
	{
		displayName: 'Level (₹)',
		name: 'level',
		type: 'number',
		typeOptions: { numberPrecision: 4 },
		default: 0,
		required: true,
		displayOptions: { show: { event: ['marketTicks'], emit: ['priceCross'] } },
	},
	{
		displayName: 'Direction',
		name: 'direction',
		type: 'options',
		options: [
			{ name: 'Above', value: 'above', description: 'The price rises to or through the level' },
			{ name: 'Below', value: 'below', description: 'The price falls to or through the level' },
			{ name: 'Either', value: 'either' },
		],
		default: 'above',
		displayOptions: { show: { event: ['marketTicks'], emit: ['priceCross'] } },
	},
	{
		displayName: 'Re-Arm Distance',
		name: 'hysteresis',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 4 },
		default: 0,
		description: 'How far the price must move back past the level before the same direction fires again',
		displayOptions: { show: { event: ['marketTicks'], emit: ['priceCross'] } },
	},
	{
		displayName: 'Re-Arm Distance Unit',
		name: 'hysteresisUnit',
		type: 'options',
		options: [
			{ name: 'Rupees', value: 'rupees' },
			{ name: 'Percent of Level', value: 'percent' },
		],
		default: 'rupees',
		displayOptions: { show: { event: ['marketTicks'], emit: ['priceCross'] } },
	},
	{
		displayName: 'Candle Interval',
		name: 'candleMinutes',
		type: 'options',
		options: [
			{ name: '1 Minute', value: 1 },
			{ name: '3 Minutes', value: 3 },
			{ name: '5 Minutes', value: 5 },
			{ name: '15 Minutes', value: 15 },
			{ name: '60 Minutes', value: 60 },
		],
		default: 5,
		displayOptions: { show: { event: ['marketTicks'], emit: ['candle'] } },
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		options: [
			{ name: 'Any', value: 'any' },
			{ name: 'Cancelled', value: 'cancelled' },
			{ name: 'Complete', value: 'complete' },
			{ name: 'Modified', value: 'modified' },
			{ name: 'Open', value: 'open', description: 'Open, open pending and after-market orders received' },
			{ name: 'Rejected', value: 'rejected' },
			{ name: 'Trigger Pending', value: 'triggerPending' },
		],
		default: ['any'],
		description: 'Which order statuses start the workflow',
		displayOptions: { show: { event: ['orderUpdates'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Market Hours Only',
				name: 'marketHours',
				type: 'boolean',
				default: true,
				description:
					'Whether to connect only while an instrument’s exchange is in session (NSE/BSE 09:15–15:30 IST, MCX 09:00–23:30, CDS 09:00–17:00, weekdays) and idle otherwise. Market ticks only.',
			},
			{
				displayName: 'Reconnect Backoff Base (Ms)',
				name: 'backoffBaseMs',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1000,
				description: 'First reconnect delay; it doubles on every failed attempt, with jitter',
			},
			{
				displayName: 'Reconnect Backoff Max (Seconds)',
				name: 'backoffMaxSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
			},
			{
				displayName: 'Test Timeout (Seconds)',
				name: 'testTimeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: 'How long "Listen for test event" waits for the first tick or order update. Only applies to test runs.',
			},
			{
				displayName: 'Watchdog (Seconds)',
				name: 'watchdogSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 30,
				description: 'Replace the connection when nothing (not even a heartbeat answer) arrives for this long',
			},
		],
	},
];

interface TriggerOptions {
	marketHours?: boolean;
	watchdogSeconds?: number;
	backoffBaseMs?: number;
	backoffMaxSeconds?: number;
	testTimeoutSeconds?: number;
}

function emitConfig(ctx: ITriggerFunctions): EmitConfig {
	const emit = ctx.getNodeParameter('emit', 'throttle') as EmitConfig['mode'];
	switch (emit) {
		case 'everyTick':
			return { mode: 'everyTick' };
		case 'throttle':
			return { mode: 'throttle', intervalMs: ctx.getNodeParameter('throttleMs', 1000) as number };
		case 'batch':
			return { mode: 'batch', intervalMs: (ctx.getNodeParameter('batchSeconds', 5) as number) * 1000 };
		case 'onChange': {
			const percent = ctx.getNodeParameter('minChangePercent', 0.5) as number;
			const rupees = ctx.getNodeParameter('minChangeRupees', 0) as number;
			if (!(percent > 0) && !(rupees > 0)) {
				throw new NodeOperationError(ctx.getNode(), 'Set a minimum change in percent, in rupees, or both');
			}
			return {
				mode: 'onChange',
				minChangePercent: percent > 0 ? percent : undefined,
				minChangeRupees: rupees > 0 ? rupees : undefined,
			};
		}
		case 'priceCross':
			return {
				mode: 'priceCross',
				level: ctx.getNodeParameter('level') as number,
				direction: ctx.getNodeParameter('direction', 'above') as 'above' | 'below' | 'either',
				hysteresis: ctx.getNodeParameter('hysteresis', 0) as number,
				hysteresisUnit: ctx.getNodeParameter('hysteresisUnit', 'rupees') as 'rupees' | 'percent',
			};
		case 'candle':
			return { mode: 'candle', intervalMinutes: Number(ctx.getNodeParameter('candleMinutes', 5)) as CandleMinutes };
	}
	throw new NodeOperationError(ctx.getNode(), `Unknown emit mode "${String(emit)}"`);
}

/** A message for the user; errors that name a field (the instrument picker's) say which. */
function describe(error: unknown): string {
	const smartApi = smartApiCause(error);
	if (smartApi !== undefined) return smartApi.message;
	if (!(error instanceof Error)) return String(error);
	const field = (error as { field?: unknown }).field;
	return typeof field === 'string' && !error.message.startsWith(field) ? `${field}: ${error.message}` : error.message;
}

export class AngelOneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Angel One Trigger',
		name: 'angelOneTrigger',
		icon: { light: 'file:../../icons/angelone.svg', dark: 'file:../../icons/angelone.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "orderUpdates" ? "Order updates" : "Market ticks: " + $parameter["emit"]}}',
		description:
			'Starts a workflow on live Angel One market ticks (throttled, batched, on change, on a level cross or on candle close) or on order status updates',
		defaults: { name: 'Angel One Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'angelOneSmartApi', required: true }],
		properties,
	};

	methods = {
		listSearch: { searchInstruments },
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const node = this.getNode();
		const event = this.getNodeParameter('event', 'marketTicks') as 'marketTicks' | 'orderUpdates';
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const manual = this.getMode() === 'manual';
		const timings: ConnectionTimings = {
			staleMs: (options.watchdogSeconds ?? 30) * 1000,
			backoffBaseMs: options.backoffBaseMs ?? 1000,
			backoffMaxMs: (options.backoffMaxSeconds ?? 30) * 1000,
		};
		const env = poolEnvironment.current;
		const config = event === 'marketTicks' ? emitConfig(this) : undefined;
		if (typeof WebSocket === 'undefined') {
			throw new NodeOperationError(node, 'The Angel One Trigger needs Node.js 22 or newer, which has a built-in WebSocket client');
		}

		// Startup errors are thrown, so activation fails and n8n retries it with its own backoff.
		let session: Awaited<ReturnType<typeof ensureSession>>;
		try {
			session = await ensureSession(this);
		} catch (error) {
			const cause = smartApiCause(error);
			throw new NodeOperationError(node, describe(error), {
				description: cause !== undefined ? `Angel One error ${cause.errorCode}` : undefined,
			});
		}
		const account = accountKey(session.credentials);

		// Settled by the first event, a failure or close: what a test run waits for.
		const manualWait = new AbortController();
		let failed = false;
		const fail = (message: string, description?: string): void => {
			if (failed) return;
			failed = true;
			manualWait.abort();
			this.emitError(new NodeOperationError(node, message, { description }));
		};
		let refusalReported = false;
		const onEvent = (feedEvent: SharedEvent): void => {
			switch (feedEvent.type) {
				case 'fatal':
					// A login-kind error: the credential is wrong, no reconnect can fix it.
					fail(feedEvent.error.message, `Angel One error ${feedEvent.error.errorCode}`);
					return;
				case 'refused': {
					if (feedEvent.renewingSession) {
						this.logger.info('Angel One refused the socket handshake; renewing the session and retrying');
						return;
					}
					const message = 'Angel One refuses the connection, also with a renewed session';
					const description =
						'Angel One allows 3 connections per client code for each socket (market feed, order updates). All trigger nodes of this account in one n8n process share one; other programs, n8n instances or queue-mode workers may be using the rest. A wrong API key is refused the same way.';
					this.logger.warn(`${message} (${feedEvent.consecutive} times in a row); retrying in ${feedEvent.retryInMs} ms. ${description}`);
					if (manual) {
						fail(message, description);
					} else if (!refusalReported && feedEvent.consecutive >= REFUSALS_BEFORE_REPORT) {
						// Recorded once per streak (the executions list, the error workflow); the trigger keeps retrying.
						refusalReported = true;
						this.saveFailedExecution(new NodeOperationError(node, `${message}; still retrying`, { description }));
					}
					return;
				}
				case 'sessionError':
					this.logger.warn(`Angel One session unavailable: ${describe(feedEvent.error)} Retrying in ${feedEvent.retryInMs} ms.`);
					return;
				case 'reconcileError':
					this.logger.warn(
						`Could not read the order book to recover updates missed while disconnected: ${describe(feedEvent.error)} Retrying in ${feedEvent.retryInMs} ms.`,
					);
					return;
				case 'down':
					if (feedEvent.reason === 'idle') this.logger.info('Angel One feed closed: the market is closed');
					else this.logger.warn(`Angel One connection lost (${feedEvent.reason}); reconnecting in ${feedEvent.retryInMs} ms`);
					return;
				case 'open':
					refusalReported = false;
					if (feedEvent.reconnect) this.logger.info('Angel One connection restored');
					return;
				case 'idle':
					return;
				case 'listenerError':
					this.logger.error(`Angel One Trigger could not handle a feed message: ${describe(feedEvent.error)}`);
					return;
			}
		};

		const emit = (items: IDataObject[]): void => {
			// abort() builds a DOMException on every call, even when already aborted: a measurable cost per emit.
			if (!manualWait.signal.aborted) manualWait.abort();
			this.emit([this.helpers.returnJsonArray(items)]);
		};

		let close: () => Promise<void>;
		let marketExchanges: string[] = [];
		if (config !== undefined) {
			let instruments: Awaited<ReturnType<typeof resolveFeedInstruments>>;
			try {
				instruments = await resolveFeedInstruments(this, locatorsOf(this.getNodeParameter('instruments', {})));
			} catch (error) {
				throw new NodeOperationError(node, describe(error));
			}
			marketExchanges = [...new Set(instruments.map((i) => i.exchange))];
			// Bad packets are skipped and server errors logged; both are also recorded as failed executions
			// (the executions list, the error workflow), but at most once per kind and interval: never a flood.
			const skipped = { malformed: 0, serverError: 0 };
			const lastReportAt = { malformed: -Infinity, serverError: -Infinity };
			const onIssue = (issue: FeedIssue): void => {
				skipped[issue.type]++;
				const message =
					issue.type === 'malformed'
						? `Skipped ${skipped.malformed} malformed market-feed packet(s): ${issue.error.message}`
						: `The market feed answered a subscription request of this account with ${issue.code}: ${issue.message}`;
				const now = env.now();
				if (now - lastReportAt[issue.type] < ISSUE_REPORT_INTERVAL_MS) {
					this.logger.debug(message);
					return;
				}
				lastReportAt[issue.type] = now;
				this.logger.warn(message);
				if (manual) {
					if (issue.type === 'serverError') fail(message);
					return;
				}
				skipped[issue.type] = 0;
				this.saveFailedExecution(
					new NodeOperationError(node, message, {
						description:
							issue.type === 'malformed'
								? 'The packets were skipped and the feed continues. Further malformed packets are counted and reported at most every 15 minutes.'
								: 'Ticks of the refused subscription will not arrive. All trigger nodes of this account in this n8n process share one feed connection (1,000 subscriptions, 20-level depth for at most 50 instruments).',
					}),
				);
			};
			let tickSession: ReturnType<typeof startTickSession>;
			try {
				tickSession = startTickSession({
					ctx: this,
					account,
					url: session.urls.marketSocket,
					instruments,
					mode: this.getNodeParameter('mode', 'ltp') as TickMode,
					emitConfig: config,
					marketHours: options.marketHours ?? true,
					timings,
					manual,
					emit,
					onEvent,
					onIssue,
				});
			} catch (error) {
				throw new NodeOperationError(node, describe(error));
			}
			close = async () => await tickSession.close();
		} else {
			const staticData = this.getWorkflowStaticData('node');
			const orderSession = startOrderSession({
				ctx: this,
				account,
				url: session.urls.orderSocket,
				statuses: this.getNodeParameter('statuses', ['any']) as StatusFilter[],
				timings,
				manual,
				memory: staticData.orderStates as TrackerMemory | undefined,
				remember: (memory) => {
					staticData.orderStates = memory as unknown as IDataObject;
				},
				emit,
				onEvent,
			});
			close = async () => await orderSession.close();
		}

		let closed = false;
		const closeFunction = async (): Promise<void> => {
			if (closed) return;
			closed = true;
			manualWait.abort();
			await close();
		};

		if (!manual) return { closeFunction };

		const timeoutSeconds = options.testTimeoutSeconds ?? 60;
		const manualTriggerFunction = async (): Promise<void> => {
			try {
				await env.sleep(timeoutSeconds * 1000, manualWait.signal);
			} catch {
				// Settled: the first event was emitted, the trigger failed (emitError), or it was closed.
				return;
			}
			await closeFunction();
			const marketNote =
				event === 'marketTicks'
					? isAnyOpen(env.now(), marketExchanges)
						? 'The market is open, but no tick arrived: check the instruments, or that the instrument trades at all.'
						: 'Ticks only flow while the exchange is in session (NSE/BSE 09:15–15:30 IST, MCX 09:00–23:30, weekdays, exchange holidays excepted); outside those hours there may be nothing to receive.'
					: 'An update arrives when an order of this account changes status (placed, modified, filled, cancelled or rejected).';
			throw new NodeOperationError(
				node,
				`No ${event === 'marketTicks' ? 'tick' : 'order update'} arrived within ${timeoutSeconds} seconds`,
				{ description: `${marketNote} This timeout only applies to test runs.` },
			);
		};
		return { closeFunction, manualTriggerFunction };
	}
}
