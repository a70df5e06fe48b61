// The fixed SmartAPI request headers, from the credential's optional IP and MAC values.
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export function requestHeaders(credentials: ICredentialDataDecryptedObject): Record<string, string> {
	const text = (value: unknown, fallback: string) => (typeof value === 'string' && value.trim() ? value.trim() : fallback);
	return {
		Accept: 'application/json',
		'X-UserType': 'USER',
		'X-SourceID': 'WEB',
		'X-ClientLocalIP': text(credentials.localIp, '127.0.0.1'),
		'X-ClientPublicIP': text(credentials.publicIp, '127.0.0.1'),
		'X-MACAddress': text(credentials.macAddress, '00-00-00-00-00-00'),
		'X-PrivateKey': text(credentials.apiKey, ''),
	};
}
