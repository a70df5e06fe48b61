// Every Tick: one execution per tick, as it arrives.

import { everyTick, type EveryTickConfig, type TickItem } from '../../feed/strategies';
import type { TickPayload } from '../../feed/tickSession';
import { defineMode, registerMode, tickItemJson, tickPreview } from '../mode';

export const everyTickMode = registerMode(defineMode<EveryTickConfig, TickItem<TickPayload>>({
	option: { name: 'Every Tick', value: 'everyTick', description: 'One execution per tick. Floods n8n in a liquid market.' },
	read: () => ({ mode: 'everyTick' }),
	strategy: () => everyTick(),
	json: tickItemJson,
	preview: tickPreview,
}));
