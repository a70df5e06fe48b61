// Emit modes as plug-ins: a new mode is one file (here, one constant) and one line in the list, and the registered
// modes keep the parameter names, values and defaults saved workflows hold. Settings are read without a node.

import type { INodeProperties, NodeOperationError } from 'n8n-workflow';

import { tickItem, type TickItem } from '../../nodes/AngelOne/feed/strategies';
import type { TickPayload } from '../../nodes/AngelOne/feed/tickSession';
import { triggerProperties } from '../../nodes/AngelOne/trigger/description';
import { defineMode, tickPreview } from '../../nodes/AngelOne/trigger/mode';
import { EMIT_MODES } from '../../nodes/AngelOne/trigger/registry';
import { getSettings, type SettingsContext } from '../../nodes/AngelOne/trigger/settings';
import { TRIGGER_NODE } from './fakes';

const node = TRIGGER_NODE;

/** A trigger context holding these parameters; unset ones give the fallback, as n8n does. */
function contextWith(parameters: Record<string, unknown>, mode: 'trigger' | 'manual' = 'trigger'): SettingsContext {
	return {
		getNodeParameter: (name, fallback) => (name in parameters ? parameters[name] : fallback),
		getMode: () => mode,
		getNode: () => node,
	};
}

/** A mode that is not in the product: each instrument's first tick, once, labelled. */
const firstTickMode = defineMode<{ mode: 'firstTick'; label: string }, TickItem<TickPayload>>({
	option: { name: 'First Tick', value: 'firstTick', description: 'Each instrument’s first tick, once' },
	fields: [{ displayName: 'Label', name: 'label', type: 'string', default: 'first' }],
	read: (parameter) => ({ mode: 'firstTick', label: parameter('label', 'first') as string }),
	strategy() {
		const seen = new Set<string>();
		return {
			onTick(tick) {
				if (seen.has(tick.key)) return [];
				seen.add(tick.key);
				return [{ items: [tickItem(tick)] }];
			},
			onTimer: () => [],
			dueMs: () => undefined,
		};
	},
	json: (item) => ({ event: 'first', key: item.key, price: item.price }),
	preview: tickPreview,
});

const emitOf = (properties: INodeProperties[]): INodeProperties | undefined => properties.find((p) => p.name === 'emit');

describe('emit modes as plug-ins', () => {
	const modes = [...EMIT_MODES, firstTickMode];

	it('shows a mode registered by one line as an Emit option, with its fields shown for it alone', () => {
		const properties = triggerProperties(modes);
		expect(emitOf(properties)?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual([
			'batch',
			'candle',
			'everyTick',
			'firstTick',
			'onChange',
			'priceCross',
			'throttle',
		]);
		expect(properties.find((p) => p.name === 'label')).toEqual({
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: 'first',
			displayOptions: { show: { event: ['marketTicks'], emit: ['firstTick'] } },
		});
		expect(properties.slice(-2).map((p) => p.name)).toEqual(['statuses', 'options']);
	});

	it('reads a registered mode’s parameters and runs its strategy, its items and its preview', () => {
		const settings = getSettings(contextWith({ event: 'marketTicks', emit: 'firstTick', label: 'opening' }), modes);
		if (settings.event !== 'marketTicks') throw new Error('expected market ticks');
		const { emission } = settings.market;
		const payload = {} as TickPayload;
		const strategy = emission.strategyFor('NSE');
		const tick = (price: number, timeMs: number) => ({ key: '1:3045', price, timeMs, payload });
		expect(strategy.onTick(tick(812.5, 1), 1)).toEqual([{ items: [{ event: 'first', key: '1:3045', price: 812.5 }] }]);
		expect(strategy.onTick(tick(813, 2), 2)).toEqual([]);
		expect(emission.preview(tick(812.5, 1))).toEqual({ event: 'first', key: '1:3045', price: 812.5 });
		expect(emission.groupOf('NSE')).toBe(emission.groupOf('MCX'));
	});

	it('keeps every built-in mode’s value and field names, which saved workflows hold', () => {
		const properties = triggerProperties();
		const fieldsOf = (value: string): string[] =>
			properties.filter((p) => p.displayOptions?.show?.emit?.includes(value)).map((p) => p.name);
		expect(EMIT_MODES.map((mode) => [mode.option.value, fieldsOf(mode.option.value)])).toEqual([
			['throttle', ['throttleMs']],
			['batch', ['batchSeconds']],
			['onChange', ['minChangePercent', 'minChangeRupees']],
			['priceCross', ['level', 'direction', 'hysteresis', 'hysteresisUnit']],
			['candle', ['candleMinutes']],
			['everyTick', []],
		]);
		expect(emitOf(properties)?.default).toBe('throttle');
	});
});

describe('trigger settings', () => {
	it('reads an order-updates trigger with the defaults of an empty Options collection', () => {
		expect(getSettings(contextWith({ event: 'orderUpdates' }))).toEqual({
			event: 'orderUpdates',
			statuses: ['any'],
			manual: false,
			timings: { staleMs: 30_000, backoffBaseMs: 1000, backoffMaxMs: 30_000 },
			testTimeoutSeconds: 60,
		});
	});

	it('converts the options a person set into the connection timings', () => {
		const options = { watchdogSeconds: 10, backoffBaseMs: 250, backoffMaxSeconds: 5, testTimeoutSeconds: 15, marketHours: false };
		const settings = getSettings(contextWith({ event: 'marketTicks', instruments: {}, options }, 'manual'));
		expect(settings).toMatchObject({
			event: 'marketTicks',
			manual: true,
			timings: { staleMs: 10_000, backoffBaseMs: 250, backoffMaxMs: 5000 },
			testTimeoutSeconds: 15,
			market: { locators: [], feedMode: 'ltp', marketHours: false },
		});
	});

	it('refuses an On Change trigger without any minimum, before connecting', () => {
		const read = (): unknown => getSettings(contextWith({ emit: 'onChange', minChangePercent: 0, minChangeRupees: 0 }));
		expect(read).toThrow('Set a minimum change in percent, in rupees, or both');
		try {
			read();
		} catch (error) {
			expect((error as NodeOperationError).node).toBe(node);
		}
	});

	it('refuses an Emit value no mode registered', () => {
		expect(() => getSettings(contextWith({ emit: 'sometimes' }))).toThrow('Unknown emit mode "sometimes"');
	});
});
