// Loading the master: real-shaped text and rows, the variants found in the wild, lookups by token and symbol,
// and the conversion to trader units.

import { buildIndex, type MasterRow, MasterFormatError } from '../../nodes/AngelOne/instruments';
import { generateMaster, masterText } from './fixtures';

function row(overrides: Partial<MasterRow>): MasterRow {
	return {
		token: '3045',
		symbol: 'SBIN-EQ',
		name: 'SBIN',
		expiry: '',
		strike: '-1.000000',
		lotsize: '1',
		instrumenttype: '',
		exch_seg: 'NSE',
		tick_size: '5.000000',
		...overrides,
	};
}

describe('buildIndex', () => {
	const rows = generateMaster();
	const index = buildIndex(masterText(rows));

	it('indexes every row of a real-shaped master', () => {
		expect(index.size).toBe(rows.length);
		expect(index.stats).toEqual({ rows: rows.length, skipped: 0, duplicateTokens: 0 });
	});

	it('gives the same instruments from the JSON text and from parsed rows', () => {
		const fromRows = buildIndex(rows);
		for (const r of rows) {
			expect(fromRows.byToken(r.exch_seg, String(r.token))).toEqual(index.byToken(r.exch_seg, String(r.token)));
		}
		expect(fromRows.search('nifty', { limit: 50 })).toEqual(index.search('nifty', { limit: 50 }));
	});

	it('finds every row by its token and by its symbol', () => {
		for (const r of rows) {
			expect(index.byToken(r.exch_seg, String(r.token))?.tradingSymbol).toBe(r.symbol);
			expect(index.bySymbol(r.exch_seg, r.symbol)?.token).toBe(String(r.token));
		}
	});

	it('describes an equity in trader units', () => {
		expect(index.byToken('NSE', '3045')).toEqual({
			exchange: 'NSE',
			token: '3045',
			tradingSymbol: 'SBIN-EQ',
			name: 'SBIN',
			instrumentType: '',
			expiry: null,
			strike: null,
			optionType: null,
			lotSize: 1,
			tickSize: 0.05,
			exchangeType: 1,
			priceDivisor: 100,
		});
	});

	it('describes an index option with its strike in rupees and its expiry as an ISO date', () => {
		const option = index.bySymbol('NFO', 'NIFTY30JAN2525000CE');
		expect(option).toMatchObject({
			exchange: 'NFO',
			name: 'NIFTY',
			instrumentType: 'OPTIDX',
			expiry: '2025-01-30',
			strike: 25000,
			optionType: 'CE',
			lotSize: 75,
			tickSize: 0.05,
			exchangeType: 2,
			priceDivisor: 100,
		});
	});

	it('scales currency option strikes by 10^7 and keeps the quarter-paisa tick', () => {
		const option = index.search('USDINR', { instrumentType: 'OPTCUR', limit: 500 }).find((i) => i.strike === 86.25 && i.optionType === 'PE');
		expect(option).toMatchObject({ exchange: 'CDS', expiry: '2025-01-31', tickSize: 0.0025, exchangeType: 13, priceDivisor: 1e7 });
		expect(index.bySymbol('CDS', 'USDINR29JAN25FUT')).toMatchObject({ strike: null, tickSize: 0.0025, priceDivisor: 1e7 });
	});

	it('gives indices a zero tick and the feed code of their exchange', () => {
		expect(index.byToken('NSE', '99926000')).toMatchObject({ tradingSymbol: 'Nifty 50', instrumentType: 'AMXIDX', tickSize: 0, exchangeType: 1 });
		expect(index.byToken('BSE', '99919000')).toMatchObject({ tradingSymbol: 'SENSEX', exchangeType: 3 });
	});

	it('maps every segment to its feed exchangeType', () => {
		expect(index.bySymbol('BFO', 'SENSEX31JAN25FUT')?.exchangeType).toBe(4);
		expect(index.bySymbol('MCX', 'GOLD05FEB25FUT')?.exchangeType).toBe(5);
		expect(index.bySymbol('BSE', 'SBIN')?.exchangeType).toBe(3);
	});

	it('keeps the same token apart in different segments', () => {
		expect(index.byToken('NSE', '2885')?.tradingSymbol).toBe('RELIANCE-EQ');
		expect(index.byToken('MCX', '2885')?.tradingSymbol).toBe('CRUDEOIL17FEB25FUT');
		expect(index.byToken('BSE', '2885')).toBeUndefined();
	});

	it('reads expiries in any letter case and strikes with or without decimals', () => {
		// The fixture writes BANKNIFTY's third monthly as "27Mar2025" with bare-number strikes.
		expect(index.bySymbol('NFO', 'BANKNIFTY27MAR2550000CE')).toMatchObject({ expiry: '2025-03-27', strike: 50000 });
	});

	it('looks symbols up in any case and exchanges by their feed names too', () => {
		expect(index.bySymbol('nse', 'sbin-eq')?.token).toBe('3045');
		expect(index.bySymbol('NSE', 'nifty 50')?.token).toBe('99926000');
		expect(index.byToken('nse_cm', '3045')?.tradingSymbol).toBe('SBIN-EQ');
		expect(index.bySymbol('NSE', 'SBIN')).toBeUndefined();
		expect(index.byToken('XYZ', '3045')).toBeUndefined();
	});
});

describe('buildIndex on unusual input', () => {
	it('accepts numbers as JSON numbers, feed segment names and unknown segments', () => {
		const text = JSON.stringify([
			{ ...row({}), token: 3045, lotsize: 1, strike: -1, tick_size: 5 },
			row({ token: '1594', symbol: 'INFY-EQ', name: 'INFY', exch_seg: 'nse_cm' }),
			row({ token: '777', symbol: 'GUARSEED18FEB25FUT', name: 'GUARSEED', instrumenttype: 'FUTCOM', expiry: '18FEB2025', exch_seg: 'NCO' }),
		]);
		const index = buildIndex(text);
		expect(index.byToken('NSE', '3045')).toMatchObject({ lotSize: 1, tickSize: 0.05 });
		expect(index.byToken('NSE', '1594')?.tradingSymbol).toBe('INFY-EQ');
		expect(index.byToken('NCO', '777')).toMatchObject({ exchange: 'NCO', exchangeType: null, priceDivisor: 100, expiry: '2025-02-18' });
	});

	it('decodes escaped strings, skips unknown and nested fields, and tolerates a byte-order mark', () => {
		const text =
			'\uFEFF [ {"token":"1","symbol":"A\\u0026B-EQ","name":"A\\u0026B","extra":{"x":[1,"]"]},"expiry":"","strike":"-1",' +
			'"lotsize":"1","instrumenttype":"","exch_seg":"NSE","tick_size":"5.000000","flag":null} ]';
		const index = buildIndex(text);
		expect(index.byToken('NSE', '1')).toMatchObject({ tradingSymbol: 'A&B-EQ', name: 'A&B' });
	});

	it('skips rows without a token, symbol or exchange and counts them', () => {
		const index = buildIndex([row({}), row({ token: '' }), row({ symbol: ' ' }), row({ exch_seg: '' }), null as unknown as MasterRow]);
		expect(index.stats).toEqual({ rows: 1, skipped: 4, duplicateTokens: 0 });
	});

	it('counts a token repeated within one segment and returns the first by rank', () => {
		const index = buildIndex([row({}), row({ symbol: 'SBIN-BE' })]);
		expect(index.stats.duplicateTokens).toBe(1);
		expect(index.byToken('NSE', '3045')?.tradingSymbol).toBe('SBIN-EQ');
	});

	it('gives a lot size of 0 when the master has none, so orders can be refused', () => {
		const index = buildIndex([row({ lotsize: '' })]);
		expect(index.byToken('NSE', '3045')?.lotSize).toBe(0);
	});

	it('rejects an HTML error page with a message showing what arrived', () => {
		expect(() => buildIndex('<html><body>Access Denied</body></html>')).toThrow(MasterFormatError);
		expect(() => buildIndex('<html><body>Access Denied</body></html>')).toThrow(/not valid JSON.*<html>/);
	});

	it('rejects a truncated download', () => {
		const text = masterText(generateMaster()).slice(0, 5000);
		expect(() => buildIndex(text)).toThrow(MasterFormatError);
	});

	it('rejects a master without instruments', () => {
		expect(() => buildIndex('[]')).toThrow(/no usable instruments/);
		expect(() => buildIndex('{"data":[]}')).toThrow(/JSON array/);
	});
});
