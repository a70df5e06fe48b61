// A seeded, real-shaped instrument master for tests and the benchmark: well-known rows with their real tokens
// (SBIN-EQ 3045, Nifty 50 99926000, …), derivatives around a fixed date, and optional filler to reach real sizes.

import { fromIst, istParts } from '../../nodes/AngelOne/helpers/ist';
import type { MasterRow } from '../../nodes/AngelOne/instruments';

/** Monday 27 Jan 2025, 10:00 IST: every fixture expiry is placed relative to this day. */
export const FIXTURE_NOW = fromIst(2025, 1, 27, 10, 0);

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

type Rng = () => number;

/** mulberry32: small, fast and the same on every machine. */
function createRng(seed: number): Rng {
	let a = seed >>> 0 || 0x9e3779b9;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Day {
	year: number;
	month: number;
	day: number;
}

function dayOf(ms: number): Day {
	const p = istParts(ms);
	return { year: p.year, month: p.month, day: p.day };
}

/** "30JAN2025", the master's expiry format. */
export function masterExpiry(d: Day): string {
	return `${String(d.day).padStart(2, '0')}${MONTHS[d.month - 1]}${d.year}`;
}

/** "30JAN25", the date part of derivative trading symbols. */
function symbolDate(d: Day): string {
	return `${String(d.day).padStart(2, '0')}${MONTHS[d.month - 1]}${String(d.year % 100).padStart(2, '0')}`;
}

/** The next `count` occurrences of a weekday (0 = Sunday) on or after the anchor's IST day. */
function weekdays(anchor: number, weekday: number, count: number): Day[] {
	const out: Day[] = [];
	let t = fromIst(dayOf(anchor).year, dayOf(anchor).month, dayOf(anchor).day, 12);
	while (out.length < count) {
		if (istParts(t).weekday === weekday) out.push(dayOf(t));
		t += 86_400_000;
	}
	return out;
}

/** The last given weekday of each of `count` months starting with the anchor's month. */
function lastWeekdays(anchor: number, weekday: number, count: number): Day[] {
	const start = dayOf(anchor);
	const out: Day[] = [];
	for (let i = 0; i < count; i++) {
		const month0 = start.month - 1 + i;
		const year = start.year + Math.floor(month0 / 12);
		const month = (month0 % 12) + 1;
		let t = fromIst(year, month + 1, 1, 12) - 86_400_000;
		while (istParts(t).weekday !== weekday) t -= 86_400_000;
		out.push(dayOf(t));
	}
	return out;
}

function key(d: Day): number {
	return d.year * 10_000 + d.month * 100 + d.day;
}

function uniqueDays(days: Day[]): Day[] {
	const seen = new Map<number, Day>();
	for (const d of days) seen.set(key(d), d);
	return [...seen.values()].sort((a, b) => key(a) - key(b));
}

export interface FixtureOptions {
	seed?: number;
	/** Instants the expiries are laid out from; FIXTURE_NOW unless given. */
	anchor?: number;
	/** Extra random listed companies (each an NSE and a BSE row, some with F&O), to reach real master sizes. */
	fillerCompanies?: number;
}

interface Underlying {
	name: string;
	nseSymbol: string;
	nseToken: string;
	bseSymbol: string;
	bseToken: string;
	price: number;
	/** null when the stock has no F&O */
	fno: { lot: number; step: number; strikesEachSide: number } | null;
}

/** Builds the master. Token numbers of the named rows are the real ones, so tests read like real life. */
export function generateMaster(options: FixtureOptions = {}): MasterRow[] {
	const rng = createRng(options.seed ?? 1);
	const anchor = options.anchor ?? FIXTURE_NOW;
	const rows: MasterRow[] = [];
	let nextToken = 40_000;
	const token = (): string => String(nextToken++);

	const equity = (exch: string, tok: string, symbol: string, name: string, tick = '5.000000'): void => {
		rows.push({ token: tok, symbol, name, expiry: '', strike: '-1.000000', lotsize: '1', instrumenttype: '', exch_seg: exch, tick_size: tick });
	};
	const index = (exch: string, tok: string, symbol: string, name: string): void => {
		rows.push({ token: tok, symbol, name, expiry: '', strike: '0.000000', lotsize: '1', instrumenttype: 'AMXIDX', exch_seg: exch, tick_size: '0.000000' });
	};
	const future = (exch: string, name: string, type: string, d: Day, lot: number, tick: string, tok = token()): void => {
		rows.push({
			token: tok,
			symbol: `${name}${symbolDate(d)}FUT`,
			name,
			expiry: masterExpiry(d),
			strike: '-1.000000',
			lotsize: String(lot),
			instrumenttype: type,
			exch_seg: exch,
			tick_size: tick,
		});
	};
	const optionChain = (
		exch: string,
		name: string,
		type: string,
		d: Day,
		lot: number,
		strikes: number[],
		tick = '5.000000',
		strikeScale = 100,
		strikeText: (s: number) => string = String,
	): void => {
		for (const strike of strikes) {
			for (const side of ['CE', 'PE']) {
				rows.push({
					token: token(),
					symbol: `${name}${symbolDate(d)}${strikeText(strike)}${side}`,
					name,
					expiry: masterExpiry(d),
					strike: (Math.round(strike * strikeScale)).toFixed(6),
					lotsize: String(lot),
					instrumenttype: type,
					exch_seg: exch,
					tick_size: tick,
				});
			}
		}
	};
	const grid = (centre: number, step: number, each: number): number[] => {
		const base = Math.round(centre / step) * step;
		const out: number[] = [];
		for (let i = -each; i <= each; i++) out.push(base + i * step);
		return out;
	};

	// Indices (protocol §7 tokens). Names are the underlyings their derivatives carry.
	index('NSE', '99926000', 'Nifty 50', 'NIFTY');
	index('NSE', '99926009', 'Nifty Bank', 'BANKNIFTY');
	index('NSE', '99926037', 'Nifty Fin Service', 'FINNIFTY');
	index('NSE', '99926017', 'India VIX', 'INDIA VIX');
	index('NSE', '99926008', 'Nifty IT', 'NIFTY IT');
	index('NSE', '99926013', 'Nifty Next 50', 'NIFTY NEXT 50');
	index('BSE', '99919000', 'SENSEX', 'SENSEX');
	index('BSE', '99919012', 'BANKEX', 'BANKEX');
	index('MCX', '99920000', 'MCXCOMPDEX', 'MCXCOMPDEX');

	const named: Underlying[] = [
		{ name: 'SBIN', nseSymbol: 'SBIN-EQ', nseToken: '3045', bseSymbol: 'SBIN', bseToken: '500112', price: 765, fno: { lot: 750, step: 5, strikesEachSide: 20 } },
		{ name: 'RELIANCE', nseSymbol: 'RELIANCE-EQ', nseToken: '2885', bseSymbol: 'RELIANCE', bseToken: '500325', price: 1240, fno: { lot: 500, step: 10, strikesEachSide: 15 } },
		{ name: 'INFY', nseSymbol: 'INFY-EQ', nseToken: '1594', bseSymbol: 'INFY', bseToken: '500209', price: 1860, fno: { lot: 400, step: 20, strikesEachSide: 12 } },
		{ name: 'M&M', nseSymbol: 'M&M-EQ', nseToken: '2031', bseSymbol: 'M&M', bseToken: '500520', price: 3010, fno: { lot: 200, step: 50, strikesEachSide: 10 } },
		{ name: 'SBICARD', nseSymbol: 'SBICARD-EQ', nseToken: '17971', bseSymbol: 'SBICARD', bseToken: '543066', price: 742, fno: { lot: 800, step: 10, strikesEachSide: 8 } },
		{ name: 'NIFTYBEES', nseSymbol: 'NIFTYBEES-EQ', nseToken: '10576', bseSymbol: 'NIFTYBEES', bseToken: '590103', price: 262, fno: null },
		{ name: 'YESBANK', nseSymbol: 'YESBANK-BE', nseToken: '11915', bseSymbol: 'YESBANK', bseToken: '532648', price: 18.5, fno: null },
	];
	// A trade-to-trade copy of SBIN, the series a TradingView symbol must not pick over -EQ.
	equity('NSE', '4884', 'SBIN-BE', 'SBIN');

	const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
	const usedNames = new Set(named.map((u) => u.name));
	const filler: Underlying[] = [];
	let nseToken = 100_000;
	let bseToken = 600_000;
	while (filler.length < (options.fillerCompanies ?? 40)) {
		const length = 3 + Math.floor(rng() * 8);
		let name = '';
		for (let i = 0; i < length; i++) name += letters[Math.floor(rng() * 26)];
		if (usedNames.has(name)) continue;
		usedNames.add(name);
		const price = Math.round((20 + rng() * 3000) * 20) / 20;
		const hasFno = rng() < 0.12;
		const series = rng() < 0.9 ? 'EQ' : rng() < 0.5 ? 'BE' : 'SM';
		filler.push({
			name,
			nseSymbol: `${name}-${series}`,
			nseToken: String(nseToken++),
			bseSymbol: name,
			bseToken: String(bseToken++),
			price,
			fno: hasFno ? { lot: 25 * (1 + Math.floor(rng() * 60)), step: price > 1000 ? 20 : price > 300 ? 10 : 5, strikesEachSide: 30 + Math.floor(rng() * 40) } : null,
		});
	}

	const monthlies = lastWeekdays(anchor, 4, 3);
	for (const u of [...named, ...filler]) {
		// Cheap shares tick in whole paise since 2025; the rest in 5 paise.
		const tick = u.price < 250 ? '1.000000' : '5.000000';
		equity('NSE', u.nseToken, u.nseSymbol, u.name, tick);
		equity('BSE', u.bseToken, u.bseSymbol, u.name, tick);
		if (!u.fno) continue;
		for (const d of monthlies) {
			future('NFO', u.name, 'FUTSTK', d, u.fno.lot, '5.000000');
			optionChain('NFO', u.name, 'OPTSTK', d, u.fno.lot, grid(u.price, u.fno.step, u.fno.strikesEachSide));
		}
	}

	// NIFTY: weekly Thursdays plus monthlies; near expiries on a 50 grid, far ones on 100.
	const niftyWeeklies = weekdays(anchor, 4, 5);
	const niftyExpiries = uniqueDays([...niftyWeeklies, ...lastWeekdays(anchor, 4, 4)]);
	niftyExpiries.forEach((d, i) => {
		const strikes = i < 5 ? grid(25000, 50, 40) : grid(25000, 100, 30);
		optionChain('NFO', 'NIFTY', 'OPTIDX', d, 75, strikes);
	});
	for (const d of monthlies) future('NFO', 'NIFTY', 'FUTIDX', d, 75, '10.000000');

	// BANKNIFTY: monthly only, 100 grid; some rows carry the mixed-case expiry and bare numbers seen in the wild.
	for (const d of monthlies) {
		future('NFO', 'BANKNIFTY', 'FUTIDX', d, 30, '5.000000');
		optionChain('NFO', 'BANKNIFTY', 'OPTIDX', d, 30, grid(50000, 100, 40));
	}
	for (const row of rows) {
		if (row.name === 'BANKNIFTY' && row.expiry === masterExpiry(monthlies[2])) {
			row.expiry = row.expiry.slice(0, 3) + row.expiry.slice(3, 5).toLowerCase() + row.expiry.slice(5);
			row.strike = String(Number(row.strike));
		}
	}
	for (const d of monthlies) future('NFO', 'FINNIFTY', 'FUTIDX', d, 65, '5.000000');

	// BSE derivatives: SENSEX weekly Fridays.
	for (const d of weekdays(anchor, 5, 3)) optionChain('BFO', 'SENSEX', 'OPTIDX', d, 20, grid(76000, 100, 30));
	future('BFO', 'SENSEX', 'FUTIDX', weekdays(anchor, 5, 1)[0], 20, '5.000000');

	// MCX: crude and gold futures (₹1 ticks), crude options; one token equal to an NSE token (tokens are per segment).
	const crude = [dayOf(fromIst(2025, 2, 17, 12)), dayOf(fromIst(2025, 3, 19, 12)), dayOf(fromIst(2025, 4, 21, 12))];
	future('MCX', 'CRUDEOIL', 'FUTCOM', crude[0], 100, '100.000000', '2885');
	future('MCX', 'CRUDEOIL', 'FUTCOM', crude[1], 100, '100.000000');
	future('MCX', 'CRUDEOIL', 'FUTCOM', crude[2], 100, '100.000000');
	future('MCX', 'GOLD', 'FUTCOM', dayOf(fromIst(2025, 2, 5, 12)), 1, '100.000000');
	optionChain('MCX', 'CRUDEOIL', 'OPTFUT', dayOf(fromIst(2025, 2, 14, 12)), 100, grid(6500, 50, 10), '10.000000');

	// CDS: USDINR futures and options; option strikes are × 10^7 and ticks are a quarter paisa.
	for (const d of [dayOf(fromIst(2025, 1, 29, 12)), dayOf(fromIst(2025, 2, 26, 12))]) future('CDS', 'USDINR', 'FUTCUR', d, 1, '0.25');
	optionChain('CDS', 'USDINR', 'OPTCUR', dayOf(fromIst(2025, 1, 31, 12)), 1, grid(86.25, 0.25, 8), '0.25', 1e7, (s) => s.toFixed(2).replace('.', ''));

	return rows;
}

/** Text of the master as Angel One serves it. */
export function masterText(rows: MasterRow[]): string {
	return JSON.stringify(rows);
}
