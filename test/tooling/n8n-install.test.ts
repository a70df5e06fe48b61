/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tooling test, never shipped */
// The first n8n install (scripts/n8n-install.ts, what `npm start` and the e2e tests wait for): it says how far it
// is at least every progressMs, and stopping it (Ctrl-C in the demo) stops the npm install it started and leaves
// neither its lock nor its staging folder behind, so the next start installs cleanly.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ensureN8n } from '../../scripts/n8n-install';
import { sleep } from '../../scripts/n8n-instance';

/** npm processes whose working folder is `dir` (the install runs in its staging folder). */
function npmIn(dir: string): number[] {
	const found: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (fs.readlinkSync(`/proc/${entry}/cwd`).startsWith(dir)) found.push(Number(entry));
		} catch {
			// gone
		}
	}
	return found;
}

test(
	'a stopped first install reports its progress, stops its npm, and removes its lock and staging folder',
	async () => {
		const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-install-stop-'));
		const dir = path.join(parent, 'n8n');
		const lines: string[] = [];
		const controller = new AbortController();
		const install = ensureN8n({ dir, log: (line) => lines.push(line), signal: controller.signal, progressMs: 1000 });
		const outcome = install.then(
			() => 'installed',
			(error: Error) => error.message,
		);
		const staging = `${dir}.staging-${process.pid}`;
		const deadline = Date.now() + 60_000;
		while (!lines.some((line) => line.startsWith('still installing n8n:')) && Date.now() < deadline) await sleep(200);
		expect(lines.find((line) => line.startsWith('still installing n8n:'))).toMatch(/^still installing n8n: \d+ s elapsed, phase: npm install, \d+ packages so far$/);
		expect(fs.existsSync(`${dir}.lock`)).toBe(true);
		expect(npmIn(staging).length).toBeGreaterThan(0);

		controller.abort();
		expect(await outcome).toMatch(/stopped/);
		expect(fs.existsSync(`${dir}.lock`)).toBe(false);
		expect(fs.existsSync(staging)).toBe(false);
		expect(fs.existsSync(dir)).toBe(false);
		await sleep(500);
		expect(npmIn(staging)).toEqual([]);
		fs.rmSync(parent, { recursive: true, force: true });
	},
	120_000,
);
