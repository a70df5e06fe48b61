/* The harness runs nodes through n8n-core's real WorkflowExecute and request helpers: session login via
 * preAuthentication, persistence in the shared store, 401 retry, and forced renewal via credentialsDecrypted. */
import { createCredentialStore, createN8nHarness, singleNodeWorkflow } from '../support/n8n/harness';
import type { CredentialStore, N8nHarness } from '../support/n8n/harness';
import { HarnessApi } from './fixtures/harness-api-node';
import { HarnessSessionApi } from './fixtures/harness-session-credential';
import { VALID_USER, startSessionServer } from './fixtures/session-server';
import type { SessionServer } from './fixtures/session-server';

const CREDENTIAL = { id: '1', name: 'Harness account' };

function newHarness(store: CredentialStore): N8nHarness {
	return createN8nHarness({
		nodeTypes: [new HarnessApi()],
		credentialTypes: [new HarnessSessionApi()],
		store,
		packageName: 'n8n-nodes-harness-fixtures',
	});
}

function apiWorkflow(harness: N8nHarness, parameters: Record<string, boolean | string> = {}) {
	return singleNodeWorkflow({
		type: harness.typeName('harnessApi'),
		name: 'Harness API',
		parameters,
		credentials: { harnessSessionApi: CREDENTIAL },
	});
}

describe('n8n harness: session credentials through n8n-core', () => {
	let server: SessionServer;
	let store: CredentialStore;

	beforeEach(async () => {
		server = await startSessionServer();
		store = createCredentialStore([
			{ ...CREDENTIAL, type: 'harnessSessionApi', data: { baseUrl: server.url, ...VALID_USER } },
		]);
	});

	afterEach(async () => {
		await server.close();
	});

	it('logs in once on the first run and persists the session token', async () => {
		const harness = newHarness(store);

		const run = await harness.runWorkflow(apiWorkflow(harness));

		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		expect(run.executionOrder).toEqual(['Manual Trigger', 'Fixture Input', 'Harness API']);
		expect(run.outputOf('Harness API').map((item) => item.json)).toEqual([
			{ ok: true, token: 'token-1', item: '0' },
		]);
		expect(server.logins).toBe(1);
		expect(server.dataRequests[0].authorization).toBe('Bearer token-1');
		expect(store.get('1').data).toEqual({ baseUrl: server.url, ...VALID_USER, sessionToken: 'token-1' });
		expect(harness.stats).toMatchObject({ preAuthentications: 1, forcedPreAuthentications: 0, credentialUpdates: 1 });
	});

	it('reuses the persisted token on a second run instead of logging in again', async () => {
		const harness = newHarness(store);
		await harness.runWorkflow(apiWorkflow(harness));
		harness.resetStats();

		const run = await harness.runWorkflow(apiWorkflow(harness));

		expect(run.outputOf('Harness API')[0].json.token).toBe('token-1');
		expect(server.logins).toBe(1);
		expect(harness.stats).toMatchObject({ preAuthenticationChecks: 1, preAuthentications: 0, credentialUpdates: 0 });
	});

	it('lets a second harness over the same store (another n8n process) use the token without logging in', async () => {
		const main = newHarness(store);
		const worker = newHarness(store);
		await main.runWorkflow(apiWorkflow(main));

		const run = await worker.runWorkflow(apiWorkflow(worker));

		expect(run.outputOf('Harness API')[0].json.token).toBe('token-1');
		expect(server.logins).toBe(1);
		expect(worker.stats.preAuthentications).toBe(0);
		expect(main.stats.preAuthentications).toBe(1);
	});

	it('takes no lock: two processes that start with an empty token both log in, and the last write wins', async () => {
		const main = newHarness(store);
		const worker = newHarness(store);
		server.holdLogins(2);

		const runs = await Promise.all([main.runWorkflow(apiWorkflow(main)), worker.runWorkflow(apiWorkflow(worker))]);

		expect(server.logins).toBe(2);
		expect(runs.map((run) => run.status)).toEqual(['success', 'success']);
		const written = store.writes.map((write) => write.data.sessionToken);
		expect([...written].sort()).toEqual(['token-1', 'token-2']);
		expect(store.get('1').data.sessionToken).toBe(written[written.length - 1]);
	});

	it('re-runs preAuthentication once and retries once when the server answers 401', async () => {
		const harness = newHarness(store);
		await harness.runWorkflow(apiWorkflow(harness));
		server.invalidateTokens();
		harness.resetStats();

		const run = await harness.runWorkflow(apiWorkflow(harness));

		expect(run.error).toBeUndefined();
		expect(run.outputOf('Harness API')[0].json).toEqual({ ok: true, token: 'token-2', item: '0' });
		expect(server.logins).toBe(2);
		expect(server.dataRequests.slice(1).map((request) => request.authorization)).toEqual([
			'Bearer token-1',
			'Bearer token-2',
		]);
		expect(harness.stats).toMatchObject({ preAuthentications: 1, forcedPreAuthentications: 1, credentialUpdates: 1 });
		expect(store.get('1').data.sessionToken).toBe('token-2');
	});

	it('gives up after one retry and fails the node with NodeApiError when 401 persists after re-login', async () => {
		const harness = newHarness(store);
		server.rejectAllTokens = true;

		const run = await harness.runWorkflow(apiWorkflow(harness));

		expect(run.status).toBe('error');
		// n8n keeps errors in run data as plain serialized objects, as they are stored in the database.
		expect(run.errorOf('Harness API')).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(run.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(server.dataRequests).toHaveLength(2);
		// One login for the empty token, one forced by the 401; the retry's 401 is final.
		expect(server.logins).toBe(2);
	});

	it('does not renew on an HTTP 200 "token expired" body by itself (n8n only retries on status codes)', async () => {
		const harness = newHarness(store);
		await harness.runWorkflow(apiWorkflow(harness));
		server.invalidateTokens();
		server.expiryStyle = 'body';

		const run = await harness.runWorkflow(apiWorkflow(harness, { renewOnBodyExpiry: false }));

		expect(run.outputOf('Harness API')[0].json).toEqual({ error: 'token expired' });
		expect(server.logins).toBe(1);
	});

	it('renews and persists the token when the node retries with credentialsDecrypted and an empty session token', async () => {
		const harness = newHarness(store);
		await harness.runWorkflow(apiWorkflow(harness));
		server.invalidateTokens();
		server.expiryStyle = 'body';
		harness.resetStats();

		const run = await harness.runWorkflow(apiWorkflow(harness, { renewOnBodyExpiry: true }));

		expect(run.outputOf('Harness API')[0].json).toEqual({ ok: true, token: 'token-2', item: '0' });
		expect(server.logins).toBe(2);
		expect(harness.stats).toMatchObject({ preAuthentications: 1, forcedPreAuthentications: 0, credentialUpdates: 1 });
		expect(store.get('1').data.sessionToken).toBe('token-2');

		const next = await newHarness(store).runWorkflow(apiWorkflow(harness));
		expect(next.outputOf('Harness API')[0].json.token).toBe('token-2');
		expect(server.logins).toBe(2);
	});
});

describe('n8n harness: testing a stored credential like the credential dialog does', () => {
	let server: SessionServer;

	beforeEach(async () => {
		server = await startSessionServer();
	});

	afterEach(async () => {
		await server.close();
	});

	function storeWith(password: string): CredentialStore {
		return createCredentialStore([
			{ ...CREDENTIAL, type: 'harnessSessionApi', data: { baseUrl: server.url, username: VALID_USER.username, password } },
		]);
	}

	it('logs in, runs the test request with the new token and persists the token', async () => {
		const harness = newHarness(storeWith(VALID_USER.password));

		const result = await harness.testCredential('1');

		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(server.logins).toBe(1);
		expect(server.dataRequests.map((request) => request.authorization)).toEqual(['Bearer token-1']);
		expect(harness.store.get('1').data.sessionToken).toBe('token-1');
	});

	it('reports a refused login as an error result instead of throwing', async () => {
		const harness = newHarness(storeWith('wrong'));

		const result = await harness.testCredential('1');

		// The login's HTTP 403 surfaces with its status text, as in n8n's dialog.
		expect(result).toEqual({ status: 'Error', message: 'Forbidden' });
		expect(server.dataRequests).toEqual([]);
		expect(harness.store.get('1').data.sessionToken).toBeUndefined();
	});

	it('reports a test request that stays unauthorized after the forced re-login', async () => {
		const harness = newHarness(storeWith(VALID_USER.password));
		server.rejectAllTokens = true;

		const result = await harness.testCredential('1');

		expect(result).toEqual({ status: 'Error', message: 'Unauthorized' });
		expect(server.dataRequests).toHaveLength(2);
		expect(server.logins).toBe(2);
	});
});
