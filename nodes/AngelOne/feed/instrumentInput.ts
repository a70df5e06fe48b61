// Instruments typed as text ("NSE:SBIN-EQ", "NSE:3045", one per line or comma-separated) resolved to what the
// feed needs. Stands in until the shared instrument picker (methods/instruments.ts) is wired into the trigger.

import { NodeOperationError } from 'n8n-workflow';

import { feedCode, normalizeExchange, priceDivisor } from '../instruments/exchanges';
import { smartApiRequest, type SmartApiContext } from '../transport/request';
import type { FeedInstrument } from './normalize';

interface ScripMatch {
	exchange?: string;
	tradingsymbol?: string;
	symboltoken?: string;
}

export function parseInstrumentList(text: string): Array<{ exchange: string; id: string }> {
	return text
		.split(/[\n,]/)
		.map((part) => part.trim())
		.filter((part) => part !== '')
		.map((part) => {
			const colon = part.indexOf(':');
			return colon < 0
				? { exchange: 'NSE', id: part.toUpperCase() }
				: { exchange: normalizeExchange(part.slice(0, colon)), id: part.slice(colon + 1).trim().toUpperCase() };
		});
}

export async function resolveInstrumentList(ctx: SmartApiContext, text: string): Promise<FeedInstrument[]> {
	const entries = parseInstrumentList(text);
	if (entries.length === 0) throw new NodeOperationError(ctx.getNode(), 'Add at least one instrument, e.g. NSE:SBIN-EQ');
	const out: FeedInstrument[] = [];
	for (const { exchange, id } of entries) {
		const exchangeType = feedCode(exchange);
		if (exchangeType === null) {
			throw new NodeOperationError(ctx.getNode(), `The market feed does not carry the exchange "${exchange}" (${exchange}:${id})`);
		}
		if (/^\d+$/.test(id)) {
			out.push({ exchange, token: id, tradingSymbol: id, exchangeType, priceDivisor: priceDivisor(exchange) });
			continue;
		}
		const matches = (await smartApiRequest(ctx, 'searchScrip', { body: { exchange, searchscrip: id } })) as ScripMatch[] | null;
		const match = (matches ?? []).find((m) => (m.tradingsymbol ?? '').toUpperCase() === id);
		if (match?.symboltoken === undefined) {
			throw new NodeOperationError(ctx.getNode(), `Angel One does not know the instrument ${exchange}:${id}`);
		}
		out.push({ exchange, token: match.symboltoken, tradingSymbol: match.tradingsymbol ?? id, exchangeType, priceDivisor: priceDivisor(exchange) });
	}
	return out;
}
