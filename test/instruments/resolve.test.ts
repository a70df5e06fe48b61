// Resolving what people type (exchange:symbol, TradingView names, plain names) to exactly one instrument.

import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import { buildIndex, InstrumentInputError, InstrumentNotFoundError, type MasterRow } from '../../nodes/AngelOne/instruments';
import { FIXTURE_NOW, generateMaster, masterText } from './fixtures';

const index = buildIndex(masterText(generateMaster()));
const resolve = (text: string, now = FIXTURE_NOW): string => {
	const i = index.resolve(text, { now });
	return `${i.exchange}:${i.tradingSymbol}:${i.token}`;
};

function notFound(text: string): InstrumentNotFoundError {
	let error: unknown;
	try {
		index.resolve(text, { now: FIXTURE_NOW });
	} catch (e) {
		error = e;
	}
	expect(error).toBeInstanceOf(InstrumentNotFoundError);
	return error as InstrumentNotFoundError;
}

describe('resolve', () => {
	it('takes an exact EXCHANGE:SYMBOL in any case', () => {
		expect(resolve('NSE:SBIN-EQ')).toBe('NSE:SBIN-EQ:3045');
		expect(resolve(' nse : sbin-eq ')).toBe('NSE:SBIN-EQ:3045');
		expect(resolve('NFO:NIFTY30JAN2525000CE')).toMatch(/^NFO:NIFTY30JAN2525000CE:\d+$/);
	});

	it('reads TradingView share symbols as the -EQ series', () => {
		expect(resolve('NSE:SBIN')).toBe('NSE:SBIN-EQ:3045');
		expect(resolve('NSE:RELIANCE')).toBe('NSE:RELIANCE-EQ:2885');
		expect(resolve('NSE:M&M')).toBe('NSE:M&M-EQ:2031');
	});

	it('falls back to the -BE series when a share has no -EQ', () => {
		expect(resolve('NSE:YESBANK')).toBe('NSE:YESBANK-BE:11915');
	});

	it('takes BSE symbols as they are', () => {
		expect(resolve('BSE:SBIN')).toBe('BSE:SBIN:500112');
	});

	it('reads a plain symbol as NSE, or another exchange if given as default', () => {
		expect(resolve('SBIN')).toBe('NSE:SBIN-EQ:3045');
		expect(resolve('sbin-eq')).toBe('NSE:SBIN-EQ:3045');
		expect(index.resolve('SBIN', { defaultExchange: 'BSE' }).token).toBe('500112');
		expect(index.resolve('SBIN', { defaultExchange: ' ' }).token).toBe('3045');
	});

	it('finds a plain derivative symbol on its own exchange', () => {
		expect(resolve('NIFTY30JAN2525000CE')).toMatch(/^NFO:NIFTY30JAN2525000CE:/);
		expect(resolve('CRUDEOIL17FEB25FUT')).toBe('MCX:CRUDEOIL17FEB25FUT:2885');
	});

	it('maps the index names people and TradingView use to the index tokens', () => {
		expect(resolve('NIFTY')).toBe('NSE:Nifty 50:99926000');
		expect(resolve('NSE:NIFTY')).toBe('NSE:Nifty 50:99926000');
		expect(resolve('NSE:NIFTY50')).toBe('NSE:Nifty 50:99926000');
		expect(resolve('nifty 50')).toBe('NSE:Nifty 50:99926000');
		expect(resolve('NSE:BANKNIFTY')).toBe('NSE:Nifty Bank:99926009');
		expect(resolve('NSE:FINNIFTY')).toBe('NSE:Nifty Fin Service:99926037');
		expect(resolve('NSE:CNXFINANCE')).toBe('NSE:Nifty Fin Service:99926037');
		expect(resolve('NSE:INDIAVIX')).toBe('NSE:India VIX:99926017');
		expect(resolve('BSE:SENSEX')).toBe('BSE:SENSEX:99919000');
		expect(resolve('SENSEX')).toBe('BSE:SENSEX:99919000');
	});

	it('finds other indices by their symbol or underlying name', () => {
		expect(resolve('NSE:NIFTYIT')).toBe('NSE:Nifty IT:99926008');
		expect(resolve('BSE:BANKEX')).toBe('BSE:BANKEX:99919012');
	});

	it('finds the indices by name when the master has other tokens for them', () => {
		const rows: MasterRow[] = [
			{ token: '26000', symbol: 'Nifty 50', name: 'NIFTY', expiry: '', strike: '0', lotsize: '1', instrumenttype: 'AMXIDX', exch_seg: 'NSE', tick_size: '0' },
		];
		expect(buildIndex(rows).resolve('NSE:NIFTY').token).toBe('26000');
	});

	it('reads TradingView continuous futures as the nearest (1!) and next (2!) future', () => {
		expect(resolve('NSE:NIFTY1!')).toMatch(/^NFO:NIFTY30JAN25FUT:/);
		expect(resolve('NSE:NIFTY2!')).toMatch(/^NFO:NIFTY27FEB25FUT:/);
		expect(resolve('NFO:BANKNIFTY1!')).toMatch(/^NFO:BANKNIFTY30JAN25FUT:/);
		expect(resolve('NSE:SBIN1!')).toMatch(/^NFO:SBIN30JAN25FUT:/);
		expect(resolve('MCX:CRUDEOIL1!')).toBe('MCX:CRUDEOIL17FEB25FUT:2885');
		expect(resolve('BSE:SENSEX1!')).toMatch(/^BFO:SENSEX31JAN25FUT:/);
		expect(resolve('NSE:CNXFINANCE1!')).toMatch(/^NFO:FINNIFTY30JAN25FUT:/);
		expect(resolve('NIFTY1!')).toMatch(/^NFO:NIFTY30JAN25FUT:/);
	});

	it('rolls a continuous future over when the expiry day closes at 15:30 IST', () => {
		expect(resolve('NSE:NIFTY1!', fromIst(2025, 1, 30, 15, 29))).toMatch(/^NFO:NIFTY30JAN25FUT:/);
		expect(resolve('NSE:NIFTY1!', fromIst(2025, 1, 30, 15, 30))).toMatch(/^NFO:NIFTY27FEB25FUT:/);
	});

	it('needs the current time for a continuous future', () => {
		expect(() => index.resolve('NSE:NIFTY1!')).toThrow(InstrumentInputError);
	});

	it('accepts a token only when the exchange is named', () => {
		expect(resolve('NSE:3045')).toBe('NSE:SBIN-EQ:3045');
		expect(() => index.resolve('3045')).toThrow(InstrumentNotFoundError);
	});

	it('never picks a bond or other series for a bare share name', () => {
		const rows: MasterRow[] = [
			{ token: '9', symbol: 'ACME-N1', name: 'ACME', expiry: '', strike: '-1', lotsize: '1', instrumenttype: '', exch_seg: 'NSE', tick_size: '1' },
		];
		expect(() => buildIndex(rows).resolve('NSE:ACME')).toThrow(/Did you mean NSE:ACME-N1/);
	});

	it('suggests close matches for a typo', () => {
		const error = notFound('NSE:SBNI');
		expect(error.suggestions[0]).toBe('NSE:SBIN-EQ');
		expect(error.message).toBe('"NSE:SBNI" is not in the instrument master on NSE. Did you mean NSE:SBIN-EQ, NSE:SBIN-BE?');
	});

	it('suggests longer symbols for a partial one', () => {
		expect(notFound('NFO:NIFTY30JAN2525000').suggestions).toEqual(['NFO:NIFTY30JAN2525000CE', 'NFO:NIFTY30JAN2525000PE']);
	});

	it('says so plainly when nothing is close', () => {
		const error = notFound('NSE:QQQQQQQQ');
		expect(error.suggestions).toEqual([]);
		expect(error.message).toBe('"NSE:QQQQQQQQ" is not in the instrument master on NSE');
	});

	it('refuses empty input and an exchange without a symbol', () => {
		expect(() => index.resolve('  ')).toThrow(InstrumentInputError);
		expect(() => index.resolve('NSE:')).toThrow(/names an exchange but no symbol/);
	});
});
