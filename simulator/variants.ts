// Where the live API's behaviour varies (or is undocumented), one switch per difference: a single mutable
// settings object shared by the engine, the views, the sessions and the sockets, so a test can flip it mid-run.

export interface SimVariants {
	/**
	 * Rejected orders read `status: "rejected"` with an empty `orderstatus` (seen live for an after-market order
	 * the broker stopped). Default false: both fields carry the status.
	 */
	emptyOrderStatus: boolean;
	/**
	 * After-market orders as the live books show them: `variety: "AMO"`, `status: "open"` and an order id like
	 * `102437eeccf8AO`. Default false: the documented `after market order req received` and a 15-digit id.
	 */
	liveAmo: boolean;
	/**
	 * RMS `utilised*` fields answer `null` (as a recorded SDK fixture shows). Default false: `"0.0000"` strings.
	 */
	nullUtilised: boolean;
	/**
	 * The market and order sockets check that `x-api-key` and `x-client-code` belong to the JWT's session. Default
	 * false: live streaming evidently accepts a placeholder API key and another client code.
	 */
	strictHandshake: boolean;
	/**
	 * `generateTokens` ends the old JWT and feed token. Default false (undocumented; the official Python SDK
	 * assumes the old ones keep working).
	 */
	refreshRevokes: boolean;
	/**
	 * Which index token forms the market feed streams: `both` (default: the master's `99926009` and the short
	 * `26009` of the Python SDK's sample), or only the master form.
	 */
	indexTokens: 'both' | 'master';
	/**
	 * Exchange timestamps of feed packets (modes 1–3) in whole seconds, as live packets carry them. Default true;
	 * the trigger benchmark turns it off to time send → emit from the packet's own millisecond stamp.
	 */
	wholeSecondTimestamps: boolean;
}

export const DEFAULT_VARIANTS: Readonly<SimVariants> = Object.freeze({
	emptyOrderStatus: false,
	liveAmo: false,
	nullUtilised: false,
	strictHandshake: false,
	refreshRevokes: false,
	indexTokens: 'both',
	wholeSecondTimestamps: true,
});

const BOOLEAN_KEYS = ['emptyOrderStatus', 'liveAmo', 'nullUtilised', 'strictHandshake', 'refreshRevokes', 'wholeSecondTimestamps'] as const;

export function createVariants(given: Partial<SimVariants> = {}): SimVariants {
	const variants: SimVariants = { ...DEFAULT_VARIANTS };
	applyVariants(variants, given);
	return variants;
}

function asBoolean(key: string, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === '1' || value === 'on') return true;
	if (value === 'false' || value === '0' || value === 'off') return false;
	throw new Error(`variant ${key} must be true or false`);
}

/** Sets the given variants (from code, JSON or `key=value` text); unknown keys and values are refused. */
export function applyVariants(target: SimVariants, given: Record<string, unknown>): SimVariants {
	for (const [key, value] of Object.entries(given)) {
		if (value === undefined) continue;
		if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
			target[key as (typeof BOOLEAN_KEYS)[number]] = asBoolean(key, value);
		} else if (key === 'indexTokens') {
			if (value !== 'both' && value !== 'master') throw new Error('variant indexTokens must be both or master');
			target.indexTokens = value;
		} else {
			throw new Error(`unknown variant ${key}`);
		}
	}
	return target;
}

/** `liveAmo=true` → `{ liveAmo: 'true' }`, for the CLI. */
export function parseVariantFlag(text: string): Record<string, string> {
	const at = text.indexOf('=');
	if (at <= 0) throw new Error('--variant needs name=value');
	return { [text.slice(0, at).trim()]: text.slice(at + 1).trim() };
}
