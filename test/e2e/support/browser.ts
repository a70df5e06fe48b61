/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- end-to-end test support, never shipped */
// Debian's Chromium driven by playwright-core, headless, for the editor tests: the launch flags that keep it off
// the (closed) network, every request to anything but 127.0.0.1 refused and recorded, bounded waits, and
// screenshots under test-output/screenshots/.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { repoRoot } from '../../../scripts/n8n-install';

export const SCREENSHOT_DIR = path.join(repoRoot(), 'test-output', 'screenshots');

/** Debian's chromium package (apt-get install -y chromium), or CHROMIUM_PATH. */
export function chromiumPath(): string {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
	const found = candidates.find((candidate) => fs.existsSync(candidate));
	if (!found) {
		throw new Error(
			`Chromium not found (looked at ${candidates.join(', ')}). Install Debian's: sudo apt-get update && sudo apt-get install -y chromium, or set CHROMIUM_PATH.`,
		);
	}
	return found;
}

export const CHROMIUM_ARGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

export interface BrowserSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Requests the page tried to send anywhere but 127.0.0.1 (refused). */
	blocked: string[];
	/** Saves test-output/screenshots/<name>.png and returns its path. */
	shot(name: string): Promise<string>;
	close(): Promise<void>;
}

export async function openBrowser(options: { prefix?: string; actionTimeoutMs?: number } = {}): Promise<BrowserSession> {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	// n8n's editor marks its controls with data-test-id.
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
	try {
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'Asia/Kolkata' });
		context.setDefaultTimeout(options.actionTimeoutMs ?? 30_000);
		context.setDefaultNavigationTimeout(60_000);
		const blocked: string[] = [];
		await context.route('**/*', async (route) => {
			const url = new URL(route.request().url());
			const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.protocol === 'data:' || url.protocol === 'blob:';
			if (local) return await route.continue();
			blocked.push(route.request().url());
			return await route.abort('blockedbyclient');
		});
		const page = await context.newPage();
		return {
			browser,
			context,
			page,
			blocked,
			async shot(name) {
				const file = path.join(SCREENSHOT_DIR, `${options.prefix ?? ''}${name}.png`);
				await page.screenshot({ path: file, timeout: 30_000 });
				return file;
			},
			close: () => browser.close(),
		};
	} catch (error) {
		await browser.close();
		throw error;
	}
}
