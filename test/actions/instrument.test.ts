// Instrument operations through n8n-core against the simulator's master: search (no API calls), resolve in every
// notation a trader uses, and finding an option by expiry, strike or ATM ± n from a live or given price.
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIALS, startWorld, type AngelWorld } from '../support/angel';

const symbol = (value: string) => ({ __rl: true, mode: 'symbol', value });

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe('Instrument', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
	});

	afterEach(async () => {
		await world.close();
	});

	const items = async (parameters: INodeParameters, input: IDataObject[] = [{}]) => {
		const run = await world.run({ parameters }, input);
		expect(run.errorOf('Angel One')).toBeUndefined();
		return run.outputOf('Angel One').map((i) => i.json);
	};
	const apiCalls = () => Object.entries(world.sim.control.requestCounts()).filter(([name]) => name !== 'master' && name !== 'loginByPassword');
	const nifty = (filter: { optionType?: string; expiry?: string } = {}) =>
		world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'OPTIDX', ...filter });
	/** The simulator lists expiries as "02DEC2026"; sorted ISO dates of NIFTY's weekly options. */
	const niftyExpiries = () => {
		const iso = (e: string) => new Date(`${e.slice(2, 5)} ${e.slice(0, 2)} ${e.slice(5)} 12:00 UTC`).toISOString().slice(0, 10);
		return [...new Set(nifty().map((o) => iso(o.expiry)))].sort();
	};

	describe('the picker\'s "From List" search and Instrument → Search', () => {
		const fromList = async (filter: string) => {
			const node = { name: 'Angel One', type: world.n8n.typeName('angelOne'), credentials: CREDENTIALS, parameters: { resource: 'order', operation: 'place' } };
			const { results } = await world.n8n.searchList(node, 'searchInstruments', filter);
			return results.map((r) => String(r.value));
		};
		const fromSearch = async (query: string) =>
			(await items({ resource: 'instrument', operation: 'search', query, limit: 50 })).map((i) => String(i.symbol));

		// The examples README and the picker's placeholder give.
		it.each(['NIFTY 25000 CE', 'sbin', 'NSE:SBIN', 'Nifty Bank'])('find the same instruments for "%s"', async (text) => {
			const picked = await fromList(text);
			expect(picked.length).toBeGreaterThan(0);
			expect(picked).toEqual(await fromSearch(text));
		});

		it('"NIFTY 25000 CE" lists the 25000 calls of every live expiry in the picker', async () => {
			const picked = await fromList('NIFTY 25000 CE');
			expect(picked).toHaveLength(niftyExpiries().length);
			expect(picked.every((value) => /^NFO:NIFTY\d{2}[A-Z]{3}\d{2}25000CE$/.test(value))).toBe(true);
		});
	});

	describe('Search', () => {
		const search = (extra: IDataObject) => ({ resource: 'instrument', operation: 'search', ...extra });

		it('finds SBIN-EQ first for "sbin", from the master without calling the API', async () => {
			world.sim.control.resetCounts();
			const found = await items(search({ query: 'sbin', limit: 5 }));
			expect(found[0]).toEqual({
				symbol: 'NSE:SBIN-EQ',
				exchange: 'NSE',
				tradingSymbol: 'SBIN-EQ',
				token: '3045',
				name: 'SBIN',
				instrumentType: 'EQ',
				expiry: null,
				strike: null,
				optionType: null,
				lotSize: 1,
				tickSize: 0.05,
			});
			expect(found).toHaveLength(5);
			expect(apiCalls()).toEqual([]);
		});

		it.each([
			['NSE:SBIN', 'NSE:SBIN-EQ'],
			['NSE:NIFTY', 'NSE:Nifty 50'],
			['BSE:SBIN', 'BSE:SBIN'],
		])('puts the instrument a TradingView symbol %s names first', async (query, first) => {
			const found = await items(search({ query, limit: 5 }));
			expect(found[0].symbol).toBe(first);
			expect(found.every((i) => i.exchange === first.split(':')[0])).toBe(true);
		});

		it('filters by exchange and instrument type', async () => {
			const found = await items(search({ query: 'NIFTY', exchange: 'NFO', instrumentType: 'FUTIDX' }));
			expect(found.length).toBeGreaterThan(0);
			expect(found.every((i) => i.exchange === 'NFO' && i.instrumentType === 'FUTIDX')).toBe(true);
			// Exact name matches first (NIFTY's own futures, nearest expiry first), then names containing it (BANKNIFTY, …).
			const ownFutures = world.sim.control.instruments({ exchange: 'NFO', name: 'NIFTY', instrumentType: 'FUTIDX' }).length;
			expect(found.slice(0, ownFutures).every((i) => i.name === 'NIFTY')).toBe(true);
			expect(found.slice(ownFutures).every((i) => i.name !== 'NIFTY' && String(i.name).includes('NIFTY'))).toBe(true);
		});

		it('finds NIFTY options by strike and expiry with the option filters', async () => {
			const [nearest] = niftyExpiries();
			const found = await items(search({ query: 'NIFTY', optionFilters: { expiry: 'nearest', strike: 25000 } }));
			expect(found.map((i) => [i.strike, i.optionType, i.expiry, i.lotSize])).toEqual([
				[25000, 'CE', nearest, 75],
				[25000, 'PE', nearest, 75],
			]);
			expect(found[0].tradingSymbol).toMatch(/^NIFTY\d{2}[A-Z]{3}\d{2}25000CE$/);
		});

		it('reads "NIFTY 25000 CE" as an option query across the live expiries', async () => {
			const found = await items(search({ query: 'NIFTY 25000 CE' }));
			expect(found.map((i) => i.expiry)).toEqual(niftyExpiries());
			expect(found.every((i) => i.strike === 25000 && i.optionType === 'CE' && i.exchange === 'NFO')).toBe(true);
		});

		it('lists the whole chain of a chosen expiry and side when no strike is given', async () => {
			const second = niftyExpiries()[1];
			const found = await items(search({ query: 'NIFTY', optionFilters: { expiry: 'next', optionType: 'PE' }, limit: 500 }));
			const months = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
			const masterExpiry = `${second.slice(8, 10)}${months[Number(second.slice(5, 7)) - 1]}${second.slice(0, 4)}`;
			expect(found).toHaveLength(nifty({ optionType: 'PE', expiry: masterExpiry }).length);
			expect(found.every((i) => i.expiry === second && i.optionType === 'PE')).toBe(true);
			const strikes = found.map((i) => i.strike as number);
			expect(strikes).toEqual([...strikes].sort((a, b) => a - b));
		});

		it('answers a search that finds nothing with no items', async () => {
			expect(await items(search({ query: 'NOSUCHTHING' }))).toEqual([]);
		});
	});

	describe('Resolve', () => {
		const resolve = (instrument: INodeParameters) => items({ resource: 'instrument', operation: 'resolve', instrument });

		it.each([
			['NSE:SBIN-EQ', 'symbol'],
			['NSE:SBIN', 'symbol'],
			['NSE:3045', 'symbol'],
			['NSE:3045', 'token'],
			['NSE:SBIN-EQ', 'list'],
		])('resolves %s (%s mode) to SBIN-EQ with its token, lot and tick', async (value, mode) => {
			const [item] = await resolve({ __rl: true, mode, value });
			expect(item).toMatchObject({ symbol: 'NSE:SBIN-EQ', token: '3045', lotSize: 1, tickSize: 0.05, instrumentType: 'EQ' });
		});

		it('resolves TradingView\'s NSE:NIFTY to the Nifty 50 index', async () => {
			const [item] = await resolve(symbol('NSE:NIFTY'));
			expect(item).toMatchObject({ exchange: 'NSE', token: '99926000', tradingSymbol: 'Nifty 50', instrumentType: 'AMXIDX' });
		});

		it('gives an option its expiry as a date and its strike in rupees', async () => {
			const option = nifty({ optionType: 'CE' }).find((o) => o.strike === 2500000)!;
			const [item] = await resolve(symbol(`NFO:${option.symbol}`));
			expect(item).toMatchObject({ token: option.token, strike: 25000, optionType: 'CE', lotSize: 75, tickSize: 0.05, expiry: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
		});

		it('resolves one symbol per input item from an expression', async () => {
			const found = await items(
				{ resource: 'instrument', operation: 'resolve', instrument: { __rl: true, mode: 'symbol', value: '={{ $json.ticker }}' } },
				[{ ticker: 'NSE:INFY' }, { ticker: 'BSE:SBIN' }],
			);
			expect(found.map((i) => i.symbol)).toEqual(['NSE:INFY-EQ', 'BSE:SBIN']);
		});

		it('names the field and suggests close matches for an unknown symbol', async () => {
			const run = await world.run({ parameters: { resource: 'instrument', operation: 'resolve', instrument: symbol('NSE:SBNI') } });
			expect(run.errorOf('Angel One')?.message).toMatch(/^Instrument: .*SBNI.*Did you mean .*NSE:SBIN-EQ/);
		});
	});

	describe('Find Option', () => {
		const findOption = (extra: IDataObject) => ({ resource: 'instrument', operation: 'findOption', underlying: 'NIFTY', ...extra });

		it('finds ATM+2 CE on the nearest expiry from the live index price', async () => {
			world.sim.control.setPrice('NSE', '99926000', 25012.35);
			world.sim.control.resetCounts();
			const [item] = await items(findOption({ strikeOffset: 2, optionType: 'CE' }));
			expect(item).toMatchObject({
				exchange: 'NFO',
				strike: 25100,
				optionType: 'CE',
				expiry: niftyExpiries()[0],
				atmStrike: 25000,
				strikesFromAtm: 2,
				underlyingPrice: 25012.35,
				underlyingSymbol: 'NSE:Nifty 50',
			});
			const contract = world.sim.control.instrument('NFO', item.token as string);
			expect(contract).toMatchObject({ name: 'NIFTY', strike: 2510000, optionType: 'CE' });
			expect(world.sim.control.requestCounts().getLtpData).toBe(1);
			expect(world.sim.control.requests(5).find((r) => r.endpoint === 'getLtpData')?.body).toMatchObject({ exchange: 'NSE', symboltoken: '99926000' });
		});

		it('moves with the price: ATM-1 PE after the index falls', async () => {
			world.sim.control.setPrice('NSE', '99926000', 24880);
			const [item] = await items(findOption({ strikeOffset: -1, optionType: 'PE', expiry: 'next' }));
			expect(item).toMatchObject({ atmStrike: 24900, strike: 24850, optionType: 'PE', expiry: niftyExpiries()[1] });
		});

		it('uses a given spot price without asking Angel One for one', async () => {
			world.sim.control.resetCounts();
			const [item] = await items(findOption({ spotSource: 'given', spotPrice: 25140, strikeOffset: 0, optionType: 'PE' }));
			expect(item).toMatchObject({ strike: 25150, atmStrike: 25150, underlyingPrice: 25140, underlyingSymbol: null });
			expect(world.sim.control.requestCounts().getLtpData).toBeUndefined();
		});

		it('finds a stock option ATM from the share price', async () => {
			world.sim.control.setPrice('NSE', '3045', 801.5);
			const [item] = await items(findOption({ underlying: 'SBIN', strikeOffset: 1, optionType: 'CE' }));
			expect(item).toMatchObject({ name: 'SBIN', atmStrike: 800, strike: 820, lotSize: 750, underlyingSymbol: 'NSE:SBIN-EQ' });
		});

		it('finds an exact strike on a given expiry date', async () => {
			const third = niftyExpiries()[2];
			const [item] = await items(findOption({ strikeBy: 'price', strikePrice: 24750, expiry: 'date', expiryDate: third, optionType: 'CE' }));
			expect(item).toMatchObject({ strike: 24750, expiry: third, optionType: 'CE' });
		});

		it('names what is wrong when the strike is not listed', async () => {
			const run = await world.run({ parameters: findOption({ strikeBy: 'price', strikePrice: 25010, optionType: 'CE' }) });
			expect(run.errorOf('Angel One')?.message).toMatch(/^Option: .*no strike 25010/);
		});
	});
});
