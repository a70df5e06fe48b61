/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tool, never shipped: a process entry point that reports to its parent over IPC */
// Runs one benchmark in a fresh process (started by run.ts with --expose-gc), so module state, JIT warm-up and
// heap of one benchmark never leak into another, and reports its result to the parent.
import { BENCHMARKS, isBenchmarkName } from './registry';
import type { BenchOptions } from './support/types';

async function main(): Promise<void> {
	const name = process.argv[2] ?? '';
	if (!isBenchmarkName(name)) throw new Error(`unknown benchmark "${name}"`);
	const options = JSON.parse(process.argv[3] ?? '{}') as BenchOptions;
	const benchmark = await BENCHMARKS[name].load();
	const result = await benchmark.run(options);
	await new Promise<void>((resolve) => process.send?.({ type: 'result', result }, () => resolve()));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		process.send?.({ type: 'error', message }, () => process.exit(1));
	},
);
