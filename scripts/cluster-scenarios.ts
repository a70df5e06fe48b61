// What the cluster tests and the cluster measurement run against n8n in queue mode (n8n-cluster.ts) and the
// simulator: the workflows (a read, an order placed from an alert, order updates to a sink), and one function per
// guarantee, each returning its figures (logins, 403s, orders per tag, live twins, time), so the test asserts them
// on a few rounds and bench/cluster.ts reports them on many.
import type { RunningSimulator } from '../simulator/server';
import type { N8nCluster } from './n8n-cluster';
import type { CredentialJson, WorkflowJson } from './n8n-instance';
import { NSE_CLOSED_NOW } from './n8n-templates';

export const CLUSTER_IDS = { read: 'clusterReadQuote1', order: 'clusterPlaceOrder', updates: 'clusterOrderUpdts' } as const;
export const ANGEL_CREDENTIAL_REF = { id: 'clusterAngelOne01', name: 'Angel One (cluster simulator)' };
const READ_PATH = 'cluster-read';
const ORDER_PATH = 'cluster-order';
/** Statuses of an order that can still fill (the node's live statuses in helpers/orderStatus.ts, those the simulator uses). */
const LIVE = new Set(['open', 'open pending', 'trigger pending', 'modified', 'after market order req received']);

export function clusterCredential(sim: RunningSimulator): CredentialJson {
	return {
		...ANGEL_CREDENTIAL_REF,
		type: 'angelOneSmartApi',
		data: {
			apiKey: sim.account.apiKey,
			clientCode: sim.account.clientCode,
			pin: sim.account.pin,
			totpSecret: sim.account.totpSecret,
			environment: 'custom',
			baseUrl: sim.baseUrl,
			readOnly: false,
		},
	};
}

type Node = Record<string, unknown> & { name: string };

function angel(name: string, parameters: Record<string, unknown>, type = 'n8n-nodes-angelone.angelOne'): Node {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-node`,
		name,
		type,
		typeVersion: 1,
		position: [440, 300],
		parameters,
		credentials: { angelOneSmartApi: ANGEL_CREDENTIAL_REF },
		// A failure comes back to the webhook caller as { error }, so a run can say what went wrong.
		...(type.endsWith('Trigger') ? {} : { onError: 'continueRegularOutput' }),
	};
}

function webhook(webhookPath: string): Node {
	return {
		id: `webhook-${webhookPath}`,
		name: 'Alert',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [200, 300],
		webhookId: `cluster-${webhookPath}`,
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', options: {} },
	};
}

function chain(id: string, name: string, nodes: Node[]): WorkflowJson {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' } };
}

/** The three workflows: a quote read, a limit order per alert (tag derived from the alert), order updates to the sink. */
export function clusterWorkflows(sinkUrl: string): WorkflowJson[] {
	return [
		chain(CLUSTER_IDS.read, 'Cluster: read a quote', [
			webhook(READ_PATH),
			angel('Quote', { resource: 'marketData', operation: 'getQuote', instrumentsFrom: 'symbols', symbols: 'NSE:SBIN-EQ', mode: 'LTP' }),
		]),
		chain(CLUSTER_IDS.order, 'Cluster: alert to order', [
			webhook(ORDER_PATH),
			angel('Place order', {
				resource: 'order',
				operation: 'place',
				instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
				side: 'BUY',
				orderType: 'LIMIT',
				product: 'DELIVERY',
				quantity: 1,
				quantityUnit: 'units',
				price: '={{ $json.body.price }}',
				validity: 'DAY',
				simplify: true,
				// Outside market hours the simulator takes only after-market orders, as Angel One does.
				additionalFields: { afterMarket: NSE_CLOSED_NOW },
				options: { waitSeconds: 0 },
			}),
		]),
		chain(CLUSTER_IDS.updates, 'Cluster: order updates to sink', [
			angel(
				'Order updates',
				{ event: 'orderUpdates', statuses: ['any'], options: { marketHours: false, watchdogSeconds: 5, backoffBaseMs: 200, backoffMaxSeconds: 2 } },
				'n8n-nodes-angelone.angelOneTrigger',
			),
			{
				id: 'post-to-sink',
				name: 'Post to sink',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [680, 300],
				parameters: { method: 'POST', url: `${sinkUrl}/orders`, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
			},
		]),
	];
}

export interface Posted {
	status: number;
	body: Record<string, unknown>;
}

async function post(url: string, body: unknown): Promise<Posted> {
	try {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(180_000),
		});
		const text = await response.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON
		}
		return { status: response.status, body: (typeof parsed === 'object' && parsed !== null ? parsed : { text }) as Record<string, unknown> };
	} catch (error) {
		return { status: 0, body: { error: (error as Error).message } };
	}
}

const sum = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** Ids of a workflow's executions (n8n lists the 100 newest). */
async function executionIds(cluster: N8nCluster, workflowId: string): Promise<Set<string>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const answer = await cluster.main.rest<{ data: { results: Array<{ id: string }> } }>('GET', `/executions?filter=${filter}&limit=100`);
	if (answer.status !== 200) throw new Error(`executions of ${workflowId}: HTTP ${answer.status}`);
	return new Set(answer.body.data.results.map((e) => e.id));
}

/** Which worker ran each of `ids` (from the workers' logs): worker name → count. */
function workerShare(cluster: N8nCluster, ids: Iterable<string>): Record<string, number> {
	const byWorker = cluster.executionsByWorker();
	const share: Record<string, number> = Object.fromEntries(Object.keys(byWorker).map((name) => [name, 0]));
	for (const id of ids) {
		const worker = Object.keys(byWorker).find((name) => byWorker[name].includes(id));
		if (worker) share[worker]++;
	}
	return share;
}

async function newExecutions(cluster: N8nCluster, workflowId: string, before: Set<string>): Promise<string[]> {
	return [...(await executionIds(cluster, workflowId))].filter((id) => !before.has(id));
}

/** A buy limit price well under the market (it stays open), on the 5-paise grid. */
function restingPrice(sim: RunningSimulator): number {
	return Math.round(sim.control.price('NSE', 'SBIN-EQ') * 0.95 * 20) / 20;
}

export interface SessionFigures {
	executions: number;
	succeeded: number;
	failures: string[];
	/** Logins of the account that day, up to the end of the first wave (the credential starts with no session). */
	logins: number;
	/** 403s the reads earned (each was backed off and retried). */
	rateLimited: number;
	byWorker: Record<string, number>;
	/** The wave after the simulator killed every session. */
	afterInvalidation: { executions: number; succeeded: number; logins: number; refusedLogins: number; failures: string[] };
	ms: number;
}

/**
 * One session for the whole cluster: `executions` reads posted at once over both workers, with the credential
 * holding no session at the start; then every session is killed and `afterInvalidation` reads are posted at once.
 */
export async function sessionScenario(cluster: N8nCluster, sim: RunningSimulator, counts: { executions: number; afterInvalidation: number }): Promise<SessionFigures> {
	const url = `${cluster.webhookBaseUrl}/webhook/${READ_PATH}`;
	const client = sim.account.clientCode;
	// The day's logins so far: the order-updates trigger on main may have logged in when it was published.
	const loginsBefore = sim.control.logins()[client] ?? 0;
	sim.control.resetCounts();
	// n8n's executions list stops at 100: count from the workers' logs (no order changes, so no trigger runs here).
	const before = cluster.executionsByWorker();
	const started = Date.now();
	const wave = await Promise.all(Array.from({ length: counts.executions }, (_, i) => post(url, { read: i })));
	const ms = Date.now() - started;
	const logins = loginsBefore + (sim.control.logins()[client] ?? 0);
	const rateLimited = sum(sim.control.rateLimited());
	const byWorker = Object.fromEntries(Object.entries(cluster.executionsByWorker()).map(([name, ids]) => [name, ids.length - (before[name]?.length ?? 0)]));

	sim.control.invalidateSessions();
	sim.control.resetCounts();
	const second = await Promise.all(Array.from({ length: counts.afterInvalidation }, (_, i) => post(url, { again: i })));
	const failed = (answers: Posted[]): string[] => answers.filter((a) => a.status !== 200 || !('ltp' in a.body)).map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
	return {
		executions: counts.executions,
		succeeded: wave.length - failed(wave).length,
		failures: failed(wave),
		logins,
		rateLimited,
		byWorker,
		afterInvalidation: {
			executions: counts.afterInvalidation,
			succeeded: second.length - failed(second).length,
			logins: sim.control.logins()[client] ?? 0,
			refusedLogins: sim.control.rateLimited().loginByPassword ?? 0,
			failures: failed(second),
		},
		ms,
	};
}

export interface PacedFigures {
	alerts: number;
	answeredOk: number;
	failures: string[];
	/** Orders in the book per alert tag: every value must be 1. */
	ordersPerTag: Record<string, number>;
	/** placeOrder refused with 403 (then retried after a back-off). */
	placeOrder403: number;
	/** Every 403, per endpoint. */
	rateLimited: Record<string, number>;
	/** From the first to the last placeOrder the simulator admitted, ms. */
	placementSpanMs: number;
	/** The same count at 9 orders a second: (alerts − 1) / 9 s. */
	floorMs: number;
	/** First post to last answer. */
	ms: number;
	byWorker: Record<string, number>;
}

/** `alerts` distinct alerts posted at once; every one must become exactly one order. */
export async function pacedScenario(cluster: N8nCluster, sim: RunningSimulator, alerts: number, runId: string): Promise<PacedFigures> {
	const url = `${cluster.webhookBaseUrl}/webhook/${ORDER_PATH}`;
	const price = restingPrice(sim);
	sim.control.resetCounts();
	const before = await executionIds(cluster, CLUSTER_IDS.order);
	const bookBefore = new Set(sim.control.orderBook().map((o) => String(o.orderid)));
	const started = Date.now();
	const answers = await Promise.all(Array.from({ length: alerts }, (_, i) => post(url, { alert: `${runId}-${i}`, price })));
	const ms = Date.now() - started;
	const placed = sim.control
		.requests(100_000)
		.filter((r) => r.endpoint === 'placeOrder')
		.map((r) => r.at);
	const fresh = sim.control.orderBook().filter((o) => !bookBefore.has(String(o.orderid)));
	const ordersPerTag: Record<string, number> = {};
	for (const answer of answers) if (typeof answer.body.tag === 'string') ordersPerTag[answer.body.tag] = 0;
	for (const order of fresh) ordersPerTag[String(order.ordertag)] = (ordersPerTag[String(order.ordertag)] ?? 0) + 1;
	const rateLimited = sim.control.rateLimited();
	const failures = answers.filter((a) => a.status !== 200 || typeof a.body.orderId !== 'string').map((a) => `${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
	return {
		alerts,
		answeredOk: alerts - failures.length,
		failures,
		ordersPerTag,
		placeOrder403: rateLimited.placeOrder ?? 0,
		rateLimited,
		// Requests that the limiter refused are logged too; the admitted ones are the orders in the book.
		placementSpanMs: placed.length > 0 ? Math.max(...placed) - Math.min(...placed) : 0,
		floorMs: Math.round(((alerts - 1) / 9) * 1000),
		ms,
		byWorker: workerShare(cluster, await newExecutions(cluster, CLUSTER_IDS.order, before)),
	};
}

export interface TwinFigures {
	rounds: number;
	/** Rounds that ended with more than one live order for the alert: must be 0. */
	liveTwins: number;
	/** Rounds in which a second order was placed at all (then cancelled by the twin check). */
	placedTwice: number;
	/** Rounds whose two deliveries ran on two different workers. */
	acrossWorkers: number;
	/** Answers that reported the other delivery's order as a twin. */
	reportedTwins: number;
	failures: string[];
	ms: number;
}

/**
 * The same alert delivered twice at the same instant, `rounds` times: count rounds with two live orders. With
 * `slowBroker`, the first placeOrder of each round takes the broker 4 s (the simulator's 'slow' fault): the
 * other delivery's duplicate check then finds nothing even in a fresh book, and both orders are placed.
 */
export async function twinScenario(cluster: N8nCluster, sim: RunningSimulator, rounds: number, runId: string, slowBroker = false): Promise<TwinFigures> {
	const url = `${cluster.webhookBaseUrl}/webhook/${ORDER_PATH}`;
	const price = restingPrice(sim);
	const figures: TwinFigures = { rounds, liveTwins: 0, placedTwice: 0, acrossWorkers: 0, reportedTwins: 0, failures: [], ms: 0 };
	const started = Date.now();
	for (let round = 0; round < rounds; round++) {
		const before = await executionIds(cluster, CLUSTER_IDS.order);
		if (slowBroker) sim.control.injectFault({ kind: 'slow', endpoint: 'placeOrder' });
		const alert = { alert: `${runId}-twin-${round}`, price };
		const answers = await Promise.all([post(url, alert), post(url, alert)]);
		sim.control.clearFaults();
		const share = workerShare(cluster, await newExecutions(cluster, CLUSTER_IDS.order, before));
		if (Object.values(share).filter((n) => n > 0).length > 1) figures.acrossWorkers++;
		const tags = new Set(answers.map((a) => a.body.tag).filter((t): t is string => typeof t === 'string'));
		for (const answer of answers) {
			if (answer.status !== 200 || typeof answer.body.orderId !== 'string') figures.failures.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
			if (Array.isArray(answer.body.twins) && answer.body.twins.length > 0) figures.reportedTwins++;
		}
		const orders = sim.control.orderBook().filter((o) => tags.has(String(o.ordertag)));
		if (orders.length > 1) figures.placedTwice++;
		if (orders.filter((o) => LIVE.has(String(o.orderstatus).toLowerCase())).length > 1) figures.liveTwins++;
	}
	figures.ms = Date.now() - started;
	return figures;
}

/** Order ids the order-updates workflow posted to the sink. */
export function postedOrderIds(sinkRequests: Array<{ path: string; body: unknown }>): string[] {
	return sinkRequests
		.filter((r) => r.path === '/orders')
		.map((r) => {
			const body = r.body as Record<string, unknown>;
			return String(body.orderId ?? body.orderid ?? (body.order as Record<string, unknown> | undefined)?.orderid ?? '');
		})
		.filter((id) => id !== '');
}

export { ORDER_PATH, READ_PATH };
