// The done-check of the 2026 order rules across the whole suite: every simulator (in the jest workers and in
// the processes the e2e tests start) appends each native MARKET, STOPLOSS_MARKET or IOC order body it receives
// to one file; at the end of the run any body that no test declared on purpose fails the run.
const fs = require('node:fs');
const path = require('node:path');

const AUDIT_ENV = 'ANGELONE_NATIVE_ORDER_AUDIT';
/** One file per jest run (its main process), so two runs in one checkout never share or truncate each other's. */
const AUDIT_FILE = path.join(__dirname, '..', '..', 'test-output', `native-order-audit-${process.pid}.jsonl`);
/** Why a test may send a native order: the package with its escape hatch on, or a test of the simulator itself. */
const DECLARED = new Set(['escape-hatch', 'simulator-test']);

/** jest globalSetup: a fresh, empty audit file, named to every process started from here on. */
function startAudit() {
	fs.mkdirSync(path.dirname(AUDIT_FILE), { recursive: true });
	fs.writeFileSync(AUDIT_FILE, '');
	process.env[AUDIT_ENV] = AUDIT_FILE;
}

/** The audit's lines: { endpoint, parts, enforced, reason, test, pid }. */
function readAudit(file = process.env[AUDIT_ENV] || AUDIT_FILE) {
	if (!fs.existsSync(file)) return [];
	return fs
		.readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => {
			try {
				return JSON.parse(line);
			} catch {
				return { endpoint: 'unreadable', parts: [], reason: null, test: line };
			}
		});
}

/** The native bodies no test declared on purpose. */
function undeclared(lines) {
	return lines.filter((line) => !DECLARED.has(line.reason));
}

/** A clean run leaves no file behind; a failing one keeps it for inspection. */
function removeAudit(file = process.env[AUDIT_ENV] || AUDIT_FILE) {
	fs.rmSync(file, { force: true });
}

module.exports = { AUDIT_ENV, AUDIT_FILE, DECLARED, startAudit, readAudit, undeclared, removeAudit };
