// Today's positions as the order paths need them (Exit Position, Convert Position, Get Positions): the rows and
// the net quantity of one.
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { toNumber } from '../helpers/values';
import { smartApiRequest } from '../transport/request';

/** Today's positions; SmartAPI answers `data: null` when there are none. */
export async function fetchPositions(ctx: IExecuteFunctions): Promise<IDataObject[]> {
	const data = await smartApiRequest(ctx, 'getPosition');
	return Array.isArray(data) ? (data as IDataObject[]) : [];
}

/** Net quantity: bought minus sold, carried-forward quantities included. Positive is long. */
export function netQuantity(position: IDataObject): number {
	return toNumber(position.netqty) ?? (toNumber(position.buyqty) ?? 0) - (toNumber(position.sellqty) ?? 0);
}
