// Portfolio → Convert Position: moves (part of) an open position to another product, e.g. Intraday to Delivery
// so that it is not squared off at the close. The position is read first; its direction and size bound the request.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toUnits } from '../../instruments';
import { instrumentIndex, instrumentLocator, resolveLocator } from '../../methods/instruments';
import { callEndpoint } from '../../transport/request';
import { OrderStateError } from '../../orders/book';
import { PRODUCTS, productOptions, quantityUnitField, readChoice, readQuantityUnit } from '../orderFields';
import { readNumber } from '../fields';
import { allowedProducts, FIELD, issuesText, PRODUCT_LABELS, type OrderIssue } from '../../orders/rules';
import { writableCredentials } from '../../orders/submit';
import { ValidationError } from '../shared';
import { fetchPositions, netQuantity } from '../../orders/positions';
import { enforceRiskLimits, exposureOf } from '../../orders/riskGuard';
import { portfolioResource } from './resource';
import { parameters } from '../parameters';

const properties: INodeProperties[] = [
	instrumentLocator({ description: 'The instrument of the open position' }),
	{
		displayName: 'From Product',
		name: 'fromProduct',
		type: 'options',
		options: productOptions,
		default: 'INTRADAY',
		description: 'The product the position has now',
	},
	{
		displayName: 'To Product',
		name: 'toProduct',
		type: 'options',
		options: productOptions,
		default: 'DELIVERY',
		description: 'The product to move it to (Delivery or Margin for shares, Carry Forward for F&O)',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'How much of the position to convert, in the Quantity Unit; 0 converts all of it',
	},
	quantityUnitField,
];

/** The docs' full convertPosition form (protocol §3.9): the position's own fields plus what changes. */
const POSITION_FIELDS = [
	'symbolname', 'instrumenttype', 'priceden', 'pricenum', 'genden', 'gennum', 'precision', 'multiplier', 'boardlotsize',
	'buyqty', 'sellqty', 'buyamount', 'sellamount',
];

async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	await writableCredentials(this);
	const instrument = resolveLocator(await instrumentIndex(this), parameters(this, itemIndex).value('instrument'), FIELD.instrument);
	const from = readChoice(this, 'fromProduct', itemIndex, PRODUCTS, 'From Product');
	const to = readChoice(this, 'toProduct', itemIndex, PRODUCTS, 'To Product');
	const symbol = `${instrument.exchange}:${instrument.tradingSymbol}`;

	const issues: OrderIssue[] = [];
	if (from === to) issues.push({ field: 'To Product', message: `The position already is ${PRODUCT_LABELS[from]}` });
	if (!allowedProducts(instrument.exchange).includes(to)) {
		const allowed = allowedProducts(instrument.exchange).map((p) => PRODUCT_LABELS[p]).join(', ');
		issues.push({ field: 'To Product', message: `${PRODUCT_LABELS[to]} is not available on ${instrument.exchange}; use ${allowed}` });
	}
	if (issues.length > 0) throw new ValidationError(issues[0].field, issuesText(issues));
	const wanted = readNumber(parameters(this, itemIndex).value('quantity', 0), 0);
	const requested = wanted === 0 ? undefined : toUnits(instrument, wanted, readQuantityUnit(this, itemIndex), FIELD.quantity);

	const position = (await fetchPositions(this)).find(
		(p) =>
			p.exchange.toUpperCase() === instrument.exchange &&
			p.symboltoken === instrument.token &&
			p.producttype.toUpperCase() === from &&
			netQuantity(p) !== 0,
	);
	if (!position) throw new OrderStateError(FIELD.instrument, `There is no open ${PRODUCT_LABELS[from]} position in ${symbol}; nothing was converted`);
	const net = netQuantity(position);
	const quantity = requested ?? Math.abs(net);
	if (quantity > Math.abs(net)) {
		throw new OrderStateError(FIELD.quantity, `The ${PRODUCT_LABELS[from]} position in ${symbol} is ${Math.abs(net)}; ${quantity} cannot be converted`);
	}

	const body: IDataObject = {
		exchange: instrument.exchange,
		symboltoken: instrument.token,
		tradingsymbol: position.tradingsymbol || instrument.tradingSymbol,
		oldproducttype: from,
		newproducttype: to,
		// The side of the position being converted: a long one was bought, a short one sold.
		transactiontype: net > 0 ? 'BUY' : 'SELL',
		quantity,
		type: 'DAY',
	};
	for (const field of POSITION_FIELDS) if (position.raw[field] !== undefined) body[field] = position.raw[field];
	// Converting moves exposure into the new product (Intraday → Delivery keeps it overnight): the credential's
	// risk limits judge it as that product, so Allowed Products cannot be stepped around by a conversion.
	await enforceRiskLimits(this, exposureOf({ ...body, producttype: to, price: 0 }, false));
	await callEndpoint(this, 'convertPosition', { body });
	return {
		converted: true,
		tradingSymbol: body.tradingsymbol,
		exchange: instrument.exchange,
		fromProduct: from,
		toProduct: to,
		side: body.transactiontype,
		quantity,
		positionQuantity: net,
	};
}

portfolioResource.add({
	value: 'convertPosition',
	name: 'Convert Position',
	action: 'Convert a position',
	description: 'Move an open position to another product, e.g. Intraday to Delivery',
	properties,
	execute,
});
