/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- end-to-end test, never shipped */
// `npm start` (scripts/demo.ts) as a newcomer meets it: it prints the editor URL and a login that works, its
// workflows trade on the simulator within a minute, the Angel One Trigger reports order updates and a price
// crossing its level, and stopping it ends n8n. Free ports and a scratch user folder keep it off a running demo.
import * as path from 'node:path';

import { DEMO_OWNER, startDemo, type DemoHandle } from '../../scripts/demo';
import { freePort } from '../../scripts/n8n-instance';
import { OUTPUT_ROOT, SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, removeStaleFolders, sharedInstallation } from './support/world';

let demo: DemoHandle;
const printed: string[] = [];

beforeAll(async () => {
	await sharedInstallation();
	removeStaleFolders(OUTPUT_ROOT);
	demo = await startDemo({
		n8nPort: await freePort(),
		simPort: await freePort(),
		sinkPort: await freePort(),
		userFolder: path.join(OUTPUT_ROOT, `demo-${process.pid}`),
		fresh: true,
		log: (line) => printed.push(line),
	});
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await demo?.stop();
});

function messages(): string[] {
	return demo.sink.telegramMessages.map((m) => m.text);
}

test('prints the editor URL and a login that works', async () => {
	const text = printed.join('\n');
	expect(text).toContain(`n8n editor   ${demo.n8n.url}`);
	expect(text).toContain(`log in as    ${DEMO_OWNER.email}  /  ${DEMO_OWNER.password}`);
	const response = await fetch(`${demo.n8n.url}/rest/login`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', 'browser-id': 'demo-test' },
		body: JSON.stringify({ emailOrLdapLoginId: DEMO_OWNER.email, password: DEMO_OWNER.password }),
	});
	expect(response.status).toBe(200);
	const editor = await fetch(`${demo.n8n.url}/`);
	expect(editor.status).toBe(200);
	expect(await editor.text()).toContain('n8n');
});

test(
	'the printed curl (a TradingView alert) fills an order, and the order-update trigger reports it',
	async () => {
		const curl = printed.find((line) => line.includes('curl -s -X POST'))!;
		const body = /-d '(.+)'$/m.exec(curl)![1];
		const response = await fetch(`${demo.n8n.url}/webhook/tradingview-angelone`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body,
		});
		expect(response.status).toBe(200);
		const placed = await eventually(() => messages().find((m) => m.startsWith('✅ Order placed: BUY 2 NSE:SBIN-EQ')), 'the TradingView confirmation', 30_000);
		expect(placed).toMatch(/Status: complete, filled 2 @ \d+(\.\d+)?/);
		const orderId = /Order (\d+)$/.exec(placed)![1];
		await eventually(() => messages().find((m) => m.startsWith(`Order ${orderId}: complete`)), 'the order-update trigger message', 30_000);
	},
	TEST_TIMEOUT_MS,
);

test(
	'the price-cross trigger sends its message when SBIN crosses the level',
	async () => {
		demo.sim.control.setPrice('NSE', 'SBIN-EQ', demo.level - 3);
		await new Promise((resolve) => setTimeout(resolve, 2500));
		demo.sim.control.setPrice('NSE', 'SBIN-EQ', demo.level + 3);
		const alert = await eventually(
			() => messages().find((m) => m.startsWith(`SBIN crossed ₹${demo.level} going up`)),
			'the price-cross message',
			30_000,
		);
		expect(alert).toContain(`₹${demo.level + 3}`);
	},
	TEST_TIMEOUT_MS,
);

test(
	'the schedule workflow places a simulated order within about a minute',
	async () => {
		const order = await eventually(
			() => demo.sim.control.orderBook().find((o) => o.quantity === '1' && o.tradingsymbol === 'SBIN-EQ'),
			'an order of the every-minute workflow',
			80_000,
			1000,
		);
		expect(order.status).toBe('complete');
		await eventually(() => printed.find((line) => line.includes('📒 simulator order book')), 'the order book line in the terminal', 5000);
	},
	TEST_TIMEOUT_MS,
);

test(
	'stopping the demo ends n8n',
	async () => {
		const pid = demo.n8n.pid;
		await demo.stop();
		expect(() => process.kill(-pid, 0)).toThrow();
		await expect(fetch(`${demo.n8n.url}/healthz`)).rejects.toThrow();
	},
	TEST_TIMEOUT_MS,
);
