// Safety switches (Read-Only, Dry Run) read as a person means them. An expression, $env or an external secret
// yields a string, so "true" must count as on; what cannot be read is reported, and each caller picks the safe side.

const ON = new Set(['true', 'yes', '1']);
const OFF = new Set(['false', 'no', '0', '']);

/** true, "true", "yes", "1", 1 → true; false, "false", "no", "0", 0, "", undefined → false; anything else → undefined. */
export function parseSwitch(value: unknown): boolean | undefined {
	if (value === undefined) return false;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
	if (typeof value !== 'string') return undefined;
	const word = value.trim().toLowerCase();
	if (ON.has(word)) return true;
	if (OFF.has(word)) return false;
	return undefined;
}
