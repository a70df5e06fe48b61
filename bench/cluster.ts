/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- benchmark tool, never shipped: a command-line program that starts a cluster, prints and writes a result file */
// `npm run bench:cluster [-- --runs N]`: the queue-mode measurement behind README "Scaling out". A real cluster
// (PostgreSQL, Redis, n8n main, two workers with concurrency 5, a webhook process) against the simulator, and the
// full rounds of what test/e2e/cluster.test.ts checks on a few: 200 reads and 20 after the session dies, 40 alerts
// at once (N runs), and 20 rounds of the same alert delivered twice at the same instant, plain and with a slow broker.
// Writes bench/cluster-results.json; bench/RESULTS.md quotes it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startSink } from '../scripts/e2e-sink';
import { CLUSTER_IDS, clusterCredential, clusterWorkflows, pacedScenario, sessionScenario, twinScenario } from '../scripts/cluster-scenarios';
import { startCluster } from '../scripts/n8n-cluster';
import { ensureN8n, repoRoot } from '../scripts/n8n-install';
import { packPackage } from '../scripts/n8n-instance';
import { startSimulator } from '../simulator/server';
import { describeMachine } from './support/machine';

const BENCH_DIR = resolve(__dirname, '..', '..', 'bench');

async function main(): Promise<void> {
	const runsAt = process.argv.indexOf('--runs');
	const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 3;
	const root = repoRoot();
	const scratch = join(root, '.cache', `bench-cluster-${process.pid}`);
	rmSync(scratch, { recursive: true, force: true });
	mkdirSync(scratch, { recursive: true });
	const installation = await ensureN8n({ log: (line) => console.log(`[n8n-install] ${line}`) });
	const tarball = await packPackage(join(scratch, 'pack'), root);
	const sim = await startSimulator({ masterSize: 3000, tickIntervalMs: 0, requestLogSize: 20_000 });
	const sink = await startSink();
	const started = Date.now();
	const cluster = await startCluster({
		installation,
		tarball,
		folder: join(scratch, 'n8n'),
		credentials: [clusterCredential(sim)],
		workflows: clusterWorkflows(sink.url),
		publish: [CLUSTER_IDS.read, CLUSTER_IDS.order, CLUSTER_IDS.updates],
		workers: 2,
		concurrency: 5,
		webhookProcess: true,
		log: (line) => console.log(`[cluster] ${line}`),
	});
	const setupMs = Date.now() - started;
	try {
		const session = await sessionScenario(cluster, sim, { executions: 200, afterInvalidation: 20 });
		console.log('session', JSON.stringify(session));
		const paced = [];
		for (let run = 0; run < runs; run++) {
			const result = await pacedScenario(cluster, sim, 40, `bench-${process.pid}-${run}`);
			const { ordersPerTag, ...rest } = result;
			const counts = Object.values(ordersPerTag);
			paced.push({ ...rest, tags: counts.length, tagsPlacedOnce: counts.filter((n) => n === 1).length });
			console.log('paced', JSON.stringify(paced[paced.length - 1]));
		}
		const twins = await twinScenario(cluster, sim, 20, `bench-${process.pid}`);
		console.log('twins', JSON.stringify(twins));
		const slowTwins = await twinScenario(cluster, sim, 20, `bench-slow-${process.pid}`, true);
		console.log('slowTwins', JSON.stringify(slowTwins));
		const result = { at: new Date().toISOString(), machine: describeMachine(), setupMs, session, paced, twins, slowTwins };
		writeFileSync(join(BENCH_DIR, 'cluster-results.json'), `${JSON.stringify(result, null, 1)}\n`);
		console.log(`written ${join(BENCH_DIR, 'cluster-results.json')}`);
	} finally {
		await cluster.close();
		await sink.close();
		await sim.close();
		rmSync(scratch, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
