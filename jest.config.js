/** Jest runs every test under test/ on Node 24: npm test starts it through scripts/node24.js, which puts Node 24 first on the PATH. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', diagnostics: false }],
	},
	setupFilesAfterEnv: ['<rootDir>/test/support/leak-guard-setup.ts', '<rootDir>/test/support/order-audit-file.ts'],
	// The 2026 order rules' done-check: every native order body any simulator receives is audited (order-audit.js).
	globalSetup: '<rootDir>/test/support/order-audit-setup.js',
	testTimeout: 60000,
	maxWorkers: 2,
	reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
