// The price check every tick passes before any emission strategy sees it: a price that is not a positive number, or
// one absurdly far from the instrument's last accepted price, is dropped. Pure: no n8n, no I/O.

/**
 * A tick more than this fraction away from the last accepted price (and more than ABSOLUTE_SLACK_RUPEES) is suspect.
 * No exchange move comes near it between two ticks: cash-segment circuit bands are at most 20 % a day, and F&O
 * price bands widen in steps of a few percent after a cooling-off period.
 */
export const MAX_JUMP = 0.5;

/** Cheap options move in whole ticks of 5 paise, which are large fractions of their price (0.05 → 0.10 is +100 %). */
export const ABSOLUTE_SLACK_RUPEES = 1;

/**
 * Suspect ticks that agree with each other this many times in a row become the new reference and are accepted
 * from the last of them on: a real jump (a trading halt that reopens elsewhere, a split overnight, a first
 * reference that was itself bad) costs two ticks, while a lone absurd price never gets through.
 */
export const CONFIRMATIONS = 3;

export type TickVerdict = 'accepted' | 'notPositive' | 'jump';

function near(price: number, reference: number): boolean {
	return Math.abs(price - reference) <= Math.max(reference * MAX_JUMP, ABSOLUTE_SLACK_RUPEES);
}

/** What the guard knows of one instrument; changed in place, so a tick allocates nothing here. */
interface Reference {
	/** The last accepted price. */
	price: number;
	/** The latest suspect price and how many suspects in a row agree with it (0: no suspect run). */
	suspectPrice: number;
	suspectCount: number;
}

export class TickGuard {
	private readonly references = new Map<string, Reference>();

	/** Whether the tick of instrument `key` at `price` (rupees) may reach a strategy; remembers accepted prices. */
	check(key: string, price: number): TickVerdict {
		if (!Number.isFinite(price) || price <= 0) return 'notPositive';
		const reference = this.references.get(key);
		if (reference === undefined) {
			this.references.set(key, { price, suspectPrice: 0, suspectCount: 0 });
			return 'accepted';
		}
		if (near(price, reference.price)) return accept(reference, price);
		const count = reference.suspectCount > 0 && near(price, reference.suspectPrice) ? reference.suspectCount + 1 : 1;
		if (count >= CONFIRMATIONS) return accept(reference, price);
		reference.suspectPrice = price;
		reference.suspectCount = count;
		return 'jump';
	}
}

function accept(reference: Reference, price: number): TickVerdict {
	reference.price = price;
	reference.suspectCount = 0;
	return 'accepted';
}
