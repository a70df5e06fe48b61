/* eslint-disable no-console -- end-to-end test, never shipped */
// The Angel One Trigger in a real `n8n start` under the simulator's faults: a Market Ticks workflow (a batch every
// 2 s) and an Order Updates workflow post their items to the sink through n8n's HTTP Request node, while the test
// drops every socket and moves the simulator past IST midnight (which kills the session). The feeds must come back
// by themselves, with no deactivation and one new login for the new day; an order whose push was lost while the
// socket was stalled is emitted exactly once, from the order book, after the reconnect.
import { totp } from '../../nodes/AngelOne/helpers/totp';
import { sleep } from '../../scripts/n8n-instance';
import type { SinkRequest } from '../../scripts/e2e-sink';
import { ANGEL_ONE_TRIGGER, chain, postTo } from './support/workflows';
import { ANGEL_CREDENTIAL, SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS, eventually, startE2eWorld, timings, type E2eWorld } from './support/world';

const TICKS = 'e2eResTicksBatch';
const ORDERS = 'e2eResOrderUpdts';
const SBIN = '3045';
const RELIANCE = '2885';
const IST_OFFSET_MS = 5.5 * 3_600_000;
const DAY_MS = 86_400_000;
/** Short reconnect timings, so a drop heals within a second or two. */
const FAST = { marketHours: false, watchdogSeconds: 5, backoffBaseMs: 200, backoffMaxSeconds: 2 };

let world: E2eWorld;

function trigger(name: string, parameters: Record<string, unknown>): Record<string, unknown> & { name: string } {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-node`,
		name,
		type: ANGEL_ONE_TRIGGER,
		typeVersion: 1,
		position: [200, 300],
		parameters,
		credentials: { angelOneSmartApi: ANGEL_CREDENTIAL },
	};
}

const tickPosts = (): Array<Record<string, unknown>> =>
	world.sink.requests.filter((r) => r.path === '/ticks').map((r) => r.body as Record<string, unknown>);
const logins = (): number => world.sim.control.logins()[world.sim.account.clientCode] ?? 0;

/** Sets both prices and waits (bounded) until a batch posted after now carries both. */
async function pricesArrive(sbin: number, reliance: number, what: string, timeoutMs = 30_000): Promise<void> {
	const from = world.sink.requests.length;
	world.sim.control.setPrice('NSE', SBIN, sbin);
	world.sim.control.setPrice('NSE', RELIANCE, reliance);
	const after = (r: SinkRequest, token: string, ltp: number): boolean => {
		const body = r.body as Record<string, unknown>;
		return r.path === '/ticks' && String(body.token) === token && body.ltp === ltp;
	};
	await eventually(
		() => {
			const fresh = world.sink.requests.slice(from);
			return fresh.some((r) => after(r, SBIN, sbin)) && fresh.some((r) => after(r, RELIANCE, reliance)) ? true : undefined;
		},
		`${what}: SBIN ₹${sbin} and RELIANCE ₹${reliance} in a batch`,
		timeoutMs,
	);
}

async function bothSocketsConnected(what: string): Promise<void> {
	const count = (byClient: Record<string, number>): number => Object.values(byClient).reduce((a, b) => a + b, 0);
	await eventually(() => {
		const connections = world.sim.control.socketConnections();
		return count(connections.market) >= 1 && count(connections.orders) >= 1 ? true : undefined;
	}, what, 30_000);
}

/** Every execution of both workflows ended in success; one still under way (a batch being posted) may finish first. */
async function stillActive(): Promise<void> {
	const unfinished = new Set(['new', 'running', 'waiting']);
	for (const id of [TICKS, ORDERS]) {
		const executions = await eventually(async () => {
			const list = await world.n8n!.executions(id);
			return list.some((e) => unfinished.has(e.status)) ? undefined : list;
		}, `the executions of ${id} to finish`);
		expect(executions.filter((e) => e.status !== 'success')).toEqual([]);
	}
}

beforeAll(async () => {
	world = await startE2eWorld('trigger-resilience');
	world.sim.control.setPrice('NSE', SBIN, 810);
	world.sim.control.setPrice('NSE', RELIANCE, 1400);
	const sink = world.sink.url;
	await world.home.importWorkflows([
		chain(TICKS, 'E2E: market ticks batch to sink', [
			trigger('Market ticks', {
				event: 'marketTicks',
				instruments: {
					instrument: [
						{ instrument: { __rl: true, mode: 'token', value: `NSE:${SBIN}` } },
						{ instrument: { __rl: true, mode: 'token', value: `NSE:${RELIANCE}` } },
					],
				},
				mode: 'ltp',
				emit: 'batch',
				batchSeconds: 2,
				options: FAST,
			}),
			postTo('Post to sink', `${sink}/ticks`),
		]),
		chain(ORDERS, 'E2E: order updates to sink', [
			trigger('Order updates', { event: 'orderUpdates', statuses: ['any'], options: FAST }),
			postTo('Post to sink', `${sink}/orders`),
		]),
	]);
	await world.home.publishWorkflow(TICKS);
	await world.home.publishWorkflow(ORDERS);
	const started = Date.now();
	const n8n = await world.start();
	timings.resilienceServerStartMs = Date.now() - started;
	await n8n.setupOwner();
	await bothSocketsConnected('the Angel One Trigger connections');
}, SETUP_TIMEOUT_MS);

afterAll(async () => {
	await world?.close();
	console.log(`e2e trigger-resilience timings: ${JSON.stringify(timings)}`);
});

test(
	'batches every 2 s carry the prices set at the simulator',
	async () => {
		await pricesArrive(811.5, 1401.25, 'first batches');
		await pricesArrive(812.75, 1402.5, 'the next batches');
	},
	TEST_TIMEOUT_MS,
);

test(
	'after every socket is dropped the feed resubscribes and batches carry new prices',
	async () => {
		const loginsBefore = logins();
		expect(world.sim.control.dropSockets()).toBeGreaterThanOrEqual(2);
		await pricesArrive(805.05, 1395.1, 'after the drop');
		await bothSocketsConnected('the reconnected sockets');
		world.sim.control.dropSockets();
		await pricesArrive(806.3, 1396.4, 'after a second drop');
		expect(logins()).toBe(loginsBefore);
		await stillActive();
	},
	TEST_TIMEOUT_MS,
);

test(
	'past IST midnight the dead session is renewed with exactly one login and the feed resumes',
	async () => {
		await pricesArrive(807.1, 1397.2, 'before midnight');
		const loginsBefore = logins();
		const now = world.sim.control.clock.now();
		const nextMidnight = Math.floor((now + IST_OFFSET_MS) / DAY_MS) * DAY_MS + DAY_MS - IST_OFFSET_MS;
		world.sim.control.setClock(nextMidnight + 5_000);
		// Whether the broker cuts live sockets at expiry is undocumented; the reconnect then needs a new session.
		world.sim.control.dropSockets();
		await pricesArrive(808.45, 1398.55, 'after midnight', 45_000);
		await bothSocketsConnected('the sockets of the new day');
		// Both sockets (and the order book reconcile) share the renewed session.
		await sleep(2000);
		expect(logins() - loginsBefore).toBe(1);
		await pricesArrive(809.2, 1399.3, 'later on the new day');
		await stillActive();
		expect(tickPosts().length).toBeGreaterThan(0);
	},
	TEST_TIMEOUT_MS,
);

/** Places a limit order straight at the simulator's REST API, as another program on the account would. */
async function placeOrderElsewhere(): Promise<string> {
	const base = world.sim.baseUrl;
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		Accept: 'application/json',
		'X-UserType': 'USER',
		'X-SourceID': 'WEB',
		'X-ClientLocalIP': '127.0.0.1',
		'X-ClientPublicIP': '127.0.0.1',
		'X-MACAddress': '00-00-00-00-00-00',
		'X-PrivateKey': world.sim.account.apiKey,
	};
	// Logins are limited to one a second per client code; n8n may have just logged in.
	await sleep(1500);
	const login = await fetch(`${base}/rest/auth/angelbroking/user/v1/loginByPassword`, {
		method: 'POST',
		headers,
		body: JSON.stringify({ clientcode: world.sim.account.clientCode, password: world.sim.account.pin, totp: totp(world.sim.account.totpSecret) }),
	});
	const session = (await login.json()) as { data?: { jwtToken?: string } };
	const placed = await fetch(`${base}/rest/secure/angelbroking/order/v1/placeOrder`, {
		method: 'POST',
		headers: { ...headers, Authorization: `Bearer ${session.data?.jwtToken ?? ''}` },
		body: JSON.stringify({
			variety: 'NORMAL',
			tradingsymbol: 'SBIN-EQ',
			symboltoken: SBIN,
			exchange: 'NSE',
			transactiontype: 'BUY',
			ordertype: 'LIMIT',
			producttype: 'DELIVERY',
			duration: 'DAY',
			price: '700.00',
			quantity: '1',
		}),
	});
	const result = (await placed.json()) as { data?: { orderid?: string } };
	return String(result.data?.orderid ?? '');
}

test(
	'an order whose push was lost while the socket was stalled is emitted exactly once after the reconnect',
	async () => {
		await bothSocketsConnected('the sockets before the stall');
		world.sim.control.stallSockets();
		const orderId = await placeOrderElsewhere();
		expect(orderId).toMatch(/^\d+$/);
		world.sim.control.dropSockets();
		world.sim.control.resumeSockets();
		const posts = (): Array<Record<string, unknown>> =>
			world.sink.requests
				.filter((r) => r.path === '/orders')
				.map((r) => r.body as Record<string, unknown>)
				.filter((body) => JSON.stringify(body).includes(orderId));
		await eventually(() => (posts().length > 0 ? true : undefined), `order ${orderId} on the Order Updates workflow`, 45_000);
		// Later reconnects and book reads must not emit it again.
		await sleep(4000);
		world.sim.control.dropSockets();
		await bothSocketsConnected('the sockets after another drop');
		await sleep(4000);
		expect(posts()).toHaveLength(1);
		await stillActive();
	},
	TEST_TIMEOUT_MS,
);
