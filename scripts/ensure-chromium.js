// Makes sure Debian's Chromium is there for the editor tests (test/e2e/browser.test.ts): installs it with apt
// when it is missing and this runs as root, as on a fresh machine of this project's kind. Never downloads a browser
// of its own; CHROMIUM_PATH points the tests at another build.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
if (candidates.some((candidate) => fs.existsSync(candidate))) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
	console.warn(
		'Chromium is not installed, so the editor tests will fail. Install it: sudo apt-get update && sudo apt-get install -y chromium',
	);
	process.exit(0);
}
console.log('Installing Debian\'s chromium for the editor tests (apt-get, about a minute)…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
// Chromium only recommends fonts; without them screenshots show no text.
execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-liberation'], { stdio: 'inherit', env });
