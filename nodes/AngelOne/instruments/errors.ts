// The errors the instrument core raises. They carry what a node needs to explain itself (the field a person
// filled in, the suggestions), and nothing n8n-specific, so the core stays pure; the node wraps them.

/** The master text or rows cannot be used (an HTML error page, a truncated download, no instruments). */
export class MasterFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'MasterFormatError';
	}
}

/** Nothing in the master matches what was asked for. `suggestions` are close matches as "EXCHANGE:SYMBOL". */
export class InstrumentNotFoundError extends Error {
	constructor(
		message: string,
		readonly query: string,
		readonly suggestions: readonly string[] = [],
	) {
		super(suggestions.length > 0 ? `${message}. Did you mean ${suggestions.join(', ')}?` : message);
		this.name = 'InstrumentNotFoundError';
	}
}

/** A value a person entered is not acceptable for this instrument. `field` names that input (e.g. "Quantity"). */
export class InstrumentInputError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'InstrumentInputError';
	}
}

/** No master has been loaded yet and the last attempt failed recently; `retryAt` is when loading is tried again. */
export class MasterUnavailableError extends Error {
	constructor(
		message: string,
		readonly retryAt: number,
	) {
		super(message);
		this.name = 'MasterUnavailableError';
	}
}
