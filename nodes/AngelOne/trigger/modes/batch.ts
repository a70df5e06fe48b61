// Batch: every N seconds, one execution with each instrument's latest tick of the period.

import { batch, type BatchConfig, type TickItem } from '../../feed/strategies';
import type { TickPayload } from '../../feed/tickSession';
import { atLeastOne } from '../fields';
import { defineMode, registerMode, tickItemJson, tickPreview } from '../mode';

export const batchMode = registerMode(defineMode<BatchConfig, TickItem<TickPayload>>({
	option: { name: 'Batch', value: 'batch', description: 'Every N seconds, one execution with each instrument’s latest tick' },
	fields: [atLeastOne('batchSeconds', 'Every (Seconds)', 5)],
	read: (parameter) => ({ mode: 'batch', intervalMs: (parameter('batchSeconds', 5) as number) * 1000 }),
	strategy: (config) => batch(config),
	json: tickItemJson,
	preview: tickPreview,
}));
