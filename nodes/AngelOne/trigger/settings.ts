// Every parameter of the Angel One Trigger read, defaulted and converted in one place, so the node shell and the
// sessions below it never call getNodeParameter. Parameter names and defaults are what saved workflows hold.

import type { INode, WorkflowExecuteMode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ConnectionTimings } from '../feed/connection';
import { locatorsOf } from '../feed/instrumentInput';
import type { StatusFilter } from '../feed/orderUpdates';
import type { TickEmission, TickMode } from '../feed/tickSession';
import { switchOrDefault } from '../helpers/switches';
import { ModeSettingError, type EmitMode, type ReadParameter } from './mode';
import { EMIT_MODES } from './registry';

/** The Options collection: only the keys a person set are present. */
interface TriggerOptions {
	/** A switch: an expression may give it as text ("false"). */
	marketHours?: unknown;
	watchdogSeconds?: number;
	backoffBaseMs?: number;
	backoffMaxSeconds?: number;
	testTimeoutSeconds?: number;
}

export interface MarketSettings {
	/** The instrument picker's entries, resolved against the master once the session is open. */
	locators: unknown[];
	feedMode: TickMode;
	emission: TickEmission;
	/** Connect only while one of the instruments' exchanges is in session. */
	marketHours: boolean;
}

interface CommonSettings {
	/** "Listen for test event": the first event settles the run. */
	manual: boolean;
	timings: ConnectionTimings;
	testTimeoutSeconds: number;
}

export type TriggerSettings = CommonSettings &
	({ event: 'marketTicks'; market: MarketSettings } | { event: 'orderUpdates'; statuses: StatusFilter[] });

/** The part of the trigger context settings are read from (ITriggerFunctions has it; tests fake it). */
export interface SettingsContext {
	getNodeParameter(name: string, fallback?: unknown): unknown;
	getMode(): WorkflowExecuteMode;
	getNode(): INode;
}

/** Throws NodeOperationError for settings a person must change (so activation fails and says which). */
export function getSettings(ctx: SettingsContext, modes: readonly EmitMode[] = EMIT_MODES): TriggerSettings {
	const parameter: ReadParameter = (name, fallback) =>
		fallback === undefined ? ctx.getNodeParameter(name) : ctx.getNodeParameter(name, fallback);
	const event = parameter('event', 'marketTicks') as 'marketTicks' | 'orderUpdates';
	const options = parameter('options', {}) as TriggerOptions;
	const common: CommonSettings = {
		manual: ctx.getMode() === 'manual',
		timings: {
			staleMs: (options.watchdogSeconds ?? 30) * 1000,
			backoffBaseMs: options.backoffBaseMs ?? 1000,
			backoffMaxMs: (options.backoffMaxSeconds ?? 30) * 1000,
		},
		testTimeoutSeconds: options.testTimeoutSeconds ?? 60,
	};
	if (event !== 'marketTicks') {
		return { ...common, event: 'orderUpdates', statuses: parameter('statuses', ['any']) as StatusFilter[] };
	}
	const emit = parameter('emit', 'throttle');
	const mode = modes.find((candidate) => candidate.option.value === emit);
	if (mode === undefined) throw new NodeOperationError(ctx.getNode(), `Unknown emit mode "${String(emit)}"`);
	let emission: TickEmission;
	try {
		emission = mode.load(parameter);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), error instanceof ModeSettingError ? error.message : (error as Error));
	}
	return {
		...common,
		event: 'marketTicks',
		market: {
			locators: locatorsOf(parameter('instruments', {})),
			feedMode: parameter('mode', 'ltp') as TickMode,
			emission,
			marketHours: switchOrDefault(options.marketHours, true),
		},
	};
}
