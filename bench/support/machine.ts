/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- benchmark tool, never shipped: describes the machine it runs on */
// The machine a run happened on, recorded with every result: figures are only comparable on the same one.
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

import type { Machine } from './types';

export function describeMachine(): Machine {
	const cpus = os.cpus();
	return {
		cores: os.availableParallelism(),
		cpuModel: cpus[0]?.model.trim() ?? 'unknown',
		node: process.version,
		platform: `${os.platform()} ${os.release()} ${os.arch()}`,
		totalMemoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
		date: new Date().toISOString(),
	};
}

/** CPU time of all cores since boot, ms: busy (anything but idle) and total. */
export function cpuTimes(): { busy: number; total: number } {
	let busy = 0;
	let total = 0;
	for (const { times } of os.cpus()) {
		const all = times.user + times.nice + times.sys + times.irq + times.idle;
		total += all;
		busy += all - times.idle;
	}
	return { busy, total };
}

/** Share of all cores busy (any process) over the next `ms`, in %. */
export async function machineBusyPercent(ms = 1000): Promise<number> {
	const start = cpuTimes();
	await new Promise((resolve) => setTimeout(resolve, ms));
	const end = cpuTimes();
	const total = end.total - start.total;
	return total > 0 ? ((end.busy - start.busy) / total) * 100 : 0;
}

export function loadAverage(): number {
	return Math.round(os.loadavg()[0] * 100) / 100;
}

/**
 * Waits until the machine is quiet (under `percent` busy over 2 s, three times in a row) or `maxMs` passed.
 * Returns the last busy figure. On a shared machine other work steals cores from the benchmark.
 */
export async function waitForIdle(percent: number, maxMs: number, report: (busy: number) => void): Promise<number> {
	const deadline = Date.now() + maxMs;
	let quiet = 0;
	let busy = await machineBusyPercent(2000);
	while (Date.now() < deadline) {
		quiet = busy < percent ? quiet + 1 : 0;
		if (quiet >= 3) break;
		report(busy);
		busy = await machineBusyPercent(2000);
	}
	return busy;
}

/**
 * CPU time (ms) of a running process plus its children that have exited, from /proc/<pid>/stat (Linux, with
 * the usual 100 clock ticks per second); undefined where there is no /proc.
 */
export function processTreeCpuMs(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after "(comm)": state is field 3, utime/stime/cutime/cstime are fields 14–17.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
		return Number.isFinite(ticks) ? ticks * 10 : undefined;
	} catch {
		return undefined;
	}
}
