// Reading values out of SmartAPI answers and parameters: the one place that decides what a wire value means.
// Answers carry numbers as strings, text as numbers, and null or "" for "nothing"; every module reads them here.

/** A string or number as text; anything else (null, undefined, objects) as "". */
export function text(value: unknown): string {
	return typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}

/** Like `text`, but "nothing" (null, undefined, "") is null, so an item can say a field is absent. */
export function textOrNull(value: unknown): string | null {
	const read = text(value);
	return read === '' ? null : read;
}

/** Like `text`, trimmed: what a person typed into a credential or a field. */
export function trimmed(value: unknown): string {
	return text(value).trim();
}

/** A finite number, or a numeric string ("1,234.50", " 12 ") as one; anything else undefined. */
export function toNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string') return undefined;
	const compact = value.replace(/\s+/g, '').replace(/,/g, '');
	if (compact === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(compact)) return undefined;
	return Number(compact);
}

/** `toNumber` for items: an unreadable number is null, never NaN or a made-up 0. */
export function num(value: unknown): number | null {
	return toNumber(value) ?? null;
}
