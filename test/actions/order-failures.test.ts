// orders/failures.ts: a broker failure re-stated with what the order path found out afterwards.

import { restated } from '../../nodes/AngelOne/orders/failures';
import { SmartApiError } from '../../nodes/AngelOne/transport/errors';

describe('a restated order failure', () => {
	const lost = new SmartApiError({ code: 'GATEWAY', brokerMessage: 'Bad Gateway', httpStatus: 502, endpoint: 'placeOrder', ambiguous: true });

	it('says the order was not placed without calling the outcome open, and keeps the broker code, text and endpoint', () => {
		const notPlaced = restated(lost, 'The order was NOT placed.', false);
		expect(notPlaced).toMatchObject({ errorCode: 'GATEWAY', brokerMessage: 'Bad Gateway', httpStatus: 502, endpoint: 'placeOrder', ambiguous: false });
		expect(notPlaced.message).toContain('The order was NOT placed.');
		expect(notPlaced.message).not.toContain('may or may not have reached');
	});

	it('stays ambiguous when the book could not tell', () => {
		expect(restated(lost, 'Look for the tag in the order book.', true).ambiguous).toBe(true);
	});
});
