/* activateTrigger runs a trigger node through n8n-core's TriggersAndPollers + TriggerContext: emits, emitError,
 * saveFailedExecution, static data, logging and close, in both active ('trigger') and manual modes. */
import {
	NO_OP_TYPE,
	capturedLogs,
	clearCapturedLogs,
	createCredentialStore,
	createN8nHarness,
} from '../support/n8n/harness';
import type { N8nHarness } from '../support/n8n/harness';
import { HarnessSessionApi } from './fixtures/harness-session-credential';
import { HarnessTickerTrigger } from './fixtures/harness-ticker-trigger';
import { VALID_USER, startSessionServer } from './fixtures/session-server';
import type { SessionServer } from './fixtures/session-server';

const CREDENTIALS = { harnessSessionApi: { id: '7', name: 'Ticker account' } };

describe('n8n harness: trigger activation', () => {
	let server: SessionServer;
	let harness: N8nHarness;
	let tickerType: string;

	beforeEach(async () => {
		server = await startSessionServer();
		const store = createCredentialStore([
			{ id: '7', name: 'Ticker account', type: 'harnessSessionApi', data: { baseUrl: server.url, ...VALID_USER } },
		]);
		harness = createN8nHarness({
			nodeTypes: [new HarnessTickerTrigger()],
			credentialTypes: [new HarnessSessionApi()],
			store,
		});
		tickerType = harness.typeName('harnessTickerTrigger');
		clearCapturedLogs();
	});

	afterEach(async () => {
		await server.close();
	});

	it('captures both emissions of an active trigger and closes it once', async () => {
		const trigger = await harness.activateTrigger(tickerType, { label: 'nifty' }, { credentials: CREDENTIALS });

		const emits = await trigger.waitForEmits(2);
		await trigger.close();
		await trigger.close();

		expect(emits.map((emit) => emit.data)).toEqual([
			[[{ json: { label: 'nifty', tick: 1, token: 'token-1' } }]],
			[[{ json: { label: 'nifty', tick: 2, token: 'token-1' } }]],
		]);
		expect(trigger.errors).toEqual([]);
		expect(trigger.closeCount).toBe(1);
		// n8n keys node-scoped static data as 'node:<node name>'.
		expect(trigger.staticData).toEqual({ 'node:Trigger': { lastTick: 2 } });
		expect(harness.store.get('7').data.sessionToken).toBe('token-1');
		expect(capturedLogs().map((log) => [log.level, log.message])).toEqual([
			['info', 'Harness ticker started'],
			['info', 'Harness ticker closed'],
		]);
		expect(capturedLogs()[0].meta).toEqual({ mode: 'trigger' });
	});

	it('resolves a manual test run with the first emission and closes the trigger afterwards', async () => {
		const trigger = await harness.activateTrigger(tickerType, { label: 'test' }, { mode: 'manual', credentials: CREDENTIALS });
		expect(trigger.emits).toHaveLength(0);
		expect(trigger.manualTriggerFunction).toBeInstanceOf(Function);

		const firstEmission = await trigger.runManualTest();

		expect(firstEmission).toEqual([[{ json: { label: 'test', tick: 1, token: 'token-1' } }]]);
		expect(trigger.emits).toHaveLength(2);
		expect(trigger.closeCount).toBe(1);
	});

	it('records saveFailedExecution without deactivating the trigger', async () => {
		const trigger = await harness.activateTrigger(
			tickerType,
			{ failSecondTick: true },
			{ credentials: CREDENTIALS },
		);

		const failed = await trigger.waitForFailed(1);

		expect(failed[0].message).toBe('tick 2 could not be parsed');
		expect(trigger.emits).toHaveLength(1);
		expect(trigger.errors).toEqual([]);
		expect(trigger.closeCount).toBe(0);
		await trigger.close();
	});

	it('closes an active trigger that reports a fatal error through emitError, as n8n deactivates it', async () => {
		server.rejectAllTokens = true;
		const trigger = await harness.activateTrigger(tickerType, {}, { credentials: CREDENTIALS });

		const errors = await trigger.waitForErrors(1);
		await trigger.close();

		expect(errors[0]).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(trigger.emits).toEqual([]);
		expect(trigger.closeCount).toBe(1);
	});

	it('rejects a manual test run when the trigger calls emitError', async () => {
		server.rejectAllTokens = true;
		const trigger = await harness.activateTrigger(tickerType, {}, { mode: 'manual', credentials: CREDENTIALS });

		await expect(trigger.runManualTest()).rejects.toMatchObject({ httpCode: '401' });
		expect(trigger.closeCount).toBe(1);
	});

	it('times out waiting for emissions that never come', async () => {
		server.rejectAllTokens = true;
		const trigger = await harness.activateTrigger(tickerType, {}, { credentials: CREDENTIALS });

		await expect(trigger.waitForEmits(1, 50)).rejects.toThrow('Trigger emitted 0 of 1 expected times within 50 ms');
		await trigger.close();
	});

	it('starts a manual workflow run from the trigger with its first emission and closes it when the run ends', async () => {
		const run = await harness.runWorkflow({
			nodes: [
				{ name: 'Ticker', type: tickerType, parameters: { label: 'wf' }, credentials: CREDENTIALS },
				{ name: 'Done', type: NO_OP_TYPE },
			],
			connections: { Ticker: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		});

		expect(run.status).toBe('success');
		// WorkflowExecute pairs trigger output to its (implicit) start item, as in n8n.
		expect(run.outputOf('Ticker')).toEqual([
			{ json: { label: 'wf', tick: 1, token: 'token-1' }, pairedItem: { item: 0 } },
		]);
		expect(run.outputOf('Done')).toHaveLength(1);
		expect(capturedLogs().map((log) => log.message)).toContain('Harness ticker closed');
	});
});
