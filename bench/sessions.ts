// Sessions: logins per 1,000 executions across two n8n processes sharing one credential, against the
// do-it-yourself pattern (TOTP + HTTP login in every run). Both run the same executions in the same way.

import type { WorkflowRun } from '../test/support/n8n/harness';
import { median, round } from './support/stats';
import type { BenchOptions, BenchResult } from './support/types';
import { startBenchWorld, type BenchWorld, type N8nProcess } from './support/world';

/** Executions in flight at once, spread over both processes (as two workers of a queue-mode n8n would). */
const CONCURRENCY = 4;
const BURST = 10;

type Pattern = 'ours' | 'diy';

interface Outcome {
	executions: number;
	logins: number;
	failed: number;
	executionMs: number[];
}

function nodeFor(world: BenchWorld, process: N8nProcess, pattern: Pattern): { type: string; parameters: Record<string, string> } {
	return pattern === 'ours'
		? { type: process.harness.typeName('angelOne'), parameters: { resource: 'account', operation: 'getProfile' } }
		: { type: process.harness.typeName('diyLogin'), parameters: { baseUrl: world.sim.baseUrl, ...world.sim.account } };
}

/** Runs `count` executions, execution i in process i mod 2, at most CONCURRENCY at a time. */
async function executions(world: BenchWorld, processes: N8nProcess[], pattern: Pattern, count: number, concurrency = CONCURRENCY): Promise<Outcome> {
	const loginsBefore = await world.logins();
	const executionMs: number[] = [];
	let failed = 0;
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < count) {
			const index = next++;
			const process = processes[index % processes.length];
			const start = performance.now();
			const result: WorkflowRun = await world.run(process, nodeFor(world, process, pattern));
			executionMs.push(performance.now() - start);
			if (result.status !== 'success') failed++;
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return { executions: count, logins: (await world.logins()) - loginsBefore, failed, executionMs };
}

/**
 * A fresh installation (simulator, empty credential, two processes) running `count` executions of one pattern;
 * `first` executions run alone before the rest start, `limits` switches the real rate limits (and our pacing) on.
 */
async function scenario(pattern: Pattern, count: number, options: { limits: boolean; first?: number }): Promise<Outcome> {
	const world = await startBenchWorld({ rateLimits: options.limits });
	try {
		// Without limits at the simulator, pacing would only measure itself (1,000 getProfile calls take 5.5 min at 3/s).
		const processes = [world.process({ pacing: options.limits }), world.process({ pacing: options.limits })];
		const first = options.first ?? 0;
		const head = first > 0 ? await executions(world, processes, pattern, first, 1) : undefined;
		const rest = await executions(world, processes, pattern, count - first);
		return {
			executions: count,
			logins: rest.logins + (head?.logins ?? 0),
			failed: rest.failed + (head?.failed ?? 0),
			executionMs: [...(head?.executionMs ?? []), ...rest.executionMs],
		};
	} finally {
		await world.close();
	}
}

export async function run(options: BenchOptions): Promise<BenchResult> {
	const count = options.quick ? 200 : 1000;
	const ours = await scenario('ours', count, { limits: false });
	const oursStaggered = await scenario('ours', count, { limits: false, first: 1 });
	const diy = await scenario('diy', count, { limits: false });
	for (const [name, outcome] of Object.entries({ ours, oursStaggered, diy })) {
		if (outcome.failed > 0) throw new Error(`${name}: ${outcome.failed} executions failed`);
	}
	const oursLimited = await scenario('ours', BURST, { limits: true });
	const diyLimited = await scenario('diy', BURST, { limits: true });
	const n = count.toLocaleString('en-US');

	return {
		title: 'Sessions',
		figures: [
			{
				label: `Logins in ${n} executions, two n8n processes, both starting cold at once`,
				value: ours.logins,
				unit: 'logins',
				digits: 0,
				goal: { op: '<=', target: 1, text: '1 per account per day' },
				alternatives: [{ label: 'DIY TOTP + HTTP login per run', value: diy.logins }],
			},
			{
				label: `Logins in ${n} executions, two n8n processes, one execution first`,
				value: oursStaggered.logins,
				unit: 'logins',
				digits: 0,
				goal: { op: '<=', target: 1, text: '1 per account per day' },
				alternatives: [{ label: 'DIY TOTP + HTTP login per run', value: diy.logins }],
			},
			{
				label: 'Median execution time (getProfile; the simulator answers a login at once)',
				value: round(median(ours.executionMs), 2),
				unit: 'ms',
				digits: 2,
				alternatives: [{ label: 'DIY TOTP + HTTP login per run', value: round(median(diy.executionMs), 2) }],
			},
			{
				label: `Failed executions in a burst of ${BURST} at the real limits (login 1/s, getProfile 3/s)`,
				value: oursLimited.failed,
				unit: 'failed',
				digits: 0,
				alternatives: [{ label: 'DIY TOTP + HTTP login per run', value: diyLimited.failed }],
			},
		],
		details: {
			executions: count,
			concurrency: CONCURRENCY,
			ours: { logins: ours.logins },
			oursOneExecutionFirst: { logins: oursStaggered.logins },
			diy: { logins: diy.logins },
			burstAtRealLimits: {
				ours: { failed: oursLimited.failed, logins: oursLimited.logins },
				diy: { failed: diyLimited.failed, logins: diyLimited.logins },
			},
		},
		notes: [
			`${n} executions of Manual Trigger → input → one node, alternating between two n8n processes (two harnesses over one credentials table in n8n-core's real engine; each process with its own copy of our modules, so nothing but the credentials table is shared), ${CONCURRENCY} in flight at a time, within one IST day, starting with no session in the credential. Logins are the simulator's count for the account. A fresh simulator and credential for every row.`,
			'Ours: the Angel One node, Account → Get Profile; the session is shared through the stored credential. DIY: a bench-local node doing what users build today with n8n\'s TOTP node and HTTP Request nodes: a TOTP code, loginByPassword, then getProfile with the fresh token, in every run.',
			'Execution time: on the local simulator a login costs one fast local round trip, so the DIY pattern loses little time here; against Angel One every login is a broker round trip with a TOTP check, in every execution.',
			'Cold at once: the first executions of both processes start together, each finds no session, and n8n takes no lock across processes, so each process logs in once. One execution first: the first execution stores the session before the others start.',
			`Simulator rate limits and our pacing are off for the ${n}-execution rows (1,000 getProfile calls take 5.5 minutes at the broker's 3/s). The burst row runs ${BURST} executions of each pattern the same way against the real limits (loginByPassword 1/s, getProfile 3/s), our pacing on.`,
			'The renewal at the IST day boundary (one more login per day) is covered by the test suite; a benchmark cannot show it without moving the wall clock.',
		],
	};
}
