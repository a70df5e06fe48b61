// An operation's parameters for one item, each read with the type its field has in the UI. An expression can give
// a field anything, so a switch is read by its truth and a text field as text; values an operation checks itself
// (numbers with bounds, instruments, dates) come as they are and are checked where they are used.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

export class Parameters {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemIndex: number,
	) {}

	/** As n8n gives it, for the operation's own checks. */
	value(name: string, fallback?: unknown): unknown {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback);
	}

	/** A boolean field (Simplify, Return All, Open Only). */
	flag(name: string, fallback: boolean): boolean {
		return Boolean(this.value(name, fallback));
	}

	/** A string or options field as text; nothing is "". */
	text(name: string, fallback = ''): string {
		return String(this.value(name, fallback) ?? '');
	}

	/** A collection ("Options", "Filters", "Update Fields") as an object; anything else as {}. */
	collection(name: string): IDataObject {
		const value = this.value(name, {});
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
	}
}

export function parameters(ctx: IExecuteFunctions, itemIndex: number): Parameters {
	return new Parameters(ctx, itemIndex);
}
