import type { IExecuteFunctions } from 'n8n-workflow';

import { parameters, wholeNumber } from '../../nodes/AngelOne/actions/parameters';
import { ValidationError } from '../../nodes/AngelOne/helpers/validation';

function reader(values: Record<string, unknown>) {
	const ctx = {
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => (name in values ? values[name] : fallback),
	} as unknown as IExecuteFunctions;
	return parameters(ctx, 0);
}

describe('the typed parameter reader', () => {
	it('reads a switch by its truth, falling back to the field default when it is absent', () => {
		expect(reader({ simplify: false }).flag('simplify', true)).toBe(false);
		expect(reader({}).flag('simplify', true)).toBe(true);
		expect(reader({ simplify: 'yes' }).flag('simplify', false)).toBe(true);
	});

	it('reads "false" from an expression as off, like the safety switches, and an unreadable value as the field default', () => {
		expect(reader({ simplify: 'false' }).flag('simplify', true)).toBe(false);
		expect(reader({ returnAll: '0' }).flag('returnAll', true)).toBe(false);
		expect(reader({ simplify: 'maybe' }).flag('simplify', true)).toBe(true);
		expect(reader({ openOnly: 'maybe' }).flag('openOnly', false)).toBe(false);
	});

	it('reads a text field as text and nothing as ""', () => {
		expect(reader({ query: ' SBIN ' }).text('query')).toBe(' SBIN ');
		expect(reader({ query: 25000 }).text('query')).toBe('25000');
		expect(reader({ query: null }).text('query', 'x')).toBe('');
		expect(reader({}).text('expiry', 'nearest')).toBe('nearest');
	});

	it('reads a collection as an object and anything else as an empty one', () => {
		expect(reader({ options: { waitSeconds: 5 } }).collection('options')).toEqual({ waitSeconds: 5 });
		expect(reader({ options: 'x' }).collection('options')).toEqual({});
		expect(reader({ options: [1] }).collection('options')).toEqual({});
	});

	it('reads a multi-options field as a list, one value from an expression as a list of one', () => {
		expect(reader({ status: ['NEW', 'ACTIVE'] }).list('status')).toEqual(['NEW', 'ACTIVE']);
		expect(reader({ status: 'NEW' }).list('status')).toEqual(['NEW']);
		expect(reader({ status: '' }).list('status')).toEqual([]);
	});

	it('reads fixed-collection rows as given, and no rows when the value is not a list', () => {
		expect(reader({ 'legs.values': [{ side: 'BUY' }] }).rows('legs.values')).toEqual([{ side: 'BUY' }]);
		expect(reader({ 'legs.values': 'BUY' }).rows('legs.values')).toEqual([]);
	});

	it('takes whole numbers and numeric text, and refuses anything else naming the field', () => {
		expect(wholeNumber(3, 'Strikes From ATM')).toBe(3);
		expect(wholeNumber(' -2 ', 'Strikes From ATM')).toBe(-2);
		expect(() => wholeNumber(1.5, 'Validity (Days)')).toThrow(ValidationError);
		expect(() => wholeNumber('', 'Validity (Days)')).toThrow('Validity (Days) must be a whole number (got "")');
	});
});
