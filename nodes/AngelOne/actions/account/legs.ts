// The legs of a margin or charges calculation: entered as rows of fields (instrument picker, side, quantity,
// product, order type, price) or as a JSON list from an expression, and checked like orders (lots, ticks, the
// products each segment takes) before anything is sent.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkPrice, toUnits, type Instrument, type InstrumentIndex } from '../../instruments';
import { instrumentLocator, resolveLocator } from '../../methods/instruments';
import { ValidationError } from '../shared';
import { quantityUnitField, sideField } from '../orderFields';
import { parameters } from '../parameters';

export interface Leg {
	instrument: Instrument;
	side: 'BUY' | 'SELL';
	/** units */
	quantity: number;
	product: string;
	orderType: string;
	/** rupees; 0 for market orders */
	price: number;
}

export interface LegKind {
	/** Parameter names: `${name}From`, `${name}` (the rows), `${name}Json`. */
	name: string;
	/** "Positions", "Orders": the label in the UI and in errors. */
	label: string;
	/** Margin takes an order type (market orders at 0); charges need a traded price. */
	withOrderType: boolean;
}

const PRODUCTS = ['DELIVERY', 'INTRADAY', 'CARRYFORWARD', 'MARGIN'];
/** Other brokers' words, which traders moving over type out of habit. */
const PRODUCT_ALIASES: Record<string, string> = { CNC: 'DELIVERY', MIS: 'INTRADAY', NRML: 'CARRYFORWARD', MTF: 'MARGIN' };
const CASH_ONLY = ['DELIVERY', 'MARGIN'];
const DERIVATIVES_ONLY = ['CARRYFORWARD'];
const ORDER_TYPES = ['LIMIT', 'MARKET', 'STOPLOSS_LIMIT', 'STOPLOSS_MARKET'];
const MARKET_TYPES = ['MARKET', 'STOPLOSS_MARKET'];

function legRow(kind: LegKind): INodeProperties[] {
	const rows: INodeProperties[] = [
		instrumentLocator(),
		sideField,
		{
			displayName: 'Quantity',
			name: 'quantity',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'In units or lots, as chosen in Quantity Unit',
		},
		{
			displayName: 'Product',
			name: 'product',
			type: 'options',
			options: [
				{ name: 'Carry Forward (NRML)', value: 'CARRYFORWARD', description: 'Futures and options held overnight' },
				{ name: 'Delivery (CNC)', value: 'DELIVERY', description: 'Shares taken into the demat account' },
				{ name: 'Intraday (MIS)', value: 'INTRADAY', description: 'Squared off the same day' },
				{ name: 'Margin (MTF)', value: 'MARGIN', description: 'Shares bought with margin trading facility' },
			],
			default: 'DELIVERY',
		},
	];
	if (kind.withOrderType) {
		rows.push({
			displayName: 'Order Type',
			name: 'orderType',
			type: 'options',
			options: [
				{ name: 'Limit', value: 'LIMIT' },
				{ name: 'Market', value: 'MARKET' },
				{ name: 'Stop Loss Limit', value: 'STOPLOSS_LIMIT' },
				{ name: 'Stop Loss Market', value: 'STOPLOSS_MARKET' },
			],
			default: 'LIMIT',
		});
	}
	rows.push({
		displayName: 'Price',
		name: 'price',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description: kind.withOrderType ? 'Limit price in rupees; ignored for market orders' : 'Traded price in rupees',
	});
	return rows;
}

export function legFields(kind: LegKind): INodeProperties[] {
	const one = kind.label.replace(/s$/, '');
	const example = kind.withOrderType
		? '[{"symbol": "NFO:NIFTY30JAN2525000CE", "side": "SELL", "quantity": 75, "product": "CARRYFORWARD", "orderType": "LIMIT", "price": 120.5}]'
		: '[{"symbol": "NSE:SBIN-EQ", "side": "BUY", "quantity": 10, "product": "DELIVERY", "price": 812.35}]';
	return [
		{
			displayName: `Define ${kind.label}`,
			name: `${kind.name}From`,
			type: 'options',
			noDataExpression: true,
			options: [
				{ name: 'Using Fields Below', value: 'fields' },
				{ name: 'Using JSON', value: 'json' },
			],
			default: 'fields',
		},
		{
			displayName: kind.label,
			name: kind.name,
			type: 'fixedCollection',
			typeOptions: { multipleValues: true, sortable: true },
			placeholder: `Add ${one}`,
			default: {},
			displayOptions: { show: { [`${kind.name}From`]: ['fields'] } },
			options: [{ displayName: one, name: 'values', values: legRow(kind) }],
		},
		{
			displayName: `${kind.label} (JSON)`,
			name: `${kind.name}Json`,
			type: 'json',
			default: '[]',
			required: true,
			description: `A list of ${kind.label.toLowerCase()}, each with symbol, side, quantity, product${kind.withOrderType ? ', orderType' : ''} and price, e.g. ${example}`,
			displayOptions: { show: { [`${kind.name}From`]: ['json'] } },
		},
		quantityUnitField,
	];
}

function pick(record: IDataObject, ...names: string[]): unknown {
	for (const name of names) if (record[name] !== undefined && record[name] !== null && record[name] !== '') return record[name];
	return undefined;
}

function rowsFrom(ctx: IExecuteFunctions, itemIndex: number, kind: LegKind): IDataObject[] {
	const read = parameters(ctx, itemIndex);
	if (read.text(`${kind.name}From`, 'fields') !== 'json') return read.rows(`${kind.name}.values`);
	const field = `${kind.label} (JSON)`;
	let value = read.value(`${kind.name}Json`, '[]');
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value);
		} catch {
			value = undefined;
		}
	}
	if (value !== null && typeof value === 'object' && !Array.isArray(value)) value = [value];
	if (!Array.isArray(value) || value.some((v) => v === null || typeof v !== 'object' || Array.isArray(v))) {
		throw new ValidationError(field, `Expected a JSON list of ${kind.label.toLowerCase()}, e.g. [{"symbol": "NSE:SBIN-EQ", "side": "BUY", "quantity": 1, ...}]`);
	}
	return value as IDataObject[];
}

/** Every leg of the item, checked; errors name the leg ("Positions 2: Quantity"). */
export function readLegs(ctx: IExecuteFunctions, itemIndex: number, kind: LegKind, index: InstrumentIndex): Leg[] {
	const unit = parameters(ctx, itemIndex).value('quantityUnit', 'units');
	if (unit !== 'units' && unit !== 'lots') throw new ValidationError('Quantity Unit', `"${String(unit)}" must be units or lots`);
	const rows = rowsFrom(ctx, itemIndex, kind);
	if (rows.length === 0) throw new ValidationError(kind.label, `Add at least one ${kind.label.replace(/s$/, '').toLowerCase()}`);
	return rows.map((row, i) => {
		const at = `${kind.label} ${i + 1}`;
		const instrument = resolveLocator(index, pick(row, 'instrument', 'symbol', 'tradingSymbol'), `${at}: Instrument`);
		if (instrument.instrumentType === 'AMXIDX') {
			throw new ValidationError(`${at}: Instrument`, `${instrument.exchange}:${instrument.tradingSymbol} is an index and cannot be traded`);
		}
		const side = String(pick(row, 'side', 'transactionType', 'tradeType') ?? '').toUpperCase();
		if (side !== 'BUY' && side !== 'SELL') throw new ValidationError(`${at}: Side`, `"${side}" must be BUY or SELL`);
		const rawProduct = String(pick(row, 'product', 'productType') ?? '').toUpperCase();
		const product = PRODUCT_ALIASES[rawProduct] ?? rawProduct;
		if (!PRODUCTS.includes(product)) throw new ValidationError(`${at}: Product`, `"${rawProduct}" must be one of ${PRODUCTS.join(', ')}`);
		const cash = instrument.exchange === 'NSE' || instrument.exchange === 'BSE';
		if ((cash && DERIVATIVES_ONLY.includes(product)) || (!cash && CASH_ONLY.includes(product))) {
			throw new ValidationError(
				`${at}: Product`,
				`${product} is not available for ${instrument.exchange}:${instrument.tradingSymbol}; use ${cash ? 'DELIVERY, MARGIN or INTRADAY for shares' : 'CARRYFORWARD or INTRADAY for futures and options'}`,
			);
		}
		const quantity = toUnits(instrument, pick(row, 'quantity', 'qty') as number | string, unit, `${at}: Quantity`);
		const orderType = kind.withOrderType ? String(pick(row, 'orderType') ?? 'LIMIT').toUpperCase() : 'LIMIT';
		if (!ORDER_TYPES.includes(orderType)) throw new ValidationError(`${at}: Order Type`, `"${orderType}" must be one of ${ORDER_TYPES.join(', ')}`);
		const rawPrice = pick(row, 'price');
		const market = MARKET_TYPES.includes(orderType);
		const price = market ? 0 : checkPrice(instrument, (rawPrice ?? 0) as number | string, `${at}: Price`);
		return { instrument, side, quantity, product, orderType, price };
	});
}
