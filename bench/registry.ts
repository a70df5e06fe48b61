// The benchmarks `npm run bench` knows, in the order it runs them; each loads lazily in its own process.
import type { Benchmark } from './support/types';

export const BENCHMARKS = {
	decode: { about: 'tick decoding: ours vs the official SDK parser', load: async (): Promise<Benchmark> => await import('./decode') },
	trigger: { about: 'trigger pipeline: 5,000 ticks/s over 1,000 instruments', load: async (): Promise<Benchmark> => await import('./trigger') },
	sessions: { about: 'logins per 1,000 executions: shared session vs DIY login', load: async (): Promise<Benchmark> => await import('./sessions') },
	pacing: { about: '100 orders paced to 9/s vs fired at once', load: async (): Promise<Benchmark> => await import('./pacing') },
	instruments: { about: '200,000-row instrument master: load, memory, search', load: async (): Promise<Benchmark> => await import('./instruments') },
	alerts: { about: 'alert → order in a real n8n: ours vs DIY login vs bare placeOrder', load: async (): Promise<Benchmark> => await import('./alerts') },
	overhead: { about: 'Angel One node per-item overhead over plain fetch', load: async (): Promise<Benchmark> => await import('./overhead') },
} as const;

export type BenchmarkName = keyof typeof BENCHMARKS;

export function isBenchmarkName(name: string): name is BenchmarkName {
	return Object.prototype.hasOwnProperty.call(BENCHMARKS, name);
}
