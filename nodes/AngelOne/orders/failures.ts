// A broker failure re-stated once an order path knows more (it read the order or the order book afterwards): the
// same code, broker text and endpoint, with what was found as the hint, and whether the outcome is still open.
import { SmartApiError } from '../transport/errors';

export function restated(failure: SmartApiError, hint: string, ambiguous: boolean): SmartApiError {
	return new SmartApiError({
		code: failure.errorCode,
		brokerMessage: failure.brokerMessage,
		httpStatus: failure.httpStatus,
		endpoint: failure.endpoint,
		ambiguous,
		hint,
	});
}
