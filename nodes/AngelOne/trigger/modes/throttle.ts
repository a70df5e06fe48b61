// Throttle: at most one execution per instrument per interval, the latest tick of the window winning.

import { throttle, type ThrottleConfig, type TickItem } from '../../feed/strategies';
import type { TickPayload } from '../../feed/tickSession';
import { atLeastOne } from '../fields';
import { defineMode, registerMode, tickItemJson, tickPreview } from '../mode';

export const throttleMode = registerMode(defineMode<ThrottleConfig, TickItem<TickPayload>>({
	option: { name: 'Throttle', value: 'throttle', description: 'At most one execution per instrument per interval (latest tick wins)' },
	fields: [atLeastOne('throttleMs', 'Interval (Ms)', 1000, 'At most one execution per instrument in this many milliseconds')],
	read: (parameter) => ({ mode: 'throttle', intervalMs: parameter('throttleMs', 1000) as number }),
	strategy: (config) => throttle(config),
	json: tickItemJson,
	preview: tickPreview,
}));
