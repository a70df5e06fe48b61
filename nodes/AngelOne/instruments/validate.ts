// Pre-trade checks against the master: quantities in whole lots and prices on the tick grid. Prices are
// compared in the feed's integer units (paise, or 10^-7 rupees for currency derivatives), never as floats.

import { InstrumentInputError } from './errors';
import type { Instrument } from './types';

export type QuantityUnit = 'units' | 'lots';

/** Float error allowed when a price is converted to ticks: far below any real price step. */
const TICK_TOLERANCE = 1e-6;

function numberFrom(value: number | string, field: string): number {
	const n = typeof value === 'number' ? value : /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
	if (!Number.isFinite(n)) throw new InstrumentInputError(field, `${field} must be a number (got "${String(value)}")`);
	return n;
}

/**
 * The order quantity in units (what SmartAPI's `quantity` means) for a quantity given in units or lots.
 * Throws InstrumentInputError naming the field when it is not a positive whole number of lots.
 */
export function toUnits(instrument: Instrument, quantity: number | string, unit: QuantityUnit, field = 'Quantity'): number {
	const q = numberFrom(quantity, field);
	const lot = instrument.lotSize;
	const symbol = instrument.tradingSymbol;
	if (!(Number.isInteger(lot) && lot > 0)) {
		throw new InstrumentInputError(field, `The instrument master gives no lot size for ${symbol}, so no quantity can be checked`);
	}
	if (!Number.isInteger(q) || q <= 0) {
		throw new InstrumentInputError(field, `${field} ${q} must be a whole number${unit === 'lots' ? ' of lots' : ''} above zero`);
	}
	if (unit === 'lots') {
		const units = q * lot;
		if (!Number.isSafeInteger(units)) throw new InstrumentInputError(field, `${field} ${q} lots is too large`);
		return units;
	}
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
export function checkPrice(instrument: Instrument, price: number | string, field: string): number {
	const p = numberFrom(price, field);
	const symbol = instrument.tradingSymbol;
	if (p <= 0) throw new InstrumentInputError(field, `${field} must be above zero (got ${p}) for ${symbol}`);
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
