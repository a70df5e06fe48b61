// What every operation module shares: its shape (picker entry, UI fields and execute side by side), the resource
// that collects operations, input validation errors that name the field, and n8n's error types for transport errors.
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ValidationError } from '../helpers/validation';
import { InstrumentInputError } from '../instruments';
import { SmartApiError } from '../transport/errors';

export type OperationResult = IDataObject | IDataObject[];

/** One operation, described by its own file: its entry in the operation picker, its fields and its execute. */
export interface Operation {
	/** The operation picker's value (saved in workflows), name, action and description. */
	value: string;
	name: string;
	action: string;
	description: string;
	/** The operation's own fields in UI order; the node shows them only for this resource and operation. */
	properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

/**
 * A resource and its operations. Each operation file adds itself; the resource's index imports the files in the
 * order the operation picker lists them, so a new operation is one file plus one import line.
 */
export class Resource {
	readonly operations: Operation[] = [];

	constructor(
		/** The resource picker's value (saved in workflows) and name. */
		readonly value: string,
		readonly name: string,
		readonly defaultOperation: string,
	) {}

	add(operation: Operation): Operation {
		if (this.operation(operation.value)) throw new Error(`${this.name} → ${operation.name}: the value "${operation.value}" is taken`);
		this.operations.push(operation);
		return operation;
	}

	operation(value: string): Operation | undefined {
		return this.operations.find((operation) => operation.value === value);
	}

	/** The operation picker, shown for this resource. */
	operationProperty(): INodeProperties {
		const { value, defaultOperation } = this;
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [value] } },
			options: this.operations.map((operation) => ({
				name: operation.name,
				value: operation.value,
				action: operation.action,
				description: operation.description,
			})),
			default: defaultOperation,
		};
	}
}

/** A bad input caught before anything is sent. `field` is the label the person sees in the node. */
export { ValidationError };

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof ValidationError || error instanceof InstrumentInputError) {
		return new NodeOperationError(node, `${error.field}: ${error.message}`, {
			itemIndex,
			description: `Nothing was sent to Angel One for item ${itemIndex + 1}.`,
		});
	}
	if (error instanceof SmartApiError) {
		return new NodeApiError(node, error.toJSON() as JsonObject, {
			message: error.message,
			description: error.brokerMessage ? `Angel One said: ${error.brokerMessage} (${error.errorCode})` : `Error code: ${error.errorCode}`,
			httpCode: error.httpStatus !== undefined ? String(error.httpStatus) : undefined,
			itemIndex,
			failure: { cause: error.failureCause },
		});
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, message, { itemIndex });
}

/** The object a failed item carries when "Continue On Fail" is on. */
export function errorItem(error: unknown): IDataObject {
	if (error instanceof SmartApiError) {
		return { error: error.message, code: error.errorCode, ...(error.ambiguous ? { ambiguous: true } : {}) };
	}
	if (error instanceof ValidationError || error instanceof InstrumentInputError) {
		return { error: `${error.field}: ${error.message}`, field: error.field };
	}
	return { error: error instanceof Error ? error.message : String(error) };
}

/**
 * The most requests one input item may cause in one operation (history ranges, quote batches, GTT pages), so no
 * input, however large, can keep n8n busy for long: about 34 s at the history limit of 3 per second.
 */
export const MAX_REQUESTS_PER_ITEM = 100;
