// Action node overhead: the same endpoint (getProfile) called per item with plain fetch, through a minimal
// n8n node using n8n's own authenticated request helper, and through the Angel One node, all in n8n-core's engine
// except fetch. Node minus fetch is the overhead; node minus the minimal node is the part that is ours.

import { requestHeaders } from '../nodes/AngelOne/transport/headers';
import { median, round } from './support/stats';
import type { BenchOptions, BenchResult } from './support/types';
import { CREDENTIAL_ID, startBenchWorld } from './support/world';

export async function run(options: BenchOptions): Promise<BenchResult> {
	const items = options.quick ? 300 : 1000;
	const rounds = options.quick ? 3 : 5;
	const world = await startBenchWorld({ rateLimits: false });
	// What is measured is the code path, not the broker's limits: both are off.
	const n8n = world.process({ pacing: false });
	try {
		const url = `${world.sim.baseUrl}/rest/secure/angelbroking/user/v1/getProfile`;
		const angelOne = { type: n8n.harness.typeName('angelOne'), parameters: { resource: 'account', operation: 'getProfile' } };
		const minimal = { type: n8n.harness.typeName('authenticatedCall'), parameters: { url } };
		const input = Array.from({ length: items }, () => ({}));
		const viaWorkflow = (node: { type: string; parameters: Record<string, string> }) => async (count: number): Promise<number> => {
			const started = performance.now();
			const result = await world.run(n8n, node, input.slice(0, count));
			const ms = performance.now() - started;
			if (result.status !== 'success' || result.outputOf('Node').length !== count) throw new Error(`${node.type} failed`);
			return ms;
		};
		const viaNode = viaWorkflow(angelOne);
		const viaMinimal = viaWorkflow(minimal);
		// The first run logs in and stores the session; every path then uses that same session.
		await viaNode(1);
		const credentials = world.store.get(CREDENTIAL_ID).data;
		const headers = { ...requestHeaders(credentials), Authorization: `Bearer ${String(credentials.jwtToken)}` };
		const viaFetch = async (count: number): Promise<number> => {
			const started = performance.now();
			for (let i = 0; i < count; i++) {
				const response = await fetch(url, { headers });
				const body = (await response.json()) as { status?: boolean };
				if (body.status !== true) throw new Error('plain fetch getProfile failed');
			}
			return performance.now() - started;
		};

		const paths: Array<[name: 'fetch' | 'minimal' | 'node', measure: (count: number) => Promise<number>]> = [
			['fetch', viaFetch],
			['minimal', viaMinimal],
			['node', viaNode],
		];
		const perItem: Record<'fetch' | 'minimal' | 'node', number[]> = { fetch: [], minimal: [], node: [] };
		for (const [, measure] of paths) await measure(200);
		// Each round runs the three paths in a rotated order, so none always runs first or right after another.
		for (let r = 0; r < rounds; r++) {
			for (let k = 0; k < paths.length; k++) {
				const [name, measure] = paths[(r + k) % paths.length];
				perItem[name].push((await measure(items)) / items);
			}
		}
		const fetchMs = median(perItem.fetch);
		const minimalMs = median(perItem.minimal);
		const nodeMs = median(perItem.node);
		// Differences are taken within each round, where the paths ran close together, and their median reported.
		const overheadMs = median(perItem.node.map((ms, r) => ms - perItem.fetch[r]));
		const oursMs = median(perItem.node.map((ms, r) => ms - perItem.minimal[r]));
		return {
			title: 'Action node overhead',
			figures: [
				{ label: 'Overhead per item: Angel One node over plain fetch', value: round(overheadMs, 3), unit: 'ms', digits: 3, goal: { op: '<', target: 1, text: '< 1 ms' } },
				{ label: 'of which ours: Angel One node over a minimal n8n node (around 0 = within noise)', value: round(oursMs, 3), unit: 'ms', digits: 3 },
				{
					label: 'Time per item through the Angel One node (getProfile)',
					value: round(nodeMs, 3),
					unit: 'ms',
					digits: 3,
					alternatives: [
						{ label: 'plain fetch', value: round(fetchMs, 3) },
						{ label: 'minimal n8n node (httpRequestWithAuthentication)', value: round(minimalMs, 3) },
					],
				},
			],
			details: {
				items,
				rounds,
				perItemMs: Object.fromEntries(Object.entries(perItem).map(([name, values]) => [name, values.map((v) => round(v, 4))])),
			},
			notes: [
				`${items.toLocaleString('en-US')} items, one getProfile each, sequential on every path, against the simulator in its own process (rate limits off; our pacing off), all with the same session. Plain fetch: Node's fetch with the same headers, parsing the JSON. Minimal n8n node: a bench-local node calling n8n's httpRequestWithAuthentication with our credential and nothing else. Angel One node: Account → Get Profile. Both nodes run as Manual Trigger → input → node in n8n-core's WorkflowExecute; whole-workflow time divided by the items.`,
				`${rounds} rounds, the three paths in a rotated order in each, after a warm-up of 200 items each; per-item times are medians over the rounds, differences are medians of the per-round differences. The overhead over fetch includes n8n's own per-item work (parameters, credential decryption, the authenticate expressions, its HTTP client); the minimal node carries all of that, so the second row is what our node and transport add on top.`,
			],
		};
	} finally {
		await world.close();
	}
}
