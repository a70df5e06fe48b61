/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error, no-console -- dev tool, never shipped: runs npm and n8n as child processes */
// Installs a pinned real n8n into a cache folder outside the package's own node_modules, the way it is known to
// work without internet beyond the npm registry: under Node 24 (scripts/node24.js), with install scripts
// off, then sqlite3 rebuilt from source against Node 24's headers. A marker file written last says "complete";
// a lock directory makes two processes (two jest workers, the demo and a test run) install once between them.
//
//   node build/scripts/n8n-install.js            installs (or reuses) and prints the n8n folder
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const N8N_VERSION = '2.40.7';

/**
 * The repository: the folder with this package's package.json and its node_modules, from the sources (scripts/,
 * test/) or compiled (build/scripts/; tsc copies package.json into build/, which has no node_modules).
 */
export function repoRoot(): string {
	let dir = __dirname;
	for (;;) {
		const candidate = path.join(dir, 'package.json');
		if (fs.existsSync(candidate)) {
			try {
				const name = (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string }).name;
				if (name === 'n8n-nodes-angelone' && fs.existsSync(path.join(dir, 'node_modules'))) return dir;
			} catch {
				// keep walking
			}
		}
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error(`n8n-nodes-angelone's package.json not found above ${__dirname}`);
		dir = parent;
	}
}

/** What scripts/node24.js finds: the Node 24 binary, its folder, and the folder with its headers when it has them. */
export interface Node24 {
	binary: string;
	binDir: string;
	/** node-gyp's --nodedir (include/node inside), when this Node ships its headers. */
	nodedir?: string;
	source: 'current' | 'pinned';
}

/**
 * The Node 24 the scripts run on, on any platform: the running Node when it is 24+, else the pinned per-platform
 * package in .cache/ (installed on first use). One finder, scripts/node24.js, which npm scripts also run before
 * anything is compiled.
 */
export function findNode24(root = repoRoot()): Node24 {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JS shared with npm scripts that run before tsc
	const finder = require(path.join(root, 'scripts', 'node24.js')) as { findNode24: (options: { root: string }) => Node24 };
	return finder.findNode24({ root });
}

/** The folder with Node 24's headers (include/node), for building sqlite3 against it; undefined when it has none. */
export function node24Dir(root = repoRoot()): string | undefined {
	return findNode24(root).nodedir;
}

export function node24Binary(root = repoRoot()): string {
	return findNode24(root).binary;
}

/** An environment whose PATH finds Node 24 first (npm and node-gyp then run on it). */
export function node24Env(extra: NodeJS.ProcessEnv = {}, root = repoRoot()): NodeJS.ProcessEnv {
	const { binDir } = findNode24(root);
	const key = Object.keys(process.env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
	return { ...process.env, ...extra, [key]: `${binDir}${path.delimiter}${process.env[key] ?? ''}` };
}

export interface N8nInstallation {
	version: string;
	/** The folder with package.json and node_modules/n8n. */
	dir: string;
	/** node_modules/n8n/bin/n8n: run it with node24Binary(). */
	bin: string;
	/** Whether this call installed it (false: the cache was reused). */
	installed: boolean;
	/** Milliseconds spent installing (0 when reused), waiting for another installer included. */
	ms: number;
}

export interface InstallOptions {
	version?: string;
	/** Default: $N8N_E2E_CACHE or <repo>/.cache/n8n-<version>. */
	dir?: string;
	/** Progress lines (default: console.log with a prefix). */
	log?: (line: string) => void;
	/** Upper bound for the whole install, waiting for another process included. Default 25 minutes. */
	timeoutMs?: number;
	/** Stops the install (Ctrl-C): the npm it started is killed, its staging folder and the lock removed. */
	signal?: AbortSignal;
	/** How often a progress line is printed during the install. Default 15 s. */
	progressMs?: number;
}

const MARKER = '.n8n-install-complete.json';

export function defaultCacheDir(version = N8N_VERSION, root = repoRoot()): string {
	return process.env.N8N_E2E_CACHE ?? path.join(root, '.cache', `n8n-${version}`);
}

function installationAt(dir: string, version: string): Omit<N8nInstallation, 'installed' | 'ms'> | undefined {
	const marker = path.join(dir, MARKER);
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (!fs.existsSync(marker) || !fs.existsSync(bin)) return undefined;
	try {
		const content = JSON.parse(fs.readFileSync(marker, 'utf8')) as { version?: string };
		if (content.version !== version) return undefined;
	} catch {
		return undefined;
	}
	return { version, dir, bin };
}

function pidAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a command to completion; output goes to `logFile`; rejects with its tail on a non-zero exit or timeout. */
export function run(
	command: string,
	args: string[],
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
	return new Promise((resolve, reject) => {
		if (options.signal?.aborted) {
			reject(new Error(`${command} not started: stopped`));
			return;
		}
		const out = fs.openSync(options.logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		// Its own process group (detached), so one kill stops npm and everything it started (node-gyp, compilers).
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env,
			stdio: ['ignore', out, out],
			detached: true,
			shell: process.platform === 'win32',
		});
		const killGroup = (signal: NodeJS.Signals) => {
			try {
				if (process.platform === 'win32') child.kill(signal);
				else process.kill(-child.pid!, signal);
			} catch {
				// already gone
			}
		};
		const timer = setTimeout(() => killGroup('SIGKILL'), options.timeoutMs);
		// Whatever ends this process (an uncaught error, process.exit) must not leave npm installing on its own.
		const onExit = () => killGroup('SIGKILL');
		process.once('exit', onExit);
		let stopped = false;
		let escalate: NodeJS.Timeout | undefined;
		const onAbort = () => {
			stopped = true;
			killGroup('SIGTERM');
			escalate = setTimeout(() => killGroup('SIGKILL'), 3000);
		};
		options.signal?.addEventListener('abort', onAbort, { once: true });
		const done = () => {
			process.removeListener('exit', onExit);
			clearTimeout(timer);
			clearTimeout(escalate);
			options.signal?.removeEventListener('abort', onAbort);
			fs.closeSync(out);
		};
		const tail = () => {
			const text = fs.readFileSync(options.logFile, 'utf8');
			return text.slice(Math.max(0, text.length - 3000));
		};
		child.on('error', (error) => {
			done();
			reject(error);
		});
		child.on('exit', (code, signal) => {
			done();
			// The group may outlive its leader by a moment (npm's children): make sure nothing of it keeps running.
			if (stopped) killGroup('SIGKILL');
			if (code === 0 && !stopped) resolve();
			else if (stopped) reject(new Error(`${command} ${args.join(' ')} stopped`));
			else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); log ${options.logFile}:\n${tail()}`));
		});
	});
}

function elapsed(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** How many packages npm has unpacked so far: the progress a person can see during the long npm install. */
function packagesIn(dir: string): number {
	try {
		let count = 0;
		for (const entry of fs.readdirSync(path.join(dir, 'node_modules'))) {
			if (entry.startsWith('.')) continue;
			count += entry.startsWith('@') ? fs.readdirSync(path.join(dir, 'node_modules', entry)).length : 1;
		}
		return count;
	} catch {
		return 0;
	}
}

async function installInto(
	target: string,
	version: string,
	log: (line: string) => void,
	deadline: number,
	progressMs: number,
	signal?: AbortSignal,
): Promise<void> {
	const root = repoRoot();
	const nodeDir = node24Dir(root);
	const nodedirArgs = nodeDir ? [`--nodedir=${nodeDir}`] : [];
	const staging = `${target}.staging-${process.pid}`;
	// Leftovers of installs that died (we hold the lock, so none is running).
	for (const entry of fs.readdirSync(path.dirname(target))) {
		if (entry.startsWith(`${path.basename(target)}.staging-`)) {
			fs.rmSync(path.join(path.dirname(target), entry), { recursive: true, force: true });
		}
	}
	fs.mkdirSync(staging, { recursive: true });
	const logFile = `${target}.install.log`;
	fs.writeFileSync(logFile, `n8n ${version} install, ${new Date().toISOString()}\n`);
	// Its own package.json makes the staging folder npm's prefix: the repo's .npmrc and node_modules stay out of it.
	fs.writeFileSync(
		path.join(staging, 'package.json'),
		JSON.stringify({ name: 'n8n-e2e-install', private: true, description: 'cache of a real n8n for end-to-end tests' }, null, 2),
	);
	const env = node24Env(
		{
			...(nodeDir ? { npm_config_nodedir: nodeDir } : {}),
			npm_config_fund: 'false',
			npm_config_audit: 'false',
			npm_config_update_notifier: 'false',
			npm_config_loglevel: 'warn',
		},
		root,
	);
	const remaining = () => Math.max(1000, deadline - Date.now());
	const installStarted = Date.now();
	let phase = 'npm install';
	// The install takes minutes with little to show: say what is going on at least every progressMs.
	const progress = setInterval(() => {
		const unpacked = phase === 'npm install' ? `, ${packagesIn(staging)} packages so far` : '';
		log(`still installing n8n: ${elapsed(Date.now() - installStarted)} elapsed, phase: ${phase}${unpacked}`);
	}, progressMs);
	try {
		await installSteps();
	} finally {
		clearInterval(progress);
	}

	async function installSteps(): Promise<void> {
		let started = Date.now();
		log(`installing n8n@${version} into ${target} (npm install --ignore-scripts; a few minutes, log: ${logFile})`);
		await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', `n8n@${version}`], {
			cwd: staging,
			env,
			logFile,
			timeoutMs: remaining(),
			signal,
		});
		phase = 'building sqlite3 from source';
		log(`npm install done in ${((Date.now() - started) / 1000).toFixed(0)} s; building sqlite3 against Node 24`);
		started = Date.now();
		await run('npm', ['rebuild', 'sqlite3', '--build-from-source', ...nodedirArgs], {
			cwd: staging,
			// Under `npm test` the repo's .npmrc (ignore-scripts=true) reaches child processes as npm_config_ignore_scripts,
			// which would make this rebuild a silent no-op: the build script is the whole point here.
			env: { ...env, npm_config_ignore_scripts: 'false' },
			logFile,
			timeoutMs: remaining(),
			signal,
		});
		phase = 'checking that n8n starts';
		log(`sqlite3 built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		const bin = path.join(staging, 'node_modules', 'n8n', 'bin', 'n8n');
		// The proof that it works: n8n answers its version, and sqlite3 loads under Node 24.
		await run(node24Binary(root), [bin, '--version'], { cwd: staging, env, logFile, timeoutMs: 60_000, signal });
		await run(node24Binary(root), ['-e', "require('sqlite3')"], {
			cwd: path.join(staging, 'node_modules', 'n8n'),
			env,
			logFile,
			timeoutMs: 60_000,
			signal,
		});
		fs.rmSync(target, { recursive: true, force: true });
		fs.renameSync(staging, target);
		fs.writeFileSync(
			path.join(target, MARKER),
			JSON.stringify({ version, node: '24', installedAt: new Date().toISOString() }, null, 2),
		);
	}
}

/**
 * The cached n8n, installed first when missing. Safe to call from several processes at once: one installs under
 * the lock, the others wait for it (bounded) and reuse the result.
 */
export async function ensureN8n(options: InstallOptions = {}): Promise<N8nInstallation> {
	const version = options.version ?? N8N_VERSION;
	const dir = options.dir ?? defaultCacheDir(version);
	const log = options.log ?? ((line: string) => console.log(`[n8n-install] ${line}`));
	const started = Date.now();
	const deadline = started + (options.timeoutMs ?? 25 * 60_000);
	const ready = installationAt(dir, version);
	if (ready) return { ...ready, installed: false, ms: 0 };

	fs.mkdirSync(path.dirname(dir), { recursive: true });
	const lock = `${dir}.lock`;
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		const already = installationAt(dir, version);
		if (already) return { ...already, installed: false, ms: Date.now() - started };
		let owner = NaN;
		try {
			owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
		} catch {
			// the owner is between mkdir and writing its pid, or just released
		}
		if (Number.isInteger(owner) && owner > 0 && !pidAlive(owner)) {
			log(`removing a stale install lock left by process ${owner}`);
			fs.rmSync(lock, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for another process to install n8n (lock ${lock})`);
		if (options.signal?.aborted) throw new Error('stopped while waiting for another process to install n8n');
		if (!announced) {
			log(`another process (${owner}) is installing n8n; waiting for it`);
			announced = true;
		}
		await sleep(2000);
	}
	try {
		const again = installationAt(dir, version);
		if (again) return { ...again, installed: false, ms: Date.now() - started };
		try {
			await installInto(dir, version, log, deadline, options.progressMs ?? 15_000, options.signal);
		} catch (error) {
			fs.rmSync(`${dir}.staging-${process.pid}`, { recursive: true, force: true });
			throw error;
		}
		const done = installationAt(dir, version);
		if (!done) throw new Error(`n8n install finished but ${dir} is incomplete`);
		log(`n8n@${version} ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		return { ...done, installed: true, ms: Date.now() - started };
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

if (require.main === module) {
	ensureN8n()
		.then((installation) => {
			console.log(installation.installed ? `installed ${installation.dir}` : `reused ${installation.dir}`);
		})
		.catch((error: Error) => {
			console.error(error.message);
			process.exit(1);
		});
}
