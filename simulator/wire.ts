// How the simulated broker reads numbers in a request: as strictly as SmartAPI validates them, so a client that
// sends "1,234" or "1e3" is refused here as it would be live. (Text is read with nodes/AngelOne/helpers/values.)

/** A number as sent, or a plain decimal string (" -12.5 "); anything else NaN, which the handler refuses. */
export function plainNumber(value: unknown): number {
	if (typeof value === 'number') return value;
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return NaN;
}

/** `plainNumber` for order fields, where SmartAPI takes "" and an absent field as 0. */
export function plainNumberOrZero(value: unknown): number {
	return value === undefined || value === null || value === '' ? 0 : plainNumber(value);
}
