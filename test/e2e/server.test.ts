/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- end-to-end test, never shipped */
// `n8n start` with the package installed as a community package: the owner account is created over REST,
// published workflows are activated at start-up (and one more while n8n runs), and their executions reach a
// local HTTP sink through n8n's own HTTP Request node. Stopping n8n leaves no process behind.
import { angelNode, chain, postTo, scheduleTrigger, webhookTrigger } from './support/workflows';
import { SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, startE2eWorld, timings, type E2eWorld } from './support/world';

const SCHEDULED = 'e2eSrvSchedule01';
const WEBHOOK = 'e2eSrvWebhook001';
const LATE = 'e2eSrvActivated1';

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('server');
	const sink = world.sink.url;
	await world.home.importWorkflows([
		chain(SCHEDULED, 'E2E: scheduled profile to sink', [
			scheduleTrigger(2),
			angelNode('Angel One', { resource: 'account', operation: 'getProfile' }),
			postTo('Post to sink', `${sink}/scheduled`),
		]),
		chain(WEBHOOK, 'E2E: webhook profile', [
			webhookTrigger('e2e-profile'),
			angelNode('Angel One', { resource: 'account', operation: 'getProfile' }),
			postTo('Post to sink', `${sink}/webhook`, [680, 300], '={{ JSON.stringify({ profile: $json, signal: $("Webhook").item.json.body }) }}'),
		]),
		chain(LATE, 'E2E: activated while running', [
			scheduleTrigger(1, 'Every second'),
			postTo('Post to sink', `${sink}/late`, [440, 300], '={{ JSON.stringify({ at: $json.timestamp }) }}'),
		]),
	]);
	await world.home.publishWorkflow(SCHEDULED);
	await world.home.publishWorkflow(WEBHOOK);
	const started = Date.now();
	const n8n = await world.start();
	timings.serverStartMs = Date.now() - started;
	await n8n.setupOwner();
	await n8n.waitForWebhook('e2e-profile');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await world?.close();
	console.log(`e2e server timings: ${JSON.stringify(timings)}`);
});

test(
	'a published Schedule Trigger workflow runs Angel One and posts to the sink',
	async () => {
		const [first, second] = await world.sink.waitForCount((r) => r.path === '/scheduled', 2, { timeoutMs: 30_000, what: 'scheduled posts' });
		expect(first.method).toBe('POST');
		expect(first.body).toMatchObject({ clientCode: world.sim.account.clientCode });
		expect(second.at).toBeGreaterThan(first.at);
		// n8n stores an execution when it has finished, a moment after its last node posted.
		const executions = await eventually(async () => {
			const list = await world.n8n!.executions(SCHEDULED);
			return list.filter((e) => e.status === 'success').length >= 2 ? list : undefined;
		}, 'two successful scheduled executions in n8n');
		expect(executions.every((e) => e.mode === 'trigger')).toBe(true);
	},
	TEST_TIMEOUT_MS,
);

test(
	'a published Webhook workflow answers with the Angel One output and posts it on',
	async () => {
		const response = await fetch(`${world.n8n!.url}/webhook/e2e-profile`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ hello: 'from the test' }),
			signal: AbortSignal.timeout(30_000),
		});
		expect(response.status).toBe(200);
		const posted = await world.sink.waitFor((r) => r.path === '/webhook', { timeoutMs: 15_000 });
		expect(posted.body).toMatchObject({
			profile: { clientCode: world.sim.account.clientCode },
			signal: { hello: 'from the test' },
		});
	},
	TEST_TIMEOUT_MS,
);

test(
	'a workflow activated over REST while n8n runs starts firing, and stops when deactivated',
	async () => {
		expect(world.sink.requests.some((r) => r.path === '/late')).toBe(false);
		await world.n8n!.activateWorkflow(LATE);
		await world.sink.waitForCount((r) => r.path === '/late', 2, { timeoutMs: 20_000, what: 'posts of the late workflow' });
		await world.n8n!.deactivateWorkflow(LATE);
		// Let an execution that was already running finish, then nothing more may arrive.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const count = world.sink.requests.filter((r) => r.path === '/late').length;
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(world.sink.requests.filter((r) => r.path === '/late').length).toBe(count);
	},
	TEST_TIMEOUT_MS,
);

test(
	'stopping n8n ends it and its task runners within the grace period',
	async () => {
		const n8n = world.n8n!;
		const started = Date.now();
		await n8n.stop();
		expect(Date.now() - started).toBeLessThan(20_000);
		expect(await n8n.exited).not.toBeUndefined();
		// No process of its group is left.
		expect(() => process.kill(-n8n.pid, 0)).toThrow();
		const afterStop = world.sink.requests.length;
		await new Promise((resolve) => setTimeout(resolve, 2500));
		expect(world.sink.requests.length).toBe(afterStop);
	},
	TEST_TIMEOUT_MS,
);
