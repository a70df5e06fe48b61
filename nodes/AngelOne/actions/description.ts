// Assembles the node's properties from the resource modules: the resource picker, one operation picker per
// resource, and each operation's fields shown only for that resource and operation.
import type { INodeProperties } from 'n8n-workflow';

import { RESOURCES } from './resources';

function withDisplay(property: INodeProperties, resource: string, operation: string): INodeProperties {
	const show = property.displayOptions?.show ?? {};
	return {
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...show, resource: [resource], operation: [operation] },
		},
	};
}

export function nodeProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map((r) => ({ name: r.name, value: r.value })),
			default: 'account',
		},
	];
	for (const resource of RESOURCES) {
		properties.push(resource.operationProperty());
	}
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) {
			for (const property of operation.properties) {
				properties.push(withDisplay(property, resource.value, operation.value));
			}
		}
	}
	return properties;
}
