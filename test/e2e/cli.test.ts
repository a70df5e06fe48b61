/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- end-to-end test, never shipped */
// A real n8n 2.40.7, with the packed package installed as a community package, runs Angel One workflows from the
// CLI (`n8n execute --id`, one process per run) against the simulator. The session the credential's
// preAuthentication opens is stored by n8n and shared by every process; a session the broker kills is renewed once.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { angelNode, chain, manualTrigger, ANGEL_ONE } from './support/workflows';
import { exitCrashes } from '../../scripts/n8n-instance';
import { ANGEL_CREDENTIAL, SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, startE2eWorld, timings, type E2eWorld } from './support/world';

const PROFILE_WF = 'e2eCliGetProfile';

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('cli');
	await world.home.importWorkflows([
		chain(PROFILE_WF, 'E2E: Get Profile', [manualTrigger(), angelNode('Angel One', { resource: 'account', operation: 'getProfile' })]),
	]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await world?.close();
	console.log(`e2e cli timings: ${JSON.stringify(timings)}; n8n processes that crashed while exiting: ${JSON.stringify(exitCrashes)}`);
});

/** The session token n8n stored in its (encrypted) credential, read back with the CLI. */
async function storedToken(): Promise<string> {
	const file = path.join(world.home.userFolder, `export-${Date.now()}.json`);
	await world.home.cli(['export:credentials', `--id=${ANGEL_CREDENTIAL.id}`, '--decrypted', `--output=${file}`]);
	const exported = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<{ data: { jwtToken?: string } }>;
	fs.rmSync(file);
	return exported[0].data.jwtToken ?? '';
}

/** Whether the simulator accepts `token` right now (a direct getProfile call with it). */
async function tokenWorks(token: string): Promise<boolean> {
	const response = await fetch(`${world.sim.baseUrl}/rest/secure/angelbroking/user/v1/getProfile`, {
		headers: {
			Authorization: `Bearer ${token}`,
			'X-PrivateKey': world.sim.account.apiKey,
			'X-UserType': 'USER',
			'X-SourceID': 'WEB',
			Accept: 'application/json',
		},
	});
	const body = (await response.json()) as { status?: boolean };
	return body.status === true;
}

function totalLogins(): number {
	return Object.values(world.sim.control.logins()).reduce((sum, n) => sum + n, 0);
}

test('the packed package is installed where Settings → Community nodes puts it, with n8n-nodes-angelone.* types', () => {
	const nodesDir = path.join(world.home.n8nFolder, 'nodes');
	const list = JSON.parse(fs.readFileSync(path.join(nodesDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
	expect(list.dependencies['n8n-nodes-angelone']).toBe(world.installed.version);
	const installedJson = JSON.parse(fs.readFileSync(path.join(world.installed.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
	// n8n's installer strips these before `npm install` in the package folder.
	expect(installedJson.devDependencies).toBeUndefined();
	expect(installedJson.peerDependencies).toBeUndefined();
	expect(fs.existsSync(path.join(world.installed.dir, 'dist', 'nodes', 'AngelOne', 'AngelOne.node.js'))).toBe(true);
	expect(world.installed.nodeTypes.map((n) => n.type)).toContain(ANGEL_ONE);
});

test(
	'n8n execute runs Account → Get Profile against the simulator',
	async () => {
		const result = await world.home.execute(PROFILE_WF);
		expect(result.ok).toBe(true);
		const [profile] = result.output('Angel One');
		expect(profile).toMatchObject({ clientCode: world.sim.account.clientCode });
		expect(profile.name).toBe(world.sim.accounts[0].name);
		expect(profile.exchanges).toEqual(expect.arrayContaining(['nse_cm']));
		console.log(`n8n execute (Get Profile): ${result.ms} ms`);
	},
	TEST_TIMEOUT_MS,
);

test(
	'one login serves many executions (separate processes); a killed session is renewed once and the new token is used next',
	async () => {
		// The first test logged in once; the token is in n8n's credential store.
		expect(totalLogins()).toBe(1);
		for (let i = 0; i < 2; i++) {
			const result = await world.home.execute(PROFILE_WF);
			expect(result.ok).toBe(true);
			expect(result.output('Angel One')[0].clientCode).toBe(world.sim.account.clientCode);
		}
		expect(totalLogins()).toBe(1);
		const first = await storedToken();
		expect(first).not.toBe('');
		expect(await tokenWorks(first)).toBe(true);

		// The broker ends every session (as at midnight, or a login elsewhere): the stored token is dead.
		expect(world.sim.control.invalidateSessions()).toBeGreaterThan(0);
		expect(await tokenWorks(first)).toBe(false);
		world.sim.control.resetCounts();

		const renewedRun = await world.home.execute(PROFILE_WF);
		expect(renewedRun.ok).toBe(true);
		expect(renewedRun.output('Angel One')[0].clientCode).toBe(world.sim.account.clientCode);
		expect(totalLogins()).toBe(1);
		const renewed = await storedToken();
		expect(renewed).not.toBe(first);
		// The renewing run's profile calls: the one the dead token failed, and its retry after the new login.
		expect(world.sim.control.requestCounts().getProfile).toBe(2);
		expect(await tokenWorks(renewed)).toBe(true);

		// The next process starts with the renewed token: no login, one profile call, and it succeeded with it.
		world.sim.control.resetCounts();
		const next = await world.home.execute(PROFILE_WF);
		expect(next.ok).toBe(true);
		expect(next.output('Angel One')[0].clientCode).toBe(world.sim.account.clientCode);
		expect(totalLogins()).toBe(0);
		expect(world.sim.control.requestCounts().getProfile).toBe(1);
	},
	TEST_TIMEOUT_MS * 2,
);
