// The one Instruments field (methods/instruments.ts instrumentsField) that Get Quote and the trigger share.

import type { INodeProperties } from 'n8n-workflow';

import { instrumentListFields } from '../../nodes/AngelOne/actions/marketData/instrumentList';
import { instrumentLocator, instrumentsField } from '../../nodes/AngelOne/methods/instruments';
import { triggerProperties } from '../../nodes/AngelOne/trigger/description';

function instrumentsOf(properties: INodeProperties[]): INodeProperties {
	const field = properties.find((property) => property.name === 'instruments');
	if (!field) throw new Error('no Instruments field');
	return field;
}

describe('the Instruments field', () => {
	it('is a sortable list of instrument locators whose rows carry the given name', () => {
		const field = instrumentsField({ name: 'values', locator: instrumentLocator() });
		expect(field).toMatchObject({ displayName: 'Instruments', name: 'instruments', type: 'fixedCollection', typeOptions: { multipleValues: true, sortable: true }, default: {} });
		expect(field.options).toEqual([{ displayName: 'Instrument', name: 'values', values: [instrumentLocator()] }]);
	});

	it('keeps what Get Quote and the trigger each add: when it shows, and whether it is required', () => {
		expect(instrumentsOf(instrumentListFields)).toMatchObject({ displayOptions: { show: { instrumentsFrom: ['list'] } } });
		expect(instrumentsOf(instrumentListFields).required).toBeUndefined();
		expect(instrumentsOf(triggerProperties())).toMatchObject({ required: true, displayOptions: { show: { event: ['marketTicks'] } } });
		expect(instrumentsOf(triggerProperties()).options).toMatchObject([{ name: 'instrument' }]);
	});
});
