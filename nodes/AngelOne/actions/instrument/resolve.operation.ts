// Instrument → Resolve: turns a symbol as people write it (NSE:SBIN-EQ, TradingView's NSE:SBIN and NSE:NIFTY,
// exchange and token NSE:3045) into the exact instrument: token, lot size, tick size, expiry, strike in rupees.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { describeInstrument, instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import { instrumentResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	instrumentLocator({
		description:
			'The instrument to look up: pick it, type a symbol (NSE:SBIN-EQ, TradingView style NSE:SBIN or NSE:NIFTY), or give exchange and token (NSE:3045)',
	}),
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const index = await instrumentIndex(this);
	const instrument = resolveLocator(index, parameters(this, itemIndex).value('instrument'), 'Instrument');
	return { symbol: `${instrument.exchange}:${instrument.tradingSymbol}`, ...describeInstrument(instrument) };
}

instrumentResource.add({
	value: 'resolve',
	name: 'Resolve',
	action: 'Resolve a symbol',
	description: 'Token, lot size, tick size, expiry and strike of a symbol such as NSE:SBIN or NSE:NIFTY',
	properties,
	execute,
});
