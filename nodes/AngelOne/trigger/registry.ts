// The Emit options of the Market Ticks event. A mode is one file in modes/ and one line here; this order is the
// order of their fields in the editor (the options themselves are listed by name).

import { batchMode } from './modes/batch';
import { candleMode } from './modes/candle';
import { everyTickMode } from './modes/everyTick';
import { onChangeMode } from './modes/onChange';
import { priceCrossMode } from './modes/priceCross';
import { throttleMode } from './modes/throttle';
import type { EmitMode } from './mode';

export const EMIT_MODES: readonly EmitMode[] = [throttleMode, batchMode, onChangeMode, priceCrossMode, candleMode, everyTickMode];
