// Search-as-you-type: what people see first when they type part of a symbol or name.

import { buildIndex, type Instrument } from '../../nodes/AngelOne/instruments';
import { generateMaster, masterText } from './fixtures';

const index = buildIndex(masterText(generateMaster()));
const labels = (found: Instrument[]): string[] => found.map((i) => `${i.exchange}:${i.tradingSymbol}`);

describe('search', () => {
	it('finds SBIN-EQ first for "sbin", then the BSE share and the trade-to-trade series', () => {
		expect(labels(index.search('sbin')).slice(0, 3)).toEqual(['NSE:SBIN-EQ', 'BSE:SBIN', 'NSE:SBIN-BE']);
	});

	it('puts the underlying before its futures, and futures before options, nearest expiry first', () => {
		const found = index.search('sbin', { limit: 8 });
		expect(labels(found).slice(3, 8)).toEqual([
			'NFO:SBIN30JAN25FUT',
			'NFO:SBIN27FEB25FUT',
			'NFO:SBIN27MAR25FUT',
			'NFO:SBIN30JAN25665CE',
			'NFO:SBIN30JAN25665PE',
		]);
	});

	it('shows the Nifty 50 index first for "nifty", then NIFTY futures and options', () => {
		const found = index.search('nifty', { limit: 5 });
		expect(labels(found)).toEqual([
			'NSE:Nifty 50',
			'NFO:NIFTY30JAN25FUT',
			'NFO:NIFTY27FEB25FUT',
			'NFO:NIFTY27MAR25FUT',
			'NFO:NIFTY30JAN2523000CE',
		]);
	});

	it('lists every exact match, even options, before longer symbols that merely start with the query', () => {
		// NIFTY's 1,054 options all carry the name NIFTY exactly; NIFTYBEES only starts with it.
		const found = labels(index.search('nifty', { limit: 500 }));
		expect(found.every((label) => label === 'NSE:Nifty 50' || label.startsWith('NFO:NIFTY'))).toBe(true);
		const cash = labels(index.search('nifty', { exchange: 'NSE' }));
		expect(cash[0]).toBe('NSE:Nifty 50');
		expect(cash.slice(1)).toEqual(expect.arrayContaining(['NSE:NIFTYBEES-EQ', 'NSE:Nifty Bank', 'NSE:Nifty IT', 'NSE:Nifty Next 50']));
	});

	it('ignores case, spaces and punctuation in the query', () => {
		expect(labels(index.search('Nifty 50', { limit: 1 }))).toEqual(['NSE:Nifty 50']);
		expect(labels(index.search('m&m', { limit: 1 }))).toEqual(['NSE:M&M-EQ']);
		expect(labels(index.search('sbin-eq', { limit: 1 }))).toEqual(['NSE:SBIN-EQ']);
	});

	it('narrows to a contract as more of its symbol is typed', () => {
		expect(labels(index.search('NIFTY30JAN2525000', { limit: 2 }))).toEqual(['NFO:NIFTY30JAN2525000CE', 'NFO:NIFTY30JAN2525000PE']);
	});

	it('falls back to names and symbols containing the query', () => {
		const found = labels(index.search('card'));
		expect(found[0]).toBe('NSE:SBICARD-EQ');
		expect(found).toContain('NFO:SBICARD30JAN25FUT');
	});

	it('finds an index through its underlying name inside a word', () => {
		expect(labels(index.search('vix'))).toContain('NSE:India VIX');
	});

	it('filters by exchange and instrument type', () => {
		expect(index.search('nifty', { exchange: 'NSE' }).every((i) => i.exchange === 'NSE')).toBe(true);
		expect(labels(index.search('crude', { exchange: 'mcx', limit: 1 }))).toEqual(['MCX:CRUDEOIL17FEB25FUT']);
		const options = index.search('banknifty', { instrumentType: 'optidx', limit: 10 });
		expect(options).toHaveLength(10);
		expect(options.every((i) => i.instrumentType === 'OPTIDX')).toBe(true);
		expect(labels(index.search('sbin', { instrumentType: '' }))).toEqual(['NSE:SBIN-EQ', 'BSE:SBIN', 'NSE:SBIN-BE']);
	});

	it('returns nothing for an exchange or type the master does not have', () => {
		expect(index.search('sbin', { exchange: 'NYSE' })).toEqual([]);
		expect(index.search('sbin', { instrumentType: 'SWAP' })).toEqual([]);
	});

	it('returns nothing for an empty query or one that matches nothing', () => {
		expect(index.search('')).toEqual([]);
		expect(index.search(' - ')).toEqual([]);
		expect(index.search('zzzzzzzz')).toEqual([]);
	});

	it('honours the limit and never repeats an instrument', () => {
		const found = index.search('n', { limit: 300 });
		expect(found).toHaveLength(300);
		expect(new Set(labels(found)).size).toBe(300);
		expect(index.search('n', { limit: 0 })).toHaveLength(1);
		expect(index.search('n', { limit: Number.NaN })).toHaveLength(20);
		expect(index.search('nifty')).toHaveLength(20);
	});

	it('gives the same order every time and from a master in another row order', () => {
		const reversed = buildIndex([...generateMaster()].reverse());
		for (const q of ['s', 'sbin', 'nifty', 'bank', 'card', 'usd', '25000']) {
			expect(labels(reversed.search(q, { limit: 100 }))).toEqual(labels(index.search(q, { limit: 100 })));
		}
	});
});
