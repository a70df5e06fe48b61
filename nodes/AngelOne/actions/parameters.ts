// An operation's parameters for one item, each read with the type its field has in the UI. An expression can give
// a field anything, so a switch is read by its truth and a text field as text; values an operation checks itself
// (numbers with bounds, instruments, dates) come as they are and are checked where they are used.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { switchOrDefault } from '../helpers/switches';
import { ValidationError } from '../helpers/validation';

export class Parameters {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	/** As n8n gives it, for the operation's own checks. */
	value(name: string, fallback?: unknown): unknown {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback);
	}

	/** A boolean field (Simplify, Return All, Open Only), read by the switches' one parser; unreadable is the default. */
	flag(name: string, fallback: boolean): boolean {
		return switchOrDefault(this.value(name, fallback), fallback);
	}

	/** A string or options field as text; nothing is "". */
	text(name: string, fallback = ''): string {
		return String(this.value(name, fallback) ?? '');
	}

	/** A multi-options field as a list; one value given by an expression is a list of one. */
	list(name: string): unknown[] {
		const value = this.value(name, []);
		if (Array.isArray(value)) return value;
		return value === undefined || value === null || value === '' ? [] : [value];
	}

	/** The rows of a fixed collection ("Positions", "Instruments"), as n8n keeps them; anything else as none. */
	rows(name: string): IDataObject[] {
		const value = this.value(name, []);
		return Array.isArray(value) ? (value as IDataObject[]) : [];
	}

	/** A collection ("Options", "Filters", "Update Fields") as an object; anything else as {}. */
	collection(name: string): IDataObject {
		const value = this.value(name, {});
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
	}
}

/** A whole number, or a refusal naming the field; numeric text counts, anything else does not. */
export function wholeNumber(value: unknown, field: string): number {
	const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
	if (!Number.isInteger(n)) throw new ValidationError(field, `${field} must be a whole number (got ${JSON.stringify(value)})`);
	return n;
}

export function parameters(ctx: IExecuteFunctions, itemIndex: number): Parameters {
	return new Parameters(ctx, itemIndex);
}
