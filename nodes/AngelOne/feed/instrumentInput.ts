// The trigger's instrument list: the shared instrument picker (one resource locator per entry, as in the action
// node) resolved against the day's master to what the feed needs, with errors that name the entry.

import { instrumentIndex, resolveLocator, type MasterContext } from '../methods/instruments';
import type { FeedInstrument } from './normalize';

/** An instrument the feed cannot carry, or an entry that names none. The message is meant for the user. */
export class InstrumentListError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'InstrumentListError';
	}
}

/** The fixedCollection value: `{ instrument: [{ instrument: <locator> }, …] }`. */
export function locatorsOf(collection: unknown): unknown[] {
	if (typeof collection !== 'object' || collection === null) return [];
	const entries = (collection as { instrument?: unknown }).instrument;
	if (!Array.isArray(entries)) return [];
	return entries.map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { instrument?: unknown }).instrument : entry));
}

/** Resolves every entry; duplicates (the same instrument picked twice) are subscribed once. */
export async function resolveFeedInstruments(ctx: MasterContext, locators: unknown[]): Promise<FeedInstrument[]> {
	if (locators.length === 0) throw new InstrumentListError('Add at least one instrument');
	const index = await instrumentIndex(ctx);
	const out = new Map<string, FeedInstrument>();
	locators.forEach((locator, i) => {
		const field = locators.length === 1 ? 'Instrument' : `Instrument ${i + 1}`;
		const instrument = resolveLocator(index, locator, field);
		if (instrument.exchangeType === null) {
			throw new InstrumentListError(`${field}: the market feed does not carry ${instrument.exchange} instruments`);
		}
		out.set(`${instrument.exchangeType}:${instrument.token}`, {
			exchange: instrument.exchange,
			token: instrument.token,
			tradingSymbol: instrument.tradingSymbol,
			exchangeType: instrument.exchangeType,
			priceDivisor: instrument.priceDivisor,
		});
	});
	return [...out.values()];
}
