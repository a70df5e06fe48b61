// Exchange trading sessions in IST: the one table that order rules, the trigger's market-hours gate, candle grids
// and help texts read. A change of hours is an edit of one line here.

/** Minutes after IST midnight: [open, close). */
export interface Session {
	open: number;
	close: number;
}

const at = (hour: number, minute = 0): number => hour * 60 + minute;

/**
 * Normal sessions, weekdays only. Exchange holidays are not known here (they change every year and no
 * SmartAPI endpoint publishes them); on a holiday the feed is simply quiet.
 */
export const SESSIONS: Readonly<Record<string, Session>> = {
	NSE: { open: at(9, 15), close: at(15, 30) },
	BSE: { open: at(9, 15), close: at(15, 30) },
	NFO: { open: at(9, 15), close: at(15, 30) },
	BFO: { open: at(9, 15), close: at(15, 30) },
	MCX: { open: at(9), close: at(23, 30) },
	CDS: { open: at(9), close: at(17) },
	NCDEX: { open: at(9), close: at(17) },
};

/** Exchanges the master knows but this table does not are treated like NSE. */
export function sessionOf(exchange: string): Session {
	return SESSIONS[exchange.toUpperCase()] ?? SESSIONS.NSE;
}

/** "09:15" for 555 minutes after midnight. */
export function clockTime(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "09:15–15:30": an exchange's session as a person reads it. */
export function sessionHours(exchange: string): string {
	const { open, close } = sessionOf(exchange);
	return `${clockTime(open)}–${clockTime(close)}`;
}

/**
 * "NSE/BSE 09:15–15:30 IST, MCX 09:00–23:30": the sessions of the named exchanges, those with the same hours
 * joined, in the order given; for help texts that must follow the table.
 */
export function sessionsSummary(exchanges: readonly string[]): string {
	const groups: Array<{ names: string[]; hours: string }> = [];
	for (const exchange of exchanges) {
		const hours = sessionHours(exchange);
		const group = groups.find((g) => g.hours === hours);
		if (group === undefined) groups.push({ names: [exchange], hours });
		else group.names.push(exchange);
	}
	return groups.map((g, i) => `${g.names.join('/')} ${g.hours}${i === 0 ? ' IST' : ''}`).join(', ');
}
