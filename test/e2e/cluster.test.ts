/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- end-to-end test, never shipped */
// n8n in queue mode, as people scale it out: PostgreSQL, Redis, a main process, two workers (concurrency 5) and a
// webhook process, all real, with this package installed as a community package for every process. Proves the
// guarantees across processes: one session for the cluster, orders paced under the broker's limit, no order
// placed twice by two workers, triggers on main with their executions on workers. Fewer rounds than the
// measurement (bench/cluster.ts), which reports the figures in bench/RESULTS.md.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startCluster, type N8nCluster } from '../../scripts/n8n-cluster';
import {
	CLUSTER_IDS,
	clusterCredential,
	clusterWorkflows,
	ORDER_PATH,
	pacedScenario,
	postedOrderIds,
	sessionScenario,
	twinScenario,
} from '../../scripts/cluster-scenarios';
import { startSink, type Sink } from '../../scripts/e2e-sink';
import { sleep } from '../../scripts/n8n-instance';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { OUTPUT_ROOT, SETUP_TIMEOUT_MS, eventually, removeStaleFolders, sharedInstallation, sharedTarball } from './support/world';

const TEST_TIMEOUT_MS = 5 * 60_000;

let sim: RunningSimulator;
let sink: Sink;
let cluster: N8nCluster;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
	const [installation, tarball] = await Promise.all([sharedInstallation(), sharedTarball()]);
	removeStaleFolders(OUTPUT_ROOT);
	const folder = path.join(OUTPUT_ROOT, `cluster-${process.pid}`);
	fs.rmSync(folder, { recursive: true, force: true });
	sim = await startSimulator({ masterSize: 3000, tickIntervalMs: 0 });
	sink = await startSink();
	cluster = await startCluster({
		installation,
		tarball,
		folder,
		credentials: [clusterCredential(sim)],
		workflows: clusterWorkflows(sink.url),
		publish: [CLUSTER_IDS.read, CLUSTER_IDS.order, CLUSTER_IDS.updates],
		workers: 2,
		concurrency: 5,
		webhookProcess: true,
		log: (line) => console.log(`[cluster] ${line}`),
	});
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	console.log(`cluster figures: ${JSON.stringify(figures, null, 1)}`);
	await cluster?.close();
	await sink?.close();
	await sim?.close();
});

test(
	'a cluster of two workers shares one session: one login for many executions, and few after the session dies',
	async () => {
		const result = await sessionScenario(cluster, sim, { executions: 60, afterInvalidation: 20 });
		figures.session = result;
		expect(result.failures).toEqual([]);
		expect(Object.values(result.byWorker).every((n) => n > 0)).toBe(true);
		expect(result.logins).toBe(1);
		expect(result.afterInvalidation.failures).toEqual([]);
		// One login per process at most: never a storm.
		expect(result.afterInvalidation.logins).toBeGreaterThanOrEqual(1);
		expect(result.afterInvalidation.logins).toBeLessThanOrEqual(cluster.workers.length);
	},
	TEST_TIMEOUT_MS,
);

test(
	'forty alerts posted at once over two workers become forty orders, each placed exactly once',
	async () => {
		const result = await pacedScenario(cluster, sim, 40, `paced-${process.pid}`);
		figures.paced = result;
		expect(result.failures).toEqual([]);
		expect(Object.keys(result.ordersPerTag)).toHaveLength(40);
		expect(Object.values(result.ordersPerTag).every((n) => n === 1)).toBe(true);
		expect(Object.values(result.byWorker).every((n) => n > 0)).toBe(true);
	},
	TEST_TIMEOUT_MS,
);

test(
	'the same alert delivered twice at the same instant to two workers never leaves two live orders',
	async () => {
		const result = await twinScenario(cluster, sim, 4, `twins-${process.pid}`);
		figures.twins = result;
		expect(result.failures).toEqual([]);
		expect(result.liveTwins).toBe(0);
	},
	TEST_TIMEOUT_MS,
);

test(
	'when the broker is slow to take the first of two same-instant deliveries, both are placed and the later one is cancelled and named as a twin',
	async () => {
		const result = await twinScenario(cluster, sim, 4, `slow-twins-${process.pid}`, true);
		figures.slowTwins = result;
		expect(result.failures).toEqual([]);
		expect(result.liveTwins).toBe(0);
		// Both deliveries placed an order in these rounds; the twin check is what left one standing.
		expect(result.placedTwice).toBeGreaterThan(0);
		expect(result.reportedTwins).toBeGreaterThan(0);
	},
	TEST_TIMEOUT_MS,
);

test(
	'the order-updates trigger runs on main, its executions on the workers, and it catches up after main restarts',
	async () => {
		// Main holds the trigger's socket; its executions are queued for the workers.
		await eventually(() => (postedOrderIds(sink.requests).length > 0 ? true : undefined), 'order updates from the earlier orders', 60_000);
		const executions = await cluster.main.executions(CLUSTER_IDS.updates);
		const onWorkers = new Set(Object.values(cluster.executionsByWorker()).flat());
		expect(executions.length).toBeGreaterThan(0);
		expect(executions.every((e) => onWorkers.has(e.id))).toBe(true);

		await cluster.main.stop();
		// While main is down, the webhook process and the workers still take an alert.
		const answer = await fetch(`${cluster.webhookBaseUrl}/webhook/${ORDER_PATH}`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ alert: `while-main-down-${process.pid}`, price: Math.round(sim.control.price('NSE', 'SBIN-EQ') * 0.9 * 20) / 20 }),
		});
		const placed = (await answer.json()) as { orderId?: string };
		expect(typeof placed.orderId).toBe('string');
		await sleep(1000);
		await cluster.restartMain();
		await eventually(
			() => (postedOrderIds(sink.requests).includes(placed.orderId!) ? true : undefined),
			`order ${placed.orderId} placed while main was down, on the order-updates workflow`,
			60_000,
		);
	},
	TEST_TIMEOUT_MS,
);
