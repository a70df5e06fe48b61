/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- tooling test, never shipped: runs npm pack and n8n's scanner */
// Ready to publish: the tarball ships exactly the compiled nodes and credentials, their codex files and icons,
// and README, LICENSE, CHANGELOG and package.json (no build info, source maps or stray files); n8n's own
// verification scanner passes on the source and on the packed tarball; the release workflow publishes with npm
// provenance. Needs the built dist/ (`npm test` builds first).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { repoRoot } from '../../scripts/n8n-install';
import { scan, SOURCE_PATTERNS, TARBALL_PATTERNS } from '../../scripts/n8n-scanner';

const root = repoRoot();
/** First use installs the scanner into .cache/ (about a minute). */
const SCANNER_TIMEOUT_MS = 10 * 60_000;

function sourcesUnder(dir: string): string[] {
	const found: string[] = [];
	for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
		const relative = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...sourcesUnder(relative));
		else found.push(relative);
	}
	return found;
}

function npm(args: string[], cwd = root): string {
	return execFileSync('npm', args, {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, npm_config_ignore_scripts: 'true', npm_config_update_notifier: 'false' },
		timeout: 120_000,
		shell: process.platform === 'win32',
	});
}

beforeAll(() => {
	if (!fs.existsSync(path.join(root, 'dist', 'nodes', 'AngelOne', 'AngelOne.node.js'))) {
		throw new Error('dist/ is not built: run `npm run build` (npm test does) before this test');
	}
});

test('the tarball ships exactly the compiled nodes and credentials, codex files, icons and the package documents', () => {
	const [packed] = JSON.parse(npm(['pack', '--dry-run', '--json'])) as Array<{ files: Array<{ path: string }> }>;
	const shipped = packed.files.map((f) => f.path).sort();
	const sources = [...sourcesUnder('nodes'), ...sourcesUnder('credentials')];
	const expected = [
		'CHANGELOG.md',
		'LICENSE',
		'README.md',
		'package.json',
		...sources.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => `dist/${f.replace(/\.ts$/, '.js')}`),
		...sources.filter((f) => f.endsWith('.node.json')).map((f) => `dist/${f}`),
		...fs.readdirSync(path.join(root, 'icons')).filter((f) => f.endsWith('.svg')).map((f) => `dist/icons/${f}`),
	].sort();
	expect(shipped).toEqual(expected);
	expect(shipped.filter((f) => /tsbuildinfo|\.map$|\.d\.ts$|^dist\/package\.json$/.test(f))).toEqual([]);
});

test('the published package.json asks its users to install nothing', () => {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
	expect(pkg.dependencies ?? {}).toEqual({});
	expect(pkg.optionalDependencies).toBeUndefined();
	expect(pkg.bundleDependencies ?? pkg.bundledDependencies).toBeUndefined();
	expect(Object.keys(pkg.peerDependencies as Record<string, string>)).toEqual(['n8n-workflow']);
});

test(
	"n8n's scanner passes on the source it would read from the repository",
	async () => {
		const result = await scan(root, SOURCE_PATTERNS);
		expect(result).toEqual({ passed: true });
	},
	SCANNER_TIMEOUT_MS,
);

test(
	"n8n's scanner passes on the packed tarball",
	async () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'angelone-pack-'));
		try {
			const [packed] = JSON.parse(npm(['pack', '--json', `--pack-destination=${dir}`])) as Array<{ filename: string }>;
			execFileSync('tar', ['-xzf', path.join(dir, packed.filename), '-C', dir]);
			const result = await scan(path.join(dir, 'package'), TARBALL_PATTERNS);
			expect(result).toEqual({ passed: true });
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	},
	SCANNER_TIMEOUT_MS,
);

test('the release workflow tests, then publishes with npm provenance, on a version tag', () => {
	const workflow = fs.readFileSync(path.join(root, '.github', 'workflows', 'release.yml'), 'utf8');
	expect(workflow).toMatch(/on:\s*\n\s*push:\s*\n\s*tags:\s*\n\s*- 'v\*\.\*\.\*'/);
	expect(workflow).toMatch(/permissions:[\s\S]*id-token: write/);
	const steps = ['npm ci', 'npm test', 'npm publish --provenance --access public'].map((command) => workflow.indexOf(`run: ${command}`));
	expect(steps.every((at) => at > 0)).toBe(true);
	expect([...steps].sort((a, b) => a - b)).toEqual(steps);
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository: { url: string } };
	// Provenance links the package to a public GitHub repository, which package.json must name.
	expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\//);
});
