// Where the credential's secrets may go: only to the account's own SmartAPI REST origin (Angel One's, or the
// Custom base URL's), and, while Read-Only is on, only to the read endpoints of the one endpoint table.
// The credential's authenticate asks this, so a request made any other way (another node, an older n8n that
// ignores restrictToSupportedNodes) gets no session token or API key, and no order change under Read-Only.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { text } from '../helpers/values';
import { ENDPOINTS } from './endpoints';
import { urlsFor } from './urls';

/** The absolute URL a request will go to: `url` (n8n's helpers) or `uri` (the legacy helper), joined to `baseURL` as axios does. */
export function requestUrl(options: object): URL | undefined {
	const fields = options as Record<string, unknown>;
	const target = text(fields.url) || text(fields.uri);
	const base = text(fields.baseURL);
	const absolute = /^[a-z][a-z\d+.-]*:/i.test(target) || !base;
	try {
		return new URL(absolute ? target : `${base.replace(/\/+$/, '')}/${target.replace(/^\/+/, '')}`);
	} catch {
		return undefined;
	}
}

function restRoot(credentials: ICredentialDataDecryptedObject): URL | undefined {
	try {
		return new URL(urlsFor(credentials.environment, credentials.baseUrl).rest);
	} catch {
		return undefined;
	}
}

/** The path of `url` below the account's REST root, or undefined when `url` is not on the account's SmartAPI origin. */
export function brokerPath(credentials: ICredentialDataDecryptedObject, url: URL | undefined): string | undefined {
	const root = restRoot(credentials);
	if (!root || !url || url.origin !== root.origin || url.username || url.password) return undefined;
	const prefix = root.pathname.replace(/\/+$/, '');
	if (prefix && !url.pathname.startsWith(`${prefix}/`)) return undefined;
	return url.pathname.slice(prefix.length);
}

const escape = (part: string): string => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const READ_PATHS: RegExp[] = Object.values(ENDPOINTS)
	.filter((spec) => !spec.orderChanging && spec.path.startsWith('/rest/secure/'))
	.map((spec) => new RegExp(`^${spec.path.split('{id}').map(escape).join('[^/]+')}$`));

/** A path of a read endpoint in the table, exactly. Anything else (order changes, unknown or odd paths) is not. */
export function isReadPath(path: string): boolean {
	return READ_PATHS.some((pattern) => pattern.test(path));
}
