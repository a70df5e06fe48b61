// The quick path's pure core: which orders may be resolved from a searchScrip answer without the master's lot and
// tick, and the instrument built from an exact match only.
import { pricesQualify, quickInstrument, quickSymbol } from '../../nodes/AngelOne/instruments';

describe('instruments without the master (searchScrip)', () => {
	it('names the NSE EQ-series symbol of an NSE share, with or without the series or the exchange', () => {
		expect(quickSymbol('NSE:SBIN-EQ')).toBe('SBIN-EQ');
		expect(quickSymbol('nse:sbin')).toBe('SBIN-EQ');
		expect(quickSymbol('SBIN')).toBe('SBIN-EQ');
		expect(quickSymbol('NSE:M&M')).toBe('M&M-EQ');
	});

	it('leaves everything else to the master: other exchanges and series, derivatives, indices', () => {
		for (const text of ['BSE:SBIN', 'NSE:SBIN-BE', 'NFO:NIFTY30JAN2525000CE', 'NSE:NIFTY', 'NIFTY', 'BANKNIFTY', 'NSE:NIFTY1!', 'MCX:CRUDEOIL', 'NSE:Nifty 50', '']) {
			expect(quickSymbol(text)).toBeUndefined();
		}
	});

	it('vouches only for prices on the ₹0.05 grid below ₹1,000 (or none)', () => {
		expect(pricesQualify([800, 0])).toBe(true);
		expect(pricesQualify(['812.35', undefined])).toBe(true);
		expect(pricesQualify([0.05])).toBe(true);
		expect(pricesQualify([812.33])).toBe(false);
		expect(pricesQualify([1000])).toBe(false);
		expect(pricesQualify([800, 1200])).toBe(false);
		expect(pricesQualify(['abc'])).toBe(false);
		expect(pricesQualify([-5])).toBe(false);
	});

	it('builds the instrument from the exact NSE match only, with lot 1', () => {
		const rows = [
			{ exchange: 'NSE', tradingsymbol: 'SBIN-BE', symboltoken: '4884' },
			{ exchange: 'BSE', tradingsymbol: 'SBIN-EQ', symboltoken: '500112' },
			{ exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' },
		];
		expect(quickInstrument(rows, 'SBIN-EQ')).toMatchObject({ exchange: 'NSE', token: '3045', tradingSymbol: 'SBIN-EQ', lotSize: 1, tickSize: 0.05, exchangeType: 1, priceDivisor: 100 });
		expect(quickInstrument(rows.slice(0, 2), 'SBIN-EQ')).toBeUndefined();
		expect(quickInstrument([{ exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '' }], 'SBIN-EQ')).toBeUndefined();
		expect(quickInstrument(null, 'SBIN-EQ')).toBeUndefined();
	});
});
