// The pure core of the 2026 rules: protected limit prices for Market and Stop Loss Market orders, exact to the
// rupee at tick and circuit boundaries, the default bands by segment and price tier, and the escape hatch's parsing.
import { nativeOrdersAllowed, type PlaceOrderBody } from '../../nodes/AngelOne/orders/rules';
import { defaultBand, protectBody, protectedLimit, segmentOf } from '../../nodes/AngelOne/orders/bands';
import { isNativeOrderRefusal, SmartApiError } from '../../nodes/AngelOne/transport/errors';

const paise = { tickSize: 0.05, priceDivisor: 100 };
const rupeeTick = { tickSize: 1, priceDivisor: 100 };
const currency = { tickSize: 0.0025, priceDivisor: 10_000_000 };

describe('protected limit prices', () => {
	it('puts a buy 1 % above the reference, rounded up to the next tick', () => {
		// 812.35 × 1.01 = 820.4735 → the next 0.05 tick up is 820.50
		expect(protectedLimit('BUY', 812.35, 1, paise)).toEqual({ reference: 812.35, band: 1, limitPrice: 820.5 });
	});

	it('puts a sell 1 % below the reference, rounded down to the tick', () => {
		// 812.35 × 0.99 = 804.2265 → 804.20
		expect(protectedLimit('SELL', 812.35, 1, paise)).toEqual({ reference: 812.35, band: 1, limitPrice: 804.2 });
	});

	it('keeps a price that lands exactly on a tick where it is, despite float noise', () => {
		// 100 × 1.01 = 101.00000000000001 in floating point: still 101, not 101.05
		expect(protectedLimit('BUY', 100, 1, paise).limitPrice).toBe(101);
		// 100 × 0.99 = 99 exactly: not 98.95
		expect(protectedLimit('SELL', 100, 1, paise).limitPrice).toBe(99);
		expect(protectedLimit('BUY', 0.7, 5, paise).limitPrice).toBe(0.75);
	});

	it('rounds on coarse and fine tick grids alike', () => {
		expect(protectedLimit('BUY', 2503, 0.5, rupeeTick).limitPrice).toBe(2516); // 2515.515 → 2516
		expect(protectedLimit('SELL', 2503, 0.5, rupeeTick).limitPrice).toBe(2490); // 2490.485 → 2490
		expect(protectedLimit('BUY', 83.2125, 1, currency).limitPrice).toBe(84.045); // 84.044625 → 84.0450
	});

	it('stops a buy at the upper circuit when the band reaches past it, on the tick', () => {
		expect(protectedLimit('BUY', 812.35, 2, paise, { lower: 731.15, upper: 820.45 })).toEqual({
			reference: 812.35,
			band: 2,
			limitPrice: 820.45,
			clampedTo: 'upper circuit',
		});
		// A circuit off the grid is rounded inwards (down for the upper limit).
		expect(protectedLimit('BUY', 812.35, 2, paise, { lower: 0, upper: 820.47 }).limitPrice).toBe(820.45);
	});

	it('leaves a buy exactly at the upper circuit alone', () => {
		expect(protectedLimit('BUY', 812.35, 1, paise, { lower: 731.15, upper: 820.5 })).toEqual({ reference: 812.35, band: 1, limitPrice: 820.5 });
	});

	it('stops a sell at the lower circuit, rounded inwards onto the tick', () => {
		expect(protectedLimit('SELL', 812.35, 2, paise, { lower: 800.03, upper: 893.55 })).toEqual({
			reference: 812.35,
			band: 2,
			limitPrice: 800.05,
			clampedTo: 'lower circuit',
		});
	});

	it('never goes below one tick for a sell of a very cheap option', () => {
		expect(protectedLimit('SELL', 0.05, 5, paise).limitPrice).toBe(0.05);
	});

	it('refuses a reference or band that is not above zero', () => {
		expect(() => protectedLimit('BUY', 0, 1, paise)).toThrow(/reference/);
		expect(() => protectedLimit('BUY', 100, 0, paise)).toThrow(/band/);
	});
});

describe('default bands', () => {
	const equity = { exchange: 'NSE', optionType: null };
	const future = { exchange: 'NFO', optionType: null };
	const option = { exchange: 'NFO', optionType: 'CE' as const };

	it('tells equity, futures and options apart', () => {
		expect([segmentOf(equity), segmentOf(future), segmentOf(option), segmentOf({ exchange: 'MCX', optionType: null })]).toEqual([
			'equity',
			'futures',
			'options',
			'futures',
		]);
	});

	it('uses 2 %, 1 % and 0.5 % for equity and futures by price tier, boundaries included in the next tier', () => {
		expect([99.95, 100, 999.95, 1000, 25000].map((p) => defaultBand('equity', p))).toEqual([2, 1, 1, 0.5, 0.5]);
		expect([50, 500, 24000].map((p) => defaultBand('futures', p))).toEqual([2, 1, 0.5]);
	});

	it('uses 5 %, 3 %, 2 % and 1 % for options by premium', () => {
		expect([9.95, 10, 99.95, 100, 499.95, 500].map((p) => defaultBand('options', p))).toEqual([5, 3, 3, 2, 2, 1]);
	});
});

describe('converting an order body', () => {
	const body: PlaceOrderBody = {
		variety: 'NORMAL',
		tradingsymbol: 'SBIN-EQ',
		symboltoken: '3045',
		exchange: 'NSE',
		transactiontype: 'BUY',
		ordertype: 'MARKET',
		producttype: 'INTRADAY',
		duration: 'DAY',
		price: '0',
		triggerprice: '0',
		quantity: '10',
		ordertag: 'n8n0123456789abcdef',
	};
	const sbin = { exchange: 'NSE', optionType: null, ...paise };

	it('sends a Market order as a limit order at the default band of its tier', () => {
		expect(protectBody(body, sbin, { lastPrice: 812.35 })).toEqual({
			body: { ...body, ordertype: 'LIMIT', price: '820.5' },
			protection: { reference: 812.35, band: 1, limitPrice: 820.5 },
		});
	});

	it('takes a band given by the person over the default', () => {
		expect(protectBody(body, sbin, { lastPrice: 812.35, band: 0.25 }).body.price).toBe('814.4'); // 814.38… → 814.40
	});

	it('sends a Stop Loss Market sell as a stop-loss limit whose limit is the band below the trigger, on the tick', () => {
		const stop: PlaceOrderBody = { ...body, variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', transactiontype: 'SELL', triggerprice: '790' };
		expect(protectBody(stop, sbin, { lastPrice: 812.35 })).toEqual({
			body: { ...stop, ordertype: 'STOPLOSS_LIMIT', price: '782.1' }, // 790 × 0.99 = 782.10
			protection: { reference: 790, band: 1, limitPrice: 782.1 },
		});
	});

	it('sends a Stop Loss Market buy with its limit the band above the trigger, rounded up', () => {
		const stop: PlaceOrderBody = { ...body, variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', triggerprice: '830.15' };
		expect(protectBody(stop, sbin, { lastPrice: 812.35 }).body).toMatchObject({ ordertype: 'STOPLOSS_LIMIT', price: '838.5', triggerprice: '830.15' }); // 838.4515 → 838.50
	});

	it('leaves limit orders untouched', () => {
		const limit: PlaceOrderBody = { ...body, ordertype: 'LIMIT', price: '800' };
		expect(protectBody(limit, sbin, { lastPrice: 812.35 })).toEqual({ body: limit });
	});
});

describe('the escape hatch', () => {
	it('counts only a clear yes as on', () => {
		for (const on of [true, 'true', ' TRUE ', 'yes', 'Yes', '1', 1]) expect(nativeOrdersAllowed(on)).toBe(true);
	});

	it('fails closed on everything else', () => {
		for (const off of [false, undefined, null, '', 'false', 'no', '0', 0, 2, 'on', 'y', '{{ $json.x }}', {}, []]) expect(nativeOrdersAllowed(off)).toBe(false);
	});
});

describe('recognising the broker\'s refusal of a native order', () => {
	it('knows it by its words, since Angel One\'s code is not public', () => {
		expect(isNativeOrderRefusal('Market orders are not allowed for algo trading')).toBe(true);
		expect(isNativeOrderRefusal('IOC orders are prohibited for API orders')).toBe(true);
		expect(new SmartApiError({ code: 'AB9999', brokerMessage: 'MARKET order not permitted via API' }).message).toMatch(/Turn off "Allow Native Market and IOC Orders"/);
	});

	it('does not mistake other refusals for it', () => {
		expect(isNativeOrderRefusal('After market orders are not allowed now')).toBe(false);
		expect(isNativeOrderRefusal('Your order has been rejected due to Insufficient Funds')).toBe(false);
		expect(isNativeOrderRefusal(undefined)).toBe(false);
	});
});
