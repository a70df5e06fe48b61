// The Emit options of the Market Ticks event. A mode is one file in modes/ (which registers itself) and one line
// here; this order is the order of their fields in the editor (the options themselves are listed by name).
import './modes/throttle';
import './modes/batch';
import './modes/onChange';
import './modes/priceCross';
import './modes/candle';
import './modes/everyTick';

export { registeredModes as EMIT_MODES } from './mode';
