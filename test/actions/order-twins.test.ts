// Two n8n processes (queue-mode workers) share no memory: each loads its own copy of the package. Here the second
// process is a second copy of our modules (jest.isolateModules) over the same credential store, so its in-process
// duplicate guard cannot see the first one's. The same alert reaches both while the broker is slow to take the
// first order: the later order must be cancelled and both executions must say so.
import type { INodeParameters, INodeType, ICredentialType } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { createRuntime, type Runtime, type RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { startWorld, type AngelWorld } from '../support/angel';
import { createN8nHarness, type N8nHarness } from '../support/n8n/harness';
import { placeParameters } from '../support/orders';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const TAG = 'tv-twin-sbin-1';

/** The runtime of the nodes of both processes. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

function place(): INodeParameters {
	return placeParameters({ additionalFields: { tag: TAG } });
}

/** A second n8n process: its own copy of every module of the package, the same credential store. */
function otherProcess(world: AngelWorld): { harness: N8nHarness } {
	const ownRuntime = createRuntime(runtime);
	let node: INodeType | undefined;
	let credential: ICredentialType | undefined;
	jest.isolateModules(() => {
		/* eslint-disable @typescript-eslint/no-require-imports -- a second copy of the modules, as a second process loads them */
		node = new (require('../../nodes/AngelOne/AngelOne.node') as { AngelOne: new (runtime: Runtime) => INodeType }).AngelOne(ownRuntime);
		credential = new (require('../../credentials/AngelOneSmartApi.credentials') as { AngelOneSmartApi: new (runtime: Runtime) => ICredentialType }).AngelOneSmartApi(
			ownRuntime,
		);
		/* eslint-enable @typescript-eslint/no-require-imports */
	});
	return { harness: createN8nHarness({ nodeTypes: [node!], credentialTypes: [credential!], store: world.store }) };
}

describe('Order → Place across two n8n processes', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	it('cancels the later of two orders two processes placed for the same alert, and its execution names the order that stands', async () => {
		// Log in once, so both processes start from the stored session.
		await world.run({ parameters: { resource: 'account', operation: 'getProfile' } });
		const second = otherProcess(world);

		// The broker holds the first placement for 4 s: the other process's duplicate check finds nothing.
		world.sim.control.injectFault({ kind: 'slow', endpoint: 'placeOrder' });
		const first = world.run({ parameters: place() });
		for (let i = 0; i < 500 && (world.sim.control.requestCounts().placeOrder ?? 0) === 0; i++) await sleep(10);
		const other = await world.run({ parameters: place() }, [{}], second.harness);
		const slow = await first;

		expect(other.error).toBeUndefined();
		expect(slow.error).toBeUndefined();
		const book = world.sim.control.orderBook();
		expect(book).toHaveLength(2);
		const standing = book.filter((o) => o.orderstatus === 'open');
		expect(standing).toHaveLength(1);
		const later = slow.outputOf('Angel One')[0].json;
		expect(later).toMatchObject({ status: 'cancelled', cancelledAsTwin: true, duplicate: false });
		expect(later.twins).toEqual([expect.objectContaining({ orderId: standing[0].orderid, status: 'open' })]);
		expect(other.outputOf('Angel One')[0].json).toMatchObject({ orderId: standing[0].orderid, status: 'open', duplicate: false });
	}, 30_000);
});
