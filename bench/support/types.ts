// The shapes every benchmark shares: what it is given (options) and what it hands back (figures with their
// goals and the alternatives they were measured beside, plus free-form details for results.json).

export interface BenchOptions {
	/** A shorter run for a quick look; its figures are marked as such and are not the ones to quote. */
	quick: boolean;
	/** Trigger pipeline: measured seconds (default 60, quick 15). */
	durationS?: number;
}

export type GoalOp = '>=' | '<=' | '<' | '>';

export interface Goal {
	op: GoalOp;
	target: number;
	/** How the goal reads in the table, e.g. "≥ 10× official". Defaults to "<op> <target> <unit>". */
	text?: string;
	/** The value the goal is checked against when it is not the figure itself (e.g. a ratio). */
	checks?: number;
}

/** What the figure was measured beside, in the same run and unit. */
export interface Alternative {
	label: string;
	value: number;
}

export interface Figure {
	label: string;
	value: number;
	unit: string;
	/** Decimal places in the table. Default: chosen from the magnitude. */
	digits?: number;
	goal?: Goal;
	alternatives?: Alternative[];
	note?: string;
}

export interface BenchResult {
	title: string;
	figures: Figure[];
	/** Everything else worth keeping (raw samples summarized, counts, settings). */
	details: Record<string, unknown>;
	/** Method and caveats, one sentence each; they go under the table. */
	notes: string[];
}

export interface Machine {
	cores: number;
	cpuModel: string;
	node: string;
	platform: string;
	totalMemoryGb: number;
	date: string;
}

/** Other work on the machine around a run: on a shared machine it steals cores from the benchmark. */
export interface MachineLoad {
	/** Share of all cores busy during the second before the benchmark started, %. */
	busyBeforePercent: number;
	loadAverageStart: number;
	loadAverageEnd: number;
	/**
	 * Share of all cores busy with processes other than the benchmark's own (its process tree) while it ran, %.
	 * Absent where it cannot be told (no /proc).
	 */
	otherBusyDuringPercent?: number;
}

/** One benchmark's latest run as results.json keeps it. */
export interface BenchRecord extends BenchResult {
	name: string;
	machine: Machine;
	load: MachineLoad;
	quick: boolean;
	options: BenchOptions;
	wallSeconds: number;
}

export interface Benchmark {
	run(options: BenchOptions): Promise<BenchResult>;
}
