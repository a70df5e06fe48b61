import { containsSecret } from '../support/leak-guard';
import { capturedLogs } from '../support/n8n/harness';
import { CREDENTIAL_ID, secretsOf, startWorld, type AngelWorld } from '../support/angel';

const profile = { resource: 'account', operation: 'getProfile' };
const probe = (endpoint: string, body: object = {}) => ({ endpoint, body: JSON.stringify(body) });
const order = {
	variety: 'NORMAL',
	tradingsymbol: 'SBIN-EQ',
	symboltoken: '3045',
	transactiontype: 'BUY',
	exchange: 'NSE',
	ordertype: 'LIMIT',
	producttype: 'INTRADAY',
	duration: 'DAY',
	price: '800',
	quantity: '1',
};

/** Everything n8n would show or store for a run: outputs, errors, run data. */
function visible(run: { raw: unknown }): string {
	return JSON.stringify(run.raw);
}

describe('errors a person can act on', () => {
	let world: AngelWorld;
	const leaks: string[] = [];

	afterEach(async () => {
		await world?.close();
	});

	async function failingProfile(overrides: Record<string, string>) {
		world = await startWorld({ runtime: { pacing: false }, rateLimits: false }, overrides);
		const run = await world.run({ parameters: profile });
		leaks.push(visible(run));
		return run;
	}

	it('explains a wrong PIN', async () => {
		const run = await failingProfile({ pin: '0000' });
		expect(run.error?.message).toMatch(/client code or PIN/);
		expect(world.sim.control.logins()[world.sim.account.clientCode] ?? 0).toBe(0);
	});

	it('explains a wrong TOTP secret and mentions the clock', async () => {
		const run = await failingProfile({ totpSecret: 'JBSW Y3DP EHPK 3PXP' });
		expect(run.error?.message).toMatch(/TOTP secret/);
		expect(run.error?.message).toMatch(/clock/);
	});

	it('explains an unknown API key', async () => {
		const run = await failingProfile({ apiKey: 'not-a-key' });
		expect(run.error?.message).toMatch(/does not know this API key/);
	});

	it('stops a web password before it is sent and asks for the MPIN', async () => {
		const run = await failingProfile({ pin: 'Secret@123' });
		expect(run.error?.message).toMatch(/4-digit MPIN/);
		expect(world.sim.control.requestCounts().loginByPassword ?? 0).toBe(0);
	});

	it('names the firewall page and its support ID, and does not resend an order', async () => {
		world = await startWorld({ rateLimits: false });
		world.sim.control.injectFault({ kind: 'waf', endpoint: 'placeOrder' });
		const run = await world.run({ type: world.n8n.typeName('transportProbe'), parameters: probe('placeOrder', order) });
		leaks.push(visible(run));
		expect(run.error?.message).toMatch(/firewall/);
		expect(run.error?.message).toMatch(/not sent again/);
		expect(world.sim.control.requestCounts().placeOrder).toBe(1);
	});

	it('retries a read that hit the 403 rate-limit text, and succeeds', async () => {
		world = await startWorld({ rateLimits: false });
		world.sim.control.injectFault({ kind: 'rate-limit', endpoint: 'getProfile' });
		const run = await world.run({ parameters: profile });
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One')[0].json.clientCode).toBe(world.sim.account.clientCode);
		expect(world.sim.control.requestCounts().getProfile).toBe(2);
		// A throttle is not a dead session: no second login.
		expect(world.sim.control.logins()[world.sim.account.clientCode]).toBe(1);
	});

	it('sends an order refused with the 403 rate-limit text again after a back-off, since the refusal proves it was not taken', async () => {
		world = await startWorld({ rateLimits: false });
		world.sim.control.injectFault({ kind: 'rate-limit', endpoint: 'placeOrder' });
		const run = await world.run({ type: world.n8n.typeName('transportProbe'), parameters: probe('placeOrder', order) });
		leaks.push(visible(run));
		expect(run.error).toBeUndefined();
		expect(world.sim.control.requestCounts().placeOrder).toBe(2);
		expect(world.sim.control.orderBook()).toHaveLength(1);
		expect(world.sim.control.logins()[world.sim.account.clientCode]).toBe(1);
	});

	it('reports an order whose response was lost as ambiguous and never sends it twice', async () => {
		world = await startWorld({ rateLimits: false });
		world.sim.control.injectFault({ kind: 'drop-response', endpoint: 'placeOrder' });
		const run = await world.run({ type: world.n8n.typeName('transportProbe'), parameters: probe('placeOrder', order) });
		leaks.push(visible(run));
		expect(run.error?.message).toMatch(/may or may not have reached Angel One/);
		expect(world.sim.control.requestCounts().placeOrder).toBe(1);
		expect(world.sim.control.orderBook()).toHaveLength(1);
	});

	it('blocks order-changing calls on a read-only credential without sending anything', async () => {
		world = await startWorld({ rateLimits: false }, { readOnly: true });
		const run = await world.run({ type: world.n8n.typeName('transportProbe'), parameters: probe('placeOrder', order) });
		expect(run.error?.message).toMatch(/read-only/);
		expect(world.sim.control.requestCounts().placeOrder ?? 0).toBe(0);
		const read = await world.run({ parameters: profile });
		expect(read.error).toBeUndefined();
	});

	it('names the public IP when an order comes from an unregistered address', async () => {
		world = await startWorld({ rateLimits: false, staticIp: '203.0.113.7' }, { publicIp: '198.51.100.4' });
		const run = await world.run({ type: world.n8n.typeName('transportProbe'), parameters: probe('placeOrder', order) });
		expect(run.error?.message).toMatch(/not registered on your API key/);
		expect(run.error?.message).toMatch(/198\.51\.100\.4/);
	});

	it('never shows the PIN, TOTP secret, API key or tokens in outputs, errors or logs', async () => {
		world = await startWorld({ rateLimits: false });
		const ok = await world.run({ parameters: profile });
		leaks.push(visible(ok));
		const secrets = secretsOf(world);
		expect(secrets.length).toBeGreaterThanOrEqual(5);
		const logs = JSON.stringify(capturedLogs());
		for (const text of [...leaks, logs]) {
			for (const secret of secrets) expect(containsSecret(text, secret)).toBe(false);
		}
		// The simulator's demo account is the same in every test above, so its PIN and TOTP secret are canaries
		// for all of them.
		expect(world.store.get(CREDENTIAL_ID).data.pin).toBe(world.sim.account.pin);
	});
});

describe('the credential\'s Test button', () => {
	let world: AngelWorld;
	afterEach(async () => world.close());

	it('passes against the simulator', async () => {
		world = await startWorld({ rateLimits: false });
		const result = await world.n8n.testCredential(CREDENTIAL_ID);
		expect(result.status).toBe('OK');
	});

	it.each([
		['pin', '0000', /client code or PIN/],
		['totpSecret', 'GEZDGNBVGY3TQOJQ', /TOTP secret/],
		['apiKey', 'wrong-key', /API key/],
		['clientCode', 'Z999999', /client code|User Not Found/],
	])('fails with a clear message when %s is wrong', async (field, value, message) => {
		world = await startWorld({ rateLimits: false }, { [field]: value });
		const result = await world.n8n.testCredential(CREDENTIAL_ID);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
	});
});
