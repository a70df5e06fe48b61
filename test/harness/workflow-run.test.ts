/* runWorkflow semantics that nodes rely on: item fan-out through Fixture Input, pairedItem, continueOnFail,
 * execution errors, exported workflow JSON, and the harness's guard rails. */
import {
	FIXTURE_INPUT_TYPE,
	MANUAL_TRIGGER_TYPE,
	NO_OP_TYPE,
	createCredentialStore,
	createN8nHarness,
	singleNodeWorkflow,
} from '../support/n8n/harness';
import type { N8nHarness, WorkflowInput } from '../support/n8n/harness';
import { HarnessApi } from './fixtures/harness-api-node';
import { HarnessSessionApi } from './fixtures/harness-session-credential';
import { VALID_USER, startSessionServer } from './fixtures/session-server';
import type { SessionServer } from './fixtures/session-server';

const CREDENTIALS = { harnessSessionApi: { id: '1', name: 'Harness account' } };

/** Manual Trigger → Fixture Input → Harness API → No Operation, in the JSON shape n8n exports. */
function exportedWorkflow(harness: N8nHarness, continueOnFail: boolean): WorkflowInput {
	return {
		id: 'wf-1',
		name: 'Harness export',
		nodes: [
			{ id: 'a1', name: 'When clicking ‘Execute workflow’', type: MANUAL_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'a2', name: 'Items', type: FIXTURE_INPUT_TYPE, typeVersion: 1, position: [200, 0], parameters: {} },
			{
				id: 'a3',
				name: 'Harness API',
				type: harness.typeName('harnessApi'),
				typeVersion: 1,
				position: [400, 0],
				parameters: { path: '/data' },
				credentials: CREDENTIALS,
				continueOnFail,
			},
			{ id: 'a4', name: 'Done', type: NO_OP_TYPE, typeVersion: 1, position: [600, 0], parameters: {} },
		],
		connections: {
			'When clicking ‘Execute workflow’': { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Harness API', type: 'main', index: 0 }]] },
			'Harness API': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
	};
}

describe('n8n harness: running workflows', () => {
	let server: SessionServer;
	let harness: N8nHarness;

	beforeEach(async () => {
		server = await startSessionServer();
		harness = createN8nHarness({
			nodeTypes: [new HarnessApi()],
			credentialTypes: [new HarnessSessionApi()],
			store: createCredentialStore([
				{ id: '1', name: 'Harness account', type: 'harnessSessionApi', data: { baseUrl: server.url, ...VALID_USER } },
			]),
		});
	});

	afterEach(async () => {
		await server.close();
	});

	it('feeds every input item to the node and pairs each output with its input', async () => {
		const run = await harness.runWorkflow(exportedWorkflow(harness, false), {
			inputItems: [{ n: 1 }, { n: 2 }, { n: 3 }],
		});

		expect(run.outputOf('Items')).toEqual([
			{ json: { n: 1 }, pairedItem: { item: 0 } },
			{ json: { n: 2 }, pairedItem: { item: 0 } },
			{ json: { n: 3 }, pairedItem: { item: 0 } },
		]);
		expect(run.outputOf('Harness API').map((item) => [item.json.item, item.pairedItem])).toEqual([
			['0', { item: 0 }],
			['1', { item: 1 }],
			['2', { item: 2 }],
		]);
		expect(run.outputOf('Done')).toHaveLength(3);
		expect(run.executionOrder).toEqual(['When clicking ‘Execute workflow’', 'Items', 'Harness API', 'Done']);
		// One login for the whole run: the first item's login is persisted and reused by the next items.
		expect(server.logins).toBe(1);
	});

	it('keeps going with an error item when continueOnFail is set', async () => {
		const run = await harness.runWorkflow(exportedWorkflow(harness, true), {
			inputItems: [{}, { fail: true }, {}],
		});

		expect(run.status).toBe('success');
		const output = run.outputOf('Harness API');
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[1].json.error).toEqual(expect.stringContaining('The service was not able to process your request'));
		expect(output[0].json.ok).toBe(true);
		expect(output[2].json.ok).toBe(true);
		expect(run.ran('Done')).toBe(true);
	});

	it('stops the execution at the failing node without continueOnFail', async () => {
		const run = await harness.runWorkflow(exportedWorkflow(harness, false), {
			inputItems: [{}, { fail: true }],
		});

		expect(run.status).toBe('error');
		expect(run.errorOf('Harness API')).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '500' });
		expect(run.ran('Done')).toBe(false);
		expect(() => run.outputOf('Done')).toThrow('Node "Done" has no run #0');
	});

	it('fails the node when its credential is not in the store', async () => {
		const workflow = singleNodeWorkflow({
			type: harness.typeName('harnessApi'),
			credentials: { harnessSessionApi: { id: '404', name: 'Gone' } },
		});

		const run = await harness.runWorkflow(workflow);

		expect(run.status).toBe('error');
		expect(run.errorOf('Node')?.message).toContain('Credential with ID "404" does not exist for type "harnessSessionApi"');
	});

	it('does not mutate the workflow definition it is given', async () => {
		const workflow = exportedWorkflow(harness, false);
		const before = JSON.stringify(workflow);

		await harness.runWorkflow(workflow, { inputItems: [{}] });

		expect(JSON.stringify(workflow)).toBe(before);
	});

	it('refuses inputItems for a workflow without a Fixture Input node', async () => {
		const workflow: WorkflowInput = {
			nodes: [{ name: 'Start', type: MANUAL_TRIGGER_TYPE }],
			connections: {},
		};

		await expect(harness.runWorkflow(workflow, { inputItems: [{}] })).rejects.toThrow(
			`inputItems needs a "${FIXTURE_INPUT_TYPE}" node in the workflow`,
		);
	});

	it('registers our node types under the package prefix next to the built-ins', () => {
		expect(harness.nodeTypeNames).toEqual([
			'n8n-nodes-base.manualTrigger',
			'n8n-nodes-base.noOp',
			'n8n-nodes-base.httpRequest',
			'n8n-nodes-harness.fixtureInput',
			'n8n-nodes-angelone.harnessApi',
		]);
	});
});
