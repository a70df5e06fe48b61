// Pre-trade checks: quantities in whole lots, prices on the tick grid, errors naming the field.

import { buildIndex, checkPrice, type Instrument, InstrumentInputError, toUnits } from '../../nodes/AngelOne/instruments';
import { generateMaster, masterText } from './fixtures';

const index = buildIndex(masterText(generateMaster()));
const get = (exchange: string, symbol: string): Instrument => {
	const found = index.bySymbol(exchange, symbol);
	if (!found) throw new Error(`${exchange}:${symbol} missing from the fixture`);
	return found;
};
const nifty = get('NFO', 'NIFTY30JAN2525000CE');
const sbin = get('NSE', 'SBIN-EQ');
const yesbank = get('NSE', 'YESBANK-BE');
const crude = get('MCX', 'CRUDEOIL17FEB25FUT');
const usdinr = get('CDS', 'USDINR29JAN25FUT');

function inputError(run: () => unknown): InstrumentInputError {
	let error: unknown;
	try {
		run();
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(InstrumentInputError);
	return error as InstrumentInputError;
}

describe('toUnits', () => {
	it('turns lots into units', () => {
		expect(toUnits(nifty, 2, 'lots')).toBe(150);
		expect(toUnits(get('NFO', 'SBIN30JAN25FUT'), 1, 'lots')).toBe(750);
		expect(toUnits(sbin, 10, 'lots')).toBe(10);
	});

	it('accepts units that are a whole number of lots', () => {
		expect(toUnits(nifty, 75, 'units')).toBe(75);
		expect(toUnits(nifty, '225', 'units')).toBe(225);
		expect(toUnits(sbin, 1, 'units')).toBe(1);
	});

	it('rejects units that are not a multiple of the lot size, naming the field, the lot and the contract', () => {
		const error = inputError(() => toUnits(nifty, 30, 'units'));
		expect(error.field).toBe('Quantity');
		expect(error.message).toBe(
			'Quantity 30 is not a multiple of the lot size 75 for NIFTY30JAN2525000CE (use 75, or give the quantity in lots)',
		);
		expect(inputError(() => toUnits(nifty, 100, 'units')).message).toContain('(use 75 or 150, or give the quantity in lots)');
	});

	it('uses the field name it is given', () => {
		expect(inputError(() => toUnits(nifty, 30, 'units', 'Exit Quantity')).message).toMatch(/^Exit Quantity 30 is not a multiple/);
	});

	it('rejects zero, negative, fractional and non-numeric quantities', () => {
		expect(inputError(() => toUnits(nifty, 0, 'lots')).message).toBe('Quantity 0 must be a whole number of lots above zero');
		expect(inputError(() => toUnits(nifty, -75, 'units')).message).toBe('Quantity -75 must be a whole number above zero');
		expect(inputError(() => toUnits(nifty, 1.5, 'lots')).field).toBe('Quantity');
		expect(inputError(() => toUnits(nifty, 'ten', 'lots')).message).toBe('Quantity must be a number (got "ten")');
		expect(inputError(() => toUnits(nifty, Number.NaN, 'lots')).field).toBe('Quantity');
	});

	it('refuses to size an order when the master has no lot size', () => {
		expect(inputError(() => toUnits({ ...nifty, lotSize: 0 }, 1, 'lots')).message).toMatch(/no lot size for NIFTY30JAN2525000CE/);
	});
});

describe('checkPrice', () => {
	it('accepts prices on the tick grid and returns them without float noise', () => {
		expect(checkPrice(sbin, 812.35, 'Limit Price')).toBe(812.35);
		expect(checkPrice(sbin, 0.1 + 0.2, 'Limit Price')).toBe(0.3);
		expect(checkPrice(nifty, '101.05', 'Limit Price')).toBe(101.05);
		expect(checkPrice(crude, 6512, 'Trigger Price')).toBe(6512);
	});

	it('rejects prices between ticks, naming the field and the nearest valid prices', () => {
		const error = inputError(() => checkPrice(sbin, 812.33, 'Limit Price'));
		expect(error.field).toBe('Limit Price');
		expect(error.message).toBe('Limit Price 812.33 is not a multiple of the tick size 0.05 for SBIN-EQ (nearest valid prices: 812.3 or 812.35)');
		expect(inputError(() => checkPrice(crude, 6512.5, 'Trigger Price')).message).toContain('tick size 1 for CRUDEOIL17FEB25FUT');
	});

	it('uses a one-paisa grid for cheap shares', () => {
		expect(checkPrice(yesbank, 18.37, 'Limit Price')).toBe(18.37);
		expect(() => checkPrice(yesbank, 18.375, 'Limit Price')).toThrow(/tick size 0.01/);
	});

	it('checks currency prices in quarter paise, the feed’s 10^-7 rupee units', () => {
		expect(checkPrice(usdinr, 86.2525, 'Limit Price')).toBe(86.2525);
		expect(() => checkPrice(usdinr, 86.2501, 'Limit Price')).toThrow('(nearest valid prices: 86.25 or 86.2525)');
	});

	it('rejects zero, negative and non-numeric prices', () => {
		expect(inputError(() => checkPrice(sbin, 0, 'Limit Price')).message).toBe('Limit Price must be above zero (got 0) for SBIN-EQ');
		expect(inputError(() => checkPrice(sbin, -5, 'Limit Price')).field).toBe('Limit Price');
		expect(inputError(() => checkPrice(sbin, '12,5', 'Limit Price')).message).toBe('Limit Price must be a number (got "12,5")');
		expect(inputError(() => checkPrice(sbin, Number.POSITIVE_INFINITY, 'Limit Price')).field).toBe('Limit Price');
	});
});
