// Instrument → Find Option: the exact option contract for an underlying, an expiry ("nearest", "next" or a date),
// a strike (a price, or ATM ± n strikes from the underlying's live or given price) and CE/PE.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toIsoDate } from '../../instruments/expiry';
import type { Instrument, InstrumentIndex } from '../../instruments';
import { describeInstrument, instrumentIndex } from '../../methods/instruments';
import { callEndpoint } from '../../transport/request';
import { ValidationError } from '../shared';
import { findOrFail, findOrNothing } from './lookup';
import { instrumentResource } from './resource';
import { exchangeOptions, optionTypeField } from '../fields';
import { parameters, wholeNumber } from '../parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Underlying',
		name: 'underlying',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. NIFTY, BANKNIFTY, SENSEX, SBIN',
		description: 'Index or share whose option you want',
	},
	{
		displayName: 'Exchange',
		name: 'exchange',
		type: 'options',
		options: [
			{ name: 'Automatic', value: '', description: 'Where the underlying has options: NFO before BFO, MCX, CDS' },
			...exchangeOptions('BFO', 'CDS', 'MCX', 'NFO'),
		],
		default: '',
	},
	{
		displayName: 'Expiry',
		name: 'expiry',
		type: 'options',
		options: [
			{ name: 'Nearest', value: 'nearest', description: 'The first expiry still trading' },
			{ name: 'Next', value: 'next', description: 'The one after the nearest' },
			{ name: 'On Date', value: 'date' },
		],
		default: 'nearest',
	},
	{
		displayName: 'Expiry Date',
		name: 'expiryDate',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 2026-01-27 or 27JAN2026',
		displayOptions: { show: { expiry: ['date'] } },
	},
	{
		displayName: 'Strike',
		name: 'strikeBy',
		type: 'options',
		options: [
			{ name: 'At the Money (ATM ± Strikes)', value: 'atm', description: 'Counted in strikes from the one nearest the underlying price' },
			{ name: 'Strike Price', value: 'price' },
		],
		default: 'atm',
	},
	{
		displayName: 'Strikes From ATM',
		name: 'strikeOffset',
		type: 'number',
		typeOptions: { numberPrecision: 0 },
		default: 0,
		description: 'How many strikes above (positive) or below (negative) the at-the-money strike: 2 means ATM+2',
		displayOptions: { show: { strikeBy: ['atm'] } },
	},
	{
		displayName: 'Strike Price',
		name: 'strikePrice',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'Strike in rupees, e.g. 25000',
		displayOptions: { show: { strikeBy: ['price'] } },
	},
	optionTypeField,
	{
		displayName: 'Underlying Price',
		name: 'spotSource',
		type: 'options',
		options: [
			{
				name: 'Live',
				value: 'live',
				description: "Fetch the last price of the index or share (for commodities and currencies, of the nearest future)",
			},
			{ name: 'Given', value: 'given', description: 'Use the price below' },
		],
		default: 'live',
		displayOptions: { show: { strikeBy: ['atm'] } },
	},
	{
		displayName: 'Spot Price',
		name: 'spotPrice',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'The underlying price that decides the at-the-money strike',
		displayOptions: { show: { strikeBy: ['atm'], spotSource: ['given'] } },
	},
];

const CASH_OF: Record<string, string> = { NFO: 'NSE', BFO: 'BSE' };

/** What the ATM strike is measured against: the index or share for NFO/BFO, the nearest future elsewhere. */
function priceSource(index: InstrumentIndex, underlying: string, exchange: string, now: number): Instrument {
	const cash = CASH_OF[exchange];
	const found = findOrNothing(() =>
		cash === undefined
			? index.findFuture({ underlying, exchange, expiry: 'nearest', now })
			: index.resolve(underlying, { defaultExchange: cash, now }),
	);
	if (found && (cash === undefined || ((found.exchange === 'NSE' || found.exchange === 'BSE') && found.expiry === null))) return found;
	throw new ValidationError('Underlying Price', `Could not tell which index or share "${underlying}" options follow; choose Given and enter the price`);
}

async function lastPrice(ctx: IExecuteFunctions, instrument: Instrument): Promise<number> {
	const quote = await callEndpoint(ctx, 'getLtpData', {
		body: { exchange: instrument.exchange, tradingsymbol: instrument.tradingSymbol, symboltoken: instrument.token },
	});
	const ltp = quote?.ltp ?? null;
	if (ltp === null || ltp <= 0) {
		throw new ValidationError('Underlying Price', `Angel One gave no last price for ${instrument.exchange}:${instrument.tradingSymbol}; choose Given and enter the price`);
	}
	return ltp;
}

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const read = parameters(this, itemIndex);
	const underlying = read.text('underlying').trim();
	if (underlying === '') throw new ValidationError('Underlying', 'Give the index or share, e.g. NIFTY');
	const exchange = read.text('exchange') || undefined;
	const expiryChoice = read.text('expiry', 'nearest');
	let expiry = expiryChoice;
	if (expiryChoice === 'date') {
		const raw = read.text('expiryDate').trim();
		// A date picker or an expression may give a full timestamp; the expiry is its calendar date.
		const date = toIsoDate(/^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw);
		if (date === undefined) throw new ValidationError('Expiry Date', `"${raw}" is not a date like 2026-01-27 or 27JAN2026`);
		expiry = date;
	}
	const optionType = read.text('optionType', 'CE');
	const strikeBy = read.text('strikeBy', 'atm');
	const now = Date.now();
	const index = await instrumentIndex(this);

	if (strikeBy === 'price') {
		const strike = Number(read.value('strikePrice', 0));
		if (!(strike > 0)) throw new ValidationError('Strike Price', 'Give the strike in rupees, e.g. 25000');
		const contract = findOrFail('Option', () => index.findOption({ underlying, exchange, expiry, strike, optionType, now }));
		return { symbol: `${contract.exchange}:${contract.tradingSymbol}`, ...describeInstrument(contract) };
	}

	const offset = wholeNumber(read.value('strikeOffset', 0), 'Strikes From ATM');
	// The listing decides the exchange (and so what the price is measured against) before any price is fetched.
	const listing = findOrFail('Underlying', () => index.listExpiries({ underlying, kind: 'option', exchange, now }));
	let spot: number;
	let spotSymbol: string | null = null;
	if (read.text('spotSource', 'live') === 'given') {
		spot = Number(read.value('spotPrice', 0));
		if (!(spot > 0)) throw new ValidationError('Spot Price', 'Give the underlying price, e.g. 25012.35');
	} else {
		const source = priceSource(index, listing.underlying, listing.exchange, now);
		spot = await lastPrice(this, source);
		spotSymbol = `${source.exchange}:${source.tradingSymbol}`;
	}
	const query = { underlying: listing.underlying, exchange: listing.exchange, expiry, optionType, spot, now };
	const atm = findOrFail('Option', () => index.findOption({ ...query, strike: 'ATM' }));
	const contract =
		offset === 0 ? atm : findOrFail('Strikes From ATM', () => index.findOption({ ...query, strike: `ATM${offset > 0 ? '+' : ''}${offset}` }));
	return {
		symbol: `${contract.exchange}:${contract.tradingSymbol}`,
		...describeInstrument(contract),
		underlyingPrice: spot,
		underlyingSymbol: spotSymbol,
		atmStrike: atm.strike,
		strikesFromAtm: offset,
	};
}

instrumentResource.add({
	value: 'findOption',
	name: 'Find Option',
	action: 'Find an option contract',
	description: 'The exact contract for an underlying, expiry, strike or ATM ± n, and CE or PE',
	properties,
	execute,
});
