// The pure risk-limit check: how each credential value is read (fail closed) and what each limit refuses.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { checkExposure, readRiskLimits } from '../../nodes/AngelOne/orders/riskLimits';

const TEN_THIRTY = Date.parse('2026-11-25T10:30:00+05:30');
const order = { exchange: 'NSE', producttype: 'DELIVERY', quantity: 10, unitPrice: 800 };

describe('risk limits, read from the credential', () => {
	it('treats empty, zero and missing values as no limit', () => {
		expect(readRiskLimits({ maxQuantity: 0, maxOrderValue: '', allowedExchanges: [], tradingWindow: '  ' })).toEqual({ limits: {}, unreadable: [] });
		expect(readRiskLimits({})).toEqual({ limits: {}, unreadable: [] });
	});

	it('reads numbers given as text and lists given as comma-separated text, as an expression yields them', () => {
		const { limits, unreadable } = readRiskLimits({ maxQuantity: ' 25 ', maxOrderValue: '15000.50', allowedExchanges: 'nse, BSE', allowedProducts: ['INTRADAY'] });
		expect(unreadable).toEqual([]);
		expect(limits).toEqual({ maxQuantity: 25, maxOrderValue: 15000.5, allowedExchanges: ['NSE', 'BSE'], allowedProducts: ['INTRADAY'] });
	});

	it.each([
		['maxQuantity', -1, 'Max Quantity per Order (Units)'],
		['maxQuantity', 2.5, 'Max Quantity per Order (Units)'],
		['maxOrdersPerDay', 'many', 'Max Orders per Day'],
		['maxOrderValue', '1e6', 'Max Order Value (₹)'],
		['allowedExchanges', ['NSE', 'NASDAQ'], 'Allowed Exchanges'],
		['allowedProducts', 'BRACKET', 'Allowed Products'],
		['tradingWindow', '15:10-09:20', 'Trading Window (IST)'],
		['tradingWindow', '25:00-26:00', 'Trading Window (IST)'],
		['tradingWindow', { from: '09:20' }, 'Trading Window (IST)'],
	])('refuses every order when %s is %j, naming the field', (key, value, field) => {
		const reading = readRiskLimits({ [key]: value });
		expect(reading.unreadable.map((issue) => issue.field)).toEqual([field]);
		expect(checkExposure(reading, order, { now: TEN_THIRTY }).map((issue) => issue.field)).toEqual([field]);
	});
});

describe('risk limits, checked against an order', () => {
	const check = (fields: ICredentialDataDecryptedObject, overrides: Partial<typeof order> = {}, ordersToday?: number, now = TEN_THIRTY) =>
		checkExposure(readRiskLimits(fields), { ...order, ...overrides }, { now, ordersToday }).map((issue) => issue.field);

	it('lets an order at each limit through and refuses one just past it', () => {
		expect(check({ maxQuantity: 10, maxOrderValue: 8000, maxOrdersPerDay: 3 }, {}, 2)).toEqual([]);
		expect(check({ maxQuantity: 9 })).toEqual(['Max Quantity per Order (Units)']);
		expect(check({ maxOrderValue: 7999.99 })).toEqual(['Max Order Value (₹)']);
		expect(check({ maxOrdersPerDay: 3 }, {}, 3)).toEqual(['Max Orders per Day']);
	});

	it('refuses a value limit when the order has no price to value it with', () => {
		expect(check({ maxOrderValue: 1e9 }, { unitPrice: undefined })).toEqual(['Max Order Value (₹)']);
	});

	it('opens the trading window at its start and closes it at its end', () => {
		const at = (time: string) => Date.parse(`2026-11-25T${time}:00+05:30`);
		expect(check({ tradingWindow: '09:20-15:10' }, {}, undefined, at('09:19'))).toEqual(['Trading Window (IST)']);
		expect(check({ tradingWindow: '09:20-15:10' }, {}, undefined, at('09:20'))).toEqual([]);
		expect(check({ tradingWindow: '09:20-15:10' }, {}, undefined, at('15:09'))).toEqual([]);
		expect(check({ tradingWindow: '09:20-15:10' }, {}, undefined, at('15:10'))).toEqual(['Trading Window (IST)']);
	});
});
