// The "Angel One Trigger" node, a thin shell over trigger/: its parameters are described and read there, reporting
// to n8n is a unit of its own, each Emit mode is a plug-in in trigger/modes/; here n8n's lifecycle is wired to them.
import type { INodeType, INodeTypeDescription, ITriggerFunctions, ITriggerResponse } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { searchInstruments } from './methods/instruments';
import { defaultRuntime, runtimeOf, withRuntime, type Runtime } from './runtime';
import { triggerProperties } from './trigger/description';
import { startEvent } from './trigger/events';
import { createReporter, testTimeoutError } from './trigger/reporting';
import { getSettings } from './trigger/settings';

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
		properties: triggerProperties(),
	};

	methods = {
		listSearch: { searchInstruments },
	};

	/** n8n constructs the node with no runtime (the real one); tests and benchmarks pass theirs. */
	constructor(runtime: Runtime = defaultRuntime) {
		this.methods.listSearch.searchInstruments = withRuntime(runtime, searchInstruments);
		this.trigger = withRuntime(runtime, this.trigger);
	}

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const node = this.getNode();
		const env = runtimeOf(this);
		// Settings a person must fix, a missing WebSocket, a failed login: thrown, so activation fails and n8n
		// retries it with its own backoff. Later fatal errors go to emitError through the reporter.
		const settings = getSettings(this);
		if (typeof WebSocket === 'undefined') {
			throw new NodeOperationError(node, 'The Angel One Trigger needs Node.js 22 or newer, which has a built-in WebSocket client');
		}
		const reporter = createReporter({
			node,
			manual: settings.manual,
			log: this.logger,
			now: () => env.now(),
			sink: {
				emit: (items) => this.emit([this.helpers.returnJsonArray(items)]),
				emitError: (error) => this.emitError(error),
				saveFailedExecution: (error) => this.saveFailedExecution(error),
			},
		});
		const running = await startEvent(this, settings, reporter);

		let closed = false;
		const closeFunction = async (): Promise<void> => {
			if (closed) return;
			closed = true;
			reporter.close();
			await running.close();
		};
		if (!settings.manual) return { closeFunction };

		const timeoutSeconds = settings.testTimeoutSeconds;
		const manualTriggerFunction = async (): Promise<void> => {
			try {
				await env.sleep(timeoutSeconds * 1000, reporter.settled);
			} catch {
				// Settled: the first event was emitted, the trigger failed (emitError), or it was closed.
				return;
			}
			await closeFunction();
			throw testTimeoutError(node, settings.event, timeoutSeconds, { now: env.now(), exchanges: running.exchanges });
		};
		return { closeFunction, manualTriggerFunction };
	}
}
