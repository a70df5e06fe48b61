// A clock the tests control: real time plus an offset, or frozen at an instant.
import type { SimClock } from './contracts';

export function createClock(start?: number): SimClock {
	let offset = start === undefined ? 0 : start - Date.now();
	let frozenAt: number | undefined;
	return {
		now: () => (frozenAt !== undefined ? frozenAt : Date.now() + offset),
		set(ms) {
			if (frozenAt !== undefined) frozenAt = ms;
			else offset = ms - Date.now();
		},
		advance(ms) {
			if (frozenAt !== undefined) frozenAt += ms;
			else offset += ms;
		},
		freeze(atMs) {
			frozenAt = atMs ?? Date.now() + offset;
		},
		unfreeze() {
			if (frozenAt !== undefined) offset = frozenAt - Date.now();
			frozenAt = undefined;
		},
	};
}
