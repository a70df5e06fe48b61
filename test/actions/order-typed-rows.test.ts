// The order path on typed order rows (transport/answers.ts): what it decides from a row does not depend on whether
// the broker sent a number as a number or as text, and a raw output is the broker's record as sent.

import { findById, orderFilter, simplifyOrder, statusOf, withTag } from '../../nodes/AngelOne/orders/book';
import type { PlaceOrderBody } from '../../nodes/AngelOne/orders/rules';
import { insideWindow, tagConflicts } from '../../nodes/AngelOne/orders/tag';
import { answers, orderRow } from '../../nodes/AngelOne/transport/answers';

// What tagConflicts compares: side, exchange, token, product and quantity.
const body: PlaceOrderBody = { variety: 'NORMAL', exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045', transactiontype: 'BUY', producttype: 'INTRADAY', ordertype: 'LIMIT', duration: 'DAY', price: '800', triggerprice: '0', quantity: '10', ordertag: 'tv-1' };

const bookRecord = {
	orderid: '251202000000002',
	uniqueorderid: '6f1c9a52-3b0e-4f6e-9d7a-2a1b3c4d5e6f',
	ordertag: 'tv-1',
	transactiontype: 'BUY',
	exchange: 'NSE',
	symboltoken: '3045',
	tradingsymbol: 'SBIN-EQ',
	producttype: 'INTRADAY',
	ordertype: 'LIMIT',
	duration: 'DAY',
	variety: 'NORMAL',
	quantity: '10',
	filledshares: '4',
	price: '800.00',
	orderstatus: '',
	status: 'Open',
	text: '',
	updatetime: '02-Dec-2026 09:15:02',
};

describe('the order path on typed order rows', () => {
	it('finds no conflict in a tag whose order sends its quantity as text or as a number', () => {
		expect(tagConflicts(orderRow(bookRecord), body)).toEqual([]);
		expect(tagConflicts(orderRow({ ...bookRecord, quantity: 10 }), body)).toEqual([]);
	});

	it('refuses a tag whose order has another quantity, or none that can be read', () => {
		expect(tagConflicts(orderRow({ ...bookRecord, quantity: '20' }), body)).toEqual(['quantity 10 (that order: 20)']);
		expect(tagConflicts(orderRow({ ...bookRecord, quantity: '' }), body)).toEqual(['quantity 10 (that order: unknown)']);
	});

	it('reads the status from status when orderstatus is empty, for the filters and the simplified item alike', () => {
		const row = orderRow(bookRecord);
		expect(statusOf(row)).toBe('open');
		expect(orderFilter({ status: ['open'] })(row)).toBe(true);
		expect(simplifyOrder(row)).toMatchObject({ status: 'open', quantity: 10, filledQuantity: 4, pendingQuantity: 6, price: 800 });
	});

	it("keeps the broker's record as sent for raw outputs", () => {
		expect(orderRow(bookRecord).raw).toBe(bookRecord);
	});

	it('finds orders by either ID and by tag in a book that answered data: null as none', () => {
		const book = answers.orderBook([bookRecord, { ...bookRecord, orderid: '251202000000001', uniqueorderid: 'other' }]);
		expect(findById(book, ' 6f1c9a52-3b0e-4f6e-9d7a-2a1b3c4d5e6f ')?.orderid).toBe('251202000000002');
		expect(withTag(book, 'tv-1').map((order) => order.orderid)).toEqual(['251202000000001', '251202000000002']);
		expect(answers.orderBook(null)).toEqual([]);
	});

	it('counts an order without a readable time as inside the Duplicate Window', () => {
		const window = { ms: 300_000, bucketStart: Date.UTC(2026, 11, 2, 3, 50), series: 's' };
		expect(insideWindow(orderRow({ ...bookRecord, updatetime: '' }), window, Date.UTC(2026, 11, 2, 3, 52))).toBe(true);
	});
});
