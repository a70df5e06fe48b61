// Pacing: 100 orders in one execution through our transport against the simulator's real rate limits, timed
// against the fastest schedule the broker's rolling window allows; then a naive client firing all 100 at once.

import { transportStats } from '../nodes/AngelOne/processState';
import { requestHeaders } from '../nodes/AngelOne/transport/headers';
import { round } from './support/stats';
import type { BenchOptions, BenchResult } from './support/types';
import { CREDENTIAL_ID, startBenchWorld, type BenchWorld } from './support/world';

/** place/modify/cancel share 9 calls per rolling second (protocol §4). */
const PER_SECOND = 9;

/** A plain LIMIT buy far below the market: accepted, and it rests in the book without filling. */
const ORDER = {
	variety: 'NORMAL',
	tradingsymbol: 'SBIN-EQ',
	symboltoken: '3045',
	transactiontype: 'BUY',
	exchange: 'NSE',
	ordertype: 'LIMIT',
	producttype: 'INTRADAY',
	duration: 'DAY',
	price: '1.00',
	quantity: '1',
};

interface RecordedRequest {
	at: number;
	endpoint: string;
}

/** Most calls that arrived within any 1-second window (the simulator's log, its clock). */
function busiestSecond(times: number[]): number {
	let best = 0;
	let first = 0;
	for (let last = 0; last < times.length; last++) {
		while (times[last] - times[first] >= 1000) first++;
		best = Math.max(best, last - first + 1);
	}
	return best;
}

async function placeOrderArrivals(world: BenchWorld): Promise<number[]> {
	const log = await world.sim.control<RecordedRequest[]>('GET', 'requests/log?limit=5000');
	return log.filter((r) => r.endpoint === 'placeOrder').map((r) => r.at);
}

async function orderCount(world: BenchWorld): Promise<number> {
	return (await world.sim.control<unknown[]>('GET', 'orders')).length;
}

/**
 * Requests the simulator refused with 403 since its counts were reset: placeOrder arrivals that left no new
 * order in the book (every admitted placeOrder leaves one).
 */
async function simulatorRefusals(world: BenchWorld, ordersBefore: number): Promise<{ arrived: number; orders: number; refused: number }> {
	const counts = await world.sim.control<Record<string, number>>('GET', 'requests');
	const orders = (await orderCount(world)) - ordersBefore;
	const arrived = counts.placeOrder ?? 0;
	return { arrived, orders, refused: arrived - orders };
}

export async function run(options: BenchOptions): Promise<BenchResult> {
	const count = options.quick ? 37 : 100;
	// Call k (1-based) and call k+9 must be at least 1 s apart, else one rolling second would hold 10 calls. So the
	// last call cannot start before floor((N − 1) / 9) seconds after the first: 11 s for N = 100.
	const minimumS = Math.floor((count - 1) / PER_SECOND);
	// The brief's token-bucket estimate: 9 at once, then a steady 9 per second. A rolling window cannot do this.
	const bucketS = (count - PER_SECOND) / PER_SECOND;

	const world = await startBenchWorld({ rateLimits: true, requestLogSize: 5000 });
	try {
		const n8n = world.process();
		const probe = n8n.harness.typeName('endpointProbe');
		// Log in first (one getProfile), so the timed execution is about orders only.
		const login = await world.run(n8n, { type: probe, parameters: { endpoint: 'getProfile' } });
		if (login.status !== 'success') throw new Error('the warm-up login failed');
		await world.sim.control('POST', 'reset-counts');
		const ordersBeforePaced = await orderCount(world);

		const rateLimitedBefore = transportStats.rateLimited;
		const started = performance.now();
		const paced = await world.run(n8n, { type: probe, parameters: { endpoint: 'placeOrder', body: JSON.stringify(ORDER) } }, Array.from({ length: count }, () => ({})));
		const wallS = (performance.now() - started) / 1000;
		if (paced.status !== 'success') throw new Error(`the paced execution failed: ${JSON.stringify(paced.error)}`);
		const transportRateLimited = transportStats.rateLimited - rateLimitedBefore;
		const pacedSim = await simulatorRefusals(world, ordersBeforePaced);
		const arrivals = await placeOrderArrivals(world);
		const pacedBusiest = busiestSecond(arrivals);
		const arrivalSpanS = (arrivals[arrivals.length - 1] - arrivals[0]) / 1000;

		// The naive client: the same orders with the same session, all sent at once with plain fetch.
		await world.sim.control('POST', 'reset-counts');
		const ordersBeforeNaive = await orderCount(world);
		const credentials = world.store.get(CREDENTIAL_ID).data;
		const headers = { ...requestHeaders(credentials), 'Content-Type': 'application/json', Authorization: `Bearer ${String(credentials.jwtToken)}` };
		const statuses = await Promise.all(
			Array.from({ length: count }, async () => {
				const response = await fetch(`${world.sim.baseUrl}/rest/secure/angelbroking/order/v1/placeOrder`, { method: 'POST', headers, body: JSON.stringify(ORDER) });
				await response.arrayBuffer();
				return response.status;
			}),
		);
		const naive403 = statuses.filter((s) => s === 403).length;
		const naiveSim = await simulatorRefusals(world, ordersBeforeNaive);

		return {
			title: 'Pacing',
			figures: [
				{
					label: `Wall time for ${count} orders in one execution`,
					value: round(wallS, 2),
					unit: 's',
					digits: 2,
					goal: { op: '<=', target: 1.05, checks: wallS / minimumS, text: `within 5 % of ${minimumS} s` },
					alternatives: [
						{ label: `rolling-window minimum ⌊(N−1)/9⌋ s`, value: minimumS },
						{ label: `token-bucket estimate (N−9)/9 s`, value: round(bucketS, 2) },
					],
				},
				{
					label: '403 responses, paced (simulator-side)',
					value: pacedSim.refused,
					unit: '403s',
					digits: 0,
					goal: { op: '<=', target: 0, text: 'zero' },
					alternatives: [{ label: 'naive: all at once', value: naiveSim.refused }],
				},
				{
					label: '403 responses, paced (transportStats.rateLimited)',
					value: transportRateLimited,
					unit: '403s',
					digits: 0,
					goal: { op: '<=', target: 0, text: 'zero' },
					alternatives: [{ label: 'naive: all at once (HTTP 403 seen)', value: naive403 }],
				},
				{ label: 'Most orders in any rolling second, paced', value: pacedBusiest, unit: 'orders', digits: 0, goal: { op: '<=', target: PER_SECOND, text: `≤ ${PER_SECOND}` } },
			],
			details: {
				orders: count,
				wallSeconds: round(wallS, 3),
				firstToLastArrivalSeconds: round(arrivalSpanS, 3),
				minimumSeconds: minimumS,
				tokenBucketSeconds: round(bucketS, 3),
				paced: { ...pacedSim, transportRateLimited, busiestSecond: pacedBusiest },
				naive: { ...naiveSim, http403: naive403, accepted: statuses.filter((s) => s === 200).length },
			},
			notes: [
				`One execution of a bench-local node that sends one placeOrder per item through our transport (smartApiRequest: pacing, session, envelopes) inside n8n-core, ${count} items, against the simulator in its own process with the real limits (place/modify/cancel: 9 per rolling second, 500/min, 1,000/h). The session was established by one getProfile execution beforehand; the timed execution sends orders only.`,
				`Minimum: in a rolling one-second window, calls k and k + 9 must be at least 1 s apart, so call N cannot start before ⌊(N − 1) / 9⌋ s after call 1: ${minimumS} s for N = ${count}. The token-bucket figure (N − 9) / 9 = ${round(bucketS, 2)} s assumes a steady refill after the first 9, which a rolling window does not allow; it is shown for comparison. The goal is checked against the rolling-window minimum. Wall time includes the last call's own round trip (first to last arrival at the simulator: ${round(arrivalSpanS, 2)} s).`,
				'Simulator-side 403s: placeOrder requests that arrived minus the orders they added to the book (every admitted placeOrder leaves an order). The naive client sends the same order with the same session, all at once with plain fetch, no retries.',
			],
		};
	} finally {
		await world.close();
	}
}
