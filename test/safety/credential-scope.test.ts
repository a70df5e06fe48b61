// The credential works only in this package's nodes: n8n's engine refuses it to HTTP Request (and any other node)
// before a request leaves, and its authenticate, a second layer, adds no secret for another host and refuses order
// changes under Read-Only even where an n8n ignores the restriction.
/* eslint-disable @n8n/community-nodes/no-restricted-imports -- test: a foreign host to send to, never shipped */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { INodeParameters } from 'n8n-workflow';

import { AngelOneSmartApi } from '../../credentials/AngelOneSmartApi.credentials';
import { AngelOne } from '../../nodes/AngelOne/AngelOne.node';
import { AngelOneTrigger } from '../../nodes/AngelOne/AngelOneTrigger.node';
import { CREDENTIALS, startWorld, type AngelWorld } from '../support/angel';
import { createN8nHarness, FIXTURE_INPUT_TYPE, HTTP_REQUEST_TYPE, MANUAL_TRIGGER_TYPE, type N8nHarness } from '../support/n8n/harness';

const PLACE_ORDER = '/rest/secure/angelbroking/order/v1/placeOrder';
const GET_PROFILE = '/rest/secure/angelbroking/user/v1/getProfile';
const order = {
	variety: 'NORMAL',
	tradingsymbol: 'SBIN-EQ',
	symboltoken: '3045',
	transactiontype: 'BUY',
	exchange: 'NSE',
	ordertype: 'LIMIT',
	producttype: 'INTRADAY',
	duration: 'DAY',
	price: '500',
	quantity: '1',
};

async function runHttpRequest(harness: N8nHarness, parameters: INodeParameters) {
	return await harness.runWorkflow({
		nodes: [
			{ name: 'Start', type: MANUAL_TRIGGER_TYPE },
			{ name: 'Input', type: FIXTURE_INPUT_TYPE },
			{
				name: 'HTTP Request',
				type: HTTP_REQUEST_TYPE,
				parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: 'angelOneSmartApi', ...parameters },
				credentials: CREDENTIALS,
			},
		],
		connections: {
			Start: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
			Input: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		},
	}, { inputItems: [{}] });
}

/** A credential type as an n8n before 2.40 sees it: no restrictToSupportedNodes, so only authenticate stands guard. */
function withoutNodeRestriction(): AngelOneSmartApi {
	const type = new AngelOneSmartApi();
	Reflect.deleteProperty(type, 'restrictToSupportedNodes');
	return type;
}

/** A host that is not Angel One's: records the headers it receives. */
async function startForeignHost(): Promise<{ server: Server; url: string; seen: IncomingHttpHeaders[] }> {
	const seen: IncomingHttpHeaders[] = [];
	const server = createServer((request, response) => {
		seen.push(request.headers);
		request.resume();
		response.setHeader('Content-Type', 'application/json');
		response.end('{"ok":true}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the Angel One credential outside our nodes', () => {
	let world: AngelWorld;

	afterEach(async () => {
		await world?.close();
	});

	it('is refused to a node registered as HTTP Request before any request leaves', async () => {
		world = await startWorld({ rateLimits: false });
		const run = await runHttpRequest(world.n8n, { method: 'POST', url: `${world.sim.baseUrl}${PLACE_ORDER}`, jsonBody: JSON.stringify(order) });
		expect(run.status).toBe('error');
		expect(run.errorOf('HTTP Request')?.message).toMatch(/restricted to specific nodes/);
		expect(world.sim.control.requestCounts()).toEqual({});
		expect(world.sim.control.orderBook()).toHaveLength(0);
	});

	it('is usable by the Angel One node, its trigger and nothing else in the engine', async () => {
		world = await startWorld({ rateLimits: false });
		const both = createN8nHarness({ nodeTypes: [new AngelOne(), new AngelOneTrigger()], credentialTypes: [new AngelOneSmartApi()], store: world.store });
		const helper = both.credentialsHelper;
		expect(helper.isCredentialUsableByNode('angelOneSmartApi', both.typeName('angelOne'))).toBe(true);
		expect(helper.isCredentialUsableByNode('angelOneSmartApi', both.typeName('angelOneTrigger'))).toBe(true);
		expect(helper.isCredentialUsableByNode('angelOneSmartApi', HTTP_REQUEST_TYPE)).toBe(false);
		expect(helper.isCredentialUsableByNode('angelOneSmartApi', 'n8n-nodes-base.httpRequestTool')).toBe(false);
		const run = await world.run({ parameters: { resource: 'account', operation: 'getProfile' } }, [{}], both);
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')[0].json).toMatchObject({ clientCode: world.sim.account.clientCode });
	});

	it('declares both of our node types as the only nodes that may use it', () => {
		const type = new AngelOneSmartApi();
		expect(type.restrictToSupportedNodes).toBe(true);
		expect(type.supportedNodes).toEqual([new AngelOne().description.name, new AngelOneTrigger().description.name]);
	});

	describe('where an n8n does not enforce the restriction', () => {
		let legacy: N8nHarness;
		let foreign: Awaited<ReturnType<typeof startForeignHost>> | undefined;

		afterEach(async () => {
			if (foreign) await new Promise((resolve) => foreign?.server.close(resolve));
			foreign = undefined;
		});

		it('sends no API key and no session token to a host other than the account\'s SmartAPI', async () => {
			world = await startWorld({ rateLimits: false });
			legacy = createN8nHarness({ nodeTypes: [new AngelOne()], credentialTypes: [withoutNodeRestriction()], store: world.store });
			foreign = await startForeignHost();
			const run = await runHttpRequest(legacy, { method: 'GET', url: `${foreign.url}/collect` });
			expect(run.error).toBeUndefined();
			expect(foreign.seen).toHaveLength(1);
			expect(foreign.seen[0].authorization).toBeUndefined();
			expect(foreign.seen[0]['x-privatekey']).toBeUndefined();
			expect(JSON.stringify(foreign.seen[0])).not.toContain(world.sim.account.apiKey);
		});

		it('sends a different host name for the same machine nothing either (the origin must match exactly)', async () => {
			world = await startWorld({ rateLimits: false });
			legacy = createN8nHarness({ nodeTypes: [new AngelOne()], credentialTypes: [withoutNodeRestriction()], store: world.store });
			const sameMachine = world.sim.baseUrl.replace('127.0.0.1', 'localhost');
			const run = await runHttpRequest(legacy, { method: 'GET', url: `${sameMachine}${GET_PROFILE}` });
			// Without the API key and token the simulator refuses the profile, as Angel One would.
			expect(JSON.stringify(run.raw.data.resultData)).not.toMatch(new RegExp(world.sim.account.clientCode));
			const sent = world.sim.control.requests().filter((r) => r.endpoint === 'getProfile');
			expect(sent).toHaveLength(1);
			expect(sent[0].headers['x-privatekey']).toBeUndefined();
		});

		it('refuses an order change on a Read-Only credential before it is sent', async () => {
			world = await startWorld({ rateLimits: false }, { readOnly: 'true' });
			legacy = createN8nHarness({ nodeTypes: [new AngelOne()], credentialTypes: [withoutNodeRestriction()], store: world.store });
			const run = await runHttpRequest(legacy, { method: 'POST', url: `${world.sim.baseUrl}${PLACE_ORDER}`, jsonBody: JSON.stringify(order) });
			expect(run.status).toBe('error');
			expect(JSON.stringify(run.errorOf('HTTP Request'))).toMatch(/read-only/i);
			expect(world.sim.control.requestCounts().placeOrder ?? 0).toBe(0);
			expect(world.sim.control.orderBook()).toHaveLength(0);
		});

		it('refuses an unknown or disguised path under Read-Only, and still lets a read through', async () => {
			world = await startWorld({ rateLimits: false }, { readOnly: true });
			legacy = createN8nHarness({ nodeTypes: [new AngelOne()], credentialTypes: [withoutNodeRestriction()], store: world.store });
			const disguised = await runHttpRequest(legacy, { method: 'POST', url: `${world.sim.baseUrl}${PLACE_ORDER.replace('placeOrder', 'placeorder/')}`, jsonBody: JSON.stringify(order) });
			expect(disguised.status).toBe('error');
			expect(world.sim.control.requests().filter((r) => /placeorder/i.test(r.path))).toHaveLength(0);
			expect(world.sim.control.orderBook()).toHaveLength(0);
			const read = await runHttpRequest(legacy, { method: 'GET', url: `${world.sim.baseUrl}${GET_PROFILE}` });
			expect(read.error).toBeUndefined();
			expect(JSON.stringify(read.outputOf('HTTP Request')[0].json)).toContain(world.sim.account.clientCode);
		});
	});
});
