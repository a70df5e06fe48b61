// The instrument universe, the master file (shape, units, size, core rows) and the market (seeded prices,
// tick-size moves of active instruments, snapshots, 'tick' events).

import { createClock } from '../../simulator/clock';
import type { ScripMasterRow, TickSnapshot } from '../../simulator/contracts';
import { Market } from '../../simulator/market';
import { masterRow, MasterFile } from '../../simulator/master';
import { startSimulator } from '../../simulator/server';
import { Universe, type UniverseInstrument } from '../../simulator/universe';
import { ist } from './sim-client';

const NOW = ist(2026, 1, 7, 11, 0); // Wednesday 7 Jan 2026

function rows(universe: Universe): ScripMasterRow[] {
	return JSON.parse(new MasterFile(universe).body().toString('utf8')) as ScripMasterRow[];
}

describe('instrument universe and master', () => {
	const universe = new Universe({ seed: 1, now: NOW, size: 2000 });
	const master = rows(universe);
	const find = (exch: string, token: string): ScripMasterRow | undefined => master.find((r) => r.exch_seg === exch && r.token === token);

	it('has exactly the requested number of rows, every value a string but is_cas_enabled, with the real field names', () => {
		expect(master).toHaveLength(2000);
		for (const row of master) {
			// Live 2025 rows add freeze_qty (F&O) and a JSON boolean is_cas_enabled (cash equities).
			expect(Object.keys(row).slice(0, 9)).toEqual(['token', 'symbol', 'name', 'expiry', 'strike', 'lotsize', 'instrumenttype', 'exch_seg', 'tick_size']);
			const { is_cas_enabled: cas, ...rest } = row;
			expect(Object.values(rest).every((v) => typeof v === 'string')).toBe(true);
			expect(cas === undefined || typeof cas === 'boolean').toBe(true);
		}
	});

	it('carries freeze_qty on F&O rows and is_cas_enabled as a JSON boolean on cash-equity rows', () => {
		const fo = master.filter((r) => r.exch_seg === 'NFO' || r.exch_seg === 'BFO');
		expect(fo.length).toBeGreaterThan(0);
		for (const row of fo) expect(row.freeze_qty).toMatch(/^\d+$/);
		const niftyOption = fo.find((r) => r.name === 'NIFTY' && r.instrumenttype === 'OPTIDX');
		expect(niftyOption?.freeze_qty).toBe('1800');
		expect(master.filter((r) => r.exch_seg === 'MCX' || r.exch_seg === 'CDS').every((r) => r.freeze_qty === undefined)).toBe(true);
		expect(find('NSE', '3045')?.is_cas_enabled).toBe(false);
		expect(find('NSE', '99926000')?.is_cas_enabled).toBeUndefined();
	});

	it('has unique tokens per exchange segment and unique symbols per segment', () => {
		for (const field of ['token', 'symbol'] as const) {
			const keys = master.map((r) => `${r.exch_seg}|${r[field]}`);
			expect(new Set(keys).size).toBe(keys.length);
		}
	});

	it('always carries the named core instruments in the real units', () => {
		expect(find('NSE', '3045')).toEqual({ token: '3045', symbol: 'SBIN-EQ', name: 'SBIN', expiry: '', strike: '-1.000000', lotsize: '1', instrumenttype: '', exch_seg: 'NSE', tick_size: '5.000000', is_cas_enabled: false });
		expect(find('NSE', '2885')?.symbol).toBe('RELIANCE-EQ');
		expect(find('NSE', '99926000')).toMatchObject({ symbol: 'Nifty 50', name: 'NIFTY', instrumenttype: 'AMXIDX', strike: '0.000000', tick_size: '0.000000' });
		expect(find('NSE', '99926009')).toMatchObject({ symbol: 'Nifty Bank', name: 'BANKNIFTY' });
		expect(find('NSE', '99926037')?.instrumenttype).toBe('AMXIDX');
		expect(find('NSE', '99926017')?.symbol).toBe('India VIX');
		expect(find('BSE', '99919000')).toMatchObject({ symbol: 'SENSEX', exch_seg: 'BSE' });
		expect(master.some((r) => r.exch_seg === 'BSE' && r.name === 'SBIN')).toBe(true);
	});

	it('lays out NIFTY weekly options around the index with lot 75, strike × 100 and expiries from the clock', () => {
		const options = master.filter((r) => r.exch_seg === 'NFO' && r.name === 'NIFTY' && r.instrumenttype === 'OPTIDX');
		expect(options.length).toBeGreaterThan(100);
		const expiries = [...new Set(options.map((r) => r.expiry))];
		// NSE weekly expiries are Tuesdays; the first is the next Tuesday after Wed 7 Jan 2026.
		expect(expiries[0]).toBe('13JAN2026');
		const sample = options.find((r) => r.symbol === 'NIFTY13JAN2625000CE');
		expect(sample).toMatchObject({ strike: '2500000.000000', lotsize: '75', tick_size: '5.000000', expiry: '13JAN2026' });
		for (const row of options) expect(row.symbol).toMatch(/^NIFTY\d{2}[A-Z]{3}\d{2}\d+(CE|PE)$/);
	});

	it('has BANKNIFTY lot 35, SBIN stock options lot 750, MCX futures and CDS contracts in their units', () => {
		expect(master.find((r) => r.name === 'BANKNIFTY' && r.instrumenttype === 'OPTIDX')?.lotsize).toBe('35');
		expect(master.find((r) => r.name === 'SBIN' && r.instrumenttype === 'OPTSTK')?.lotsize).toBe('750');
		expect(master.find((r) => r.name === 'SBIN' && r.instrumenttype === 'FUTSTK')?.symbol).toMatch(/^SBIN\d{2}[A-Z]{3}\d{2}FUT$/);
		expect(master.filter((r) => r.exch_seg === 'MCX' && r.instrumenttype === 'FUTCOM').map((r) => r.name)).toEqual(expect.arrayContaining(['CRUDEOIL', 'GOLDM']));
		const usdinrOption = master.find((r) => r.exch_seg === 'CDS' && r.instrumenttype === 'OPTCUR');
		expect(usdinrOption?.tick_size).toBe('0.25');
		// Currency strikes are scaled by 10^7: 84.25 → 842500000.
		expect(Number(usdinrOption?.strike) % 2_500_000).toBe(0);
		expect(Number(usdinrOption?.strike) / 1e7).toBeGreaterThan(80);
	});

	it('builds the same universe for the same seed and clock day', () => {
		expect(rows(new Universe({ seed: 1, now: NOW, size: 2000 }))).toEqual(master);
	});

	it('builds a 120,000-row master quickly enough for a test run', () => {
		const big = new Universe({ seed: 2, now: NOW, size: 120_000 });
		const body = new MasterFile(big).body();
		const parsed = JSON.parse(body.toString('utf8')) as ScripMasterRow[];
		expect(parsed).toHaveLength(120_000);
		const keys = parsed.map((r) => `${r.exch_seg}|${r.token}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(parsed.filter((r) => r.exch_seg === 'NSE' && r.token === '3045')).toHaveLength(1);
		expect(masterRow(big.get('NSE', '3045') as UniverseInstrument).symbol).toBe('SBIN-EQ');
	});

	it('serves the master at the real path without authentication', async () => {
		const sim = await startSimulator({ masterSize: 2000, autoTick: false });
		try {
			const response = await fetch(sim.urls.master);
			expect(response.headers.get('content-type')).toMatch(/application\/json/);
			const body = (await response.json()) as ScripMasterRow[];
			expect(body).toHaveLength(2000);
			expect(sim.urls.master).toBe(`${sim.baseUrl}/OpenAPI_File/files/OpenAPIScripMaster.json`);
			expect(sim.control.requestCounts().master).toBe(1);
		} finally {
			await sim.close();
		}
	});
});

describe('simulated market', () => {
	function market(seed = 1, wholeSecondTimestamps?: boolean, at = NOW): Market {
		const clock = createClock();
		clock.freeze(at);
		return new Market({
			seed,
			clock,
			universe: new Universe({ seed, now: at, size: 2000 }),
			tickIntervalMs: 0,
			autoTick: false,
			...(wholeSecondTimestamps === undefined ? {} : { variants: { wholeSecondTimestamps } }),
		});
	}

	it('stamps packets in whole seconds as live does, and in milliseconds with wholeSecondTimestamps off', () => {
		const at = NOW + 437;
		const live = market(1, undefined, at);
		const precise = market(1, false, at);
		expect((live.snapshot(1, '3045') as TickSnapshot).exchangeTimestamp % 1000).toBe(0);
		expect((precise.snapshot(1, '3045') as TickSnapshot).exchangeTimestamp % 1000).toBe(437);
		live.close();
		precise.close();
	});

	it('gives every instrument a seeded, deterministic opening state', () => {
		const a = market(5);
		const b = market(5);
		expect(a.snapshot(1, '3045')).toEqual(b.snapshot(1, '3045'));
		expect(market(6).snapshot(1, '3045')?.ltp).not.toBe(a.snapshot(1, '3045')?.ltp);
		a.close();
		b.close();
	});

	it('snapshots carry OHLC, circuits, 52-week range, best five and depth 20 in feed units', () => {
		const m = market();
		const s = m.snapshot(1, '3045') as TickSnapshot;
		expect(s.ltp % 5).toBe(0);
		expect(s.high).toBeGreaterThanOrEqual(Math.max(s.open, s.ltp));
		expect(s.low).toBeLessThanOrEqual(Math.min(s.open, s.ltp));
		expect(s.upperCircuit).toBeGreaterThan(s.ltp);
		expect(s.lowerCircuit).toBeLessThan(s.ltp);
		expect(s.week52High).toBeGreaterThanOrEqual(s.high);
		expect(s.bestFiveBuy).toHaveLength(5);
		expect(s.bestFiveSell[0].price).toBeGreaterThan(s.bestFiveBuy[0].price);
		expect(s.depth20Buy).toHaveLength(20);
		expect(s.exchangeTimestamp).toBe(NOW);
		const index = m.snapshot(1, '99926000') as TickSnapshot;
		expect([index.volume, index.bestFiveBuy.length, index.upperCircuit]).toEqual([0, 0, 0]);
		m.close();
	});

	it('moves only active instruments, in whole ticks, and emits a tick for each move', () => {
		const m = market();
		const sbin = m.universe.get('NSE', '3045') as UniverseInstrument;
		const reliance = m.universe.get('NSE', '2885') as UniverseInstrument;
		const before = m.ltp(reliance);
		const seen: string[] = [];
		m.on('tick', (inst: UniverseInstrument, snap: TickSnapshot) => {
			seen.push(inst.token);
			expect(snap.ltp % inst.tickSize).toBe(0);
		});
		m.snapshot(1, '3045'); // subscribing makes it active
		for (let i = 0; i < 20; i++) m.step();
		expect(seen).toEqual(Array(20).fill('3045'));
		expect(m.ltp(reliance)).toBe(before);
		expect(m.state(sbin).sequence).toBe(21);
		m.close();
	});

	it('sets a price exactly and reports it to listeners', () => {
		const m = market();
		const inst = m.universe.get('NSE', '2885') as UniverseInstrument;
		const prices: number[] = [];
		m.on('tick', (_i: UniverseInstrument, snap: TickSnapshot) => prices.push(snap.ltp));
		m.setPrice(inst, 142_050);
		expect(prices).toEqual([142_050]);
		expect(m.ltpRupees(inst)).toBe(1420.5);
		m.close();
	});
});
