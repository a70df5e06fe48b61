// Calculator endpoints: margin/v1/batch (protocol §3.12, using the order engine's margin model) and
// brokerage/v1/estimateCharges (protocol §3.13) with a plausible Indian charges breakdown.

import { trimmed } from '../../nodes/AngelOne/helpers/values';
import { abError, ok, type Reply } from '../envelopes';
import type { HandlerContext } from '../routes';
import type { UniverseInstrument } from '../universe';
import { plainNumber } from '../wire';

const MAX_POSITIONS = 50;

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

function isOption(inst: UniverseInstrument): boolean {
	return inst.optionType !== '';
}

export function marginBatch(ctx: HandlerContext): Reply {
	const positions = ctx.body.positions;
	if (!Array.isArray(positions) || positions.length === 0 || positions.length > MAX_POSITIONS) return abError('AB1007', 'Invalid positions');
	const breakup = new Map<string, number>();
	const optionDetails: Array<Record<string, unknown>> = [];
	let span = 0;
	let delivery = 0;
	let nonNfo = 0;
	let premium = 0;
	for (const raw of positions) {
		if (raw === null || typeof raw !== 'object') return abError('AB1007', 'Invalid positions');
		const p = raw as Record<string, unknown>;
		const inst = ctx.state.universe.get(trimmed(p.exchange).toUpperCase(), trimmed(p.token));
		const qty = plainNumber(p.qty);
		const side = trimmed(p.tradeType).toUpperCase();
		const product = trimmed(p.productType).toUpperCase();
		if (!inst) return abError('AB1009', 'Symbol Not Found');
		if (!Number.isInteger(qty) || qty <= 0 || (side !== 'BUY' && side !== 'SELL')) return abError('AB1007', 'Invalid positions');
		const price = plainNumber(p.price) > 0 ? plainNumber(p.price) : ctx.state.market.ltpRupees(inst);
		const required = ctx.state.engine.marginFor(inst, product, side, qty, price);
		if (inst.exchange === 'NSE' || inst.exchange === 'BSE') {
			if (product === 'DELIVERY') delivery += required;
			else nonNfo += required;
		} else if (isOption(inst) && side === 'BUY') {
			premium += required;
			optionDetails.push({ exchange: inst.exchange, productType: product, token: inst.token, lotMultiplier: qty / inst.lotSize, optionPremium: round(required) });
		} else {
			span += required;
		}
		const key = `${inst.exchange}|${product}`;
		breakup.set(key, (breakup.get(key) ?? 0) + required);
	}
	const total = span + delivery + nonNfo + premium;
	return ok({
		totalMarginRequired: round(total),
		marginComponents: {
			netPremium: round(premium),
			spanMargin: round(span),
			marginBenefit: 0,
			deliveryMargin: round(delivery),
			nonNFOMargin: round(nonNfo),
			totOptionsPremium: round(premium),
		},
		marginBreakup: [...breakup].map(([key, value]) => {
			const [exchange, productType] = key.split('|');
			return { exchange, productType, totalMarginRequired: round(value) };
		}),
		optionsBuy: { totOptionsPremium: round(premium), optionDetails },
	});
}

interface ChargeNode {
	name: string;
	amount: number;
	msg: string;
	breakup: ChargeNode[];
}

function node(name: string, amount: number, breakup: ChargeNode[] = [], msg = ''): ChargeNode {
	return { name, amount: round(amount), msg, breakup };
}

/** Rates as published for Indian markets (2024–25): brokerage, STT, exchange, SEBI, stamp duty, IPFT, GST. */
function orderCharges(inst: UniverseInstrument | undefined, exchange: string, product: string, side: string, value: number): { total: number; breakup: ChargeNode[] } {
	const cash = exchange === 'NSE' || exchange === 'BSE';
	const option = inst !== undefined && isOption(inst);
	const delivery = cash && product === 'DELIVERY';
	const sell = side === 'SELL';
	const brokerage = option ? 20 : Math.min(20, Math.max(cash ? 2 : 0, value * 0.001));
	let stt: number;
	if (delivery) stt = value * 0.001;
	else if (cash) stt = sell ? value * 0.00025 : 0;
	else if (option) stt = sell ? value * 0.001 : 0;
	else stt = sell ? value * 0.0002 : 0;
	const exchangeRate = cash ? (exchange === 'BSE' ? 0.0000375 : 0.0000297) : option ? 0.0003503 : 0.0000173;
	const exchangeCharges = value * exchangeRate;
	const sebi = value * 0.000001;
	const ipft = value * 0.000001;
	const stampRate = delivery ? 0.00015 : cash ? 0.00003 : option ? 0.00003 : 0.00002;
	const stamp = sell ? 0 : value * stampRate;
	const gst = (brokerage + exchangeCharges + sebi + ipft) * 0.18;
	const external = exchangeCharges + stamp + sebi + ipft;
	const taxes = stt + gst;
	return {
		total: round(brokerage + external + taxes),
		breakup: [
			node('Angel One Brokerage', brokerage),
			node('External Charges', external, [
				node('Exchange Transaction Charges', exchangeCharges),
				node('Stamp Duty', stamp),
				node('SEBI Fees', sebi),
				node('IPFT charges', ipft),
			]),
			node('Taxes', taxes, [node('Security Transaction Tax', stt), node('GST', gst)]),
		],
	};
}

function merge(into: ChargeNode[], from: ChargeNode[]): ChargeNode[] {
	return from.map((n, i) => ({ ...n, amount: round((into[i]?.amount ?? 0) + n.amount), breakup: merge(into[i]?.breakup ?? [], n.breakup) }));
}

export function estimateCharges(ctx: HandlerContext): Reply {
	const orders = ctx.body.orders;
	if (!Array.isArray(orders) || orders.length === 0) return abError('AB1007', 'Invalid orders');
	const charges: Array<{ total_charges: number; trade_value: number; breakup: ChargeNode[] }> = [];
	let summary: ChargeNode[] = [];
	for (const raw of orders) {
		if (raw === null || typeof raw !== 'object') return abError('AB1007', 'Invalid orders');
		const o = raw as Record<string, unknown>;
		const exchange = trimmed(o.exchange).toUpperCase();
		const quantity = plainNumber(o.quantity);
		const price = plainNumber(o.price);
		if (!Number.isFinite(quantity) || quantity <= 0 || !Number.isFinite(price) || price <= 0) return abError('AB1007', 'Invalid orders');
		const inst = ctx.state.universe.get(exchange, trimmed(o.token));
		const value = quantity * price;
		const result = orderCharges(inst, exchange, trimmed(o.product_type).toUpperCase(), trimmed(o.transaction_type).toUpperCase(), value);
		charges.push({ total_charges: result.total, trade_value: round(value), breakup: result.breakup });
		summary = merge(summary, result.breakup);
	}
	return ok({
		summary: {
			total_charges: round(charges.reduce((a, c) => a + c.total_charges, 0)),
			trade_value: round(charges.reduce((a, c) => a + c.trade_value, 0)),
			breakup: summary,
		},
		charges,
	});
}
