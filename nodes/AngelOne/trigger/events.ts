// Starting the chosen event of one trigger node on the account's shared socket: the market feed with the resolved
// instruments and the Emit mode, or order updates with the status memory kept in the workflow's static data.

import type { IDataObject, ITriggerFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { resolveFeedInstruments } from '../feed/instrumentInput';
import { startOrderSession, type TrackerMemory } from '../feed/orderUpdates';
import { smartApiCause } from '../feed/pool';
import { startTickSession } from '../feed/tickSession';
import { accountKey } from '../transport/account';
import { ensureSession } from '../transport/request';
import type { Reporter } from './reporting';
import { describeError } from './reporting';
import type { TriggerSettings } from './settings';

export interface RunningEvent {
	close(): Promise<void>;
	/** Exchanges of the watched instruments (none for order updates), for the test-run timeout's explanation. */
	exchanges: string[];
}

/** Logs in (or reuses the session) and joins the event's socket. Throws what should fail the activation. */
export async function startEvent(ctx: ITriggerFunctions, settings: TriggerSettings, reporter: Reporter): Promise<RunningEvent> {
	const node = ctx.getNode();
	let session: Awaited<ReturnType<typeof ensureSession>>;
	try {
		session = await ensureSession(ctx);
	} catch (error) {
		const cause = smartApiCause(error);
		throw new NodeOperationError(node, describeError(error), {
			description: cause !== undefined ? `Angel One error ${cause.errorCode}` : undefined,
		});
	}
	const account = accountKey(session.credentials);
	const { manual, timings } = settings;
	const { emit, onEvent, onIssue } = reporter;

	if (settings.event === 'orderUpdates') {
		const staticData = ctx.getWorkflowStaticData('node');
		const orderSession = startOrderSession({
			ctx,
			account,
			url: session.urls.orderSocket,
			statuses: settings.statuses,
			timings,
			manual,
			memory: staticData.orderStates as TrackerMemory | undefined,
			remember: (memory) => {
				staticData.orderStates = memory as unknown as IDataObject;
			},
			emit,
			onEvent,
		});
		return { close: async () => await orderSession.close(), exchanges: [] };
	}

	const { market } = settings;
	try {
		const instruments = await resolveFeedInstruments(ctx, market.locators);
		const tickSession = startTickSession({
			ctx,
			account,
			url: session.urls.marketSocket,
			instruments,
			mode: market.feedMode,
			emission: market.emission,
			marketHours: market.marketHours,
			timings,
			manual,
			emit,
			onEvent,
			onIssue,
		});
		return { close: async () => await tickSession.close(), exchanges: [...new Set(instruments.map((i) => i.exchange))] };
	} catch (error) {
		throw new NodeOperationError(node, describeError(error));
	}
}
