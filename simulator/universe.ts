// The simulator's instrument universe: a seeded, deterministic set of instruments shaped like Angel One's
// (NSE/BSE equities and indices, NFO/BFO derivatives, MCX and CDS contracts), with lookups by token and symbol.

import type { SimInstrument } from './contracts';
import { EXCHANGE_TYPE } from './contracts';
import { createRng, type Rng } from './rng';
import { formatExpiry, istParts, fromIst } from '../nodes/AngelOne/helpers/ist';

/** A universe instrument: the contract's SimInstrument plus what the market needs to price it. */
export interface UniverseInstrument extends SimInstrument {
	/** Opening reference price in feed units (paise, or 10^7 units for CDS). */
	basePrice: number;
	/** 'CE' | 'PE' for options, '' otherwise. */
	optionType: string;
	/** Exchange-style ISIN for cash equities, '' otherwise. */
	isin: string;
}

export const EXCHANGE_TYPES: Record<string, number> = {
	NSE: EXCHANGE_TYPE.nse_cm,
	NFO: EXCHANGE_TYPE.nse_fo,
	BSE: EXCHANGE_TYPE.bse_cm,
	BFO: EXCHANGE_TYPE.bse_fo,
	MCX: EXCHANGE_TYPE.mcx_fo,
	CDS: EXCHANGE_TYPE.cde_fo,
};

const CDS_DIVISOR = 10_000_000;

/** NSE/BSE index-derivative freeze quantities (units), as the exchanges publish them; stock F&O: 20 lots. */
const INDEX_FREEZE: Record<string, number> = { NIFTY: 1800, BANKNIFTY: 900, FINNIFTY: 1800, MIDCPNIFTY: 2800, NIFTYNXT50: 600, SENSEX: 1000, BANKEX: 900 };

/**
 * The most units one order may carry on NFO/BFO (the master's `freeze_qty`, 2025); undefined elsewhere. An
 * exchange refuses a single order above it.
 */
export function freezeQuantity(inst: Pick<SimInstrument, 'exchange' | 'name' | 'lotSize'>): number | undefined {
	if (inst.exchange !== 'NFO' && inst.exchange !== 'BFO') return undefined;
	return INDEX_FREEZE[inst.name] ?? inst.lotSize * 20;
}

interface CoreEquity {
	name: string;
	nseToken: string;
	bseToken: string;
	/** rupees */
	price: number;
	lot: number;
}

// Real NSE tokens and BSE scrip codes where known, so clients written against Angel One's examples resolve.
const CORE_EQUITIES: CoreEquity[] = [
	{ name: 'SBIN', nseToken: '3045', bseToken: '500112', price: 812.35, lot: 750 },
	{ name: 'RELIANCE', nseToken: '2885', bseToken: '500325', price: 1418.4, lot: 500 },
	{ name: 'INFY', nseToken: '1594', bseToken: '500209', price: 1512.6, lot: 400 },
	{ name: 'TCS', nseToken: '11536', bseToken: '532540', price: 3425.15, lot: 175 },
	{ name: 'HDFCBANK', nseToken: '1333', bseToken: '500180', price: 1702.55, lot: 550 },
	{ name: 'ICICIBANK', nseToken: '4963', bseToken: '532174', price: 1289.9, lot: 700 },
	{ name: 'ITC', nseToken: '1660', bseToken: '500875', price: 412.75, lot: 1600 },
	{ name: 'AXISBANK', nseToken: '5900', bseToken: '532215', price: 1136.2, lot: 625 },
	{ name: 'KOTAKBANK', nseToken: '1922', bseToken: '500247', price: 1788.05, lot: 400 },
	{ name: 'LT', nseToken: '11483', bseToken: '500510', price: 3611.3, lot: 175 },
	{ name: 'TATAMOTORS', nseToken: '3456', bseToken: '500570', price: 702.45, lot: 800 },
	{ name: 'WIPRO', nseToken: '3787', bseToken: '507685', price: 296.8, lot: 3000 },
	{ name: 'HINDUNILVR', nseToken: '1394', bseToken: '500696', price: 2398.7, lot: 300 },
	{ name: 'BHARTIARTL', nseToken: '10604', bseToken: '532454', price: 1890.25, lot: 475 },
	{ name: 'MARUTI', nseToken: '10999', bseToken: '532500', price: 12450.0, lot: 50 },
	{ name: 'BAJFINANCE', nseToken: '317', bseToken: '500034', price: 912.4, lot: 750 },
	{ name: 'ASIANPAINT', nseToken: '236', bseToken: '500820', price: 2301.55, lot: 250 },
	{ name: 'SUNPHARMA', nseToken: '3351', bseToken: '524715', price: 1655.35, lot: 350 },
	{ name: 'TATASTEEL', nseToken: '3499', bseToken: '500470', price: 158.62, lot: 5500 },
	{ name: 'ONGC', nseToken: '2475', bseToken: '500312', price: 243.1, lot: 2250 },
	{ name: 'NTPC', nseToken: '11630', bseToken: '532555', price: 338.45, lot: 1500 },
	{ name: 'POWERGRID', nseToken: '14977', bseToken: '532898', price: 291.3, lot: 1900 },
	{ name: 'ADANIENT', nseToken: '25', bseToken: '512599', price: 2410.6, lot: 300 },
	{ name: 'COALINDIA', nseToken: '20374', bseToken: '533278', price: 386.9, lot: 1350 },
	{ name: 'HCLTECH', nseToken: '7229', bseToken: '532281', price: 1487.2, lot: 350 },
	{ name: 'TITAN', nseToken: '3506', bseToken: '500114', price: 3398.05, lot: 175 },
	{ name: 'ULTRACEMCO', nseToken: '11532', bseToken: '532538', price: 11980.5, lot: 50 },
	{ name: 'YESBANK', nseToken: '11915', bseToken: '532648', price: 19.87, lot: 1 },
	{ name: 'IDEA', nseToken: '14366', bseToken: '532822', price: 7.45, lot: 1 },
	{ name: 'IRFC', nseToken: '2029', bseToken: '543257', price: 128.35, lot: 1 },
];

/** Equities whose derivatives are part of the always-present core. */
const CORE_DERIVATIVE_STOCKS = ['SBIN', 'RELIANCE'];

interface IndexDef {
	token: string;
	symbol: string;
	name: string;
	exchange: string;
	/** rupees */
	price: number;
}

const INDICES: IndexDef[] = [
	{ token: '99926000', symbol: 'Nifty 50', name: 'NIFTY', exchange: 'NSE', price: 25012.35 },
	{ token: '99926009', symbol: 'Nifty Bank', name: 'BANKNIFTY', exchange: 'NSE', price: 56231.8 },
	{ token: '99926037', symbol: 'Nifty Fin Service', name: 'FINNIFTY', exchange: 'NSE', price: 26540.15 },
	{ token: '99926017', symbol: 'India VIX', name: 'INDIA VIX', exchange: 'NSE', price: 12.84 },
	{ token: '99919000', symbol: 'SENSEX', name: 'SENSEX', exchange: 'BSE', price: 82120.45 },
];

interface IndexDerivativeDef {
	name: string;
	exchange: 'NFO' | 'BFO';
	lot: number;
	strikeStep: number;
	/** weekday of expiry: 2 = Tuesday (NSE since 2025), 4 = Thursday (BSE) */
	expiryWeekday: number;
	weekly: boolean;
}

const INDEX_DERIVATIVES: IndexDerivativeDef[] = [
	{ name: 'NIFTY', exchange: 'NFO', lot: 75, strikeStep: 50, expiryWeekday: 2, weekly: true },
	{ name: 'BANKNIFTY', exchange: 'NFO', lot: 35, strikeStep: 100, expiryWeekday: 2, weekly: false },
	{ name: 'FINNIFTY', exchange: 'NFO', lot: 65, strikeStep: 50, expiryWeekday: 2, weekly: false },
	{ name: 'SENSEX', exchange: 'BFO', lot: 20, strikeStep: 100, expiryWeekday: 4, weekly: true },
];

const SYNTHETIC_PREFIXES = [
	'AADHAR', 'BHARAT', 'CHAMBAL', 'DEEPAK', 'EMAMI', 'FORTUNE', 'GANESH', 'HIMALAYA', 'INDRA', 'JAYANT',
	'KAVERI', 'LAKSHMI', 'MAHAN', 'NARMADA', 'OMKAR', 'PRAGATI', 'RAJDHANI', 'SAGAR', 'TRIVENI', 'UDAY',
	'VARUN', 'YAMUNA', 'ZENITH', 'ANAND', 'BALAJI', 'CAUVERY', 'DHRUV', 'EKTA', 'GODAVARI', 'HARSHA',
	'ISHAN', 'JWALA', 'KIRAN', 'LOTUS', 'MEGHNA', 'NILGIRI', 'ORIENT', 'PUSHPA', 'RATNA', 'SHAKTI',
	'TAPTI', 'UNNATI', 'VIJAY', 'ARAVALI', 'BRAHMA', 'CHETAK', 'DURGA', 'GAGAN', 'INDUS', 'KESARI',
	'MALWA', 'NAVRATNA', 'PAWAN', 'SAHYADRI', 'SURYA', 'VINDHYA', 'AKASH', 'GARUDA', 'KAMAL', 'SWASTIK',
];
const SYNTHETIC_SUFFIXES = [
	'IND', 'CHEM', 'FIN', 'PHARMA', 'TEX', 'STEEL', 'POWER', 'INFRA', 'AUTO', 'TECH', 'AGRO', 'CEM', 'LOG',
	'BANK', 'FOODS', 'ENERGY',
];

const WEEKDAY_MS = 24 * 60 * 60 * 1000;

/** The universe's options: the seed and the clock instant that expiries are laid out from. */
export interface UniverseOptions {
	seed: number;
	/** epoch ms; expiries are the next ones after this day (IST). */
	now: number;
	/** Total instruments (= master rows). The core is always present, so the real size is at least the core's. */
	size: number;
}

function roundToTick(value: number, tick: number): number {
	return tick > 0 ? Math.round(value / tick) * tick : Math.round(value);
}

function twoDigitYear(isoDate: string): string {
	return isoDate.slice(2, 4);
}

function isoOf(ms: number): string {
	const p = istParts(ms);
	return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** IST calendar dates ("2026-01-27") of the next `count` given weekdays, today included. */
export function nextWeekdays(now: number, weekday: number, count: number): string[] {
	const p = istParts(now);
	let day = fromIst(p.year, p.month, p.day, 12);
	const out: string[] = [];
	while (out.length < count) {
		if (istParts(day).weekday === weekday) out.push(isoOf(day));
		day += WEEKDAY_MS;
	}
	return out;
}

/** The last given weekday of each of the next `count` months whose date is today or later. */
export function monthlyExpiries(now: number, weekday: number, count: number): string[] {
	const today = isoOf(now);
	const p = istParts(now);
	const out: string[] = [];
	let year = p.year;
	let month = p.month;
	while (out.length < count) {
		const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
		let day = fromIst(year, month, lastDay, 12);
		while (istParts(day).weekday !== weekday) day -= WEEKDAY_MS;
		const iso = isoOf(day);
		if (iso >= today) out.push(iso);
		month += 1;
		if (month > 12) {
			month = 1;
			year += 1;
		}
	}
	return out;
}

/** A fixed day of each month (moved back to a weekday), for MCX and CDS contracts. */
function fixedDayExpiries(now: number, dayOfMonth: number, count: number): string[] {
	const today = isoOf(now);
	const p = istParts(now);
	const out: string[] = [];
	let year = p.year;
	let month = p.month;
	while (out.length < count) {
		let day = fromIst(year, month, dayOfMonth, 12);
		while (istParts(day).weekday === 0 || istParts(day).weekday === 6) day -= WEEKDAY_MS;
		const iso = isoOf(day);
		if (iso >= today) out.push(iso);
		month += 1;
		if (month > 12) {
			month = 1;
			year += 1;
		}
	}
	return out;
}

/** "2026-01-27" → "27JAN26" as used inside NFO symbols. */
function symbolDate(isoDate: string): string {
	const full = formatExpiry(isoDate);
	return full.slice(0, 5) + twoDigitYear(isoDate);
}

/**
 * BFO date codes: the month's last expiry is YYMON (SENSEX24MAR75000PE); weekly ones are YY + month letter
 * (1–9, O, N, D) + DD, as in SENSEX2610883000CE, so weeklies and the monthly of one month never collide.
 */
function bseDateCode(isoDate: string, weekday: number): string {
	const [y, m, d] = isoDate.split('-').map(Number);
	const nextWeek = fromIst(y, m, d, 12) + 7 * WEEKDAY_MS;
	const lastOfMonth = istParts(nextWeek).month !== m || istParts(fromIst(y, m, d, 12)).weekday !== weekday;
	if (lastOfMonth) return twoDigitYear(isoDate) + formatExpiry(isoDate).slice(2, 5);
	return `${twoDigitYear(isoDate)}${'123456789OND'[m - 1]}${String(d).padStart(2, '0')}`;
}

function strikeLabel(strikeRupees: number): string {
	return Number.isInteger(strikeRupees) ? String(strikeRupees) : strikeRupees.toFixed(2).replace(/0+$/, '');
}

/** A rough option premium (rupees) so chains look plausible: intrinsic value plus a time value that shrinks with distance. */
function optionPremium(spot: number, strike: number, type: 'CE' | 'PE', daysToExpiry: number): number {
	const intrinsic = Math.max(0, type === 'CE' ? spot - strike : strike - spot);
	const timeValue = spot * 0.004 * Math.sqrt(Math.max(1, daysToExpiry)) * Math.exp(-Math.abs(spot - strike) / (spot * 0.04));
	return Math.max(0.05, intrinsic + timeValue);
}

function niceStrikeStep(price: number): number {
	const raw = price * 0.0125;
	const steps = [1, 2.5, 5, 10, 20, 25, 50, 100, 250, 500];
	return steps.find((s) => s >= raw) ?? 500;
}

/** Builds instruments in a fixed order so token assignment, and therefore everything else, is deterministic. */
class Builder {
	private readonly reservedTokens = new Map<string, Set<string>>();
	private readonly nextToken = new Map<string, number>();
	readonly instruments: UniverseInstrument[] = [];

	constructor(private readonly now: number) {
		// Token ranges loosely follow the real master: NFO 5 digits upward, BFO/MCX 6 digits, CDS 4-5 digits.
		this.nextToken.set('NFO', 35001);
		this.nextToken.set('BFO', 825001);
		this.nextToken.set('MCX', 430001);
		this.nextToken.set('CDS', 1201);
		this.nextToken.set('NSE', 21001);
		this.nextToken.set('BSE', 590001);
	}

	reserve(exchange: string, token: string): void {
		let used = this.reservedTokens.get(exchange);
		if (!used) {
			used = new Set();
			this.reservedTokens.set(exchange, used);
		}
		used.add(token);
	}

	/** The next free token of a segment: counters only rise, so only the explicit core tokens can clash. */
	allocate(exchange: string): string {
		const reserved = this.reservedTokens.get(exchange);
		let next = this.nextToken.get(exchange) ?? 100001;
		while (reserved?.has(String(next))) next += 1;
		this.nextToken.set(exchange, next + 1);
		return String(next);
	}

	/**
	 * Adds an instrument; its token must be reserved (explicit core tokens) or allocated. The literal passed in is
	 * completed in place rather than copied: 100k+ copies are measurable in the master's build time.
	 */
	add(instrument: Omit<UniverseInstrument, 'exchangeType' | 'priceDivisor'>): UniverseInstrument {
		const full = instrument as UniverseInstrument;
		full.exchangeType = EXCHANGE_TYPES[instrument.exchange];
		full.priceDivisor = instrument.exchange === 'CDS' ? CDS_DIVISOR : 100;
		this.instruments.push(full);
		return full;
	}

	daysTo(isoDate: string): number {
		const [y, m, d] = isoDate.split('-').map(Number);
		return Math.max(0, (fromIst(y, m, d, 15, 30) - this.now) / WEEKDAY_MS);
	}

	equity(name: string, nseToken: string, bseToken: string, rupees: number, isin: string): void {
		const tick = 5;
		const base = roundToTick(Math.round(rupees * 100), tick);
		this.add({ token: nseToken, symbol: `${name}-EQ`, name, expiry: '', strike: -1, lotSize: 1, instrumentType: '', exchange: 'NSE', tickSize: tick, basePrice: base, optionType: '', isin });
		this.add({ token: bseToken, symbol: name, name, expiry: '', strike: -1, lotSize: 1, instrumentType: '', exchange: 'BSE', tickSize: tick, basePrice: base, optionType: '', isin });
	}

	future(exchange: string, name: string, instrumentType: string, isoDate: string, lot: number, tick: number, spotUnits: number, symbol: string): void {
		const base = roundToTick(spotUnits * (1 + 0.0004 * Math.max(1, this.daysTo(isoDate))), tick);
		this.add({ token: this.allocate(exchange), symbol, name, expiry: formatExpiry(isoDate), strike: -1, lotSize: lot, instrumentType, exchange, tickSize: tick, basePrice: base, optionType: '', isin: '' });
	}

	/** Adds a CE and PE per strike; strikes are centred on the spot in rupees. */
	optionChain(args: {
		exchange: string;
		name: string;
		instrumentType: string;
		isoDate: string;
		lot: number;
		tick: number;
		spot: number;
		step: number;
		each: number;
		divisor: number;
		symbolFor: (strike: number, type: 'CE' | 'PE') => string;
		from?: number;
	}): void {
		const centre = Math.round(args.spot / args.step) * args.step;
		const days = this.daysTo(args.isoDate);
		const expiry = formatExpiry(args.isoDate);
		for (let i = -args.each; i <= args.each; i++) {
			if (args.from !== undefined && Math.abs(i) < args.from) continue;
			const strike = Math.round((centre + i * args.step) * 10000) / 10000;
			if (strike <= 0) continue;
			for (const type of ['CE', 'PE'] as const) {
				const premium = optionPremium(args.spot, strike, type, days);
				const base = Math.max(args.tick, roundToTick(Math.round(premium * args.divisor), args.tick));
				this.add({
					token: this.allocate(args.exchange),
					symbol: args.symbolFor(strike, type),
					name: args.name,
					expiry,
					strike: Math.round(strike * (args.divisor === CDS_DIVISOR ? CDS_DIVISOR : 100)),
					lotSize: args.lot,
					instrumentType: args.instrumentType,
					exchange: args.exchange,
					tickSize: args.tick,
					basePrice: base,
					optionType: type,
					isin: '',
				});
			}
		}
	}
}

function isinFor(rng: Rng): string {
	const digits = Array.from({ length: 4 }, () => Math.floor(rng() * 10)).join('');
	return `INE${digits}${String.fromCharCode(65 + Math.floor(rng() * 26))}01${Math.floor(rng() * 10)}`;
}

function stockDerivatives(b: Builder, name: string, spotRupees: number, lot: number, monthly: string[], strikesEachSide: number): void {
	const step = niceStrikeStep(spotRupees);
	for (const iso of monthly) {
		b.future('NFO', name, 'FUTSTK', iso, lot, 10, Math.round(spotRupees * 100), `${name}${symbolDate(iso)}FUT`);
		b.optionChain({
			exchange: 'NFO', name, instrumentType: 'OPTSTK', isoDate: iso, lot, tick: 5, spot: spotRupees, step, each: strikesEachSide, divisor: 100,
			symbolFor: (strike, type) => `${name}${symbolDate(iso)}${strikeLabel(strike)}${type}`,
		});
	}
}

function indexChain(b: Builder, def: IndexDerivativeDef, spot: number, isoDate: string, each: number, from?: number): void {
	const date = def.exchange === 'BFO' ? bseDateCode(isoDate, def.expiryWeekday) : symbolDate(isoDate);
	b.optionChain({
		exchange: def.exchange, name: def.name, instrumentType: 'OPTIDX', isoDate, lot: def.lot, tick: 5, spot, step: def.strikeStep, each, divisor: 100, from,
		symbolFor: (strike, type) => `${def.name}${date}${strikeLabel(strike)}${type}`,
	});
}

/** The universe with fast lookups. The core is built at once; the filler up to `size` on first need. */
export class Universe {
	/** exchange → token → instrument (nested maps: no key strings to build for 100k+ rows). */
	private readonly byExchangeToken = new Map<string, Map<string, UniverseInstrument>>();
	/** exchange → upper-case symbol → instrument */
	private readonly byExchangeSymbol = new Map<string, Map<string, UniverseInstrument>>();
	private readonly builder: Builder;
	private full = false;
	private readonly rng: Rng;

	constructor(private readonly options: UniverseOptions) {
		this.rng = createRng(options.seed ^ 0x5eed);
		this.builder = new Builder(options.now);
		this.buildCore();
		this.index(0);
	}

	/** All instruments, building the filler first if it was not built yet. */
	all(): readonly UniverseInstrument[] {
		this.ensureFull();
		return this.builder.instruments;
	}

	get(exchange: string, token: string): UniverseInstrument | undefined {
		const hit = this.byExchangeToken.get(exchange)?.get(token);
		if (hit || this.full) return hit;
		this.ensureFull();
		return this.byExchangeToken.get(exchange)?.get(token);
	}

	bySymbol(exchange: string, symbol: string): UniverseInstrument | undefined {
		const upper = symbol.toUpperCase();
		const hit = this.byExchangeSymbol.get(exchange)?.get(upper);
		if (hit || this.full) return hit;
		this.ensureFull();
		return this.byExchangeSymbol.get(exchange)?.get(upper);
	}

	byExchangeType(exchangeType: number, token: string): UniverseInstrument | undefined {
		const exchange = Object.keys(EXCHANGE_TYPES).find((e) => EXCHANGE_TYPES[e] === exchangeType);
		return exchange ? this.get(exchange, token) : undefined;
	}

	ensureFull(): void {
		if (this.full) return;
		this.full = true;
		const start = this.builder.instruments.length;
		this.buildFiller(Math.max(0, this.options.size - start));
		this.index(start);
	}

	private index(from: number): void {
		const list = this.builder.instruments;
		const table = <T>(maps: Map<string, Map<string, T>>, exchange: string): Map<string, T> => {
			let map = maps.get(exchange);
			if (!map) {
				map = new Map();
				maps.set(exchange, map);
			}
			return map;
		};
		for (let i = from; i < list.length; i++) {
			const inst = list[i];
			table(this.byExchangeToken, inst.exchange).set(inst.token, inst);
			table(this.byExchangeSymbol, inst.exchange).set(inst.symbol.toUpperCase(), inst);
		}
	}

	private buildCore(): void {
		const b = this.builder;
		const now = this.options.now;
		for (const e of CORE_EQUITIES) b.reserve('NSE', e.nseToken);
		for (const e of CORE_EQUITIES) b.reserve('BSE', e.bseToken);
		for (const ix of INDICES) b.reserve(ix.exchange, ix.token);
		for (const e of CORE_EQUITIES) b.equity(e.name, e.nseToken, e.bseToken, e.price, isinFor(this.rng));
		for (const ix of INDICES) {
			b.add({ token: ix.token, symbol: ix.symbol, name: ix.name, expiry: '', strike: 0, lotSize: 1, instrumentType: 'AMXIDX', exchange: ix.exchange, tickSize: 0, basePrice: Math.round(ix.price * 100), optionType: '', isin: '' });
		}
		const spot = (name: string): number => INDICES.find((i) => i.name === name)?.price ?? 0;
		const nifty = INDEX_DERIVATIVES[0];
		const bank = INDEX_DERIVATIVES[1];
		const sensex = INDEX_DERIVATIVES[3];
		const monthly = monthlyExpiries(now, 2, 3);
		for (const iso of monthly) b.future('NFO', 'NIFTY', 'FUTIDX', iso, nifty.lot, 10, Math.round(spot('NIFTY') * 100), `NIFTY${symbolDate(iso)}FUT`);
		for (const iso of nextWeekdays(now, nifty.expiryWeekday, 4)) indexChain(b, nifty, spot('NIFTY'), iso, 10);
		for (const iso of monthly) b.future('NFO', 'BANKNIFTY', 'FUTIDX', iso, bank.lot, 20, Math.round(spot('BANKNIFTY') * 100), `BANKNIFTY${symbolDate(iso)}FUT`);
		for (const iso of monthly.slice(0, 2)) indexChain(b, bank, spot('BANKNIFTY'), iso, 10);
		indexChain(b, sensex, spot('SENSEX'), monthlyExpiries(now, 4, 1)[0], 5);
		for (const name of CORE_DERIVATIVE_STOCKS) {
			const e = CORE_EQUITIES.find((x) => x.name === name);
			if (e) stockDerivatives(b, e.name, e.price, e.lot, monthly.slice(0, 2), 5);
		}
		this.commodities(2, 5);
		this.currencies(3, 4);
	}

	private commodities(expiries: number, strikesEachSide: number): void {
		const b = this.builder;
		const now = this.options.now;
		const crude = fixedDayExpiries(now, 19, expiries);
		for (const iso of crude) b.future('MCX', 'CRUDEOIL', 'FUTCOM', iso, 100, 100, 612_300, `CRUDEOIL${symbolDate(iso)}FUT`);
		b.optionChain({
			exchange: 'MCX', name: 'CRUDEOIL', instrumentType: 'OPTFUT', isoDate: crude[0], lot: 100, tick: 10, spot: 6123, step: 50, each: strikesEachSide, divisor: 100,
			symbolFor: (strike, type) => `CRUDEOIL${symbolDate(crude[0])}${strikeLabel(strike)}${type}`,
		});
		for (const iso of fixedDayExpiries(now, 5, expiries)) b.future('MCX', 'GOLDM', 'FUTCOM', iso, 10, 100, 9_812_500, `GOLDM${symbolDate(iso)}FUT`);
	}

	private currencies(expiries: number, strikesEachSide: number): void {
		const b = this.builder;
		const dates = fixedDayExpiries(this.options.now, 26, expiries);
		const spot = 84.2125;
		const tick = 25_000; // ₹0.0025 in 10^7 units; the master says "0.25" (paise)
		for (const iso of dates) b.future('CDS', 'USDINR', 'FUTCUR', iso, 1000, tick, Math.round(spot * CDS_DIVISOR), `USDINR${symbolDate(iso)}FUT`);
		b.optionChain({
			exchange: 'CDS', name: 'USDINR', instrumentType: 'OPTCUR', isoDate: dates[0], lot: 1000, tick, spot, step: 0.25, each: strikesEachSide, divisor: CDS_DIVISOR,
			symbolFor: (strike, type) => `USDINR${symbolDate(dates[0])}${strike.toFixed(2)}${type}`,
		});
	}

	/** Deterministic filler: wider index chains, stock derivatives, then synthetic listed companies with F&O. */
	private buildFiller(count: number): void {
		const b = this.builder;
		const target = b.instruments.length + count;
		const now = this.options.now;
		const done = (): boolean => b.instruments.length >= target;
		const trim = (): void => {
			b.instruments.length = Math.min(b.instruments.length, target);
		};
		const monthly = monthlyExpiries(now, 2, 3);
		const steps: Array<() => void> = [];
		const spot = (name: string): number => INDICES.find((i) => i.name === name)?.price ?? 0;
		const [nifty, bank, fin, sensex] = INDEX_DERIVATIVES;
		for (const iso of nextWeekdays(now, 2, 4)) steps.push(() => indexChain(b, nifty, spot('NIFTY'), iso, 40, 11));
		for (const iso of monthly.slice(0, 2)) steps.push(() => indexChain(b, bank, spot('BANKNIFTY'), iso, 40, 11));
		steps.push(() => indexChain(b, bank, spot('BANKNIFTY'), monthly[2], 40));
		for (const iso of monthly) steps.push(() => b.future('NFO', 'FINNIFTY', 'FUTIDX', iso, fin.lot, 10, Math.round(spot('FINNIFTY') * 100), `FINNIFTY${symbolDate(iso)}FUT`));
		for (const iso of monthly) steps.push(() => indexChain(b, fin, spot('FINNIFTY'), iso, 30));
		// The core already holds the monthly SENSEX chain's middle strikes.
		const sensexMonthly = monthlyExpiries(now, 4, 1)[0];
		for (const iso of nextWeekdays(now, 4, 4)) steps.push(() => indexChain(b, sensex, spot('SENSEX'), iso, 30, iso === sensexMonthly ? 6 : undefined));
		for (const e of CORE_EQUITIES) {
			if (CORE_DERIVATIVE_STOCKS.includes(e.name) || e.lot === 1) continue;
			steps.push(() => stockDerivatives(b, e.name, e.price, e.lot, monthly, 10));
		}
		for (const step of steps) {
			if (done()) return trim();
			step();
		}
		let n = 0;
		while (!done()) {
			const prefix = SYNTHETIC_PREFIXES[n % SYNTHETIC_PREFIXES.length];
			const suffix = SYNTHETIC_SUFFIXES[Math.floor(n / SYNTHETIC_PREFIXES.length) % SYNTHETIC_SUFFIXES.length];
			const round = Math.floor(n / (SYNTHETIC_PREFIXES.length * SYNTHETIC_SUFFIXES.length));
			const name = `${prefix}${suffix}${round > 0 ? round + 1 : ''}`;
			n += 1;
			const price = Math.round((20 + this.rng() ** 2 * 4000) * 20) / 20;
			b.equity(name, b.allocate('NSE'), b.allocate('BSE'), price, isinFor(this.rng));
			if (!done()) stockDerivatives(b, name, price, Math.max(1, Math.round(150000 / price / 25) * 25), monthly, 10);
		}
		trim();
	}
}
