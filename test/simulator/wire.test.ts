// The simulator's strict number readers (simulator/wire.ts): the broker's validation, not the node's lenient one.

import { plainNumber, plainNumberOrZero } from '../../simulator/wire';

describe('simulator number readers', () => {
	it('read a number or a plain decimal string, and nothing the broker would refuse', () => {
		expect(plainNumber(12.5)).toBe(12.5);
		expect(plainNumber(' -3.25 ')).toBe(-3.25);
		for (const refused of ['1,234', '1e3', '+5', '.5', '', 'abc', null, undefined, true]) expect(plainNumber(refused)).toBeNaN();
	});

	it('take an empty or absent order field as 0 and anything unreadable as NaN', () => {
		expect(plainNumberOrZero('')).toBe(0);
		expect(plainNumberOrZero(undefined)).toBe(0);
		expect(plainNumberOrZero(null)).toBe(0);
		expect(plainNumberOrZero('10')).toBe(10);
		expect(plainNumberOrZero('ten')).toBeNaN();
	});
});
