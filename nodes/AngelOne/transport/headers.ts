// Every header SmartAPI reads: the fixed REST headers (with the credential's optional IP and MAC values) and the
// handshake headers of both sockets (market feed and order updates), so no other module spells one.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { text, trimmed } from '../helpers/values';

export function requestHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const field = (value: unknown, fallback: string) => trimmed(value) || fallback;
	return {
		Accept: 'application/json',
		'X-UserType': 'USER',
		'X-SourceID': 'WEB',
		'X-ClientLocalIP': field(credentials.localIp, '127.0.0.1'),
		'X-ClientPublicIP': field(credentials.publicIp, '127.0.0.1'),
		'X-MACAddress': field(credentials.macAddress, '00-00-00-00-00-00'),
		'X-PrivateKey': field(credentials.apiKey, ''),
	};
}

/** The bearer header of an authenticated REST request and of both socket handshakes. */
export function bearer(credentials: ICredentialDataDecryptedObject): string {
	return `Bearer ${text(credentials.jwtToken)}`;
}

/** The handshake headers of the market-feed and order-update sockets (protocol §5.1 and §6): the same four for both, as the
 * official SDKs send them. */
export function socketHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	return {
		Authorization: bearer(credentials),
		'x-api-key': text(credentials.apiKey),
		'x-client-code': text(credentials.clientCode),
		'x-feed-token': text(credentials.feedToken),
	};
}
