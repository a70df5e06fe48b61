// On Change: an execution when the price moved enough (in percent, in rupees, or either) since the last emitted tick.

import { onChange, type ChangeItem, type OnChangeConfig } from '../../feed/strategies';
import type { TickPayload } from '../../feed/tickSession';
import { amount } from '../fields';
import { defineMode, registerMode, ModeSettingError, tickJson } from '../mode';

/** Rupees to the instrument's precision: 4 decimals, 7 for currency derivatives (priced in 10^7 units). */
function round(value: number, divisor: number): number {
	const factor = divisor >= 10_000_000 ? 1e7 : 1e4;
	return Math.round(value * factor) / factor;
}

export const onChangeMode = registerMode(defineMode<OnChangeConfig, ChangeItem<TickPayload>>({
	option: { name: 'On Change', value: 'onChange', description: 'When the price moved enough since the last emitted tick' },
	fields: [
		amount('minChangePercent', 'Minimum Change (%)', 0.5, 'Emit when the price moved at least this percentage since the last emitted tick (0 = off)'),
		amount(
			'minChangeRupees',
			'Minimum Change (₹)',
			0,
			'Emit when the price moved at least this many rupees since the last emitted tick (0 = off). Either minimum suffices.',
		),
	],
	read(parameter) {
		const percent = parameter('minChangePercent', 0.5) as number;
		const rupees = parameter('minChangeRupees', 0) as number;
		if (!(percent > 0) && !(rupees > 0)) throw new ModeSettingError('Set a minimum change in percent, in rupees, or both');
		return { mode: 'onChange', minChangePercent: percent > 0 ? percent : undefined, minChangeRupees: rupees > 0 ? rupees : undefined };
	},
	strategy: (config) => onChange(config),
	json: (item) =>
		tickJson('change', item.payload, {
			previousPrice: item.previousPrice ?? item.price,
			change: round(item.change, item.payload.instrument.priceDivisor),
			changePercent: Math.round(item.changePercent * 1e4) / 1e4,
			baseline: item.baseline,
		}),
	preview: (_config, { key, price, timeMs, payload }) => ({ kind: 'change', key, price, timeMs, payload, baseline: true, change: 0, changePercent: 0 }),
}));
