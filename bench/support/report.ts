// Turns benchmark records into the pass/miss verdicts and the Markdown that README quotes (bench/RESULTS.md).
import type { BenchRecord, Figure, Goal, Machine } from './types';

export function meetsGoal(figure: Figure): boolean | undefined {
	const goal = figure.goal;
	if (goal === undefined) return undefined;
	const value = goal.checks ?? figure.value;
	if (!Number.isFinite(value)) return false;
	switch (goal.op) {
		case '>=':
			return value >= goal.target;
		case '<=':
			return value <= goal.target;
		case '<':
			return value < goal.target;
		case '>':
			return value > goal.target;
	}
}

export function formatNumber(value: number, digits?: number): string {
	if (!Number.isFinite(value)) return 'n/a';
	const places = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
	return value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places });
}

function withUnit(value: number, unit: string, digits?: number): string {
	const text = formatNumber(value, digits);
	if (unit === '×' || unit === '%') return `${text}${unit}`;
	// "1 login", "2 logins": plain plural words lose their s for exactly one.
	return `${text} ${value === 1 && /^[a-z]+s$/.test(unit) ? unit.slice(0, -1) : unit}`;
}

/** Ours divided by the alternative, or a dash when that is not a number (e.g. a count of zero). */
export function ratioText(ours: number, alternative: number): string {
	if (!Number.isFinite(ours) || !Number.isFinite(alternative) || alternative === 0) return '—';
	const ratio = ours / alternative;
	if (ratio === 0) return '0×';
	// A difference below zero has no meaningful ratio to its alternative.
	if (ratio < 0) return '—';
	const digits = ratio >= 100 ? 0 : ratio >= 10 ? 1 : ratio >= 0.1 ? 2 : Math.min(6, 1 - Math.floor(Math.log10(ratio)));
	return `${ratio.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}×`;
}

function goalText(goal: Goal | undefined, unit: string): string {
	if (goal === undefined) return '';
	return goal.text ?? `${goal.op.replace('>=', '≥').replace('<=', '≤')} ${withUnit(goal.target, unit)}`;
}

function mark(figure: Figure): string {
	const verdict = meetsGoal(figure);
	return verdict === undefined ? '' : verdict ? 'pass' : '**miss**';
}

function machineText(m: Machine): string {
	return `${m.cores} cores, ${m.cpuModel}, ${m.totalMemoryGb} GB, Node ${m.node}, ${m.platform}`;
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|');
}

/** A run during which other work had the machine busy (see the note under its section). */
export function disturbed(record: BenchRecord): boolean {
	return record.load.busyBeforePercent >= 20 || (record.load.otherBusyDuringPercent ?? 0) >= 10;
}

export interface FigureRow {
	benchmark: string;
	figure: string;
	ours: string;
	goal: string;
	verdict: string;
	alternatives: string;
	ratios: string;
}

export function rows(records: BenchRecord[]): FigureRow[] {
	return records.flatMap((record) =>
		record.figures.map((figure) => ({
			benchmark: record.title + (record.quick ? ' (quick run)' : '') + (disturbed(record) ? ' ⚠' : ''),
			figure: figure.note ? `${figure.label} (${figure.note})` : figure.label,
			ours: withUnit(figure.value, figure.unit, figure.digits),
			goal: goalText(figure.goal, figure.unit),
			verdict: mark(figure),
			alternatives: (figure.alternatives ?? []).map((a) => `${a.label}: ${withUnit(a.value, figure.unit, figure.digits)}`).join('; '),
			ratios: (figure.alternatives ?? []).map((a) => ratioText(figure.value, a.value)).join('; '),
		})),
	);
}

export function markdown(records: BenchRecord[]): string {
	const lines: string[] = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (see bench/README.md); do not edit by hand. Every comparison in a row was measured in the same run on the same machine. "Ours ÷ alternative" is our figure divided by the alternative\'s (above 1 means ours is larger). Goals are targets for this report, not test assertions. ⚠ marks a run that other work on the machine disturbed (see its section).',
		'',
	];
	const machines = new Set(records.map((r) => machineText(r.machine)));
	if (machines.size === 1) lines.push(`Machine: ${[...machines][0]}.`, '');
	lines.push('| Benchmark | Figure | Ours | Goal | Met | Alternative (same run) | Ours ÷ alternative |', '|---|---|---:|---|---|---|---|');
	for (const row of rows(records)) {
		lines.push(`| ${[row.benchmark, row.figure, row.ours, row.goal, row.verdict, row.alternatives, row.ratios].map(cell).join(' | ')} |`);
	}
	lines.push('');
	for (const record of records) {
		lines.push(`## ${record.title}`, '');
		lines.push(
			`Run ${record.machine.date.slice(0, 16).replace('T', ' ')} UTC${record.quick ? ' (quick run: shorter, not for quoting)' : ''}, ${record.wallSeconds.toFixed(0)} s` +
				(machines.size === 1 ? '.' : ` on ${machineText(record.machine)}.`),
			'',
		);
		const { busyBeforePercent, otherBusyDuringPercent } = record.load;
		if (disturbed(record)) {
			const during = otherBusyDuringPercent === undefined ? '' : `, ${otherBusyDuringPercent} % during the run`;
			lines.push(
				`**Disturbed run:** other processes kept the machine busy (${busyBeforePercent} % of all ${record.machine.cores} cores just before the start${during}). Absolute figures are pessimistic; comparisons within the run still hold, as both sides ran under the same conditions.`,
				'',
			);
		}
		for (const note of record.notes) lines.push(`- ${note}`);
		lines.push('');
	}
	return lines.join('\n');
}

/** A plain-text table for the terminal. */
export function consoleTable(records: BenchRecord[]): string {
	const table = rows(records).map((r) => [r.benchmark, r.figure, r.ours, r.goal, r.verdict.replace(/\*/g, ''), r.alternatives, r.ratios]);
	const header = ['Benchmark', 'Figure', 'Ours', 'Goal', 'Met', 'Alternative', 'Ours÷alt'];
	const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...table.map((row) => row[i].length))));
	const line = (row: string[]): string => row.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...table.map(line)].join('\n');
}
