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

/**
 * The guard of one instrument, for a caller that keeps it beside its own state of that instrument (one map
 * lookup fewer per tick). Changed in place, so a tick allocates nothing here.
 */
export class InstrumentGuard {
	/** The last accepted price; NaN until the first. */
	private reference = Number.NaN;
	/** The latest suspect price and how many suspects in a row agree with it (0: no suspect run). */
	private suspectPrice = 0;
	private suspectCount = 0;

	/** Whether a tick at `price` (rupees) may reach a strategy; remembers accepted prices. */
	check(price: number): TickVerdict {
		if (!Number.isFinite(price) || price <= 0) return 'notPositive';
		if (Number.isNaN(this.reference) || near(price, this.reference)) return this.accept(price);
		const count = this.suspectCount > 0 && near(price, this.suspectPrice) ? this.suspectCount + 1 : 1;
		if (count >= CONFIRMATIONS) return this.accept(price);
		this.suspectPrice = price;
		this.suspectCount = count;
		return 'jump';
	}

	private accept(price: number): TickVerdict {
		this.reference = price;
		this.suspectCount = 0;
		return 'accepted';
	}
}

/** The guards of many instruments, by instrument key. */
export class TickGuard {
	private readonly instruments = new Map<string, InstrumentGuard>();

	/** Whether the tick of instrument `key` at `price` (rupees) may reach a strategy; remembers accepted prices. */
	check(key: string, price: number): TickVerdict {
		let guard = this.instruments.get(key);
		if (guard === undefined) this.instruments.set(key, (guard = new InstrumentGuard()));
		return guard.check(price);
	}
}
