// Master lookups for the instrument operations: "not found" from the pure core becomes either nothing (a search
// that finds nothing) or a ValidationError naming the field (a lookup that must succeed).
import { InstrumentInputError, InstrumentNotFoundError } from '../../instruments';
import { ValidationError } from '../shared';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function attempt<T>(find: () => T): Outcome<T> {
	try {
		return { ok: true, value: find() };
	} catch (error) {
		return { ok: false, error };
	}
}

/**
 * The lookup's result, or undefined when the master has no such instrument (or the lookup refuses the input).
 * Anything else is a defect and goes on to the router, which turns it into a node error for the item.
 */
export function findOrNothing<T>(find: () => T): T | undefined {
	const outcome = attempt(find);
	if (outcome.ok) return outcome.value;
	if (outcome.error instanceof InstrumentNotFoundError || outcome.error instanceof InstrumentInputError) return undefined;
	throw outcome.error;
}

/** The lookup's result; "not found" becomes a ValidationError on `field`, keeping the core's suggestions. */
export function findOrFail<T>(field: string, find: () => T): T {
	const outcome = attempt(find);
	if (outcome.ok) return outcome.value;
	if (outcome.error instanceof InstrumentNotFoundError) throw new ValidationError(field, outcome.error.message);
	throw outcome.error;
}
