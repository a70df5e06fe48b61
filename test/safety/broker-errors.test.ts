// Broker errors a person can read: a login code reused on an order or GTT endpoint shows Angel One's own words,
// not advice about the MPIN, and server text quoted in a failed execution is capped.
import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';

const probe = (endpoint: string, body: object = {}) => ({ endpoint, body: JSON.stringify(body) });

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe('broker errors in a failed execution', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
	});

	afterEach(async () => {
		await world.close();
	});

	it('shows Angel One\'s own message for AB1007 on an order endpoint, without the client code and MPIN hint', async () => {
		const run = await world.run({ type: world.n8n.typeName('transportProbe'), parameters: probe('cancelOrder', { variety: 'NORMAL', orderid: '999999999' }) });
		expect(run.status).toBe('error');
		expect(run.error?.message).toMatch(/Cancel Order Response : Bad Input/);
		expect(run.error?.message).toMatch(/AB1007/);
		expect(run.error?.message).not.toMatch(/MPIN|client code/i);
	});

	it('keeps the client code and MPIN hint for AB1007 at login', async () => {
		const stored = world.store.get('angel-1').data;
		world.store.write('angel-1', 'angelOneSmartApi', { ...stored, pin: '0000' });
		const run = await world.run({ parameters: { resource: 'account', operation: 'getProfile' } });
		expect(run.error?.message).toMatch(/client code and the 4-digit MPIN/);
	});

	it('caps a megabyte of server text to a few hundred characters', async () => {
		world.sim.control.injectFault({ kind: 'huge-error', endpoint: 'getProfile' });
		const run = await world.run({ parameters: { resource: 'account', operation: 'getProfile' } });
		expect(run.status).toBe('error');
		const error = run.errorOf('Angel One');
		expect(error?.message).toMatch(/Upstream failure/);
		expect(error?.message.length).toBeLessThan(600);
		expect(String(error?.description ?? '').length).toBeLessThan(600);
		expect(JSON.stringify(run.raw).length).toBeLessThan(20_000);
	});
});
