/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console -- benchmark tool, never shipped: a command-line program that starts a cluster, prints and writes a result file */
// `npm run bench:cluster [-- --runs N]`: the queue-mode measurement behind README "Scaling out". A real cluster
// (PostgreSQL, Redis, n8n main, two workers with concurrency 5, a webhook process) against the simulator, and the
// full rounds of what test/e2e/cluster.test.ts checks on a few: 200 reads and 20 after the session dies, 40 alerts
// at once (N runs), and 20 rounds of the same alert delivered twice at the same instant, plain and with a slow broker.
// Writes bench/cluster-results.json; bench/RESULTS.md quotes it.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { startSink } from '../scripts/e2e-sink';
import { CLUSTER_IDS, clusterCredential, clusterWorkflows, pacedScenario, sessionScenario, twinScenario } from '../scripts/cluster-scenarios';
import { startCluster } from '../scripts/n8n-cluster';
import { ensureN8n, repoRoot } from '../scripts/n8n-install';
import { packPackage } from '../scripts/n8n-instance';
import { startSimulator } from '../simulator/server';
import { describeMachine } from './support/machine';

const BENCH_DIR = resolve(__dirname, '..', '..', 'bench');
const RESULTS_JSON = join(BENCH_DIR, 'cluster-results.json');
const RESULTS_MD = join(BENCH_DIR, 'RESULTS.md');
const HEADING = '## Queue-mode cluster';

type Figures = Awaited<ReturnType<typeof sessionScenario>>;
interface ClusterResult {
	at: string;
	machine: ReturnType<typeof describeMachine>;
	setupMs: number;
	session: Figures;
	paced: Array<Omit<Awaited<ReturnType<typeof pacedScenario>>, 'ordersPerTag'> & { tags: number; tagsPlacedOnce: number }>;
	twins: Awaited<ReturnType<typeof twinScenario>>;
	slowTwins: Awaited<ReturnType<typeof twinScenario>>;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const split = (byWorker: Record<string, number>): string => Object.values(byWorker).join(' / ');

/** The section of bench/RESULTS.md for this measurement (`npm run bench` renders the others from results.json). */
function section(r: ClusterResult): string {
	const s = r.session;
	const rows = [
		`| One session | logins that day, ${s.executions} reads at once over both workers (no session at the start) | ${s.logins} | 1 |`,
		`| One session | reads that succeeded · 403s backed off and retried · executions per worker | ${s.succeeded}/${s.executions} · ${s.rateLimited} · ${split(s.byWorker)} | all |`,
		`| Session killed | logins for ${s.afterInvalidation.executions} concurrent reads after every session was invalidated (refused logins) | ${s.afterInvalidation.logins} (${s.afterInvalidation.refusedLogins}) | 1, never a storm |`,
		...r.paced.map(
			(p, i) =>
				`| Paced, run ${i + 1} | ${p.alerts} alerts at once: placed exactly once · placeOrder 403s · order-book 403s · executions per worker | ${p.tagsPlacedOnce}/${p.tags} · ${p.placeOrder403} · ${p.rateLimited.getOrderBook ?? 0} · ${split(p.byWorker)} | all, 0 lost |`,
		),
		...r.paced.map(
			(p, i) => `| Paced, run ${i + 1} | first to last placeOrder · first post to last answer | ${seconds(p.placementSpanMs)} · ${seconds(p.ms)} | 9/s floor: ${seconds(p.floorMs)} |`,
		),
		`| Never twice | same alert twice at the same instant, ${r.twins.rounds} rounds: rounds with two live orders · placed twice · on two workers | ${r.twins.liveTwins} · ${r.twins.placedTwice} · ${r.twins.acrossWorkers} | 0 live twins |`,
		`| Never twice, slow broker | the same with the first placement held 4 s: rounds with two live orders · placed twice (then cancelled) · answers naming a twin | ${r.slowTwins.liveTwins} · ${r.slowTwins.placedTwice} · ${r.slowTwins.reportedTwins} | 0 live twins |`,
	];
	return [
		HEADING,
		'',
		`Run ${r.at.slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:cluster\` (bench/cluster.ts; figures in bench/cluster-results.json); this section is written by that script, not by \`npm run bench\`. Cluster set-up ${seconds(r.setupMs)}.`,
		'',
		'| Guarantee | Figure | Measured | Goal |',
		'|---|---|---|---|',
		...rows,
		'',
		'- A real cluster on one machine: PostgreSQL and Redis (Debian packages) on loopback ports, n8n 2.40.7 main, two `n8n worker --concurrency=5`, one `n8n webhook`, the packed package installed as a community package for all of them; the simulator (real rate limits) in the measuring process. Alerts are posted to the webhook process; a workflow is Webhook → Angel One (Get Quote, or Place Order with a tag derived from the alert). An order-updates trigger runs on main throughout.',
		'- Logins and 403s are the simulator\'s counts. "Placed exactly once": orders in the book per alert tag. Executions per worker: from the workers\' logs.',
		'- Slow broker: the simulator\'s `slow` fault holds the first placeOrder of each round for 4 s before the order enters the book, so the other delivery\'s fresh duplicate check finds nothing and both orders are placed; the twin check after placing must cancel the later one. Before the twin check (and with a 1.5 s hold), 3 of 4 such rounds in the cluster test left two live orders.',
		'- Time: each alert reads the order book twice (the duplicate check and the twin check), and Angel One allows one order-book read a second for the account, shared by every process; concurrent executions of a process share a read. That, not order pacing, sets the pace of a burst across workers.',
		'',
	].join('\n');
}

function writeSection(result: ClusterResult): void {
	const text = existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, 'utf8') : '';
	const start = text.indexOf(HEADING);
	const next = start < 0 ? -1 : text.indexOf('\n## ', start + HEADING.length);
	const before = start < 0 ? text.replace(/\n*$/, '\n\n') : text.slice(0, start);
	const after = next < 0 ? '' : text.slice(next + 1);
	writeFileSync(RESULTS_MD, `${before}${section(result)}${after ? `\n${after}` : ''}`);
}

async function main(): Promise<void> {
	if (process.argv.includes('--render')) {
		writeSection(JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as ClusterResult);
		console.log(`written ${RESULTS_MD}`);
		return;
	}
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
		const result: ClusterResult = { at: new Date().toISOString(), machine: describeMachine(), setupMs, session, paced, twins, slowTwins };
		writeFileSync(RESULTS_JSON, `${JSON.stringify(result, null, 1)}\n`);
		writeSection(result);
		console.log(`written ${RESULTS_JSON} and the "${HEADING.slice(3)}" section of ${RESULTS_MD}`);
	} finally {
		await cluster.close();
		await sink.close();
		await sim.close();
		rmSync(scratch, { recursive: true, force: true });
	}
}

// Stopped early: exit normally, so that the cluster's exit hooks stop n8n, Redis and PostgreSQL.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
