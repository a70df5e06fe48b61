// What every operation module shares: its shape (UI fields + execute side by side), input validation errors
// that name the field, and the translation of transport errors into n8n's error types.
import type { IDataObject, IExecuteFunctions, INode, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ValidationError } from '../helpers/validation';
import { InstrumentInputError } from '../instruments';
import { SmartApiError } from '../transport/errors';

export type OperationResult = IDataObject | IDataObject[];

export interface Operation {
	/** The operation's own fields; the resource adds displayOptions for resource and operation. */
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<OperationResult>;
}

export interface ResourceDefinition {
	/** Value of the resource option. */
	value: string;
	name: string;
	/** The operation picker; its options are filled from `operations`. */
	operationProperty: INodeProperties;
	operations: Record<string, { name: string; action: string; description: string; operation: Operation }>;
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
