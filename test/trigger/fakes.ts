// What the trigger's unit tests hand it instead of n8n: the node it reports as.

import type { INode } from 'n8n-workflow';

export const TRIGGER_NODE: INode = {
	id: 'trigger-1',
	name: 'Angel One Trigger',
	type: 'n8n-nodes-angelone.angelOneTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
