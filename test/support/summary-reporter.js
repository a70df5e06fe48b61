// Prints the closing line CI reads: "N passed, N failed" (with skipped when any). It also fails the run when
// the native-order audit holds a market, stop-loss market or IOC body no test declared (the 2026 order rules).
const path = require('node:path');
const { readAudit, removeAudit, undeclared } = require('./order-audit');

class SummaryReporter {
	constructor() {
		this.error = undefined;
	}

	onRunComplete(_contexts, results) {
		const leaks = undeclared(readAudit());
		if (leaks.length > 0) {
			const where = [...new Set(leaks.map((l) => (l.test ? path.relative(process.cwd(), l.test) : 'unknown test')))];
			this.error = new Error(`${leaks.length} native MARKET/STOPLOSS_MARKET/IOC order bodies reached the simulator without the escape hatch: ${where.join(', ')}`);
			process.stdout.write(`\nNative-order audit: ${this.error.message}\n`);
			for (const leak of leaks.slice(0, 20)) process.stdout.write(`  ${JSON.stringify(leak)}\n`);
		} else {
			removeAudit();
		}
		const skipped = results.numPendingTests + results.numTodoTests;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites + (leaks.length > 0 ? 1 : 0);
		const line = `${results.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : '');
		process.stdout.write(`\n${line}\n`);
	}

	getLastError() {
		return this.error;
	}
}
module.exports = SummaryReporter;
