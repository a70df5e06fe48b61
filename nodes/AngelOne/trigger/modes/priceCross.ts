// Price Crosses a Level: an execution when the price reaches a level, re-armed once it moved back past it.

import { priceCross, type CrossDirection, type CrossItem, type PriceCrossConfig } from '../../feed/strategies';
import type { TickPayload } from '../../feed/tickSession';
import { amount, choice } from '../fields';
import { defineMode, registerMode, tickJson } from '../mode';

export const priceCrossMode = registerMode(defineMode<PriceCrossConfig, CrossItem<TickPayload>>({
	option: { name: 'Price Crosses a Level', value: 'priceCross', description: 'When the price reaches a level, re-armed after it moves back' },
	fields: [
		{ ...amount('level', 'Level (₹)', 0, undefined, true), required: true },
		choice('direction', 'Direction', 'above', [
			{ name: 'Above', value: 'above', description: 'The price rises to or through the level' },
			{ name: 'Below', value: 'below', description: 'The price falls to or through the level' },
			{ name: 'Either', value: 'either' },
		]),
		amount('hysteresis', 'Re-Arm Distance', 0, 'How far the price must move back past the level before the same direction fires again'),
		choice('hysteresisUnit', 'Re-Arm Distance Unit', 'rupees', [
			{ name: 'Rupees', value: 'rupees' },
			{ name: 'Percent of Level', value: 'percent' },
		]),
	],
	read: (parameter) => ({
		mode: 'priceCross',
		level: parameter('level') as number,
		direction: parameter('direction', 'above') as CrossDirection,
		hysteresis: parameter('hysteresis', 0) as number,
		hysteresisUnit: parameter('hysteresisUnit', 'rupees') as 'rupees' | 'percent',
	}),
	strategy: (config) => priceCross(config),
	json: ({ payload, direction, level, previousPrice }) => tickJson('cross', payload, { direction, level, previousPrice }),
	preview: ({ level }, { key, price, timeMs, payload }) => ({
		kind: 'cross',
		key,
		price,
		timeMs,
		payload,
		direction: price >= level ? 'above' : 'below',
		level,
		previousPrice: price,
	}),
}));
