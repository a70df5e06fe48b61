// The one exchange-session table (helpers/sessions.ts) and what reads it: help texts and candle grids.

import { createCandleStrategy, istTime } from '../../nodes/AngelOne/feed/candles';
import { guarded } from '../../nodes/AngelOne/feed/strategies';
import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import { SESSIONS, sessionHours, sessionOf, sessionsSummary } from '../../nodes/AngelOne/helpers/sessions';

const wed = (hour: number, minute: number): number => fromIst(2026, 11, 25, hour, minute);

describe('exchange sessions', () => {
	it('gives each exchange its hours and treats unknown ones like NSE, whatever the case', () => {
		expect(sessionHours('NSE')).toBe('09:15–15:30');
		expect(sessionHours('mcx')).toBe('09:00–23:30');
		expect(sessionOf('NCDEX')).toEqual({ open: 540, close: 1020 });
		expect(sessionOf('XYZ')).toBe(SESSIONS.NSE);
	});

	it('summarises sessions for help texts, joining exchanges that keep the same hours', () => {
		expect(sessionsSummary(['NSE', 'BSE', 'MCX', 'CDS'])).toBe('NSE/BSE 09:15–15:30 IST, MCX 09:00–23:30, CDS 09:00–17:00');
		expect(sessionsSummary(['MCX'])).toBe('MCX 09:00–23:30 IST');
	});

	it('anchors candles at the NSE session unless told otherwise', () => {
		expect(istTime(sessionOf('NSE').open)).toEqual({ hour: 9, minute: 15 });
		const strategy = guarded(createCandleStrategy<null>({ mode: 'candle', intervalMinutes: 60 }));
		strategy.onTick({ key: 'A', price: 100, timeMs: wed(15, 20), payload: null }, wed(15, 20));
		const [emission] = strategy.onTimer(wed(15, 31));
		expect(emission.items.map(({ start, end }) => [start, end])).toEqual([[wed(15, 15), wed(15, 30)]]);
	});
});
