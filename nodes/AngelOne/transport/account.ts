// What "one account" means everywhere a process keeps something per account (sessions, rate limits, order-book
// reads, placed tags, sockets, masters): one client code on one SmartAPI server. The same client code on the
// simulator is not the live account.
import { text } from '../helpers/values';

export interface AccountFields {
	environment?: unknown;
	baseUrl?: unknown;
	clientCode?: unknown;
}

/** The key of one account on one server, e.g. `live|A123456` or `http://127.0.0.1:8800|A123456`. */
export function accountKey(credentials: AccountFields): string {
	const server = credentials.environment === 'custom' ? text(credentials.baseUrl).trim().replace(/\/+$/, '') : 'live';
	return `${server}|${text(credentials.clientCode).trim()}`;
}
