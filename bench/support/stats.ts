// Small statistics for benchmark samples: nearest-rank percentiles over sorted copies, medians of rounds.

/** Nearest-rank percentile (p in 0–100) of the samples; NaN for none. */
export function percentile(samples: ArrayLike<number>, p: number): number {
	if (samples.length === 0) return NaN;
	const sorted = Float64Array.from(samples).sort();
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(samples: ArrayLike<number>): number {
	return percentile(samples, 50);
}

export function summary(samples: ArrayLike<number>): { count: number; p50: number; p90: number; p99: number; max: number; mean: number } {
	let sum = 0;
	let max = -Infinity;
	for (let i = 0; i < samples.length; i++) {
		sum += samples[i];
		if (samples[i] > max) max = samples[i];
	}
	return {
		count: samples.length,
		p50: percentile(samples, 50),
		p90: percentile(samples, 90),
		p99: percentile(samples, 99),
		max: samples.length > 0 ? max : NaN,
		mean: samples.length > 0 ? sum / samples.length : NaN,
	};
}

/** A growable list of numbers without boxing: latency samples can run into the hundreds of thousands. */
export class Samples {
	private data: Float64Array;
	length = 0;

	constructor(capacity = 1024) {
		this.data = new Float64Array(capacity);
	}

	push(value: number): void {
		if (this.length === this.data.length) {
			const grown = new Float64Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}
		this.data[this.length++] = value;
	}

	values(): Float64Array {
		return this.data.subarray(0, this.length);
	}
}

export function round(value: number, digits: number): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}
