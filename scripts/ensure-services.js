// Makes sure Debian's PostgreSQL and Redis are there for the queue-mode cluster tests (test/e2e/cluster*.test.ts):
// installs them with apt when they are missing and this runs as root, as on a fresh machine of this project's kind.
// Only the programs are needed: the tests start their own servers on loopback ports in a scratch folder and stop
// them afterwards (the packages' own services are never started).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** initdb, pg_ctl and postgres of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout). */
function postgresBin() {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

function redisServer() {
	return [process.env.REDIS_SERVER, '/usr/bin/redis-server'].filter(Boolean).find((file) => fs.existsSync(file));
}

module.exports = { postgresBin, redisServer };

if (require.main === module) {
	const missing = [];
	if (!postgresBin()) missing.push('postgresql');
	if (!redisServer()) missing.push('redis-server');
	if (missing.length === 0) process.exit(0);
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot || !fs.existsSync('/usr/bin/apt-get')) {
		console.warn(
			`${missing.join(' and ')} not installed, so the queue-mode cluster tests will fail. Install: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
		);
		process.exit(0);
	}
	console.log(`Installing Debian's ${missing.join(' and ')} for the queue-mode cluster tests (apt-get)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}
