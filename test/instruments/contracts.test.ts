// Finding option and futures contracts by underlying, expiry, strike (or ATM±n from a spot price) and CE/PE.

import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import {
	buildIndex,
	InstrumentInputError,
	InstrumentNotFoundError,
	type OptionQuery,
} from '../../nodes/AngelOne/instruments';
import { FIXTURE_NOW, generateMaster, masterText } from './fixtures';

const index = buildIndex(masterText(generateMaster()));
const nifty = (q: Partial<OptionQuery>): OptionQuery => ({
	underlying: 'NIFTY',
	expiry: 'nearest',
	strike: 25000,
	optionType: 'CE',
	now: FIXTURE_NOW,
	...q,
});
const symbolOf = (q: Partial<OptionQuery>): string => index.findOption(nifty(q)).tradingSymbol;

describe('findOption', () => {
	it('finds the contract by strike, expiry and side', () => {
		const option = index.findOption(nifty({}));
		expect(option).toMatchObject({ exchange: 'NFO', tradingSymbol: 'NIFTY30JAN2525000CE', strike: 25000, optionType: 'CE', expiry: '2025-01-30', lotSize: 75 });
		expect(symbolOf({ optionType: 'PE' })).toBe('NIFTY30JAN2525000PE');
		expect(symbolOf({ optionType: 'put' })).toBe('NIFTY30JAN2525000PE');
	});

	it('takes the expiry as nearest, next, the n-th, an ISO date or the master format', () => {
		expect(symbolOf({ expiry: 'next' })).toBe('NIFTY06FEB2525000CE');
		expect(symbolOf({ expiry: 3 })).toBe('NIFTY13FEB2525000CE');
		expect(symbolOf({ expiry: '2025-02-27' })).toBe('NIFTY27FEB2525000CE');
		expect(symbolOf({ expiry: '27feb2025' })).toBe('NIFTY27FEB2525000CE');
	});

	it('counts an expiry day as nearest until 15:30 IST, then moves to the next week', () => {
		expect(symbolOf({ now: fromIst(2025, 1, 30, 15, 29, 59) })).toBe('NIFTY30JAN2525000CE');
		expect(symbolOf({ now: fromIst(2025, 1, 30, 15, 30) })).toBe('NIFTY06FEB2525000CE');
	});

	it('refuses an expiry whose trading has ended', () => {
		expect(() => index.findOption(nifty({ expiry: '2025-01-30', now: fromIst(2025, 1, 30, 16, 0) }))).toThrow(
			'NIFTY options on NFO expiring 2025-01-30 have stopped trading',
		);
	});

	it('picks ATM from the spot price on that expiry’s own strike grid', () => {
		expect(symbolOf({ strike: 'ATM', spot: 25012 })).toBe('NIFTY30JAN2525000CE');
		expect(symbolOf({ strike: 'ATM', spot: 25026 })).toBe('NIFTY30JAN2525050CE');
		// The April monthly lists strikes every 100.
		expect(symbolOf({ strike: 'ATM', spot: 25060, expiry: '2025-04-24' })).toBe('NIFTY24APR2525100CE');
	});

	it('moves up and down the grid for ATM+n and ATM-n', () => {
		expect(symbolOf({ strike: 'ATM+2', spot: 25012 })).toBe('NIFTY30JAN2525100CE');
		expect(symbolOf({ strike: 'atm - 1', spot: 25012, optionType: 'PE' })).toBe('NIFTY30JAN2524950PE');
		expect(symbolOf({ strike: 'ATM+1', spot: 25060, expiry: '2025-04-24' })).toBe('NIFTY24APR2525200CE');
	});

	it('refuses a spot price beyond the listed strikes instead of taking the edge strike', () => {
		expect(symbolOf({ strike: 'ATM', spot: 26990 })).toBe('NIFTY30JAN2527000CE');
		expect(symbolOf({ strike: 'ATM', spot: 27050 })).toBe('NIFTY30JAN2527000CE');
		expect(() => index.findOption(nifty({ strike: 'ATM', spot: 2500 }))).toThrow(
			'Spot price 2500 is outside the listed strikes of NIFTY 2025-01-30 CE on NFO (strikes run 23000–27000); check the spot price and the underlying',
		);
		expect(() => index.findOption(nifty({ strike: 'ATM', spot: 27051 }))).toThrow(InstrumentInputError);
	});

	it('takes the lower strike when the spot is exactly between two', () => {
		expect(symbolOf({ strike: 'ATM', spot: 25025 })).toBe('NIFTY30JAN2525000CE');
	});

	it('needs a positive spot price for ATM', () => {
		expect(() => index.findOption(nifty({ strike: 'ATM' }))).toThrow(InstrumentInputError);
		expect(() => index.findOption(nifty({ strike: 'ATM', spot: Number.NaN }))).toThrow(/current price/);
	});

	it('does not round a strike with more decimals than the master carries', () => {
		expect(() => index.findOption(nifty({ strike: 25000.004 }))).toThrow(/has no strike 25000.004/);
		const usdinr = (strike: number): OptionQuery => ({ underlying: 'USDINR', expiry: 'nearest', strike, optionType: 'CE', now: FIXTURE_NOW });
		expect(() => index.findOption(usdinr(86.2500001))).toThrow(/has no strike 86.2500001/);
		// Float noise from arithmetic (86.25000000000001) is not a different strike.
		expect(index.findOption(usdinr(86.25 + 1.5e-14)).strike).toBe(86.25);
	});

	it('names the strike that is not listed and the ones nearby', () => {
		let error: unknown;
		try {
			index.findOption(nifty({ strike: 25010 }));
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(InstrumentNotFoundError);
		expect((error as Error).message).toContain('NIFTY 2025-01-30 CE on NFO has no strike 25010 (strikes run 23000–27000); nearest: 24950, 25000, 25050, 25100');
		expect((error as InstrumentNotFoundError).suggestions).toContain('NFO:NIFTY30JAN2525000CE');
	});

	it('says how far ATM±n can go', () => {
		expect(() => index.findOption(nifty({ strike: 'ATM+100', spot: 25000 }))).toThrow(
			'NIFTY 2025-01-30 CE on NFO: ATM+100 is beyond the listed strikes (ATM is 25000 for spot 25000; strikes run 23000–27000)',
		);
	});

	it('lists the expiries that exist when a date has none', () => {
		expect(() => index.findOption(nifty({ expiry: '2025-01-31' }))).toThrow(
			'NIFTY options on NFO have no expiry on 2025-01-31; listed: 2025-01-30, 2025-02-06, 2025-02-13, 2025-02-20, 2025-02-27, 2025-03-27, 2025-04-24',
		);
	});

	it('explains malformed inputs by field', () => {
		const field = (q: Partial<OptionQuery>): string => {
			try {
				index.findOption(nifty(q));
			} catch (e) {
				if (e instanceof InstrumentInputError) return e.field;
			}
			return '';
		};
		expect(field({ expiry: 'soon' })).toBe('Expiry');
		expect(field({ expiry: 0 })).toBe('Expiry');
		expect(field({ strike: 'ATM+x' })).toBe('Strike');
		expect(field({ strike: -5 })).toBe('Strike');
		expect(field({ optionType: 'XX' })).toBe('Option Type');
		expect(field({ underlying: ' ' })).toBe('Underlying');
	});

	it('finds index options on BSE, stock options, commodity and currency options', () => {
		expect(index.findOption({ underlying: 'SENSEX', expiry: 'nearest', strike: 76000, optionType: 'PE', now: FIXTURE_NOW })).toMatchObject({
			exchange: 'BFO',
			tradingSymbol: 'SENSEX31JAN2576000PE',
			lotSize: 20,
		});
		expect(index.findOption({ underlying: 'SBIN', expiry: 'nearest', strike: 'ATM', spot: 767, optionType: 'CE', now: FIXTURE_NOW })).toMatchObject({
			tradingSymbol: 'SBIN30JAN25765CE',
			lotSize: 750,
		});
		expect(index.findOption({ underlying: 'CRUDEOIL', expiry: 'nearest', strike: 6500, optionType: 'CE', now: FIXTURE_NOW }).exchange).toBe('MCX');
		expect(index.findOption({ underlying: 'USDINR', expiry: 'nearest', strike: 86.25, optionType: 'CE', now: FIXTURE_NOW })).toMatchObject({
			exchange: 'CDS',
			strike: 86.25,
			priceDivisor: 1e7,
		});
	});

	it('accepts the underlying as an index alias or a share symbol', () => {
		expect(index.findOption(nifty({ underlying: 'Nifty 50' })).tradingSymbol).toBe('NIFTY30JAN2525000CE');
		expect(index.findOption(nifty({ underlying: 'NIFTYBANK', strike: 50000 })).tradingSymbol).toBe('BANKNIFTY30JAN2550000CE');
		expect(index.findOption({ underlying: 'SBIN-EQ', expiry: 'nearest', strike: 765, optionType: 'CE', now: FIXTURE_NOW }).name).toBe('SBIN');
	});

	it('keeps to the exchange asked for and says where the contracts are instead', () => {
		expect(() => index.findOption(nifty({ exchange: 'BFO' }))).toThrow('No NIFTY options are listed on BFO; they are on NFO');
	});

	it('says when an underlying has no options at all', () => {
		expect(() => index.findOption(nifty({ underlying: 'NIFTYBEES' }))).toThrow(InstrumentNotFoundError);
		expect(() => index.findOption(nifty({ underlying: 'NIFTYBEES' }))).toThrow('No options are listed for "NIFTYBEES"');
	});
});

describe('findFuture and listExpiries', () => {
	it('finds futures by nearest, next or date', () => {
		expect(index.findFuture({ underlying: 'NIFTY', expiry: 'nearest', now: FIXTURE_NOW }).tradingSymbol).toBe('NIFTY30JAN25FUT');
		expect(index.findFuture({ underlying: 'NIFTY', expiry: 'next', now: FIXTURE_NOW }).tradingSymbol).toBe('NIFTY27FEB25FUT');
		expect(index.findFuture({ underlying: 'GOLD', expiry: '05FEB2025', now: FIXTURE_NOW })).toMatchObject({ exchange: 'MCX', lotSize: 1, tickSize: 1 });
	});

	it('rolls currency futures at 12:30 IST and commodity futures at 23:30 IST on expiry day', () => {
		expect(index.findFuture({ underlying: 'USDINR', expiry: 'nearest', now: fromIst(2025, 1, 29, 12, 29) }).expiry).toBe('2025-01-29');
		expect(index.findFuture({ underlying: 'USDINR', expiry: 'nearest', now: fromIst(2025, 1, 29, 12, 30) }).expiry).toBe('2025-02-26');
		expect(index.findFuture({ underlying: 'CRUDEOIL', expiry: 'nearest', now: fromIst(2025, 2, 17, 20, 0) }).expiry).toBe('2025-02-17');
		expect(index.findFuture({ underlying: 'CRUDEOIL', expiry: 'nearest', now: fromIst(2025, 2, 17, 23, 30) }).expiry).toBe('2025-03-19');
	});

	it('says how many expiries are left when asked for one too far', () => {
		expect(() => index.findFuture({ underlying: 'NIFTY', expiry: 4, now: FIXTURE_NOW })).toThrow(
			'NIFTY futures on NFO have only 3 expiries still trading (2025-01-30, 2025-02-27, 2025-03-27)',
		);
	});

	it('lists the expiries still trading, for pickers', () => {
		expect(index.listExpiries({ underlying: 'NIFTY', kind: 'option', now: fromIst(2025, 2, 14, 9, 0) })).toEqual({
			underlying: 'NIFTY',
			exchange: 'NFO',
			expiries: ['2025-02-20', '2025-02-27', '2025-03-27', '2025-04-24'],
		});
		expect(index.listExpiries({ underlying: 'SENSEX', kind: 'future' }).exchange).toBe('BFO');
	});
});
