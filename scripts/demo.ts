/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console -- the `npm start` demo, never shipped: runs n8n and prints to the terminal */
// `npm start`: the whole thing on one machine, without an Angel One account. Starts the SmartAPI simulator (ticks
// every second), installs a real n8n once (cached), installs this package into it the way Settings → Community
// nodes does, starts n8n with an owner account, a credential for the simulator, the templates and a few demo
// workflows that trade on the simulator, and prints what happens. Ctrl-C stops everything.
//
// Options (environment): DEMO_N8N_PORT (5678), DEMO_SIM_PORT (8800), DEMO_SINK_PORT (8801), DEMO_FRESH=1 (start
// from an empty n8n, the templates as shipped), DEMO_USER_FOLDER (.cache/demo-n8n), DEMO_EXIT_AFTER_MS (stop by
// itself, for checks).
// A restart keeps the n8n user folder and imports only the workflows that are missing, so edits survive.
// SIGINT, SIGTERM or SIGHUP stop everything within seconds, also during the first n8n install.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

import { startSimulator, type RunningSimulator } from '../simulator/server';
import { startSink, type Sink, type SinkRequest } from './e2e-sink';
import { ensureN8n, repoRoot } from './n8n-install';
import { createN8nHome, DEFAULT_OWNER, packPackage, type RunningN8n, type WorkflowJson } from './n8n-instance';
import { loadTemplate, NSE_CLOSED_NOW, rewriteTemplate, templateFiles } from './n8n-templates';


export const DEMO_OWNER = { ...DEFAULT_OWNER, email: 'demo@example.com' };
export const DEMO_ANGEL = { id: 'demoAngelOneSim1', name: 'Angel One (simulator)' };
export const DEMO_TELEGRAM = { id: 'demoTelegramLog1', name: 'Telegram (prints in the demo terminal)' };

export const DEMO_WORKFLOWS = {
	orders: 'demoOrderEveryMn',
	orderUpdates: 'demoOrderUpdates',
	priceCross: 'demoPriceCross01',
};

const ANGEL_ONE = 'n8n-nodes-angelone.angelOne';
const ANGEL_ONE_TRIGGER = 'n8n-nodes-angelone.angelOneTrigger';

type Node = Record<string, unknown> & { name: string };

function link(from: Node, to: Node): Record<string, unknown> {
	return { [from.name]: { main: [[{ node: to.name, type: 'main', index: 0 }]] } };
}

function telegramNode(name: string, text: string, position: [number, number]): Node {
	return {
		id: `${name.replace(/\W/g, '').toLowerCase()}-tg`,
		name,
		type: 'n8n-nodes-base.telegram',
		typeVersion: 1.2,
		position,
		credentials: { telegramApi: DEMO_TELEGRAM },
		parameters: { chatId: 'demo-chat', text, additionalFields: { appendAttribution: false } },
	};
}

/** The demo's own workflows: an order every minute, order updates and a price level, both through the trigger. */
export function demoWorkflows(sbinPrice: number): WorkflowJson[] {
	const everyMinute: Node = {
		id: 'demo-schedule',
		name: 'Every minute',
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		position: [0, 0],
		parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: 1 }] } },
	};
	const place: Node = {
		id: 'demo-place',
		name: 'Place order',
		type: ANGEL_ONE,
		typeVersion: 1,
		position: [240, 0],
		credentials: { angelOneSmartApi: DEMO_ANGEL },
		parameters: {
			resource: 'order',
			operation: 'place',
			instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' },
			// Buys on even minutes, sells on odd ones: the position stays small and the order book fills.
			side: "={{ $now.minute % 2 === 0 ? 'BUY' : 'SELL' }}",
			// Sent as a protected limit order (last price ± the band), as the 2026 rules require; the demo's simulator
			// refuses native market orders like Angel One.
			orderType: 'MARKET',
			product: 'INTRADAY',
			quantity: 1,
			quantityUnit: 'units',
			validity: 'DAY',
			simplify: true,
			// The node refuses orders while NSE is closed unless they are after-market orders; the demo's simulator
			// keeps its market open around the clock, so the demo says "after-market" exactly when NSE is closed.
			additionalFields: { afterMarket: NSE_CLOSED_NOW },
			options: { waitSeconds: 5 },
		},
	};
	const orderUpdates: Node = {
		id: 'demo-order-trigger',
		name: 'Order updates',
		type: ANGEL_ONE_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		credentials: { angelOneSmartApi: DEMO_ANGEL },
		parameters: { event: 'orderUpdates', statuses: ['any'] },
	};
	const updateMessage = telegramNode(
		'Tell me',
		"=Order {{ $json.orderId }}: {{ $json.status }}{{ $json.rejectionReason ? ' (' + $json.rejectionReason + ')' : '' }} · {{ $json.order.transactiontype }} {{ $json.order.quantity }} {{ $json.order.tradingsymbol }}",
		[240, 0],
	);
	// The nearest half rupee: the simulated price wanders across it every few minutes.
	const level = Math.round(sbinPrice * 2) / 2;
	const ticks: Node = {
		id: 'demo-tick-trigger',
		name: 'SBIN crosses a level',
		type: ANGEL_ONE_TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		credentials: { angelOneSmartApi: DEMO_ANGEL },
		parameters: {
			event: 'marketTicks',
			instruments: { instrument: [{ instrument: { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' } }] },
			mode: 'ltp',
			emit: 'priceCross',
			level,
			// One direction: the simulated price wanders around the level, and "either" would alert on every wobble.
			direction: 'above',
			hysteresis: 0.05,
			hysteresisUnit: 'percent',
			// The simulator ticks at any hour; a real account's trigger would sleep outside market hours.
			options: { marketHours: false },
		},
	};
	const crossMessage = telegramNode('Alert me', '=SBIN crossed ₹{{ $json.level }} going up: ₹{{ $json.ltp }}', [240, 0]);
	return [
		{
			id: DEMO_WORKFLOWS.orders,
			name: 'Demo: a simulated order every minute',
			nodes: [everyMinute, place],
			connections: link(everyMinute, place),
			settings: { executionOrder: 'v1', timezone: 'Asia/Kolkata' },
		},
		{
			id: DEMO_WORKFLOWS.orderUpdates,
			name: 'Demo: order updates → message',
			nodes: [orderUpdates, updateMessage],
			connections: link(orderUpdates, updateMessage),
			settings: { executionOrder: 'v1', timezone: 'Asia/Kolkata' },
		},
		{
			id: DEMO_WORKFLOWS.priceCross,
			name: `Demo: SBIN rises above ₹${level} → message`,
			nodes: [ticks, crossMessage],
			connections: link(ticks, crossMessage),
			settings: { executionOrder: 'v1', timezone: 'Asia/Kolkata' },
		},
	];
}

/** Template ids in the demo: "demoTpl" + a slug of the file name. */
export function templateId(file: string): string {
	return `demoTpl${file.replace(/\.json$/, '').replace(/[^a-z0-9]/gi, '')}`.slice(0, 21);
}

/**
 * Templates published (running) in the demo, with what the demo changes: the simulator's market is open around
 * the clock, so triggers need not wait for market hours and orders are after-market exactly when NSE is closed.
 * The others are imported to look at (the evening report needs a Google account; the price-cross template
 * watches a level of its own, like the demo's workflow).
 */
const PUBLISHED_TEMPLATES: Record<string, Record<string, Record<string, unknown>>> = {
	'tradingview-alert-to-order.json': { 'Place order': { additionalFields: { afterMarket: NSE_CLOSED_NOW } } },
	'order-rejected-to-telegram.json': {},
	'candle-close-strategy.json': {
		'5-minute bar closed': { options: { marketHours: false } },
		'Buy (dry run)': { additionalFields: { afterMarket: NSE_CLOSED_NOW } },
	},
};

function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

function describeRequest(request: SinkRequest): string | undefined {
	const time = new Date(request.at).toLocaleTimeString('en-IN', { timeZone: 'Asia/Kolkata', hour12: false });
	if (request.path.startsWith('/telegram/')) {
		const body = (request.body ?? {}) as { text?: string; chat_id?: string };
		return body.text ? `  ${time}  💬 ${body.text}` : undefined;
	}
	return `  ${time}  → ${request.method} ${request.path} ${JSON.stringify(request.body).slice(0, 300)}`;
}

export interface DemoHandle {
	n8n: RunningN8n;
	sim: RunningSimulator;
	sink: Sink;
	/** The SBIN level the price-cross workflow watches. */
	level: number;
	stop(): Promise<void>;
}

export interface DemoOptions {
	n8nPort?: number;
	simPort?: number;
	sinkPort?: number;
	/** n8n's user folder; default .cache/demo-n8n (kept between runs). */
	userFolder?: string;
	/** Start from an empty user folder. */
	fresh?: boolean;
	/** Where progress goes (default the terminal). */
	log?: (line: string) => void;
	/** Stops the start-up (Ctrl-C): whatever was started is stopped, a first n8n install included. */
	signal?: AbortSignal;
}

/** NSE's regular session as the node's own order check reads it: Monday–Friday, 09:15–15:30 IST. */
export function nseOpenAt(time: Date): boolean {
	const ist = new Date(time.getTime() + 5.5 * 3_600_000);
	const minutes = ist.getUTCHours() * 60 + ist.getUTCMinutes();
	const weekday = ist.getUTCDay();
	return weekday >= 1 && weekday <= 5 && minutes >= 555 && minutes < 930;
}

/** What is open, said exactly: the simulator fills at any hour, the node applies NSE's real clock. */
export function marketHoursNote(time: Date): string {
	const now = nseOpenAt(time) ? 'NSE is open now' : 'NSE is closed now';
	return (
		`Market hours  The simulator accepts and fills orders at any hour, but the Angel One node checks NSE's real\n` +
		`               hours (Mon–Fri 09:15–15:30 IST) before it sends one. ${now}: outside those hours an order you\n` +
		'               build yourself needs Additional Fields → After-Market Order on, or the node refuses it\n' +
		'               (the demo\'s own workflows switch it on by themselves exactly then).'
	);
}

class DemoStopped extends Error {
	constructor() {
		super('stopped');
		this.name = 'DemoStopped';
	}
}

export async function startDemo(options: DemoOptions = {}): Promise<DemoHandle> {
	const started = Date.now();
	const root = repoRoot();
	const print = options.log ?? ((line: string) => console.log(line));
	const ports = {
		N8N: options.n8nPort ?? Number(process.env.DEMO_N8N_PORT ?? 5678),
		SIM: options.simPort ?? Number(process.env.DEMO_SIM_PORT ?? 8800),
		SINK: options.sinkPort ?? Number(process.env.DEMO_SINK_PORT ?? 8801),
	};
	for (const [name, port] of Object.entries(ports)) {
		if (!(await portFree(port))) throw new Error(`Port ${port} is in use. Stop what uses it, or set DEMO_${name}_PORT.`);
	}
	const stops: Array<() => Promise<void>> = [];
	const stopAll = async () => {
		for (const stop of stops.reverse()) await stop().catch(() => undefined);
		stops.length = 0;
	};
	const stopped = () => {
		if (options.signal?.aborted) throw new DemoStopped();
	};
	try {
		stopped();
		print('▶ Starting the SmartAPI simulator…');
		// Open around the clock, so the demo's orders fill at any hour (the node itself still checks NSE's clock).
		const sim = await startSimulator({ port: ports.SIM, seed: 1, tickIntervalMs: 1000, marketHours: 'open' });
		stops.push(() => sim.close());
		const sink = await startSink({ port: ports.SINK });
		stops.push(() => sink.close());

		print('▶ Preparing n8n (the first run installs n8n 2.40.7 into .cache/: a few minutes)…');
		const installation = await ensureN8n({ log: (line) => print(`  ${line}`), signal: options.signal });
		stopped();
		const userFolder = options.userFolder ?? process.env.DEMO_USER_FOLDER ?? path.join(root, '.cache', 'demo-n8n');
		if (options.fresh ?? process.env.DEMO_FRESH === '1') fs.rmSync(userFolder, { recursive: true, force: true });
		fs.mkdirSync(userFolder, { recursive: true });
		const home = await createN8nHome({ installation, userFolder, port: ports.N8N, log: (line) => print(`  ${line}`) });
		const tarball = await packPackage(path.join(userFolder, 'pack'), root);
		stopped();
		await home.importCredentials([
			{
				...DEMO_ANGEL,
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
			},
			{ ...DEMO_TELEGRAM, type: 'telegramApi', data: { accessToken: '000000:demo', baseUrl: sink.telegramBaseUrl } },
		]);
		const installed = await home.installPackage(tarball);
		print(`  installed ${installed.name}@${installed.version}: ${installed.nodeTypes.map((n) => n.type).join(', ')}`);
		stopped();

		const templates = templateFiles(root).map((file) =>
			rewriteTemplate(loadTemplate(file, root), {
				id: templateId(file),
				credentials: { angelOneSmartApi: DEMO_ANGEL, telegramApi: DEMO_TELEGRAM },
				parameters: PUBLISHED_TEMPLATES[file],
			}),
		);
		const demo = demoWorkflows(sim.control.price('NSE', 'SBIN-EQ'));
		const level = Number((demo[2].nodes[0].parameters as { level: number }).level);
		// A restart keeps what the user changed (a template's passphrase, a level): only missing workflows are
		// imported and published; DEMO_FRESH=1 starts over from the shipped ones.
		const existing = new Set(await home.workflowIds());
		const missing = [...demo, ...templates].filter((workflow) => !existing.has(workflow.id!));
		if (missing.length > 0) await home.importWorkflows(missing);
		const kept = demo.length + templates.length - missing.length;
		if (kept > 0) print(`  kept ${kept} workflow(s) from the last run as they are (DEMO_FRESH=1 starts over)`);
		const toPublish = new Set([...demo.map((w) => w.id!), ...Object.keys(PUBLISHED_TEMPLATES).map(templateId)]);
		for (const workflow of missing) {
			if (toPublish.has(workflow.id!)) await home.publishWorkflow(workflow.id!);
		}
		stopped();

		print('▶ Starting n8n…');
		const n8n = await home.start({ timeoutMs: 180_000 });
		stops.unshift(() => n8n.stop());
		stopped();
		await n8n.setupOwner(DEMO_OWNER);
		await n8n.waitForWebhook('tradingview-angelone').catch(() => undefined);
		sink.onRequest((request) => {
			const line = describeRequest(request);
			if (line) print(line);
		});

		const alert = JSON.stringify({
			passphrase: 'change-me-to-a-long-random-phrase',
			exchange: 'NSE',
			ticker: 'SBIN',
			action: 'buy',
			contracts: '2',
			price: '0',
			time: 'now',
		});
		print(`
✅ Ready in ${Math.round((Date.now() - started) / 1000)} s.

  n8n editor   ${n8n.url}
  log in as    ${DEMO_OWNER.email}  /  ${DEMO_OWNER.password}

  Simulator    ${sim.baseUrl}  (a fake Angel One: client ${sim.account.clientCode}, prices move every second)
  Credential   "${DEMO_ANGEL.name}" points at it; "${DEMO_TELEGRAM.name}" prints messages below.

  ${marketHoursNote(new Date())}

  Running now: ${demo.map((w) => `"${w.name}"`).join(', ')},
  and the templates ${Object.keys(PUBLISHED_TEMPLATES).join(', ')} (examples/).
  In the editor: Overview → the workflows; each one's Executions tab shows its runs.
  Fire a TradingView alert yourself:
    curl -s -X POST ${n8n.url}/webhook/tradingview-angelone -H 'Content-Type: application/json' -d '${alert}'

  Messages and orders appear below. Ctrl-C stops everything.
`);
		let lastOrders = 0;
		const status = setInterval(() => {
			void (async () => {
				const orders = sim.control.orderBook();
				if (orders.length !== lastOrders) {
					const last = orders[orders.length - 1];
					print(
						`  📒 simulator order book: ${orders.length} order(s); latest ${String(last.transactiontype)} ${String(last.quantity)} ${String(last.tradingsymbol)} → ${String(last.status)}${Number(last.averageprice) > 0 ? ` @ ₹${String(last.averageprice)}` : ''}`,
					);
					lastOrders = orders.length;
				}
			})();
		}, 2000);
		stops.unshift(async () => clearInterval(status));
		stopped();
		return { n8n, sim, sink, level, stop: stopAll };
	} catch (error) {
		await stopAll();
		throw error;
	}
}

/** Stops within this long after a signal, whatever hangs (n8n's own stop escalates to SIGKILL before that). */
const STOP_DEADLINE_MS = 25_000;

if (require.main === module) {
	let demo: DemoHandle | undefined;
	const abort = new AbortController();
	let stopping: Promise<void> | undefined;
	// Handlers are in place before start-up does anything asynchronous, so an early Ctrl-C stops it too.
	const starting = startDemo({ signal: abort.signal });
	const stop = (reason: string, code = 0): Promise<void> =>
		(stopping ??= (async () => {
			console.log(`\n■ ${reason}: stopping n8n and the simulator…`);
			setTimeout(() => {
				console.error(`  still stopping after ${STOP_DEADLINE_MS / 1000} s; exiting (n8n's process group is killed on exit).`);
				process.exit(1);
			}, STOP_DEADLINE_MS).unref();
			abort.abort();
			// During start-up, startDemo stops what it started (the npm install of a first run included) and rejects.
			const handle = demo ?? (await starting.catch(() => undefined));
			await handle?.stop();
			console.log('  stopped.');
			process.exit(code);
		})());
	// Ctrl-C reaches every process of the terminal's group; systemd, Docker or a parent script signal only npm,
	// which passes it on through scripts/node24.js. Either way one signal stops everything; repeats are ignored.
	process.on('SIGINT', () => void stop('Ctrl-C'));
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGHUP', () => void stop('SIGHUP'));
	starting
		.then((handle) => {
			demo = handle;
			void handle.n8n.exited.then((code) => {
				if (!stopping) void stop(`n8n exited (${code}); its log is ${handle.n8n.logFile}`, 1);
			});
			const exitAfter = Number(process.env.DEMO_EXIT_AFTER_MS ?? 0);
			if (exitAfter > 0) setTimeout(() => void stop(`DEMO_EXIT_AFTER_MS=${exitAfter}`), exitAfter);
		})
		.catch((error: Error) => {
			// Stopped during start-up: stop() finishes (startDemo already stopped what it had started).
			if (error instanceof DemoStopped || abort.signal.aborted) return;
			console.error(`\n✖ The demo could not start: ${error.message}`);
			process.exit(1);
		});
}
