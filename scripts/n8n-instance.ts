/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- dev tool, never shipped: runs n8n, tar and npm as child processes */
// A real n8n (installed by n8n-install.ts) in a scratch user folder, with this package installed the way
// Settings → Community nodes → Install leaves it, and helpers for the CLI (import, publish, execute) and for
// `n8n start` (readiness, owner account, REST with the session cookie, clean stop). Used by the e2e tests and by
// `npm start` (scripts/demo.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

import { node24Binary, node24Env, repoRoot, run, type N8nInstallation } from './n8n-install';

export const PACKAGE_NAME = 'n8n-nodes-angelone';

/** Everything n8n would otherwise fetch from the internet, switched off; plus quiet, local-only defaults. */
export const OFFLINE_ENV: Record<string, string> = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_AI_ENABLED: 'false',
	// The vetted community-node list comes from n8n's servers; the packages we install locally don't need it.
	N8N_VERIFIED_PACKAGES_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	// The MCP server registry is fetched from api.n8n.io at start-up.
	N8N_DISABLED_MODULES: 'mcp-registry',
	N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
	N8N_SECURE_COOKIE: 'false',
	N8N_PROTOCOL: 'http',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	N8N_HOST: '127.0.0.1',
	N8N_RUNNERS_MODE: 'internal',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
	N8N_LOG_LEVEL: 'info',
	N8N_LOG_OUTPUT: 'console',
	DB_TYPE: 'sqlite',
	GENERIC_TIMEZONE: 'Asia/Kolkata',
	TZ: 'Asia/Kolkata',
	NODE_ENV: 'production',
	// No Sentry, no external frontend hooks, no proxy from the surrounding shell.
	N8N_SENTRY_DSN: '',
	N8N_FRONTEND_SENTRY_DSN: '',
	EXTERNAL_FRONTEND_HOOKS_URLS: '',
	HTTP_PROXY: '',
	HTTPS_PROXY: '',
	http_proxy: '',
	https_proxy: '',
};

/**
 * n8n 2.40.7 on Node 24 sometimes dies of SIGSEGV while a CLI process exits, after its work is done and printed
 * (seen about once in 20 `n8n execute` runs on a loaded 2-core machine: a V8 thread allocating while the platform
 * is torn down). Idempotent commands are then retried; executions are judged by the run they printed. Counted here.
 */
export const exitCrashes: Array<{ args: string[]; signal: string; retried: boolean }> = [];

const IDEMPOTENT_COMMANDS = /^(import:credentials|import:workflow|publish:workflow|unpublish:workflow|export:|list:)/;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

export interface CredentialJson {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	active?: boolean;
	pinData?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface CliResult {
	code: number | null;
	/** The signal that ended the process, if one did. */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

/** What `n8n execute --rawOutput` prints: the IRun of the execution. */
export interface ExecutionRun {
	finished?: boolean;
	status?: string;
	mode?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown; executionStatus?: string }>
			>;
			error?: { message?: string; description?: string };
			lastNodeExecuted?: string;
		};
	};
}

export interface ExecuteResult extends CliResult {
	run?: ExecutionRun;
	/** The run finished successfully, and the process exited 0 or only crashed after it was done (see exitCrashes). */
	ok: boolean;
	/** The process printed a finished run, then died of a signal while exiting. */
	crashedAtExit: boolean;
	/** The json of every item of a node's first output in its last run. */
	output(nodeName: string): Array<Record<string, unknown>>;
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@example.com',
	password: 'AngelOne-Demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface N8nHomeOptions {
	installation: N8nInstallation;
	/** The N8N_USER_FOLDER; default a new folder under the OS temp dir. */
	userFolder?: string;
	/** Port of the editor/REST server; default a free one. */
	port?: number;
	/** Extra environment for every n8n process of this home. */
	env?: Record<string, string>;
	/** Prefix for log lines (default none: quiet). */
	log?: (line: string) => void;
}

export interface RunningN8n {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	pid: number;
	logFile: string;
	/** Lines n8n printed so far. */
	logText(): string;
	/** Resolves when a line matching `pattern` has been printed (rejects after timeoutMs, or when n8n exits). */
	waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
	/** Creates the owner account (POST /rest/owner/setup) unless one exists, and logs in. */
	setupOwner(owner?: OwnerAccount): Promise<void>;
	/** A REST call to /rest with the owner's session cookie (after setupOwner or login). */
	rest<T = unknown>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }>;
	login(owner?: OwnerAccount): Promise<void>;
	/**
	 * Resolves once a published workflow's webhook answers (n8n registers webhooks a moment after the editor is up):
	 * a CORS preflight is answered 204 with the method allowed only for a registered webhook path.
	 */
	waitForWebhook(webhookPath: string, method?: string, timeoutMs?: number): Promise<void>;
	/** Publishes (activates) a stored workflow's current version through the editor's REST API. */
	activateWorkflow(id: string): Promise<void>;
	deactivateWorkflow(id: string): Promise<void>;
	/** Executions of a workflow, newest first: { id, status, mode }. */
	executions(workflowId: string): Promise<Array<{ id: string; status: string; mode: string }>>;
	/** SIGTERM to n8n and its task runners, SIGKILL after `graceMs`; resolves when the process has exited. */
	stop(graceMs?: number): Promise<void>;
	exited: Promise<number | null>;
}

export interface N8nHome {
	userFolder: string;
	n8nFolder: string;
	port: number;
	url: string;
	installation: N8nInstallation;
	/** Environment of every n8n process of this home (without the per-process task-broker port). */
	env: NodeJS.ProcessEnv;
	logDir: string;
	/** Runs `n8n <args>`; CLI calls of one home run one at a time (they share one SQLite file). */
	cli(args: string[], options?: { timeoutMs?: number; allowFailure?: boolean }): Promise<CliResult>;
	installPackage(tarball: string): Promise<InstalledPackage>;
	importCredentials(credentials: CredentialJson[]): Promise<void>;
	/** Imports workflows (one CLI call); each needs an id. */
	importWorkflows(workflows: WorkflowJson[]): Promise<void>;
	publishWorkflow(id: string): Promise<void>;
	/** Ids of the workflows stored in this home (`n8n list:workflow --onlyId`). */
	workflowIds(): Promise<string[]>;
	execute(id: string, options?: { timeoutMs?: number }): Promise<ExecuteResult>;
	start(options?: { timeoutMs?: number }): Promise<RunningN8n>;
	/** Deletes the user folder (stop n8n first). */
	remove(): void;
}

export interface InstalledPackage {
	name: string;
	version: string;
	/** Where n8n's Install puts it: <n8nFolder>/nodes/node_modules/<name>. */
	dir: string;
	/** Node types as workflows name them: n8n-nodes-angelone.<name>. */
	nodeTypes: Array<{ type: string; displayName: string; version: number }>;
}

/** `npm pack` of the built package (dist/ must be built) into `destination`; returns the tarball path. */
export async function packPackage(destination: string, root = repoRoot()): Promise<string> {
	// A build running at the same moment (another terminal, a watch) empties dist/ for a few seconds: wait for it.
	const marker = path.join(root, 'dist', 'package.json');
	const deadline = Date.now() + 120_000;
	let lastSeen = '';
	for (;;) {
		const stamp = fs.existsSync(marker) ? String(fs.statSync(path.join(root, 'dist')).mtimeMs) + String(fs.statSync(marker).mtimeMs) : '';
		if (stamp !== '' && stamp === lastSeen) break;
		if (Date.now() > deadline) throw new Error(`${root}/dist is missing or changing: run npm run build first`);
		lastSeen = stamp;
		await sleep(stamp === '' ? 2000 : 1000);
	}
	fs.mkdirSync(destination, { recursive: true });
	const logFile = path.join(destination, 'pack.log');
	await run('npm', ['pack', '--pack-destination', destination, '--ignore-scripts', '--json'], {
		cwd: root,
		env: node24Env({ npm_config_update_notifier: 'false' }, root),
		logFile,
		timeoutMs: 120_000,
	});
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
	const tarball = path.join(destination, `${pkg.name}-${pkg.version}.tgz`);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}; see ${logFile}`);
	return tarball;
}

function parseRun(stdout: string): ExecutionRun | undefined {
	// The run is printed pretty (a line "{" … a line "}"), with log lines before and after it.
	const lines = stdout.split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n')) as ExecutionRun;
			} catch {
				// not the end of it; keep looking
			}
		}
	}
	return undefined;
}

function outputOf(result: ExecutionRun | undefined, nodeName: string): Array<Record<string, unknown>> {
	const runs = result?.data.resultData.runData[nodeName];
	if (!runs || runs.length === 0) throw new Error(`node "${nodeName}" did not run`);
	const main = runs[runs.length - 1].data?.main?.[0] ?? [];
	return main.map((item) => item.json);
}

function readText(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** The child-process script that writes installed_packages / installed_nodes rows, as n8n's Install does. */
const REGISTER_SCRIPT = `
const path = require('node:path');
const [dbFile, packageDir, sqliteModule] = process.argv.slice(1);
const pkg = require(path.join(packageDir, 'package.json'));
const nodes = [];
for (const file of (pkg.n8n && pkg.n8n.nodes) || []) {
	const mod = require(path.join(packageDir, file));
	const className = path.basename(file).replace(/\\.node\\.js$/, '');
	const NodeClass = mod[className] || Object.values(mod).find((v) => typeof v === 'function');
	const node = new NodeClass();
	let description = node.description;
	let version = 1;
	if (node.nodeVersions) {
		version = node.currentVersion;
		description = node.nodeVersions[node.currentVersion].description;
	} else {
		version = Array.isArray(description.version) ? description.version.slice(-1)[0] : description.version;
	}
	nodes.push({ name: description.displayName, type: pkg.name + '.' + description.name, version });
}
// SQLite (n8n's default) or PostgreSQL (DB_TYPE=postgresdb, queue mode): the same rows; PostgreSQL wants the
// camel-case column names quoted and numbered parameters.
const postgres = process.env.DB_TYPE === 'postgresdb';
let runSql;
let closeDb;
if (postgres) {
	const { Client } = require('pg');
	const db = new Client({
		host: process.env.DB_POSTGRESDB_HOST, port: Number(process.env.DB_POSTGRESDB_PORT), user: process.env.DB_POSTGRESDB_USER,
		password: process.env.DB_POSTGRESDB_PASSWORD, database: process.env.DB_POSTGRESDB_DATABASE,
	});
	const connected = db.connect();
	runSql = async (sql, params) => {
		await connected;
		let i = 0;
		await db.query(sql.replace(/\\b(packageName|installedVersion|authorName|authorEmail|latestVersion)\\b/g, '"$1"').replace(/\\?/g, () => '$' + ++i), params);
	};
	closeDb = () => db.end();
} else {
	const sqlite3 = require(sqliteModule);
	const db = new sqlite3.Database(dbFile);
	runSql = (sql, params) => new Promise((resolve, reject) => db.run(sql, params, (e) => (e ? reject(e) : resolve())));
	closeDb = () => db.close();
}
(async () => {
	await runSql('BEGIN', []);
	await runSql('DELETE FROM installed_nodes WHERE package = ?', [pkg.name]);
	await runSql('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name]);
	await runSql('INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail) VALUES (?, ?, ?, ?)', [
		pkg.name, pkg.version, (pkg.author && pkg.author.name) || null, (pkg.author && pkg.author.email) || null,
	]);
	for (const n of nodes) {
		await runSql('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', [n.name, n.type, n.version, pkg.name]);
	}
	await runSql('COMMIT', []);
	await closeDb();
	process.stdout.write(JSON.stringify({ name: pkg.name, version: pkg.version, nodes }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

export async function createN8nHome(options: N8nHomeOptions): Promise<N8nHome> {
	const { installation } = options;
	const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-angelone-'));
	const n8nFolder = path.join(userFolder, '.n8n');
	const logDir = path.join(userFolder, 'logs');
	fs.mkdirSync(n8nFolder, { recursive: true });
	fs.mkdirSync(logDir, { recursive: true });
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const log = options.log ?? (() => undefined);
	const env = node24Env({
		...OFFLINE_ENV,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_EDITOR_BASE_URL: `${url}/`,
		WEBHOOK_URL: `${url}/`,
		// One key per home, so the CLI and the server decrypt the same credentials.
		N8N_ENCRYPTION_KEY: `e2e-${path.basename(userFolder)}-key`,
		...(options.env ?? {}),
	});
	let queue: Promise<unknown> = Promise.resolve();
	let cliCount = 0;

	async function cliNow(args: string[], opts: { timeoutMs?: number }): Promise<CliResult> {
		const started = Date.now();
		// Every n8n process with the task runner starts a broker; give each its own port.
		const brokerPort = await freePort();
		const child = spawn(node24Binary(), [installation.bin, ...args], {
			cwd: userFolder,
			env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		const killGroup = () => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				// gone
			}
		};
		process.once('exit', killGroup);
		const timeoutMs = opts.timeoutMs ?? 120_000;
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup();
		}, timeoutMs);
		let signal: NodeJS.Signals | null = null;
		const code = await new Promise<number | null>((resolve) =>
			child.on('close', (c, s) => {
				signal = s;
				resolve(c);
			}),
		);
		clearTimeout(timer);
		process.removeListener('exit', killGroup);
		// Task runners the CLI started must not outlive it.
		killGroup();
		const ms = Date.now() - started;
		const n = ++cliCount;
		fs.writeFileSync(path.join(logDir, `cli-${String(n).padStart(3, '0')}-${args[0].replace(/[^\w-]/g, '_')}.log`), `$ n8n ${args.join(' ')}\n(exit ${code ?? signal}, ${ms} ms)\n--- stdout\n${stdout}\n--- stderr\n${stderr}`);
		log(`n8n ${args.join(' ')}: exit ${code ?? signal} in ${ms} ms`);
		if (timedOut) throw new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
		return { code, signal, stdout, stderr, ms };
	}

	async function cliWithRetry(args: string[], opts: { timeoutMs?: number; allowFailure?: boolean }): Promise<CliResult> {
		const idempotent = IDEMPOTENT_COMMANDS.test(args[0]);
		for (let attempt = 1; ; attempt++) {
			const result = await cliNow(args, { timeoutMs: opts.timeoutMs });
			const crashed = result.code === null && result.signal !== null && result.signal !== 'SIGKILL';
			if (crashed) exitCrashes.push({ args, signal: result.signal!, retried: idempotent && attempt < 3 });
			if (crashed && idempotent && attempt < 3) {
				log(`n8n ${args[0]} died of ${result.signal}; running it again (it is idempotent)`);
				continue;
			}
			if (result.code !== 0 && !opts.allowFailure) {
				throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code ?? result.signal}):\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
			}
			return result;
		}
	}

	function cli(args: string[], opts: { timeoutMs?: number; allowFailure?: boolean } = {}): Promise<CliResult> {
		const result = queue.then(() => cliWithRetry(args, opts));
		queue = result.catch(() => undefined);
		return result;
	}

	const dbFile = path.join(n8nFolder, 'database.sqlite');

	const home: N8nHome = {
		userFolder,
		n8nFolder,
		port,
		url,
		installation,
		env,
		logDir,
		cli,

		async installPackage(tarball) {
			// What CommunityPackagesService.downloadPackage (n8n 2.40.7) does after `npm pack <name>@<version>`:
			// unpack into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json,
			// `npm install` its runtime dependencies there, record it in nodes/package.json.
			const nodesDir = path.join(n8nFolder, 'nodes');
			const packageDir = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
			fs.rmSync(packageDir, { recursive: true, force: true });
			fs.mkdirSync(packageDir, { recursive: true });
			const logFile = path.join(logDir, 'install-package.log');
			await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { cwd: nodesDir, env, logFile, timeoutMs: 60_000 });
			const packageJsonPath = path.join(packageDir, 'package.json');
			const { devDependencies, peerDependencies, optionalDependencies, ...packageJson } = JSON.parse(
				fs.readFileSync(packageJsonPath, 'utf8'),
			) as Record<string, unknown> & { name: string; version: string };
			void devDependencies;
			void peerDependencies;
			void optionalDependencies;
			fs.writeFileSync(packageJsonPath, JSON.stringify(packageJson, null, 2), 'utf-8');
			await run(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: packageDir, env: { ...env, npm_config_update_notifier: 'false' }, logFile, timeoutMs: 180_000 },
			);
			const listPath = path.join(nodesDir, 'package.json');
			const list = fs.existsSync(listPath)
				? (JSON.parse(fs.readFileSync(listPath, 'utf8')) as { dependencies?: Record<string, string> })
				: {};
			const updated = { name: 'installed-nodes', private: true, ...list, dependencies: { ...(list.dependencies ?? {}), [packageJson.name]: packageJson.version } };
			fs.writeFileSync(listPath, JSON.stringify(updated, null, 2), 'utf-8');

			// The database rows the Install button writes (Settings → Community nodes lists them). The database
			// exists once any n8n command has run its migrations.
			if (env.DB_TYPE !== 'postgresdb' && !fs.existsSync(dbFile)) await cli(['list:workflow'], { allowFailure: false });
			const registered = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
				const child = spawn(
					node24Binary(),
					['-e', REGISTER_SCRIPT, dbFile, packageDir, path.join(installation.dir, 'node_modules', 'sqlite3')],
					{
						cwd: userFolder,
						// n8n puts its own module paths on NODE_PATH before loading packages; so does this.
						env: { ...env, NODE_PATH: path.join(installation.dir, 'node_modules') },
						stdio: ['ignore', 'pipe', 'pipe'],
					},
				);
				let out = '';
				let err = '';
				child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
				child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
				child.on('close', (code) => resolve({ code, out, err }));
			});
			if (registered.code !== 0) throw new Error(`registering ${PACKAGE_NAME} in n8n's database failed:\n${registered.err}`);
			const info = JSON.parse(registered.out) as { name: string; version: string; nodes: Array<{ name: string; type: string; version: number }> };
			return {
				name: info.name,
				version: info.version,
				dir: packageDir,
				nodeTypes: info.nodes.map((n) => ({ type: n.type, displayName: n.name, version: n.version })),
			};
		},

		async importCredentials(credentials) {
			const file = path.join(userFolder, `credentials-${Date.now()}.json`);
			fs.writeFileSync(file, JSON.stringify(credentials, null, 2));
			try {
				await cli(['import:credentials', `--input=${file}`]);
			} finally {
				// Plain secrets only live on disk for the moment of the import.
				fs.rmSync(file, { force: true });
			}
		},

		async importWorkflows(workflows) {
			const dir = fs.mkdtempSync(path.join(userFolder, 'workflows-'));
			for (const workflow of workflows) {
				if (!workflow.id) throw new Error(`workflow "${workflow.name}" needs an id to be imported`);
				fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify({ active: false, ...workflow }, null, 2));
			}
			await cli(['import:workflow', '--separate', `--input=${dir}`]);
		},

		async publishWorkflow(id) {
			await cli(['publish:workflow', `--id=${id}`]);
		},

		async workflowIds() {
			const result = await cli(['list:workflow', '--onlyId']);
			return result.stdout
				.split('\n')
				.map((line) => line.trim())
				.filter((line) => /^[\w-]+$/.test(line));
		},

		async execute(id, opts = {}) {
			const result = await cli(['execute', `--id=${id}`, '--rawOutput'], { allowFailure: true, timeoutMs: opts.timeoutMs ?? 120_000 });
			const parsed = parseRun(result.stdout);
			const crashedAtExit = result.code === null && result.signal !== 'SIGKILL' && parsed?.finished === true;
			return {
				...result,
				run: parsed,
				crashedAtExit,
				ok: parsed?.status === 'success' && (result.code === 0 || crashedAtExit),
				output: (nodeName: string) => outputOf(parsed, nodeName),
			};
		},

		async start(opts = {}) {
			const timeoutMs = opts.timeoutMs ?? 120_000;
			const logFile = path.join(logDir, `n8n-start-${Date.now()}.log`);
			const out = fs.openSync(logFile, 'a');
			const brokerPort = await freePort();
			const child: ChildProcess = spawn(node24Binary(), [installation.bin, 'start'], {
				cwd: userFolder,
				env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
				stdio: ['ignore', out, out],
				detached: true,
			});
			fs.closeSync(out);
			const pid = child.pid!;
			const killGroup = (signal: NodeJS.Signals) => {
				try {
					process.kill(-pid, signal);
				} catch {
					// gone
				}
			};
			const onExit = () => killGroup('SIGKILL');
			process.once('exit', onExit);
			let exitCode: number | null | undefined;
			const exited = new Promise<number | null>((resolve) =>
				child.on('exit', (code) => {
					exitCode = code;
					process.removeListener('exit', onExit);
					resolve(code);
				}),
			);
			let cookie = '';

			async function request<T>(method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
				const response = await fetch(`${url}${urlPath}`, {
					method,
					headers: {
						...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
						...(cookie ? { Cookie: cookie } : {}),
						'browser-id': 'e2e-harness',
					},
					body: body === undefined ? undefined : JSON.stringify(body),
					signal: AbortSignal.timeout(30_000),
				});
				const setCookie = response.headers.getSetCookie?.() ?? [];
				for (const c of setCookie) {
					const auth = /^(n8n-auth=[^;]*)/.exec(c);
					if (auth) cookie = auth[1];
				}
				const text = await response.text();
				let parsed: unknown = text;
				try {
					parsed = JSON.parse(text);
				} catch {
					// not JSON
				}
				return { status: response.status, body: parsed as T };
			}

			const running: RunningN8n = {
				url,
				port,
				pid,
				logFile,
				exited,
				logText: () => readText(logFile),
				async waitForLog(pattern, waitMs = 60_000) {
					const deadline = Date.now() + waitMs;
					for (;;) {
						const match = readText(logFile)
							.split('\n')
							.find((line) => pattern.test(line));
						if (match) return match;
						if (exitCode !== undefined) throw new Error(`n8n exited (${exitCode}) before printing ${pattern}; log ${logFile}`);
						if (Date.now() > deadline) throw new Error(`n8n did not print ${pattern} within ${waitMs} ms; log ${logFile}`);
						await sleep(200);
					}
				},
				async login(owner = DEFAULT_OWNER) {
					const answer = await request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
					if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
				},
				async setupOwner(owner = DEFAULT_OWNER) {
					const answer = await request<{ data?: unknown; message?: string }>('POST', '/rest/owner/setup', owner);
					if (answer.status === 200) return;
					// Already set up (a reused user folder): log in instead.
					if (answer.status === 400 && /already|setup/i.test(JSON.stringify(answer.body))) return await running.login(owner);
					throw new Error(`owner setup failed: ${answer.status} ${JSON.stringify(answer.body)}`);
				},
				rest: (method, urlPath, body) => request(method, `/rest${urlPath}`, body),
				async waitForWebhook(webhookPath, method = 'POST', waitMs = 30_000) {
					const deadline = Date.now() + waitMs;
					for (;;) {
						try {
							const response = await fetch(`${url}/webhook/${webhookPath}`, {
								method: 'OPTIONS',
								headers: { Origin: url, 'Access-Control-Request-Method': method },
								signal: AbortSignal.timeout(5000),
							});
							const allowed = response.headers.get('access-control-allow-methods') ?? '';
							if (response.status === 204 && allowed.split(/,\s*/).includes(method)) return;
						} catch {
							// not up
						}
						if (exitCode !== undefined) throw new Error(`n8n exited (${exitCode}) before webhook ${webhookPath} was registered`);
						if (Date.now() > deadline) throw new Error(`webhook ${method} /webhook/${webhookPath} was not registered within ${waitMs} ms`);
						await sleep(250);
					}
				},
				async activateWorkflow(id) {
					const current = await request<{ data: { versionId: string } }>('GET', `/rest/workflows/${id}`);
					if (current.status !== 200) throw new Error(`GET workflow ${id}: ${current.status} ${JSON.stringify(current.body)}`);
					const answer = await request('POST', `/rest/workflows/${id}/activate`, { versionId: current.body.data.versionId });
					if (answer.status !== 200) throw new Error(`activate ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
				},
				async deactivateWorkflow(id) {
					const answer = await request('POST', `/rest/workflows/${id}/deactivate`, {});
					if (answer.status !== 200) throw new Error(`deactivate ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
				},
				async executions(workflowId) {
					const filter = encodeURIComponent(JSON.stringify({ workflowId }));
					const answer = await request<{ data: { results: Array<{ id: string; status: string; mode: string }> } }>(
						'GET',
						`/rest/executions?filter=${filter}&limit=100`,
					);
					if (answer.status !== 200) throw new Error(`executions: ${answer.status} ${JSON.stringify(answer.body)}`);
					return answer.body.data.results.map(({ id, status, mode }) => ({ id, status, mode }));
				},
				async stop(graceMs = 15_000) {
					if (exitCode !== undefined) return;
					killGroup('SIGTERM');
					const timer = setTimeout(() => killGroup('SIGKILL'), graceMs);
					await exited;
					clearTimeout(timer);
					// Task runners belong to the same process group.
					killGroup('SIGKILL');
				},
			};

			const deadline = Date.now() + timeoutMs;
			try {
				for (;;) {
					if (exitCode !== undefined) throw new Error(`n8n start exited (${exitCode}) while starting:\n${readText(logFile).slice(-4000)}`);
					if (Date.now() > deadline) throw new Error(`n8n did not become ready within ${timeoutMs} ms:\n${readText(logFile).slice(-4000)}`);
					try {
						const response = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
						if (response.status === 200 && /Editor is now accessible/.test(readText(logFile))) break;
					} catch {
						// not listening yet
					}
					await sleep(300);
				}
			} catch (error) {
				await running.stop(2000);
				throw error;
			}
			log(`n8n started at ${url} (pid ${pid}, log ${logFile})`);
			return running;
		},

		remove() {
			fs.rmSync(userFolder, { recursive: true, force: true });
		},
	};
	return home;
}
