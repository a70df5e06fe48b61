/* eslint-disable no-console -- end-to-end test, never shipped */
// In a real n8n 2.40.7 with the packed package installed: a workflow whose HTTP Request node (Authentication:
// Predefined Credential Type) uses the Angel One credential is refused by n8n's engine before any request leaves,
// while the Angel One node keeps working with the same credential.
import { angelNode, chain, manualTrigger } from './support/workflows';
import { ANGEL_CREDENTIAL, SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, startE2eWorld, timings, type E2eWorld } from './support/world';

const BORROW_WF = 'e2eCredentialBorrowed';
const PROFILE_WF = 'e2eCredentialOwnNode';

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('credscope');
	await world.home.importWorkflows([
		chain(BORROW_WF, 'E2E: HTTP Request borrows the Angel One credential', [
			manualTrigger(),
			{
				id: 'borrowing-http-request',
				name: 'HTTP Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [440, 300],
				parameters: {
					method: 'POST',
					url: `${world.sim.baseUrl}/rest/secure/angelbroking/order/v1/placeOrder`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'angelOneSmartApi',
					sendBody: true,
					specifyBody: 'json',
					jsonBody: JSON.stringify({
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
					}),
					options: {},
				},
				credentials: { angelOneSmartApi: ANGEL_CREDENTIAL },
			},
		]),
		chain(PROFILE_WF, 'E2E: Angel One node with the same credential', [manualTrigger(), angelNode('Angel One', { resource: 'account', operation: 'getProfile' })]),
	]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await world?.close();
	console.log(`e2e credential-scope timings: ${JSON.stringify(timings)}`);
});

test(
	'an HTTP Request node using the Angel One credential is refused before any request leaves',
	async () => {
		world.sim.control.resetCounts();
		const result = await world.home.execute(BORROW_WF);
		expect(result.ok).toBe(false);
		const error = result.run?.data.resultData.error;
		expect(`${error?.message ?? ''} ${result.stdout} ${result.stderr}`).toMatch(/restricted to specific nodes/);
		expect(world.sim.control.requestCounts()).toEqual({});
		expect(world.sim.control.orderBook()).toHaveLength(0);
	},
	TEST_TIMEOUT_MS,
);

test(
	'the Angel One node keeps working with the same credential',
	async () => {
		const result = await world.home.execute(PROFILE_WF);
		expect(result.ok).toBe(true);
		expect(result.output('Angel One')[0]).toMatchObject({ clientCode: world.sim.account.clientCode });
	},
	TEST_TIMEOUT_MS,
);
