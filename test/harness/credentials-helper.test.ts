/* The harness CredentialsHelper follows n8n's CLI CredentialsHelper where nodes can observe it: copies and defaults
 * on decrypt, both authenticate forms, and preAuthentication's exact run/persist rules. */
import { Workflow } from 'n8n-workflow';
import type { IHttpRequestHelper, IHttpRequestOptions, INode, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { buildAdditionalData, createCredentialStore, createN8nHarness } from '../support/n8n/harness';
import type { CredentialStore, N8nHarness } from '../support/n8n/harness';
import { HarnessApi } from './fixtures/harness-api-node';
import { HarnessSessionApi } from './fixtures/harness-session-credential';
import { HarnessSignedApi } from './fixtures/harness-signed-credential';

const SESSION = { id: '1', name: 'Session account' };

function nodeUsing(credentials?: INode['credentials']): INode {
	return {
		id: 'n1',
		name: 'Harness API',
		type: 'n8n-nodes-angelone.harnessApi',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials,
	};
}

/** An IHttpRequestHelper whose httpRequest answers a login with the next token and records each call. */
function loginHelper(calls: IHttpRequestOptions[]): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				return { token: `fresh-${calls.length}` };
			},
		},
	};
}

describe('n8n harness: CredentialsHelper', () => {
	let store: CredentialStore;
	let harness: N8nHarness;
	let additionalData: IWorkflowExecuteAdditionalData;

	beforeEach(() => {
		store = createCredentialStore([
			{ ...SESSION, type: 'harnessSessionApi', data: { baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p' } },
			{ id: '2', name: 'Signed account', type: 'harnessSignedApi', data: { apiKey: 'k-123' } },
		]);
		harness = createN8nHarness({
			nodeTypes: [new HarnessApi()],
			credentialTypes: [new HarnessSessionApi(), new HarnessSignedApi()],
			store,
		});
		additionalData = buildAdditionalData(harness.credentialsHelper, undefined, '1', 'wf');
	});

	it('hands out copies with property defaults applied, so a node cannot change the stored row', async () => {
		const decrypted = await harness.credentialsHelper.getDecrypted(
			additionalData,
			SESSION,
			'harnessSessionApi',
			'manual',
		);
		decrypted.password = 'tampered';

		expect(decrypted).toEqual({
			baseUrl: 'http://127.0.0.1:9',
			username: 'u',
			password: 'tampered',
			sessionToken: '',
			allowedHttpRequestDomains: 'all',
		});
		expect(store.get('1').data).toEqual({ baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p' });
	});

	it('applies a function-form authenticate as written by the credential type', async () => {
		const options = await harness.credentialsHelper.authenticate(
			{ apiKey: 'k-123', region: 'in' },
			'harnessSignedApi',
			{ url: 'http://x/y', qs: { a: 1 } },
		);

		expect(options).toEqual({ url: 'http://x/y', qs: { a: 1, region: 'in' }, headers: { 'x-api-key': 'k-123' } });
	});

	it('resolves generic authenticate templates with n8n expressions', async () => {
		const node = nodeUsing();
		const nodeType = new HarnessApi();
		const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

		const options = await harness.credentialsHelper.authenticate(
			{ sessionToken: 'abc' },
			'harnessSessionApi',
			{ url: 'http://x/y' },
			workflow,
			node,
		);

		expect(options.headers).toEqual({ Authorization: 'Bearer abc' });
	});

	it('skips preAuthentication while the expirable token is filled and the call is not forced', async () => {
		const calls: IHttpRequestOptions[] = [];

		const result = await harness.credentialsHelper.preAuthentication(
			loginHelper(calls),
			{ sessionToken: 'still-good' },
			'harnessSessionApi',
			nodeUsing({ harnessSessionApi: SESSION }),
			false,
		);

		expect(result).toBeUndefined();
		expect(calls).toHaveLength(0);
		expect(harness.stats).toMatchObject({ preAuthenticationChecks: 1, preAuthentications: 0 });
	});

	it('logs in when forced even with a token, persists the merged row and returns the merged credentials', async () => {
		const calls: IHttpRequestOptions[] = [];
		const credentials = { ...store.get('1').data, sessionToken: 'stale' };

		const result = await harness.credentialsHelper.preAuthentication(
			loginHelper(calls),
			credentials,
			'harnessSessionApi',
			nodeUsing({ harnessSessionApi: SESSION }),
			true,
		);

		expect(calls).toHaveLength(1);
		expect(result).toBe(credentials);
		expect(credentials.sessionToken).toBe('fresh-1');
		expect(store.get('1').data).toEqual({
			baseUrl: 'http://127.0.0.1:9',
			username: 'u',
			password: 'p',
			sessionToken: 'fresh-1',
		});
		expect(harness.stats).toMatchObject({ preAuthentications: 1, forcedPreAuthentications: 1, credentialUpdates: 1 });
	});

	it('logs in but neither persists nor returns anything when the node references no stored credential', async () => {
		const calls: IHttpRequestOptions[] = [];

		const result = await harness.credentialsHelper.preAuthentication(
			loginHelper(calls),
			{ sessionToken: '' },
			'harnessSessionApi',
			nodeUsing(undefined),
			false,
		);

		expect(calls).toHaveLength(1);
		expect(result).toBeUndefined();
		expect(store.writes).toEqual([]);
	});

	it('never runs preAuthentication for a credential type without a hidden expirable property', async () => {
		const calls: IHttpRequestOptions[] = [];

		const result = await harness.credentialsHelper.preAuthentication(
			loginHelper(calls),
			{ apiKey: 'k' },
			'harnessSignedApi',
			nodeUsing({ harnessSignedApi: { id: '2', name: 'Signed account' } }),
			true,
		);

		expect(result).toBeUndefined();
		expect(calls).toHaveLength(0);
	});
});
