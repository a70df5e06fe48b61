/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console -- end-to-end test support, never shipped */
// One end-to-end "world" per test file: the cached real n8n (installed on first use, once across jest workers),
// this package packed and installed into a fresh n8n user folder as a community package, a simulator, a local
// HTTP sink (with a fake Telegram API), and credentials pointing at both. close() stops everything it started.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ensureN8n, repoRoot, type N8nInstallation } from '../../../scripts/n8n-install';
import {
	createN8nHome,
	packPackage,
	type CredentialJson,
	type InstalledPackage,
	type N8nHome,
	type RunningN8n,
} from '../../../scripts/n8n-instance';
import { startSink, type Sink } from '../../../scripts/e2e-sink';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '../../../simulator/server';

/** Generous: the first run of a fresh machine installs n8n (about 6 minutes) inside the first beforeAll. */
export const SETUP_TIMEOUT_MS = 25 * 60_000;
export const TEST_TIMEOUT_MS = 3 * 60_000;

export const ANGEL_CREDENTIAL = { id: 'e2eAngelOneSim01', name: 'Angel One (simulator)' };
export const TELEGRAM_CREDENTIAL = { id: 'e2eTelegramFake1', name: 'Telegram (local fake)' };

export const OUTPUT_ROOT = path.join(repoRoot(), 'test-output', 'e2e');

let installation: Promise<N8nInstallation> | undefined;
let tarball: Promise<string> | undefined;

/** Timings a suite can print at the end (install, pack, set-up). */
export const timings: Record<string, number> = {};

export function sharedInstallation(): Promise<N8nInstallation> {
	installation ??= (async () => {
		const started = Date.now();
		const result = await ensureN8n({ log: (line) => console.log(`[n8n-install] ${line}`) });
		timings.installMs = result.installed || result.ms > 0 ? Date.now() - started : 0;
		return result;
	})();
	return installation;
}

/** The package as users get it: npm pack of dist/ (built by `npm run build`, which `npm test` runs first). */
export function sharedTarball(): Promise<string> {
	tarball ??= (async () => {
		const started = Date.now();
		const packRoot = path.join(repoRoot(), '.cache', 'e2e-pack');
		removeStaleFolders(packRoot);
		const file = await packPackage(path.join(packRoot, `pack-${process.pid}`));
		timings.packMs = Date.now() - started;
		return file;
	})();
	return tarball;
}

export interface E2eWorld {
	name: string;
	sim: RunningSimulator;
	sink: Sink;
	home: N8nHome;
	installed: InstalledPackage;
	n8n?: RunningN8n;
	/** Starts `n8n start` for this home (once); stopped by close(). */
	start(): Promise<RunningN8n>;
	close(): Promise<void>;
}

export interface WorldOptions {
	simulator?: SimulatorOptions;
	/** Extra credential fields of the Angel One credential. */
	credential?: Record<string, unknown>;
}

export function angelCredential(sim: RunningSimulator, extra: Record<string, unknown> = {}): CredentialJson {
	return {
		...ANGEL_CREDENTIAL,
		type: 'angelOneSmartApi',
		data: {
			apiKey: sim.account.apiKey,
			clientCode: sim.account.clientCode,
			pin: sim.account.pin,
			totpSecret: sim.account.totpSecret,
			environment: 'custom',
			baseUrl: sim.baseUrl,
			readOnly: false,
			...extra,
		},
	};
}

export function telegramCredential(sink: Sink): CredentialJson {
	return { ...TELEGRAM_CREDENTIAL, type: 'telegramApi', data: { accessToken: '123456:TEST-TOKEN', baseUrl: sink.telegramBaseUrl } };
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * Folders named <something>-<pid> under `dir` whose process is gone: left by earlier runs (kept until now so
 * their logs could be read after a failure). Runs of this process and of other live test runs are kept.
 */
export function removeStaleFolders(dir: string): void {
	if (!fs.existsSync(dir)) return;
	for (const entry of fs.readdirSync(dir)) {
		const match = /-(\d+)$/.exec(entry);
		if (match && Number(match[1]) !== process.pid && !pidAlive(Number(match[1]))) {
			fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
		}
	}
}

export async function startE2eWorld(name: string, options: WorldOptions = {}): Promise<E2eWorld> {
	const started = Date.now();
	const [n8n, packed] = await Promise.all([sharedInstallation(), sharedTarball()]);
	removeStaleFolders(OUTPUT_ROOT);
	// Per process: two test runs at once (two people, or a watch mode) must never share an n8n database.
	const userFolder = path.join(OUTPUT_ROOT, `${name}-${process.pid}`);
	fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	const closers: Array<() => Promise<void>> = [];
	let world: E2eWorld | undefined;
	try {
		// Market hours follow the real clock ('exchange'), as the node's own check does.
		const sim = await startSimulator({ masterSize: 3000, tickIntervalMs: 0, ...options.simulator });
		closers.push(() => sim.close());
		const sink = await startSink();
		closers.push(() => sink.close());
		const home = await createN8nHome({ installation: n8n, userFolder });
		// Credentials first: the import creates and migrates the database the package registration writes to.
		await home.importCredentials([angelCredential(sim, options.credential), telegramCredential(sink)]);
		const installed = await home.installPackage(packed);
		timings[`${name}.setupMs`] = Date.now() - started;
		let running: Promise<RunningN8n> | undefined;
		world = {
			name,
			sim,
			sink,
			home,
			installed,
			start() {
				running ??= home.start().then((r) => {
					world!.n8n = r;
					closers.push(() => r.stop());
					return r;
				});
				return running;
			},
			async close() {
				for (const close of closers.reverse()) {
					try {
						await close();
					} catch (error) {
						console.error(`e2e ${name}: close failed: ${(error as Error).message}`);
					}
				}
			},
		};
		return world;
	} catch (error) {
		for (const close of closers.reverse()) await close().catch(() => undefined);
		throw error;
	}
}

/** Polls `probe` until it returns a value that is not undefined; rejects after timeoutMs with `what`. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 15_000, everyMs = 250): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
		}
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}
