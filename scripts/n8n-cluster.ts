/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- dev tool, never shipped: runs PostgreSQL, Redis and n8n as child processes */
// n8n in queue mode on one machine: PostgreSQL and Redis (Debian's programs, see ensure-services.js) started as
// local processes on loopback ports in a scratch folder, then n8n main, workers and a webhook process sharing one
// user folder, one encryption key, the database and the queue; this package installed as a community package
// for all of them. Used by the cluster tests (test/e2e/cluster.test.ts) and the measurement (bench/cluster.ts).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { node24Binary, repoRoot, type N8nInstallation } from './n8n-install';
import { createN8nHome, freePort, sleep, type CredentialJson, type InstalledPackage, type N8nHome, type RunningN8n, type WorkflowJson } from './n8n-instance';

// A plain CommonJS script that npm test also runs; from the sources or from build/scripts/ (tsc does not copy it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require(path.join(repoRoot(), 'scripts', 'ensure-services.js')) as { postgresBin(): string | undefined; redisServer(): string | undefined };

export interface Service {
	port: number;
	stop(): Promise<void>;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function execQuiet(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<string> {
	return new Promise((resolve, reject) => {
		execFile(file, args, { env: options.env ?? process.env, timeout: options.timeoutMs ?? 60_000 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${stdout}\n${stderr}`));
			else resolve(stdout);
		});
	});
}

/** PostgreSQL refuses to run as root: then its programs run as the `postgres` user Debian's package creates. */
function asPostgres(program: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

/**
 * A throw-away PostgreSQL: initdb into a fresh folder under the OS temp dir (readable by the postgres user, which
 * a checkout under /root is not), trust authentication on 127.0.0.1 only, no fsync, and a database `n8n`.
 */
export async function startPostgres(): Promise<Service & { dataDir: string; user: string; database: string }> {
	const bin = services.postgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed: run node scripts/ensure-services.js (as root) or apt-get install postgresql');
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-cluster-pg-${process.pid}-`));
	if (isRoot()) await execQuiet('chown', ['postgres:postgres', dataDir]);
	const port = await freePort();
	const user = 'n8n';
	const pgData = path.join(dataDir, 'data');
	const run = (program: string, args: string[]) => {
		const [file, argv] = asPostgres(path.join(bin, program), args);
		return execQuiet(file, argv, { timeoutMs: 120_000 });
	};
	await run('initdb', ['-D', pgData, '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync']);
	const options = `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
	await run('pg_ctl', ['-D', pgData, '-l', path.join(dataDir, 'postgres.log'), '-o', options, '-w', '-t', '60', 'start']);
	const stopNow = (): void => {
		try {
			const [file, argv] = asPostgres(path.join(bin, 'pg_ctl'), ['-D', pgData, '-m', 'immediate', '-w', 'stop']);
			execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
		} catch {
			// already stopped
		}
	};
	// A test run that is killed must not leave a server behind.
	process.once('exit', stopNow);
	await execQuiet(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, 'n8n']);
	return {
		port,
		dataDir,
		user,
		database: 'n8n',
		async stop() {
			process.removeListener('exit', stopNow);
			const [file, argv] = asPostgres(path.join(bin, 'pg_ctl'), ['-D', pgData, '-m', 'fast', '-w', 'stop']);
			await execQuiet(file, argv).catch(() => stopNow());
			fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** A child process in a group of its own, logging to a file; stop() ends the whole group. */
export interface ManagedProcess {
	name: string;
	pid: number;
	logFile: string;
	logText(): string;
	waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
	stop(graceMs?: number): Promise<void>;
	exited: Promise<number | null>;
}

export function spawnManaged(name: string, file: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; logFile: string }): ManagedProcess {
	const out = fs.openSync(options.logFile, 'a');
	const child: ChildProcess = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out], detached: true });
	fs.closeSync(out);
	const pid = child.pid!;
	const killGroup = (signal: NodeJS.Signals): void => {
		try {
			process.kill(-pid, signal);
		} catch {
			// gone
		}
	};
	const onExit = (): void => killGroup('SIGKILL');
	process.once('exit', onExit);
	let exitCode: number | null | undefined;
	const exited = new Promise<number | null>((resolve) =>
		child.on('exit', (code) => {
			exitCode = code;
			process.removeListener('exit', onExit);
			resolve(code);
		}),
	);
	const logText = (): string => {
		try {
			return fs.readFileSync(options.logFile, 'utf8');
		} catch {
			return '';
		}
	};
	return {
		name,
		pid,
		logFile: options.logFile,
		logText,
		exited,
		async waitForLog(pattern, timeoutMs = 120_000) {
			const deadline = Date.now() + timeoutMs;
			while (!pattern.test(logText())) {
				if (exitCode !== undefined) throw new Error(`${name} exited (${exitCode}) before printing ${pattern}:\n${logText().slice(-3000)}`);
				if (Date.now() > deadline) throw new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${logText().slice(-3000)}`);
				await sleep(200);
			}
		},
		async stop(graceMs = 15_000) {
			if (exitCode === undefined) {
				killGroup('SIGTERM');
				const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			killGroup('SIGKILL');
		},
	};
}

/** A throw-away Redis on 127.0.0.1 that keeps nothing on disk. */
export async function startRedis(scratch: string): Promise<Service> {
	const server = services.redisServer();
	if (!server) throw new Error('Redis is not installed: run node scripts/ensure-services.js (as root) or apt-get install redis-server');
	const port = await freePort();
	const dir = path.join(scratch, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const redis = spawnManaged(
		'redis',
		server,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
		{ env: process.env, cwd: dir, logFile: path.join(dir, 'redis.log') },
	);
	await redis.waitForLog(/Ready to accept connections/, 30_000);
	return { port, stop: () => redis.stop(5000) };
}

export interface ClusterOptions {
	installation: N8nInstallation;
	/** The packed package (npm pack of dist/). */
	tarball: string;
	/** Scratch folder: n8n's user folder, logs, Redis. */
	folder: string;
	credentials: CredentialJson[];
	workflows: WorkflowJson[];
	/** Workflows to publish once main is up. */
	publish?: string[];
	workers?: number;
	concurrency?: number;
	/** Also run `n8n webhook` (production webhooks then go to it). */
	webhookProcess?: boolean;
	log?: (line: string) => void;
}

export interface N8nCluster {
	home: N8nHome;
	installed: InstalledPackage;
	main: RunningN8n;
	workers: ManagedProcess[];
	webhook?: ManagedProcess;
	/** Where production webhooks are posted: the webhook process, or main without one. */
	webhookBaseUrl: string;
	/** Stops main and starts it again (same user folder, database and queue); publishes nothing anew. */
	restartMain(): Promise<RunningN8n>;
	/** Which worker ran each execution, from the workers' logs: worker name → execution ids. */
	executionsByWorker(): Record<string, string[]>;
	close(): Promise<void>;
}

/** Settings every process of the cluster shares. */
export function queueEnv(pg: { port: number; user: string; database: string }, redisPort: number): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: pg.database,
		// Workers need no HTTP server of their own here (each still gets a free port for it, see startCluster).
		QUEUE_HEALTH_CHECK_ACTIVE: 'false',
	};
}

export async function startCluster(options: ClusterOptions): Promise<N8nCluster> {
	const log = options.log ?? (() => undefined);
	const closers: Array<() => Promise<void>> = [];
	const closeAll = async (): Promise<void> => {
		for (const close of closers.splice(0).reverse()) {
			try {
				await close();
			} catch (error) {
				log(`close failed: ${(error as Error).message}`);
			}
		}
	};
	try {
		fs.mkdirSync(options.folder, { recursive: true });
		const [pg, redis] = await Promise.all([startPostgres(), startRedis(options.folder)]);
		closers.push(() => pg.stop(), () => redis.stop());
		log(`postgres on ${pg.port}, redis on ${redis.port}`);
		const home = await createN8nHome({ installation: options.installation, userFolder: options.folder, env: queueEnv(pg, redis.port) });
		// The first CLI call migrates the database; the package rows and workflows follow.
		await home.importCredentials(options.credentials);
		const installed = await home.installPackage(options.tarball);
		await home.importWorkflows(options.workflows);
		let main = await home.start({ timeoutMs: 180_000 });
		let stopMain = main.stop;
		closers.push(() => stopMain());
		await main.setupOwner();
		for (const id of options.publish ?? []) await main.activateWorkflow(id);

		const startProcess = async (name: string, args: string[], ready: RegExp, extraEnv: Record<string, string>): Promise<ManagedProcess> => {
			const brokerPort = await freePort();
			const child = spawnManaged(name, node24Binary(), [options.installation.bin, ...args], {
				env: { ...home.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...extraEnv },
				cwd: home.userFolder,
				logFile: path.join(home.logDir, `${name}.log`),
			});
			closers.push(() => child.stop());
			await child.waitForLog(ready, 180_000);
			log(`${name} ready (pid ${child.pid})`);
			return child;
		};
		const concurrency = options.concurrency ?? 5;
		const workers = await Promise.all(
			Array.from({ length: options.workers ?? 2 }, async (_, i) =>
				startProcess(`worker-${i + 1}`, ['worker', `--concurrency=${concurrency}`], /n8n worker is now ready/, {
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
				}),
			),
		);
		let webhook: ManagedProcess | undefined;
		let webhookBaseUrl = main.url;
		if (options.webhookProcess) {
			const port = await freePort();
			webhook = await startProcess('webhook', ['webhook'], /Webhook listener waiting for requests/, { N8N_PORT: String(port) });
			webhookBaseUrl = `http://127.0.0.1:${port}`;
		}

		const cluster: N8nCluster = {
			home,
			installed,
			main,
			workers,
			webhook,
			webhookBaseUrl,
			async restartMain() {
				await main.stop();
				main = await home.start({ timeoutMs: 180_000 });
				stopMain = main.stop;
				await main.login();
				cluster.main = main;
				return main;
			},
			executionsByWorker() {
				const result: Record<string, string[]> = {};
				for (const worker of workers) {
					result[worker.name] = [...worker.logText().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
				}
				return result;
			},
			close: closeAll,
		};
		return cluster;
	} catch (error) {
		await closeAll();
		throw error;
	}
}
