// Pre-trade checks against the master: quantities in whole lots and prices on the tick grid. Prices are
// compared in the feed's integer units (paise, or 10^-7 rupees for currency derivatives), never as floats.

import { InstrumentInputError } from './errors';
import type { Instrument } from './types';

export type QuantityUnit = 'units' | 'lots';

/** Float error allowed when a price is converted to ticks: far below any real price step. */
const TICK_TOLERANCE = 1e-6;

/**
 * Safe bounds, far beyond any real order and well inside exact float arithmetic: quantities stay exact integers
 * (2^53 + 1 would silently become 2^53), and prices times the feed divisor (10^7 for currency) stay exact too.
 */
export const MAX_UNITS = 1_000_000_000;
export const MAX_PRICE = 10_000_000;

/**
 * A number given as a number or as plain decimal text. Anything else — an array such as [10] (which JavaScript
 * would quietly read as 10), an object, exponent notation, Infinity — is refused, naming the field.
 */
function numberFrom(value: unknown, field: string): number {
	let n = NaN;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
	if (!Number.isFinite(n)) {
		const shown = Array.isArray(value) ? 'a list' : typeof value === 'string' || typeof value === 'number' ? `"${String(value).slice(0, 40)}"` : typeof value;
		throw new InstrumentInputError(field, `${field} must be a number (got ${shown})`);
	}
	return n;
}

/**
 * The order quantity in units (what SmartAPI's `quantity` means) for a quantity given in units or lots.
 * Throws InstrumentInputError naming the field when it is not a positive whole number of lots.
 */
export function toUnits(instrument: Instrument, quantity: unknown, unit: QuantityUnit, field = 'Quantity'): number {
	const q = numberFrom(quantity, field);
	const lot = instrument.lotSize;
	const symbol = instrument.tradingSymbol;
	if (!(Number.isInteger(lot) && lot > 0)) {
		throw new InstrumentInputError(field, `The instrument master gives no lot size for ${symbol}, so no quantity can be checked`);
	}
	if (!Number.isInteger(q) || q <= 0) {
		throw new InstrumentInputError(field, `${field} ${q} must be a whole number${unit === 'lots' ? ' of lots' : ''} above zero`);
	}
	if (q > MAX_UNITS || q * lot > MAX_UNITS) {
		throw new InstrumentInputError(field, `${field} ${q}${unit === 'lots' ? ' lots' : ''} is too large (at most ${MAX_UNITS} units)`);
	}
	if (unit === 'lots') return q * lot;
	if (q % lot !== 0) {
		const below = Math.floor(q / lot) * lot;
		const options = below > 0 ? `${below} or ${below + lot}` : `${lot}`;
		throw new InstrumentInputError(
			field,
			`${field} ${q} is not a multiple of the lot size ${lot} for ${symbol} (use ${options}, or give the quantity in lots)`,
		);
	}
	return q;
}

/**
 * The price, cleaned of float noise, when it is positive and on the instrument's tick grid; throws
 * InstrumentInputError naming the field otherwise. Without a tick in the master (indices) the grid is the
 * feed's own unit, one paisa.
 */
export function checkPrice(instrument: Instrument, price: unknown, field: string): number {
	const p = numberFrom(price, field);
	const symbol = instrument.tradingSymbol;
	if (p <= 0) throw new InstrumentInputError(field, `${field} must be above zero (got ${p}) for ${symbol}`);
	if (p > MAX_PRICE) throw new InstrumentInputError(field, `${field} ${p} is too large (at most ${MAX_PRICE} rupees)`);
	const divisor = instrument.priceDivisor;
	// tickSize × divisor is a whole number of feed units up to float noise (0.07 × 100 = 7.000000000000001).
	const tickUnits = Math.round(instrument.tickSize * divisor * 1e6) / 1e6 || 1;
	const ticks = (p * divisor) / tickUnits;
	const whole = Math.round(ticks);
	if (Math.abs(ticks - whole) > TICK_TOLERANCE) {
		const below = (Math.floor(ticks) * tickUnits) / divisor;
		const above = (Math.ceil(ticks) * tickUnits) / divisor;
		throw new InstrumentInputError(
			field,
			`${field} ${p} is not a multiple of the tick size ${tickUnits / divisor} for ${symbol} (nearest valid prices: ${below} or ${above})`,
		);
	}
	return (whole * tickUnits) / divisor;
}
