// Today's positions as the order paths need them (Exit Position, Convert Position, Get Positions): the rows and
// the net quantity of one.
import type { IExecuteFunctions } from 'n8n-workflow';

import type { PositionRow } from '../transport/answers';
import { callEndpoint } from '../transport/request';

/** Today's positions ([] when there are none: SmartAPI then answers `data: null`). */
export async function fetchPositions(ctx: IExecuteFunctions): Promise<PositionRow[]> {
	return await callEndpoint(ctx, 'getPosition');
}

/** Net quantity: bought minus sold, carried-forward quantities included. Positive is long. */
export function netQuantity(position: PositionRow): number {
	return position.netqty ?? (position.buyqty ?? 0) - (position.sellqty ?? 0);
}
