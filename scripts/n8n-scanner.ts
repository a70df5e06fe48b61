/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- dev tool, never shipped: installs and runs n8n's scanner */
// n8n's verification scanner (@n8n/scan-community-package), installed once into a cache folder like the test
// n8n, not as a devDependency: it depends on typescript@7, which breaks @typescript-eslint, so the cache pins
// typescript@5.9 for the whole tree (npm overrides), with n8n-workflow beside it for the lint rules. Its
// analyzePackage(dir, patterns) is the lint part of what n8n runs before it verifies a package (the provenance
// check needs the published package, see .github/workflows/release.yml).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { node24Binary, node24Env, repoRoot, run } from './n8n-install';

export const SCANNER_VERSION = '0.32.0';
const TYPESCRIPT_VERSION = '5.9.3';
const N8N_WORKFLOW_VERSION = '2.40.1';
const MARKER = '.scanner-install-complete.json';

/** What the scanner lints in the provenance-attested source and in the packed tarball (scanner.mjs). */
export const SOURCE_PATTERNS = ['package.json', '{nodes,credentials}/**/*.{js,ts,json}'];
export const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

export interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

function entry(dir: string): string {
	return path.join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
}

/** The scanner's folder, installed first when missing (one installer at a time; others wait for it). */
export async function ensureScanner(root = repoRoot()): Promise<string> {
	const dir = path.join(root, '.cache', `n8n-scanner-${SCANNER_VERSION}`);
	if (fs.existsSync(path.join(dir, MARKER)) && fs.existsSync(entry(dir))) return dir;
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	const lock = `${dir}.lock`;
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (fs.existsSync(path.join(dir, MARKER))) return dir;
		// A lock older than the longest install is left by a process that died.
		if (Date.now() - fs.statSync(lock).mtimeMs > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
		if (Date.now() > deadline) throw new Error(`timed out waiting for another process to install the scanner (lock ${lock})`);
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	try {
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: 'n8n-scanner-cache', private: true, overrides: { typescript: TYPESCRIPT_VERSION } }, null, 2),
		);
		const args = [
			'install',
			'--ignore-scripts',
			'--omit=dev',
			'--legacy-peer-deps',
			'--no-audit',
			'--no-fund',
			`@n8n/scan-community-package@${SCANNER_VERSION}`,
			`typescript@${TYPESCRIPT_VERSION}`,
			`n8n-workflow@${N8N_WORKFLOW_VERSION}`,
		];
		await run('npm', args, { cwd: dir, env: node24Env({}, root), logFile: `${dir}.install.log`, timeoutMs: 10 * 60_000 });
		fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ version: SCANNER_VERSION, installedAt: new Date().toISOString() }));
		return dir;
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

/** Runs the scanner's analyzePackage on a folder (in a child process: the scanner is an ES module). */
export async function scan(packageDir: string, patterns: string[], root = repoRoot()): Promise<ScanResult> {
	const scannerDir = await ensureScanner(root);
	const script = [
		`const { analyzePackage } = await import(${JSON.stringify(new URL(`file://${entry(scannerDir)}`).href)});`,
		`const result = await analyzePackage(${JSON.stringify(packageDir)}, ${JSON.stringify(patterns)});`,
		'process.stdout.write(JSON.stringify(result));',
	].join('\n');
	// As n8n runs it: eslint-plugin-n8n-nodes-base changes its rules under NODE_ENV=test (which jest sets).
	const env = node24Env({}, root);
	delete env.NODE_ENV;
	return await new Promise((resolve, reject) => {
		const child = spawn(node24Binary(root), ['--input-type=module', '-e', script], {
			cwd: packageDir,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
		child.on('error', reject);
		child.on('close', (code) => {
			try {
				resolve(JSON.parse(stdout) as ScanResult);
			} catch {
				reject(new Error(`the scanner exited ${code} without a result:\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`));
			}
		});
	});
}
