// Where an account's SmartAPI lives: the real Angel One hosts, or one custom base URL (the simulator or a
// paper broker) from which the REST root, both sockets and the instrument master derive.
import { trimmed } from '../helpers/values';

export const LIVE_URLS = {
	rest: 'https://apiconnect.angelone.in',
	marketSocket: 'wss://smartapisocket.angelone.in/smart-stream',
	orderSocket: 'wss://tns.angelone.in/smart-order-update',
	master: 'https://margincalculator.angelone.in/OpenAPI_File/files/OpenAPIScripMaster.json',
} as const;

export interface SmartApiUrls {
	rest: string;
	marketSocket: string;
	orderSocket: string;
	master: string;
}

export function urlsFor(environment: unknown, baseUrl: unknown): SmartApiUrls {
	if (environment !== 'custom') return { ...LIVE_URLS };
	const base = trimmed(baseUrl).replace(/\/+$/, '');
	if (!/^https?:\/\/[^/]+/i.test(base)) {
		throw new Error('The custom base URL must start with http:// or https://, e.g. http://127.0.0.1:8800');
	}
	const socketBase = base.replace(/^http/i, 'ws');
	return {
		rest: base,
		marketSocket: `${socketBase}/smart-stream`,
		orderSocket: `${socketBase}/smart-order-update`,
		master: `${base}/OpenAPI_File/files/OpenAPIScripMaster.json`,
	};
}
