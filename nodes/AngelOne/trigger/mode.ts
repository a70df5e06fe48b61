// The contract of one Emit option of the Market Ticks event: a file in modes/ gives its UI fields, reads its
// parameters into its strategy's config, makes the strategy, shapes its items and the test-run preview.

import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ownDepth } from '../feed/normalize';
import {
	guarded,
	tickItem,
	type Emission,
	type EmissionStrategy,
	type StrategyCore,
	type StrategyTick,
	type TickItem,
} from '../feed/strategies';
import type { TickEmission, TickPayload } from '../feed/tickSession';

/** Reads one node parameter, or the fallback when it is unset (getNodeParameter, narrowed so modes test alone). */
export type ReadParameter = (name: string, fallback?: unknown) => unknown;

/** A mode's parameters are wrong in a way the person can fix; the message is meant for them. */
export class ModeSettingError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ModeSettingError';
	}
}

export interface ModeSpec<C, I> {
	/** The option of the Emit parameter; `value` is what saved workflows store. */
	option: { name: string; value: string; description: string };
	/** Fields shown for this mode only (the registry adds their displayOptions). */
	fields?: INodeProperties[];
	/** The parameters as the strategy's config; throws ModeSettingError for what a person must change. */
	read(parameter: ReadParameter): C;
	strategy(config: C, exchange: string): StrategyCore<TickPayload, I>;
	/** Instruments of exchanges in one group share a strategy; default one group for all. */
	groupOf?(exchange: string): string;
	/** An item as the workflow sees it. */
	json(item: I): IDataObject;
	/** The item the strategy would send for this tick, for a test run that cannot wait for the real event. */
	preview(config: C, tick: StrategyTick<TickPayload>): I;
}

/** A mode as the registry holds it: its config and item types closed over, so modes of any shape share one list. */
export interface EmitMode {
	readonly option: { name: string; value: string; description: string };
	readonly fields: INodeProperties[];
	load(parameter: ReadParameter): TickEmission;
}

const NONE: Array<Emission<IDataObject>> = [];

function asJson<I>(strategy: EmissionStrategy<TickPayload, I>, json: (item: I) => IDataObject): EmissionStrategy<TickPayload, IDataObject> {
	// Most ticks emit nothing; they must not pay for a mapped empty array.
	const map = (emissions: Array<Emission<I>>): Array<Emission<IDataObject>> =>
		emissions.length === 0 ? NONE : emissions.map((emission) => ({ items: emission.items.map(json) }));
	return {
		onTick: (tick, nowMs) => map(strategy.onTick(tick, nowMs)),
		onTimer: (nowMs) => map(strategy.onTimer(nowMs)),
		nextWakeMs: (nowMs) => strategy.nextWakeMs(nowMs),
	};
}

const registered: EmitMode[] = [];

/** Every mode a file in modes/ registered, in the order registry.ts imports them (the order of their fields). */
export const registeredModes: readonly EmitMode[] = registered;

/** Adds a mode to the Emit options; each file in modes/ calls it once for its mode. */
export function registerMode(mode: EmitMode): EmitMode {
	if (registered.some((known) => known.option.value === mode.option.value)) {
		throw new Error(`The Emit option "${mode.option.value}" is registered twice`);
	}
	registered.push(mode);
	return mode;
}

export function defineMode<C, I>(spec: ModeSpec<C, I>): EmitMode {
	const groupOf = spec.groupOf ?? ((): string => 'all');
	return {
		option: spec.option,
		fields: spec.fields ?? [],
		load(parameter) {
			const config = spec.read(parameter);
			return {
				groupOf,
				strategyFor: (exchange) => asJson(guarded(spec.strategy(config, exchange)), spec.json),
				preview: (tick) => spec.json(spec.preview(config, tick)),
			};
		},
	};
}

/** A tick-based item: the tick's fields in trader units (with depth of its own) plus what the mode adds. */
export function tickJson(event: string, { instrument, tick, depth20 }: TickPayload, extra?: IDataObject): IDataObject {
	const shared = tick.item(event, instrument, depth20);
	return ownDepth(extra === undefined ? { ...shared } : { ...shared, ...extra });
}

/** The item of the tick-forwarding modes (every tick, throttle, batch). */
export function tickItemJson(item: TickItem<TickPayload>): IDataObject {
	return tickJson('tick', item.payload);
}

/** A tick-forwarding mode's preview: the tick itself. */
export function tickPreview(_config: unknown, tick: StrategyTick<TickPayload>): TickItem<TickPayload> {
	return tickItem(tick);
}
