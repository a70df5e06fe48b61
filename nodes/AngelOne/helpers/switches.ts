// Every switch (boolean field) read as a person means it. An expression, $env or an external secret yields a
// string, so "true" must count as on; what cannot be read is reported, and each caller picks its side: a safety
// switch (Read-Only, Dry Run) the safe one, an order's own switch a refusal, any other field its default.

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

export interface SwitchReading {
	/** The switch's effective state: what the value says, or `safe` when it could not be read. */
	on: boolean;
	/** Set when the value was unreadable: names the field, for an error or a dry-run issue. */
	issue?: { field: string; message: string };
}

/**
 * A switch that is not a safety switch (Simplify, Market Hours Only, an option in a collection): unset is the
 * field's default, and so is a value that cannot be read; "false", "no", "0" and "" are off.
 */
export function switchOrDefault(value: unknown, fallback: boolean): boolean {
	if (value === undefined) return fallback;
	return parseSwitch(value) ?? fallback;
}

function shown(value: unknown): string {
	if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
	try {
		return JSON.stringify(value)?.slice(0, 40) ?? String(value);
	} catch {
		return typeof value;
	}
}

/** Why a value is not a switch, for an error or an issue: `"maybe" is neither on nor off (use …)`. */
export function unreadableSwitch(value: unknown): string {
	return `${shown(value)} is neither on nor off (use true or false, yes or no, 1 or 0)`;
}

/** Reads a switch and fails closed: an unreadable value takes the `safe` state and says so, naming the field. */
export function readSwitch(value: unknown, options: { field: string; safe: boolean }): SwitchReading {
	const parsed = parseSwitch(value);
	if (parsed !== undefined) return { on: parsed };
	return {
		on: options.safe,
		issue: {
			field: options.field,
			message: `${unreadableSwitch(value)}, so ${options.field} is treated as ${options.safe ? 'on' : 'off'}`,
		},
	};
}
