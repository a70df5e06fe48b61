/* eslint-disable no-console -- end-to-end test, never shipped */
// The shipped templates (examples/), imported into a real n8n and run against the simulator. Telegram is n8n's
// real Telegram node with a credential whose Base URL is the test's fake Bot API; Google Sheets nodes become
// HTTP Request nodes posting each row to the sink (see support/templates.ts).
import { isExchangeOpen } from '../../nodes/AngelOne/orders/rules';
import { sleep } from '../../scripts/n8n-instance';
import { NSE_CLOSED_NOW, templateForTest } from './support/templates';
import { SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, startE2eWorld, timings, type E2eWorld } from './support/world';

const TRADINGVIEW = 'e2eTplTradingVw1';
const EVENING = 'e2eTplEveningPnl';
const PRICE_CROSS = 'e2eTplPriceCross';
const REJECTED = 'e2eTplOrderRejct';
const CANDLE = 'e2eTplCandleRule';
const LEVEL = 900;
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
		// The triggers connect only in market hours by default; the simulator's market is always there.
		templateForTest('price-cross-to-telegram.json', {
			id: PRICE_CROSS,
			sinkUrl: world.sink.url,
			parameters: { 'SBIN crosses ₹850': { level: LEVEL, options: { marketHours: false } } },
		}),
		templateForTest('order-rejected-to-telegram.json', { id: REJECTED, sinkUrl: world.sink.url }),
		templateForTest('candle-close-strategy.json', {
			id: CANDLE,
			sinkUrl: world.sink.url,
			parameters: {
				// 1-minute bars of an instrument no other test moves, so a bar is built here within a minute.
				'5-minute bar closed': {
					candleMinutes: 1,
					instruments: { instrument: [{ instrument: { __rl: true, mode: 'symbol', value: 'NSE:RELIANCE-EQ' } }] },
					options: { marketHours: false },
				},
				'Buy (dry run)': { additionalFields: { afterMarket: NSE_CLOSED_NOW } },
			},
		}),
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

describe('with n8n running: the webhook and trigger templates', () => {
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
		for (const id of [TRADINGVIEW, PRICE_CROSS, REJECTED, CANDLE]) await world.home.publishWorkflow(id);
		const started = Date.now();
		const n8n = await world.start();
		timings.templatesServerStartMs = Date.now() - started;
		await n8n.setupOwner();
		await n8n.waitForWebhook('tradingview-angelone');
		// The two market-tick triggers share one feed connection, the order trigger has the order socket.
		await eventually(() => {
			const connections = world.sim.control.socketConnections();
			const count = (byClient: Record<string, number>) => Object.values(byClient).reduce((a, b) => a + b, 0);
			return count(connections.market) >= 1 && count(connections.orders) >= 1 ? true : undefined;
		}, 'the Angel One Trigger connections', 30_000);
		await sleep(1000);
	}, SETUP_TIMEOUT_MS);

	/** The first Telegram message that starts with `start` (a string) or matches it (a pattern). */
	function telegram(start: string | RegExp): string | undefined {
		return world.sink.telegramMessages.map((m) => m.text).find((text) => (typeof start === 'string' ? text.startsWith(start) : start.test(text)));
	}

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
			// In market hours a protected market order fills at once; otherwise it waits as an after-market order.
			const status = isExchangeOpen('NSE', Date.now()) ? 'complete, filled 5 @ ' : 'after market order req received';
			expect(confirmation.text).toMatch(/^✅ Order placed: BUY 5 NSE:SBIN-EQ \(MARKET, protected limit ₹\d+(\.\d+)?, INTRADAY\)\. Status: /);
			expect(confirmation.text).toContain(`Status: ${status}`);
			const book = world.sim.control.orderBook();
			expect(book).toHaveLength(1);
			// The 2026 rules: the Market order reached the broker as a limit order.
			expect(book[0]).toMatchObject({ tradingsymbol: 'SBIN-EQ', transactiontype: 'BUY', quantity: '5', ordertype: 'LIMIT', producttype: 'INTRADAY' });
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
			const executionsBefore = (await world.n8n!.executions(TRADINGVIEW)).length;
			expect(await post({ ...alert, ticker: 'NOSUCHSCRIP', time: 'later' })).toBe(200);
			const failure = await eventually(() => telegram('⚠️ Alert not traded'), 'the failure message', 30_000);
			expect(failure).toContain('NOSUCHSCRIP');
			// The alert's fields, never its passphrase: Telegram is outside the trust boundary.
			expect(failure).not.toContain(PASSPHRASE);
			expect(world.sim.control.orderBook()).toHaveLength(1);
			// Refusing an alert is the workflow doing its job: a successful execution, not a red one.
			const [latest] = await eventually(async () => {
				const all = await world.n8n!.executions(TRADINGVIEW);
				return all.length > executionsBefore && all[0].status !== 'running' && all[0].status !== 'new' ? all : undefined;
			}, 'the execution of the refused alert', 20_000);
			expect(latest.status).toBe('success');
		},
		TEST_TIMEOUT_MS,
	);
	test(
		'Price crosses a level: the trigger sends one message going up and one going down',
		async () => {
			world.sim.control.setPrice('NSE', 'SBIN-EQ', LEVEL - 10);
			await sleep(1500);
			world.sim.control.setPrice('NSE', 'SBIN-EQ', LEVEL + 10);
			const up = await eventually(() => telegram('📈 NSE:SBIN-EQ crossed'), 'the message going up', 30_000);
			expect(up).toMatch(new RegExp(`^📈 NSE:SBIN-EQ crossed ₹${LEVEL} going up: ₹${LEVEL + 10} \\(`));
			// Still above: nothing. Back below by more than the re-arm distance (0.5%): the message going down.
			world.sim.control.setPrice('NSE', 'SBIN-EQ', LEVEL + 5);
			await sleep(1500);
			world.sim.control.setPrice('NSE', 'SBIN-EQ', LEVEL - 20);
			const down = await eventually(() => telegram('📉 NSE:SBIN-EQ crossed'), 'the message going down', 30_000);
			expect(down).toContain(`going down: ₹${LEVEL - 20}`);
			expect(world.sink.telegramMessages.filter((m) => /^📈|^📉/.test(m.text))).toHaveLength(2);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'Order rejected: an order the broker rejects brings the reason, from the order-update trigger',
		async () => {
			// Far more than the account's funds: Angel One accepts it, then its risk check rejects it.
			expect(await post({ ...alert, contracts: '1000000', time: 'too-big' })).toBe(200);
			const rejected = await eventually(() => telegram(/^❌ Order \d+ rejected: /), 'the rejection message', 30_000);
			expect(rejected).toMatch(/^❌ Order \d+ rejected: Your order has been rejected due to Insufficient Funds/);
			expect(rejected).toContain('BUY 1000000 NSE:SBIN-EQ (LIMIT, INTRADAY)');
			// The TradingView template itself says so too.
			const confirmation = await eventually(() => telegram('❌ Order rejected: BUY 1000000 NSE:SBIN-EQ'), 'the TradingView rejection', 30_000);
			expect(confirmation).toMatch(/Reason: Your order has been rejected due to Insufficient Funds\. .+ to execute this order\. Order \d+$/);
		},
		TEST_TIMEOUT_MS,
	);

	test(
		'Candle close: a strong green 1-minute bar runs the rule and a dry-run buy, and nothing is sent',
		async () => {
			const ordersBefore = world.sim.control.orderBook().length;
			// One bar, opened and closed by this test: the price is set before the next minute starts (so whatever the
			// feed sends at the turn of the minute is this price), then the minute's first tick and its last.
			world.sim.control.setPrice('NSE', 'RELIANCE-EQ', 1400);
			await sleep(60_000 - (Date.now() % 60_000) + 300);
			world.sim.control.setPrice('NSE', 'RELIANCE-EQ', 1400.05);
			await sleep(1500);
			world.sim.control.setPrice('NSE', 'RELIANCE-EQ', 1414);
			const report = await eventually(() => telegram('🕯️ RELIANCE-EQ bar'), 'the candle report', 90_000, 500);
			// The bar's close is the reference of the protected limit: 1414 × 1.005 (the band above ₹1,000) = 1421.07,
			// rounded up to the tick.
			expect(report).toMatch(/open ₹1400\.05 → close ₹1414\. 🧪 Dry run: would BUY 1 with a limit of ₹1421\.1 \(the order is valid\)$/);
			expect(world.sim.control.orderBook()).toHaveLength(ordersBefore);
		},
		3 * TEST_TIMEOUT_MS,
	);
});
