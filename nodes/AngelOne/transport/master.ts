// The instrument master's download: where the account's master lives (Angel One's public file, or the custom
// server's) and the one plain GET for it. Public and unauthenticated, so it goes out without the credential.
import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import { readCredentials } from './request';
import { urlsFor } from './urls';

/** The file is tens of megabytes; clients in the wild allow 60 to 120 seconds (protocol §7). */
export const MASTER_TIMEOUT_MS = 120_000;

/** What the download needs from an n8n context: credentials (for the URL) and plain HTTP. */
export interface MasterContext {
	getCredentials<T extends object = ICredentialDataDecryptedObject>(type: string, itemIndex?: number): Promise<T>;
	helpers: { httpRequest(options: IHttpRequestOptions): Promise<unknown> };
}

/** The master URL of the context's account; caches of the master are kept per URL (one per server). */
export async function masterUrl(ctx: Pick<MasterContext, 'getCredentials'>): Promise<string> {
	const credentials = await readCredentials(ctx);
	return urlsFor(credentials.environment, credentials.baseUrl).master;
}

/** The master as text, for the instrument index to parse. Errors are n8n's own (the caller reports them). */
export async function downloadMaster(ctx: Pick<MasterContext, 'helpers'>, url: string): Promise<string> {
	const body = await ctx.helpers.httpRequest({ method: 'GET', url, json: false, encoding: 'text', timeout: MASTER_TIMEOUT_MS });
	return typeof body === 'string' ? body : JSON.stringify(body);
}
