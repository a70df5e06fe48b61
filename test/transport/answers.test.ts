/* Typed answers: each endpoint's parser reads the envelope's data once, at the transport, into rows in SmartAPI's
 * field names, with the broker's record kept verbatim for raw outputs. */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { istDay } from '../../nodes/AngelOne/helpers/ist';
import { answers } from '../../nodes/AngelOne/transport/answers';
import { ENDPOINTS, TYPED_ENDPOINTS, type EndpointName } from '../../nodes/AngelOne/transport/endpoints';
import { SmartApiError } from '../../nodes/AngelOne/transport/errors';
import { callEndpoint, smartApiRequest, type SmartApiContext } from '../../nodes/AngelOne/transport/request';

const bookRow = {
	variety: 'NORMAL',
	ordertype: 'LIMIT',
	producttype: 'INTRADAY',
	duration: 'DAY',
	price: '800.50',
	triggerprice: '0',
	quantity: '10',
	disclosedquantity: '0',
	squareoff: '0',
	stoploss: '0',
	trailingstoploss: '0',
	tradingsymbol: 'SBIN-EQ',
	transactiontype: 'BUY',
	exchange: 'NSE',
	symboltoken: null,
	instrumenttype: '',
	strikeprice: '-1',
	optiontype: '',
	expirydate: '',
	lotsize: '1',
	cancelsize: '0',
	averageprice: 0,
	filledshares: '4',
	unfilledshares: '6',
	orderid: 251125000000123,
	text: '',
	status: 'open',
	orderstatus: 'open',
	updatetime: '25-Nov-2026 09:15:02',
	ordertag: 'n8n-1',
	uniqueorderid: '05ebf91b-bea4-4a1d-b0f2-4259606570e3',
};

describe('answers of list endpoints', () => {
	it.each([
		['getOrderBook'],
		['getTradeBook'],
		['getPosition'],
		['getHolding'],
		['searchScrip'],
		['gttList'],
		['getCandleData'],
		['getOIData'],
	] as Array<[EndpointName]>)('reads data: null from %s as an empty list', (endpoint) => {
		expect(TYPED_ENDPOINTS[endpoint].answer(null)).toEqual([]);
	});

	it('reads an empty holdings-with-totals answer as no holdings and unknown totals', () => {
		expect(answers.allHoldings(null)).toEqual({
			raw: {},
			holdings: [],
			totalholding: { raw: {}, totalholdingvalue: null, totalinvvalue: null, totalprofitandloss: null, totalpnlpercentage: null },
		});
	});

	it('reads the docs\' single GTT rule object as a list of one, and a quote without data as nothing fetched', () => {
		expect(answers.gttRules({ id: 7, status: 'ACTIVE' }).map((rule) => rule.id)).toEqual(['7']);
		expect(answers.quote(null)).toEqual({ raw: {}, fetched: [], unfetched: [] });
	});

	it('refuses a candle answer that is not a list, rather than reading it as an empty range', () => {
		expect(() => answers.candles({ message: 'odd' })).toThrow(SmartApiError);
		expect(() => answers.candles({ message: 'odd' })).toThrow(/gateway did not answer properly/);
	});
});

describe('order rows', () => {
	it('turn numbers sent as strings into numbers and keep the record as sent', () => {
		const [row] = answers.orderBook([bookRow]);
		expect(row).toMatchObject({
			orderid: '251125000000123',
			uniqueorderid: '05ebf91b-bea4-4a1d-b0f2-4259606570e3',
			tradingsymbol: 'SBIN-EQ',
			symboltoken: '',
			price: 800.5,
			triggerprice: 0,
			quantity: 10,
			filledshares: 4,
			unfilledshares: 6,
			averageprice: 0,
			strikeprice: -1,
			ordertag: 'n8n-1',
			updatetime: '25-Nov-2026 09:15:02',
		});
		expect(row.raw).toBe(bookRow);
	});

	it('resolve the status from the first non-empty of orderstatus and status, in lower case', () => {
		expect(answers.orderBook([{ orderstatus: '', status: 'Rejected' }])[0].status).toBe('rejected');
		expect(answers.orderBook([{ orderstatus: 'complete', status: 'open' }])[0].status).toBe('complete');
		expect(answers.orderBook([{}])[0].status).toBe('');
	});

	it('read an unreadable number as null, never as NaN or 0', () => {
		const [row] = answers.orderBook([{ price: 'n/a', quantity: '' }]);
		expect(row.price).toBeNull();
		expect(row.quantity).toBeNull();
	});

	it('read one order from the details endpoint, or undefined when the answer holds none', () => {
		expect(answers.orderDetails(bookRow)?.quantity).toBe(10);
		expect(answers.orderDetails(null)).toBeUndefined();
		expect(answers.orderDetails('')).toBeUndefined();
	});

	it("read place, modify and cancel answers' ids as text", () => {
		expect(answers.orderRef({ script: 'SBIN-EQ', orderid: 251125000000123, uniqueorderid: 'u-1' })).toMatchObject({
			orderid: '251125000000123',
			uniqueorderid: 'u-1',
			script: 'SBIN-EQ',
		});
		expect(answers.orderRef(null)).toEqual({ raw: {}, orderid: '', uniqueorderid: '', script: '' });
	});
});

describe('portfolio, funds and profile answers', () => {
	it('read every position figure as a number, the docs\' "- 2235.80" included', () => {
		const [position] = answers.positions([{ tradingsymbol: 'SBIN-EQ', netqty: '-5', netvalue: '- 2235.80', buyavgprice: '0.00', pnl: '12.5' }]);
		expect(position).toMatchObject({ tradingsymbol: 'SBIN-EQ', netqty: -5, netvalue: -2235.8, buyavgprice: 0, pnl: 12.5, ltp: null });
	});

	it('read holdings with totals', () => {
		const answer = answers.allHoldings({ holdings: [{ tradingsymbol: 'SBIN-EQ', quantity: 3, averageprice: '790.5' }], totalholding: { totalholdingvalue: 2400 } });
		expect(answer.holdings[0]).toMatchObject({ tradingsymbol: 'SBIN-EQ', quantity: 3, averageprice: 790.5 });
		expect(answer.totalholding.totalholdingvalue).toBe(2400);
	});

	it('read funds sent as strings, and null where Angel One sends null', () => {
		expect(answers.funds({ net: '9999.50', availablecash: '0.0000', m2mrealized: null })).toMatchObject({ net: 9999.5, availablecash: 0, m2mrealized: null });
	});

	it('read the profile\'s exchanges from real arrays and from the docs\' quoted arrays, and broker from either key', () => {
		expect(answers.profile({ clientcode: 'A1', exchanges: ['nse_cm', 'nse_fo'], products: '[ "DELIVERY","INTRADAY" ]', broker: '' })).toMatchObject({
			clientcode: 'A1',
			exchanges: ['nse_cm', 'nse_fo'],
			products: ['DELIVERY', 'INTRADAY'],
			brokerid: '',
		});
		expect(answers.profile({ brokerid: 'B2C' }).brokerid).toBe('B2C');
	});
});

describe('market data answers', () => {
	it('read a full quote with its depth as numbers, and the tokens it could not serve', () => {
		const answer = answers.quote({
			fetched: [{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', symbolToken: '3045', ltp: 801.2, '52WeekHigh': '912', depth: { buy: [{ price: 801, quantity: 10, orders: 2 }], sell: [] } }],
			unfetched: [{ exchange: 'NSE', symbolToken: '', message: 'Symbol token cannot be empty', errorCode: 'AB4018' }],
		});
		expect(answer.fetched[0]).toMatchObject({ symbolToken: '3045', ltp: 801.2, '52WeekHigh': 912, lowerCircuit: null, depth: { buy: [{ price: 801, quantity: 10, orders: 2 }], sell: [] } });
		expect(answer.unfetched[0]).toMatchObject({ errorCode: 'AB4018', message: 'Symbol token cannot be empty' });
	});

	it('read the last price from a record or from the list the Instruments page shows', () => {
		expect(answers.ltp({ exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', ltp: '801.20' })?.ltp).toBe(801.2);
		expect(answers.ltp([{ ltp: 5 }])?.ltp).toBe(5);
		expect(answers.ltp(null)).toBeUndefined();
	});

	it('read candles and open interest points', () => {
		const [candle] = answers.candles([['2026-11-25T09:15:00+05:30', 800, '801.5', 799, 801, '12000']]);
		expect(candle).toMatchObject({ time: '2026-11-25T09:15:00+05:30', open: 800, high: 801.5, low: 799, close: 801, volume: 12000 });
		expect(answers.openInterest([{ time: '2026-11-25T09:15:00+05:30', oi: '1500' }])[0]).toMatchObject({ oi: 1500 });
	});
});

describe('GTT answers', () => {
	it('read rule ids as text and amounts as numbers, whichever way they arrive', () => {
		const [rule] = answers.gttRules([{ id: 1234, status: 'ACTIVE', price: 770, qty: '6', triggerprice: '771', gttType: 'GENERIC' }]);
		expect(rule).toMatchObject({ id: '1234', status: 'ACTIVE', price: 770, qty: 6, triggerprice: 771, gttType: 'GENERIC' });
		expect(answers.gttRef({ id: 1 }).id).toBe('1');
		expect(answers.gttRule(null)).toBeUndefined();
	});
});

describe('the endpoint table', () => {
	it('names a parser for every endpoint', () => {
		for (const spec of Object.values(ENDPOINTS)) expect(typeof spec.answer).toBe('function');
	});

	it('reads the session answers of login and token renewal without the Bearer prefix', () => {
		expect(TYPED_ENDPOINTS.loginByPassword.answer({ jwtToken: 'Bearer abc', feedToken: 'f', refreshToken: 'r' })).toMatchObject({
			jwtToken: 'abc',
			feedToken: 'f',
			refreshToken: 'r',
		});
	});
});

describe('callEndpoint', () => {
	const credentials = { apiKey: 'k', clientCode: 'ANSWERS1', jwtToken: 'jwt', sessionDay: istDay(Date.now()), environment: 'live' } as ICredentialDataDecryptedObject;
	const context = (data: unknown): SmartApiContext => ({
		getNode: () => ({ id: 'n', name: 'Angel One', type: 't', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async <T extends object>() => ({ ...credentials }) as T,
		helpers: {
			httpRequestWithAuthentication: async () => ({ statusCode: 200, body: { status: true, message: 'SUCCESS', errorcode: '', data } }),
		},
	});

	it("gives the typed answer where smartApiRequest gives the broker's data as sent", async () => {
		const order = await callEndpoint(context(bookRow), 'orderDetails', { pathId: 'u-1' });
		expect(order?.price).toBe(800.5);
		expect(order?.raw).toEqual(bookRow);
		expect(await smartApiRequest(context(bookRow), 'orderDetails', { pathId: 'u-1' })).toEqual(bookRow);
	});

	it('answers an empty order book as [] where the broker says data: null', async () => {
		expect(await callEndpoint(context(null), 'getOrderBook')).toEqual([]);
		expect(await callEndpoint(context(null), 'getLtpData')).toBeUndefined();
	});
});
