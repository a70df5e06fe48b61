// Session renewal when another program (the official Python SDK, say) refreshes the account's tokens with
// generateTokens: whether that ends the old JWT is undocumented (simulator variant refreshRevokes, default off),
// so the node must keep working under both: on its stored JWT when it survives, with one re-login when it dies.
import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';

const profile = { resource: 'account', operation: 'getProfile' };

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false };

describe.each([
	[false, 'keeps using its stored session', 1],
	[true, 'logs in once more', 2],
])('when an outside generateTokens call revokes the old tokens: %s', (refreshRevokes, behaviour, expectedLogins) => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false, variants: { refreshRevokes } });
	});

	afterEach(async () => {
		await world.close();
	});

	it(`${behaviour} and answers every call`, async () => {
		expect((await world.run({ parameters: profile })).error).toBeUndefined();
		const { refreshToken, jwtToken } = world.store.get(CREDENTIAL_ID).data as { refreshToken: string; jwtToken: string };
		const refreshed = await fetch(`${world.sim.baseUrl}/rest/auth/angelbroking/jwt/v1/generateTokens`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-UserType': 'USER', 'X-SourceID': 'WEB', 'X-PrivateKey': world.sim.account.apiKey, Authorization: `Bearer ${jwtToken}` },
			body: JSON.stringify({ refreshToken }),
		});
		expect(((await refreshed.json()) as { status: boolean }).status).toBe(true);

		const run = await world.run({ parameters: profile }, [{}, {}, {}]);
		expect(run.error).toBeUndefined();
		expect(run.outputOf('Angel One').map((i) => i.json.clientCode)).toEqual(Array(3).fill(world.sim.account.clientCode));
		expect(world.sim.control.logins()[world.sim.account.clientCode]).toBe(expectedLogins);
	});
});
