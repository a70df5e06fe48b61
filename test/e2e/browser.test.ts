/* eslint-disable no-console -- end-to-end test, never shipped */
// The n8n editor in a real browser (Debian's Chromium, headless, through playwright-core), as a person uses it:
// log in, find Angel One in the node creator, add it and see its resources, operations and fields, search an
// instrument, open the credential, and run a template. Screenshots go to test-output/screenshots/.
import type { Page } from 'playwright-core';

import { openBrowser, type BrowserSession } from './support/browser';
import { templateForTest } from './support/templates';
import { ANGEL_CREDENTIAL, SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, startE2eWorld, timings, type E2eWorld } from './support/world';
import { DEFAULT_OWNER } from '../../scripts/n8n-instance';

const EVENING = 'e2eBrwEveningPnl';

let world: E2eWorld;
let session: BrowserSession;
let page: Page;

beforeAll(async () => {
	world = await startE2eWorld('browser');
	await world.home.importWorkflows([templateForTest('evening-holdings-pnl-to-google-sheets.json', { id: EVENING, sinkUrl: world.sink.url })]);
	const n8n = await world.start();
	await n8n.setupOwner();
	const started = Date.now();
	session = await openBrowser({ prefix: 'editor-' });
	timings.browserLaunchMs = Date.now() - started;
	page = session.page;
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	if (session?.blocked.length) console.log(`the editor tried to reach (refused): ${[...new Set(session.blocked)].join(', ')}`);
	await session?.close();
	await world?.close();
	console.log(`e2e browser timings: ${JSON.stringify(timings)}`);
});

/** The visible texts of every element with this data-test-id. */
async function texts(testId: string): Promise<string[]> {
	const locator = page.getByTestId(testId);
	await locator.first().waitFor({ state: 'visible' });
	return (await locator.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Every item of a virtualised list, as a person scrolling to its end sees them. */
async function scrolledTexts(testId: string): Promise<string[]> {
	const seen: string[] = [];
	for (let round = 0; round < 20; round++) {
		const current = await texts(testId);
		const before = seen.length;
		for (const text of current) if (!seen.includes(text)) seen.push(text);
		if (round > 0 && seen.length === before) break;
		await page.getByTestId(testId).last().scrollIntoViewIfNeeded();
		await page.mouse.wheel(0, 600);
		await page.waitForTimeout(150);
	}
	return seen;
}

/** The options of a dropdown parameter, read from the open list, which is closed again. */
async function optionsOf(parameter: string): Promise<string[]> {
	await page.getByTestId(`parameter-input-${parameter}`).click();
	const list = page.locator('.el-select-dropdown:visible [role="option"], .el-select-dropdown__item:visible');
	await list.first().waitFor({ state: 'visible' });
	const options = (await list.allInnerTexts()).map((t) => t.split('\n')[0].trim());
	await page.keyboard.press('Escape');
	await list.first().waitFor({ state: 'hidden' });
	return options;
}

test(
	'the owner logs in and sees the imported workflows',
	async () => {
		await page.goto(`${world.n8n!.url}/signin`);
		await page.locator('#emailOrLdapLoginId').fill(DEFAULT_OWNER.email);
		await page.locator('#password').fill(DEFAULT_OWNER.password);
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL(/\/home\//);
		await page.getByText("Every evening: holdings and day's P&L → Google Sheets").first().waitFor();
		await session.shot('01-workflows');
	},
	TEST_TIMEOUT_MS,
);

test(
	'searching "Angel One" in the node creator finds the package, its two triggers and its actions',
	async () => {
		await page.goto(`${world.n8n!.url}/workflow/new`);
		await page.getByTestId('node-creator-plus-button').click();
		await page.getByTestId('node-creator-search-bar').waitFor();
		await page.keyboard.type('Angel One');
		const found = page.getByTestId('node-creator-item-name').filter({ hasText: /^Angel One$/ });
		await found.waitFor();
		expect(await texts('node-creator-item-name')).toContain('Angel One');
		await session.shot('02-node-creator-search');
		await found.click();
		await page.getByText('Package version 0.1.0').waitFor();
		const categories = await texts('node-creator-category-item');
		expect(categories).toEqual(expect.arrayContaining([expect.stringMatching(/^Triggers \(2\)/), expect.stringMatching(/^Actions \(\d+\)/)]));
		await page.getByTestId('node-creator-item-name').filter({ hasText: 'On order updates' }).waitFor();
		expect(await texts('node-creator-item-name')).toEqual(['On market ticks', 'On order updates']);
		await page.getByTestId('node-creator-category-item').filter({ hasText: 'Actions' }).click();
		await page.getByTestId('node-creator-item-name').filter({ hasText: 'Place an order' }).waitFor();
		await page.getByTestId('node-creator-item-name').filter({ hasText: 'Place an order' }).hover();
		const actions = await scrolledTexts('node-creator-item-name');
		console.log(`Angel One actions in the node creator: ${actions.join(', ')}`);
		expect(actions).toEqual(
			expect.arrayContaining(['Place an order', 'Cancel an order', 'Get holdings', 'Get positions', 'Get live quotes', 'Search instruments', 'Get the account profile']),
		);
		await session.shot('03-node-creator-actions');
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^Place an order$/ }).scrollIntoViewIfNeeded();
	},
	TEST_TIMEOUT_MS,
);

test(
	'Place an order opens with the credential chosen, every resource and operation, and the order fields',
	async () => {
		await page.getByTestId('node-creator-item-name').filter({ hasText: /^Place an order$/ }).click();
		await page.getByTestId('node-parameters').waitFor();
		expect(await page.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(ANGEL_CREDENTIAL.name);
		expect(await optionsOf('resource')).toEqual(expect.arrayContaining(['Order', 'Portfolio', 'GTT', 'Market Data', 'Instrument', 'Account']));
		expect(await optionsOf('operation')).toEqual(expect.arrayContaining(['Place', 'Modify', 'Cancel', 'Cancel All Open', 'Get', 'Get Many', 'Get Trades']));
		const labels = await page.getByTestId('node-parameters').getByTestId('input-label').allInnerTexts();
		const fieldNames = labels.map((l) => l.split('\n')[0].trim());
		expect(fieldNames).toEqual(
			expect.arrayContaining(['Resource', 'Operation', 'Instrument', 'Side', 'Order Type', 'Product', 'Quantity', 'Quantity Unit', 'Price', 'Validity']),
		);
		await session.shot('04-place-order-fields');
	},
	TEST_TIMEOUT_MS,
);

test(
	'the instrument search lists SBIN-EQ on NSE first for "SBIN", and picking it fills the field',
	async () => {
		await page.getByTestId('rlc-input').click();
		await page.getByTestId('rlc-search').waitFor();
		await page.keyboard.type('SBIN');
		const first = page.getByTestId('rlc-item').first();
		await first.waitFor();
		await eventually(async () => ((await first.innerText()).startsWith('SBIN-EQ') ? true : undefined), 'SBIN-EQ first in the list', 20_000);
		expect((await first.innerText()).replace(/\s+/g, ' ')).toBe('SBIN-EQ · NSE · SBIN');
		expect((await page.getByTestId('rlc-item').allInnerTexts()).some((t) => /^SBIN\d{2}[A-Z]{3}\d{2}FUT/.test(t))).toBe(true);
		await session.shot('05-instrument-search-sbin');
		await first.click();
		await eventually(
			async () => ((await page.getByTestId('rlc-input').inputValue()).includes('SBIN-EQ') ? true : undefined),
			'the picked instrument in the field',
			10_000,
		);
		await session.shot('06-instrument-picked');
	},
	TEST_TIMEOUT_MS,
);

test(
	'the credential form shows its fields and tests the connection successfully',
	async () => {
		await page.goto(`${world.n8n!.url}/home/credentials`);
		await page.getByTestId('resources-list-item').filter({ hasText: ANGEL_CREDENTIAL.name }).click();
		const dialog = page.getByTestId('credential-edit-dialog');
		await dialog.waitFor();
		await dialog.getByText('Connection tested successfully').waitFor({ timeout: 45_000 });
		const labels = (await dialog.locator('label').allInnerTexts()).map((l) => l.split('\n')[0].replace(/\s*\*$/, '').trim());
		expect(labels).toEqual(
			expect.arrayContaining(['API Key', 'Client Code', 'PIN (4-Digit MPIN)', 'TOTP Secret', 'Environment', 'Base URL', 'Read-Only']),
		);
		expect(await dialog.getByTestId('parameter-input-clientCode').locator('input').inputValue()).toBe(world.sim.account.clientCode);
		await session.shot('07-credential');
		await page.keyboard.press('Escape');
	},
	TEST_TIMEOUT_MS,
);

test(
	'a template runs from the editor: every node succeeds and the rows arrive',
	async () => {
		world.sink.clear();
		await page.goto(`${world.n8n!.url}/workflow/${EVENING}`);
		await page.getByTestId('execute-workflow-button').click();
		const nodes = page.getByTestId('canvas-node');
		await eventually(
			async () => {
				const total = await nodes.count();
				const succeeded = await nodes.filter({ has: page.getByTestId('canvas-node-status-success') }).count();
				// Both triggers are on the canvas; the one that did not start the run has no status.
				return total > 0 && succeeded >= total - 1 ? true : undefined;
			},
			'every node of the run marked as succeeded',
			60_000,
		);
		const rows = await world.sink.waitForCount((r) => r.path === '/sheets/Daily_P_L', world.sim.control.holdings().length + 1, { timeoutMs: 10_000 });
		expect(rows.at(-1)!.body).toMatchObject({ Kind: 'TOTAL' });
		await session.shot('08-template-run');
	},
	TEST_TIMEOUT_MS,
);
