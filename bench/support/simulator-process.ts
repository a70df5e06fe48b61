/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tool, never shipped: a process entry point that talks to its parent over IPC */
// The simulator in a process of its own, so that its CPU and heap never mix with the figures of the process
// under test. Started by remote-simulator.ts; besides the simulator's own /__sim/ control over HTTP it offers
// a tick driver over IPC: a steady stream of price moves at a set rate, spread evenly over the instruments.

import { startSimulator, type SimulatorOptions } from '../../simulator/server';
import { createRng } from '../../simulator/rng';

export interface SimulatorProcessOptions extends SimulatorOptions {
	/** How many feed instruments to pick and report in 'ready' (cash first, then futures, then options). */
	pickInstruments?: number;
}

export interface PickedInstrument {
	exchange: string;
	token: string;
	symbol: string;
	/** Last price when the simulator started, rupees. */
	price: number;
}

export interface ReadyMessage {
	type: 'ready';
	baseUrl: string;
	account: { apiKey: string; clientCode: string; pin: string; totpSecret: string };
	instruments: PickedInstrument[];
}

export interface TicksStopped {
	type: 'ticks:stopped';
	sent: number;
	seconds: number;
	/** Longest the driver was behind its schedule (it then catches up), ms. */
	maxLagMs: number;
	/** CPU of this whole process (simulator and driver) while ticking, % of one core. */
	cpuPercent: number;
}

/** Feed instruments in a stable order: cash, futures, options (the master lists them mixed). */
const ORDER = ['', 'FUTIDX', 'FUTSTK', 'OPTIDX', 'OPTSTK'];
const FEED_EXCHANGES = new Set(['NSE', 'BSE', 'NFO', 'BFO']);

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as SimulatorProcessOptions;
	const sim = await startSimulator({ ...options, port: 0 });
	const picked = sim.control
		.instruments({})
		.filter((i) => FEED_EXCHANGES.has(i.exchange) && ORDER.includes(i.instrumentType) && i.tickSize > 0)
		.sort((a, b) => ORDER.indexOf(a.instrumentType) - ORDER.indexOf(b.instrumentType))
		.slice(0, options.pickInstruments ?? 0);

	// Price state of the driver in feed units (paise), so moves stay on the tick grid.
	const start = picked.map((i) => Math.round(sim.control.price(i.exchange, i.token) * i.priceDivisor));
	const units = [...start];
	const rng = createRng(4242);
	let timer: NodeJS.Timeout | undefined;
	let run = { rate: 0, start: 0, sent: 0, maxLagMs: 0, cpu: process.cpuUsage() };

	// One or two ticks at a time, pulled back towards the starting price (intraday noise around a level rather
	// than a drift), so that a price level near the start is crossed again and again.
	const move = (index: number): void => {
		const inst = picked[index];
		const away = (units[index] - start[index]) / inst.tickSize;
		const up = Math.min(0.9, Math.max(0.1, 0.5 - 0.1 * away));
		const step = (rng() < up ? 1 : -1) * (1 + Math.floor(rng() * 2)) * inst.tickSize;
		units[index] = Math.max(inst.tickSize, units[index] + step);
		sim.control.setPrice(inst.exchange, inst.token, units[index] / inst.priceDivisor);
	};
	// Every millisecond, the moves that are due by now: the rate holds on average, and a stall (GC) is caught up.
	const pump = (): void => {
		const elapsed = performance.now() - run.start;
		const due = Math.floor((elapsed * run.rate) / 1000);
		const lag = ((due - run.sent) * 1000) / run.rate;
		if (lag > run.maxLagMs) run.maxLagMs = lag;
		while (run.sent < due) {
			move(run.sent % picked.length);
			run.sent++;
		}
	};

	process.on('message', (message: { type?: string; rate?: number }) => {
		if (message.type === 'ticks:start' && picked.length > 0) {
			run = { rate: message.rate ?? 1000, start: performance.now(), sent: 0, maxLagMs: 0, cpu: process.cpuUsage() };
			timer = setInterval(pump, 1);
			process.send?.({ type: 'ticks:started' });
		} else if (message.type === 'ticks:stop') {
			if (timer) clearInterval(timer);
			timer = undefined;
			const seconds = (performance.now() - run.start) / 1000;
			const cpu = process.cpuUsage(run.cpu);
			const stopped: TicksStopped = {
				type: 'ticks:stopped',
				sent: run.sent,
				seconds,
				maxLagMs: run.maxLagMs,
				cpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
			};
			process.send?.(stopped);
		}
	});
	const shutdown = (): void => {
		if (timer) clearInterval(timer);
		void sim.close().finally(() => process.exit(0));
	};
	process.on('SIGTERM', shutdown);
	process.on('disconnect', shutdown);

	const ready: ReadyMessage = {
		type: 'ready',
		baseUrl: sim.baseUrl,
		account: sim.account,
		instruments: picked.map((i) => ({ exchange: i.exchange, token: i.token, symbol: i.symbol, price: sim.control.price(i.exchange, i.token) })),
	};
	process.send?.(ready);
}

main().catch((error: unknown) => {
	process.stderr.write(`simulator process failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
