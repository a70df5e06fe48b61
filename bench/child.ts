/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tool, never shipped: a process entry point that reports to its parent over IPC */
// Runs one benchmark in a fresh process (started by run.ts with --expose-gc), so module state, JIT warm-up and
// heap of one benchmark never leak into another, and reports its result to the parent. By hand, for profiling:
// node --expose-gc [--cpu-prof] build/bench/child.js <name> '{"quick":true}' prints the result instead.
import { BENCHMARKS, isBenchmarkName } from './registry';
import type { BenchOptions } from './support/types';

async function main(): Promise<void> {
	const name = process.argv[2] ?? '';
	if (!isBenchmarkName(name)) throw new Error(`unknown benchmark "${name}"`);
	const options = JSON.parse(process.argv[3] ?? '{}') as BenchOptions;
	const benchmark = await BENCHMARKS[name].load();
	const result = await benchmark.run(options);
	// Started by run.ts: the result goes back over IPC. Started by hand: it is printed.
	if (process.send === undefined) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	else await new Promise<void>((resolve) => process.send?.({ type: 'result', result }, () => resolve()));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		if (process.send === undefined) {
			process.stderr.write(`${message}\n`);
			process.exit(1);
		}
		process.send({ type: 'error', message }, () => process.exit(1));
	},
);
