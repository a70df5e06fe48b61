// The one Read-Only guard: every order-changing operation, the transport before any order-changing request and
// the credential's authenticate ask it, so Read-Only refuses with one error type and one message everywhere.
// The switch is read fail-closed: "true", "yes", 1 are on, and a value that cannot be read counts as on.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { readSwitch } from '../helpers/switches';
import { ValidationError } from '../helpers/validation';
import { ERROR_TABLE } from './errors';
import { readCredentials } from './request';

export const READ_ONLY_FIELD = 'Read-Only';

/** Raised for Read-Only in every path; a ValidationError naming the Read-Only field, so nothing is sent. */
export class ReadOnlyError extends ValidationError {
	readonly errorCode = 'READ_ONLY';

	constructor(message: string) {
		super(READ_ONLY_FIELD, message);
		this.name = 'ReadOnlyError';
	}
}

/** Why this credential may not change orders, or undefined when it may. */
export function readOnlyReason(credentials: ICredentialDataDecryptedObject): string | undefined {
	const reading = readSwitch(credentials.readOnly, { field: READ_ONLY_FIELD, safe: true });
	if (!reading.on) return undefined;
	if (reading.issue) return `${reading.issue.message}. ${ERROR_TABLE.READ_ONLY.message}`;
	return ERROR_TABLE.READ_ONLY.message;
}

/** Throws ReadOnlyError unless the credential may change orders. */
export function assertWritable(credentials: ICredentialDataDecryptedObject): void {
	const reason = readOnlyReason(credentials);
	if (reason !== undefined) throw new ReadOnlyError(reason);
}

/** The Read-Only refusal as a dry-run issue (empty when the credential may change orders). */
export function readOnlyIssue(credentials: ICredentialDataDecryptedObject): Array<{ field: string; message: string }> {
	const reason = readOnlyReason(credentials);
	return reason === undefined ? [] : [{ field: READ_ONLY_FIELD, message: reason }];
}

/** Reads the credential and refuses a read-only one before anything else happens. */
export async function writableCredentials(ctx: Parameters<typeof readCredentials>[0]): Promise<ICredentialDataDecryptedObject> {
	const credentials = await readCredentials(ctx);
	assertWritable(credentials);
	return credentials;
}
