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

export class TickGuard {
	private readonly last = new Map<string, number>();
	private readonly suspect = new Map<string, { price: number; count: number }>();

	/** Whether the tick of instrument `key` at `price` (rupees) may reach a strategy; remembers accepted prices. */
	check(key: string, price: number): TickVerdict {
		if (!Number.isFinite(price) || price <= 0) return 'notPositive';
		const reference = this.last.get(key);
		if (reference === undefined || near(price, reference)) return this.accept(key, price);
		const run = this.suspect.get(key);
		const count = run !== undefined && near(price, run.price) ? run.count + 1 : 1;
		if (count >= CONFIRMATIONS) return this.accept(key, price);
		this.suspect.set(key, { price, count });
		return 'jump';
	}

	private accept(key: string, price: number): TickVerdict {
		this.last.set(key, price);
		this.suspect.delete(key);
		return 'accepted';
	}
}
