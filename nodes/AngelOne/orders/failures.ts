// A broker failure re-stated once an order path knows more (it read the order or the order book afterwards): the
// same code, broker text and endpoint, with what was found as the hint, and whether the outcome is still open.
import type { SmartApiError } from '../transport/errors';

/** `ambiguous: false` for a failure found not to have acted (the order is not in the book: it was not placed). */
export function restated(failure: SmartApiError, hint: string, ambiguous: boolean): SmartApiError {
	return failure.withHint(hint, { ambiguous });
}
