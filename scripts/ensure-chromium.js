// Makes sure a Chromium is there for the editor tests (test/e2e/browser.test.ts): installs Debian's with apt when
// it is missing and this runs as root, as on a fresh machine of this project's kind. Anywhere else (macOS, Windows,
// Linux without apt or without root) it says what to do and steps aside: `npm test` goes on, and only the editor
// tests need a browser. Never downloads a browser of its own; CHROMIUM_PATH points the tests at another build.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const DEFAULT_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * What to do about Chromium: { action: 'found' | 'skip' | 'install', message? }. Everything it looks at is passed
 * in, so it is tested without touching the machine.
 */
function plan({ candidates, aptGet, platform, isRoot, exists = fs.existsSync }) {
	const found = candidates.filter(Boolean).find((candidate) => exists(candidate));
	if (found) return { action: 'found', path: found };
	const howTo = 'or set CHROMIUM_PATH to a Chromium or Chrome binary';
	if (platform !== 'linux' || !exists(aptGet)) {
		return {
			action: 'skip',
			message:
				`Chromium not found and apt is not available here (${platform}): skipping its install. The editor tests ` +
				`(test/e2e/browser.test.ts) need one: install Chromium or Chrome ${howTo}.`,
		};
	}
	if (!isRoot) {
		return {
			action: 'skip',
			message: `Chromium is not installed, so the editor tests will fail. Install it: sudo apt-get update && sudo apt-get install -y chromium, ${howTo}.`,
		};
	}
	return { action: 'install' };
}

function install(aptGet) {
	console.log('Installing Debian\'s chromium for the editor tests (apt-get, about a minute)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync(aptGet, ['update', '-qq'], { stdio: 'inherit', env });
	// Chromium only recommends fonts; without them screenshots show no text.
	execFileSync(aptGet, ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation'], { stdio: 'inherit', env });
}

module.exports = { plan, DEFAULT_CANDIDATES };

if (require.main === module) {
	const decision = plan({
		candidates: [process.env.CHROMIUM_PATH, ...DEFAULT_CANDIDATES],
		aptGet: '/usr/bin/apt-get',
		platform: process.platform,
		isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
	});
	if (decision.action === 'skip') console.warn(decision.message);
	if (decision.action === 'install') install('/usr/bin/apt-get');
}
