// A year of one-minute candles through n8n-core against a simulator that enforces the published rate limits, with
// our pacing on: 13 chunked requests, no 403, every candle once and in order, chunk edges neither lost nor repeated.
import { fromIst, istParts } from '../../nodes/AngelOne/helpers/ist';
import { transportStats } from '../../nodes/AngelOne/processState';
import { startWorld, type AngelWorld } from '../support/angel';

const DAY = 86_400_000;
const MINUTE = 60_000;

/** Every minute of the NSE session (09:15 to 15:29 starts) on weekdays within [from, to]. */
function expectedMinutes(from: number, to: number): number[] {
	const out: number[] = [];
	for (let day = from - DAY; day <= to + DAY; day += DAY) {
		const p = istParts(day);
		if (p.weekday === 0 || p.weekday === 6) continue;
		const open = fromIst(p.year, p.month, p.day, 9, 15);
		for (let m = 0; m < 375; m++) {
			const t = open + m * MINUTE;
			if (t >= from && t <= to) out.push(t);
		}
	}
	return [...new Set(out)].sort((a, b) => a - b);
}

describe('a year of one-minute candles', () => {
	let world: AngelWorld;

	afterEach(async () => world.close());

	it('arrives complete and in order within the rate limit, chunk edges neither duplicated nor missing', async () => {
		world = await startWorld({ rateLimits: true });
		expect(world.runtime.pacing).toBe(true);
		// 10:00 IST a year and a day ago, so every 30-day edge falls inside a trading session on weekdays.
		const today = istParts(Date.now());
		const from = fromIst(today.year, today.month, today.day, 10, 0) - 366 * DAY;
		const to = from + 365 * DAY;
		const rateLimitedBefore = transportStats.rateLimited;

		const run = await world.run({
			parameters: {
				resource: 'marketData',
				operation: 'getCandles',
				instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
				interval: 'ONE_MINUTE',
				from: new Date(from).toISOString(),
				to: new Date(to).toISOString(),
			},
		});
		expect(run.error).toBeUndefined();

		// ceil(365 / 30) requests, none refused and none repeated.
		expect(world.sim.control.requestCounts().getCandleData).toBe(13);
		expect(transportStats.rateLimited - rateLimitedBefore).toBe(0);
		const requests = world.sim.control.requests(500).filter((r) => r.endpoint === 'getCandleData');
		for (const request of requests) {
			const body = request.body as { fromdate: string; todate: string };
			const span = Date.parse(`${body.todate.replace(' ', 'T')}:00+05:30`) - Date.parse(`${body.fromdate.replace(' ', 'T')}:00+05:30`);
			expect(span).toBeLessThanOrEqual(30 * DAY);
		}

		const times = run.outputOf('Angel One').map((item) => Date.parse(item.json.time as string));
		expect(times).toEqual(expectedMinutes(from, to));
		const edges = Array.from({ length: 12 }, (_, k) => from + (k + 1) * 30 * DAY).filter((edge) => ![0, 6].includes(istParts(edge).weekday));
		expect(edges.length).toBeGreaterThan(0);
		for (const edge of edges) expect(times.filter((t) => t === edge)).toHaveLength(1);
	});
});
