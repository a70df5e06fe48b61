/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- end-to-end test, never shipped */
// A demo restart keeps what the user changed: the passphrase the TradingView template tells you to change stays
// changed, because only missing workflows are imported; DEMO_FRESH=1 (fresh) starts over from the shipped ones.
import * as path from 'node:path';

import { startDemo, templateId, type DemoHandle } from '../../scripts/demo';
import { freePort } from '../../scripts/n8n-instance';
import { OUTPUT_ROOT, SETUP_TIMEOUT_MS, removeStaleFolders, sharedInstallation } from './support/world';

const TRADINGVIEW = templateId('tradingview-alert-to-order.json');
const SHIPPED = 'change-me-to-a-long-random-phrase';
const MINE = 'my-own-long-random-passphrase-42';

interface StoredWorkflow {
	versionId: string;
	nodes: Array<{ name: string; parameters: Record<string, unknown> }>;
	[key: string]: unknown;
}

const userFolder = path.join(OUTPUT_ROOT, `demo-restart-${process.pid}`);
let demo: DemoHandle | undefined;
const printed: string[] = [];

async function start(fresh: boolean): Promise<DemoHandle> {
	printed.length = 0;
	demo = await startDemo({
		n8nPort: await freePort(),
		simPort: await freePort(),
		sinkPort: await freePort(),
		userFolder,
		fresh,
		log: (line) => printed.push(line),
	});
	return demo;
}

async function stored(handle: DemoHandle): Promise<StoredWorkflow> {
	const answer = await handle.n8n.rest<{ data: StoredWorkflow }>('GET', `/workflows/${TRADINGVIEW}`);
	expect(answer.status).toBe(200);
	return answer.body.data;
}

function passphraseOf(workflow: StoredWorkflow): string {
	return JSON.stringify(workflow.nodes.find((n) => n.name === 'Passphrase matches?')!.parameters).includes(MINE) ? MINE : SHIPPED;
}

beforeAll(async () => {
	await sharedInstallation();
	removeStaleFolders(OUTPUT_ROOT);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await demo?.stop();
});

test(
	'a restart keeps an edited template, and a fresh start brings back the shipped one',
	async () => {
		const first = await start(true);
		const workflow = await stored(first);
		expect(passphraseOf(workflow)).toBe(SHIPPED);
		const edited = JSON.parse(JSON.stringify(workflow).split(SHIPPED).join(MINE)) as StoredWorkflow;
		const saved = await first.n8n.rest('PATCH', `/workflows/${TRADINGVIEW}`, { nodes: edited.nodes, versionId: workflow.versionId });
		expect(saved.status).toBe(200);
		expect(passphraseOf(await stored(first))).toBe(MINE);
		await first.stop();

		const second = await start(false);
		expect(passphraseOf(await stored(second))).toBe(MINE);
		expect(printed.some((line) => /kept \d+ workflow\(s\) from the last run/.test(line))).toBe(true);
		await second.stop();

		const third = await start(true);
		expect(passphraseOf(await stored(third))).toBe(SHIPPED);
		await third.stop();
		demo = undefined;
	},
	SETUP_TIMEOUT_MS,
);
