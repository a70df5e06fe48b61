/* eslint-disable no-console -- end-to-end test, never shipped */
// The shipped templates (examples/), imported into a real n8n and run against the simulator. Telegram is n8n's
// real Telegram node with a credential whose Base URL is the test's fake Bot API; Google Sheets nodes become
// HTTP Request nodes posting each row to the sink (see support/templates.ts).
import { isExchangeOpen } from '../../nodes/AngelOne/actions/orderRules';
import { NSE_CLOSED_NOW, templateForTest } from './support/templates';
import { SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, startE2eWorld, timings, type E2eWorld } from './support/world';

const TRADINGVIEW = 'e2eTplTradingVw1';
const EVENING = 'e2eTplEveningPnl';
const PASSPHRASE = 'change-me-to-a-long-random-phrase';

let world: E2eWorld;

beforeAll(async () => {
	world = await startE2eWorld('templates');
	world.sim.control.setPrice('NSE', 'SBIN-EQ', 812.35);
	await world.home.importWorkflows([
		templateForTest('tradingview-alert-to-order.json', {
			id: TRADINGVIEW,
			sinkUrl: world.sink.url,
			parameters: {
				// The node refuses orders while the exchange is closed unless they are after-market orders; the test
				// runs at any hour, so it asks for exactly what the clock allows. A short wait keeps it quick.
				'Place order': { additionalFields: { afterMarket: NSE_CLOSED_NOW }, options: { waitSeconds: 2 } },
			},
		}),
		templateForTest('evening-holdings-pnl-to-google-sheets.json', { id: EVENING, sinkUrl: world.sink.url }),
	]);
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await world?.close();
	console.log(`e2e templates timings: ${JSON.stringify(timings)}`);
});

describe('Every evening: holdings and day\'s P&L → Google Sheets', () => {
	test(
		'Run now writes one row per holding with its day P&L, and a TOTAL row',
		async () => {
			const result = await world.home.execute(EVENING);
			expect(result.ok).toBe(true);
			const rows = world.sink.requests.filter((r) => r.path === '/sheets/Daily_P_L').map((r) => r.body as Record<string, unknown>);
			const holdings = world.sim.control.holdings();
			expect(holdings.length).toBeGreaterThan(0);
			expect(rows).toHaveLength(holdings.length + 1);
			for (const h of holdings) {
				const row = rows.find((r) => r.Symbol === `NSE:${h.tradingsymbol}`);
				expect(row).toMatchObject({
					Kind: 'Holding',
					Quantity: h.quantity,
					'Last Price': h.ltp,
					'Previous Close': h.close,
					'Total P&L': h.profitandloss,
				});
				expect(row!['Day P&L']).toBeCloseTo((h.ltp - h.close) * h.quantity, 2);
			}
			const total = rows.find((r) => r.Kind === 'TOTAL')!;
			const dayTotal = holdings.reduce((sum, h) => sum + (h.ltp - h.close) * h.quantity, 0);
			expect(total['Day P&L']).toBeCloseTo(dayTotal, 1);
			expect(total.Date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			console.log(`evening template via n8n execute: ${result.ms} ms`);
		},
		TEST_TIMEOUT_MS,
	);
});

describe('TradingView alert → Angel One order → Telegram', () => {
	const alert = { passphrase: PASSPHRASE, exchange: 'NSE', ticker: 'SBIN', action: 'buy', contracts: '5', price: '812.35', time: '2026-11-25T04:59:00Z' };

	async function post(body: unknown): Promise<number> {
		const response = await fetch(`${world.n8n!.url}/webhook/tradingview-angelone`, {
			method: 'POST',
			// TradingView sends an alert message that is valid JSON as application/json (other text as text/plain).
			headers: { 'Content-Type': 'application/json; charset=utf-8' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(30_000),
		});
		await response.text();
		return response.status;
	}

	beforeAll(async () => {
		await world.home.publishWorkflow(TRADINGVIEW);
		const started = Date.now();
		const n8n = await world.start();
		timings.templatesServerStartMs = Date.now() - started;
		await n8n.setupOwner();
		await n8n.waitForWebhook('tradingview-angelone');
	}, SETUP_TIMEOUT_MS);

	test(
		'an alert places one order and sends the confirmation; the same alert again places none',
		async () => {
			expect(await post(alert)).toBe(200);
			const [confirmation] = await eventually(
				() => (world.sink.telegramMessages.length >= 1 ? world.sink.telegramMessages : undefined),
				'the Telegram confirmation',
				30_000,
			);
			expect(confirmation.chatId).toBe('YOUR_CHAT_ID');
			// In market hours a market order fills at once; otherwise it waits as an after-market order.
			const status = isExchangeOpen('NSE', Date.now()) ? 'complete, filled 5 @ ' : 'after market order req received';
			expect(confirmation.text).toContain(`✅ Order placed: BUY 5 NSE:SBIN-EQ (MARKET, INTRADAY). Status: ${status}`);
			const book = world.sim.control.orderBook();
			expect(book).toHaveLength(1);
			expect(book[0]).toMatchObject({ tradingsymbol: 'SBIN-EQ', transactiontype: 'BUY', quantity: '5', ordertype: 'MARKET', producttype: 'INTRADAY' });
			expect(confirmation.text).toContain(`Order ${String(book[0].orderid)}`);

			// TradingView retries an alert it thinks failed: the repeat finds the first order.
			expect(await post(alert)).toBe(200);
			const repeat = await eventually(() => world.sink.telegramMessages[1], 'the second Telegram message', 30_000);
			expect(repeat.text).toMatch(/^🔁 Repeated alert, no new order: BUY 5 NSE:SBIN-EQ/);
			expect(repeat.text).toContain(`Order ${String(book[0].orderid)}`);
			expect(world.sim.control.orderBook()).toHaveLength(1);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'an alert with the wrong passphrase places nothing and sends nothing',
		async () => {
			const before = world.sink.telegramMessages.length;
			const executionsBefore = (await world.n8n!.executions(TRADINGVIEW)).length;
			expect(await post({ ...alert, passphrase: 'guess', contracts: '7' })).toBe(200);
			await eventually(async () => ((await world.n8n!.executions(TRADINGVIEW)).length > executionsBefore ? true : undefined), 'the execution', 20_000);
			expect(world.sink.telegramMessages.length).toBe(before);
			expect(world.sim.control.orderBook()).toHaveLength(1);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'an alert the node refuses (unknown ticker) sends the failure message with the reason',
		async () => {
			const before = world.sink.telegramMessages.length;
			expect(await post({ ...alert, ticker: 'NOSUCHSCRIP', time: 'later' })).toBe(200);
			const failure = await eventually(() => world.sink.telegramMessages[before], 'the failure message', 30_000);
			expect(failure.text).toMatch(/^⚠️ Alert not traded: /);
			expect(failure.text).toContain('NOSUCHSCRIP');
			expect(world.sim.control.orderBook()).toHaveLength(1);
		},
		TEST_TIMEOUT_MS,
	);
});
