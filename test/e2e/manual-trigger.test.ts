// "Execute step" on an Angel One Trigger in a real n8n, sent as the editor sends it (POST /rest/workflows/:id/run
// with the trigger as the destination node), while a published workflow already watches the same instrument on
// the same account: the shared feed hands the joining trigger its latest tick, which must become the step's
// output instead of failing with n8n's "Overwrite TriggerContext.emit function".
import { ANGEL_ONE_TRIGGER, chain, postTo } from './support/workflows';
import { ANGEL_CREDENTIAL, SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, startE2eWorld, type E2eWorld } from './support/world';

const WATCHER = 'e2eManualWatcher';
const EDITED = 'e2eManualEdited1';
const SBIN = '3045';

let world: E2eWorld;

function tickTrigger(name: string, emit: Record<string, unknown>): Record<string, unknown> & { name: string } {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-node`,
		name,
		type: ANGEL_ONE_TRIGGER,
		typeVersion: 1,
		position: [200, 300],
		parameters: {
			event: 'marketTicks',
			instruments: { instrument: [{ instrument: { __rl: true, mode: 'token', value: `NSE:${SBIN}` } }] },
			mode: 'ltp',
			...emit,
			options: { marketHours: false },
		},
		credentials: { angelOneSmartApi: ANGEL_CREDENTIAL },
	};
}

interface ExecutionAnswer {
	data: { id: string; status: string; finished?: boolean; data?: unknown };
}

beforeAll(async () => {
	// No ticks of its own: a packet reaches n8n only when the test sets a price, so the manual step can only be
	// answered by the feed's replay of the latest packet.
	world = await startE2eWorld('manual-trigger', { simulator: { tickIntervalMs: 0 } });
	world.sim.control.setPrice('NSE', SBIN, 812.35);
	const sink = world.sink.url;
	await world.home.importWorkflows([
		chain(WATCHER, 'E2E: a published workflow watching SBIN', [
			tickTrigger('SBIN ticks', { emit: 'everyTick' }),
			postTo('Post to sink', `${sink}/watcher`),
		]),
		chain(EDITED, 'E2E: the workflow open in the editor', [tickTrigger('SBIN in the editor', { emit: 'everyTick' })]),
	]);
	await world.home.publishWorkflow(WATCHER);
	const n8n = await world.start();
	await n8n.setupOwner();
	// The watcher has a live SBIN subscription and has seen a packet: the feed now holds SBIN's latest tick.
	await eventually(() => world.sink.requests.find((r) => r.path === '/watcher'), 'the watcher to receive a tick', 60_000);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await world?.close();
});

test(
	'"Execute step" on a trigger watching an instrument a published workflow watches returns the latest tick',
	async () => {
		const n8n = world.n8n!;
		const stored = await n8n.rest<{ data: { nodes: unknown[]; connections: unknown; name: string } }>('GET', `/workflows/${EDITED}`);
		expect(stored.status).toBe(200);
		// The editor's "Execute step" on a trigger: the saved workflow, the trigger as start and destination node.
		const started = await n8n.rest<{ data?: { executionId?: string }; message?: string }>('POST', `/workflows/${EDITED}/run`, {
			workflowData: { id: EDITED, ...stored.body.data },
			startNodes: [{ name: 'SBIN in the editor', sourceData: null }],
			destinationNode: { nodeName: 'SBIN in the editor', mode: 'inclusive' },
		});
		expect(started.status).toBe(200);
		const executionId = started.body.data?.executionId;
		expect(executionId).toBeDefined();
		const finished = await eventually(
			async () => {
				const answer = await n8n.rest<ExecutionAnswer>('GET', `/executions/${executionId}`);
				return answer.body.data && answer.body.data.status !== 'running' && answer.body.data.status !== 'new' ? answer.body.data : undefined;
			},
			'the manual execution to finish',
			60_000,
		);
		const text = JSON.stringify(finished.data);
		expect(text).not.toContain('Overwrite TriggerContext.emit function');
		expect(finished.status).toBe('success');
		expect(text).toContain('812.35');
		// The published workflow kept running beside it.
		const executions = await n8n.executions(WATCHER);
		expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
	},
	TEST_TIMEOUT_MS,
);
