/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- end-to-end test, never shipped: runs `npm start` */
// `npm start` stopped the way systemd, Docker or a parent script stop it: one SIGTERM or SIGINT to the npm
// process, nothing else. n8n and the simulator must be gone within seconds (their ports free, no process left in
// the demo's n8n folder), so the next start does not fail on a used port.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { repoRoot } from '../../scripts/n8n-install';
import { freePort, sleep } from '../../scripts/n8n-instance';
import { OUTPUT_ROOT, SETUP_TIMEOUT_MS, removeStaleFolders, sharedInstallation } from './support/world';

/** What "within seconds" means here: n8n gets a SIGTERM and a SIGKILL after 15 s at most. */
const STOPPED_WITHIN_MS = 20_000;

interface Started {
	npm: ChildProcess;
	output: () => string;
	ports: { n8n: number; sim: number; sink: number };
	userFolder: string;
	exited: Promise<number | null>;
}

function portAnswers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** Processes whose working folder is inside `folder` (n8n and its task runner run in the user folder). */
function processesIn(folder: string): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(folder)) found.push(Number(entry));
		} catch {
			// gone, or not ours to read
		}
	}
	return found;
}

async function startNpm(name: string): Promise<Started> {
	const userFolder = path.join(OUTPUT_ROOT, `${name}-${process.pid}`);
	fs.rmSync(userFolder, { recursive: true, force: true });
	const ports = { n8n: await freePort(), sim: await freePort(), sink: await freePort() };
	let text = '';
	// Its own process group, so the test can clean up whatever survives; the signal under test goes to npm alone.
	const npm = spawn('npm', ['start'], {
		cwd: repoRoot(),
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			DEMO_N8N_PORT: String(ports.n8n),
			DEMO_SIM_PORT: String(ports.sim),
			DEMO_SINK_PORT: String(ports.sink),
			DEMO_USER_FOLDER: userFolder,
		},
	});
	npm.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
	npm.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
	const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
	const deadline = Date.now() + 10 * 60_000;
	while (!text.includes('✅ Ready in')) {
		if (npm.exitCode !== null) throw new Error(`npm start exited early:\n${text.slice(-3000)}`);
		if (Date.now() > deadline) throw new Error(`npm start was not ready in 10 minutes:\n${text.slice(-3000)}`);
		await sleep(500);
	}
	return { npm, output: () => text, ports, userFolder, exited };
}

function cleanUp(started: Started | undefined): void {
	if (!started) return;
	try {
		process.kill(-started.npm.pid!, 'SIGKILL');
	} catch {
		// gone
	}
	for (const pid of processesIn(started.userFolder)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone
		}
	}
}

async function stopsWithin(started: Started, signal: NodeJS.Signals): Promise<void> {
	const sent = Date.now();
	process.kill(started.npm.pid!, signal);
	const exitCode = await Promise.race([started.exited, sleep(STOPPED_WITHIN_MS).then(() => 'still running' as const)]);
	const tookMs = Date.now() - sent;
	const left = {
		npm: exitCode === 'still running' ? 'still running' : 'exited',
		n8nPort: await portAnswers(started.ports.n8n),
		simulatorPort: await portAnswers(started.ports.sim),
		processes: processesIn(started.userFolder).length,
	};
	expect(left).toEqual({ npm: 'exited', n8nPort: false, simulatorPort: false, processes: 0 });
	expect(tookMs).toBeLessThan(STOPPED_WITHIN_MS);
	expect(started.output()).toContain(`■ ${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping n8n and the simulator…`);
}

beforeAll(async () => {
	await sharedInstallation();
	removeStaleFolders(OUTPUT_ROOT);
}, SETUP_TIMEOUT_MS);

describe.each(['SIGTERM', 'SIGINT'] as const)('npm start and a %s to npm', (signal) => {
	let started: Started | undefined;
	afterAll(() => cleanUp(started));

	test(
		'stops n8n and the simulator within seconds',
		async () => {
			started = await startNpm(`demo-${signal.toLowerCase()}`);
			await stopsWithin(started, signal);
		},
		SETUP_TIMEOUT_MS,
	);
});
