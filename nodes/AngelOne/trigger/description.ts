// The Angel One Trigger's parameters as the editor shows them: the event, the instruments and feed mode, the Emit
// options and fields of the registered modes, the order statuses and the connection options.

import type { INodeProperties } from 'n8n-workflow';

import { sessionsSummary } from '../helpers/sessions';
import { instrumentLocator, instrumentsField } from '../methods/instruments';
import { atLeastOne, choice } from './fields';
import type { EmitMode } from './mode';
import { EMIT_MODES } from './registry';

const marketOnly = { show: { event: ['marketTicks'] } };

/** The Emit parameter and each mode's fields, shown for that mode only. */
function emitProperties(modes: readonly EmitMode[]): INodeProperties[] {
	const options = modes.map((mode) => mode.option).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const emit: INodeProperties = { ...choice('emit', 'Emit', 'throttle', options), displayOptions: marketOnly };
	const fields = modes.flatMap((mode) =>
		mode.fields.map((field) => ({ ...field, displayOptions: { show: { event: ['marketTicks'], emit: [mode.option.value] } } })),
	);
	return [emit, ...fields];
}

export function triggerProperties(modes: readonly EmitMode[] = EMIT_MODES): INodeProperties[] {
	return [
		{
			...choice('event', 'Event', 'marketTicks', [
				{ name: 'Market Ticks', value: 'marketTicks', description: 'Live prices from the WebSocket 2.0 market feed' },
				{ name: 'Order Updates', value: 'orderUpdates', description: 'Status changes of your orders, pushed by Angel One' },
			]),
			noDataExpression: true,
		},
		instrumentsField(
			{
				name: 'instrument',
				locator: instrumentLocator({
					description:
						'Search by name, type a symbol (NSE:SBIN-EQ, TradingView style NSE:SBIN or NSE:NIFTY), or give exchange and token (NSE:3045)',
				}),
			},
			{ required: true, description: 'The instruments to watch, picked like in the Angel One node', displayOptions: marketOnly },
		),
		{
			...choice('mode', 'Mode', 'ltp', [
				{ name: 'LTP', value: 'ltp', description: 'Last traded price only' },
				{ name: 'Quote', value: 'quote', description: 'LTP plus volume, average price, OHLC and buy/sell totals' },
				{ name: 'Snap Quote', value: 'snapQuote', description: 'Quote plus five-level depth, open interest, circuits and 52-week range' },
				{
					name: 'Snap Quote With 20-Level Depth',
					value: 'depth20',
					description:
						'Snap Quote plus the latest 20-level depth for NSE cash instruments (at most 50 per account), with its own timestamp. Angel One has announced the end of 20-level depth; without it, items carry five levels.',
				},
			]),
			displayOptions: marketOnly,
		},
		...emitProperties(modes),
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
					description: `Whether to connect only while an instrument’s exchange is in session (${sessionsSummary(['NSE', 'BSE', 'MCX', 'CDS'])}, weekdays) and idle otherwise. Market ticks only.`,
				},
				atLeastOne('backoffBaseMs', 'Reconnect Backoff Base (Ms)', 1000, 'First reconnect delay; it doubles on every failed attempt, with jitter'),
				atLeastOne('backoffMaxSeconds', 'Reconnect Backoff Max (Seconds)', 30),
				atLeastOne(
					'testTimeoutSeconds',
					'Test Timeout (Seconds)',
					60,
					'How long "Listen for test event" waits for the first tick or order update. Only applies to test runs.',
				),
				atLeastOne(
					'watchdogSeconds',
					'Watchdog (Seconds)',
					30,
					'Replace the connection when nothing (not even a heartbeat answer) arrives for this long',
				),
			],
		},
	];
}
