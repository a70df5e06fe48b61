// GTT (good-till-triggered) rules (protocol §3.10): NSE/BSE only, DELIVERY/MARGIN only, AB90xx validation, and
// triggering: when the last price reaches the trigger, a LIMIT order is placed through the order engine.

import type { SimClock } from './contracts';
import type { Market } from './market';
import { instrumentKey } from './market';
import type { OrderEngine } from './orders';
import type { Universe, UniverseInstrument } from './universe';
import { IST_OFFSET_MS } from '../nodes/AngelOne/helpers/ist';
import { trimmed } from '../nodes/AngelOne/helpers/values';
import { plainNumber } from './wire';

export type GttStatus = 'NEW' | 'ACTIVE' | 'CANCELLED' | 'SENTTOEXCHANGE';

export interface GttRule {
	id: number;
	clientCode: string;
	status: GttStatus;
	inst: UniverseInstrument;
	transactiontype: 'BUY' | 'SELL';
	producttype: string;
	/** rupees */
	price: number;
	triggerprice: number;
	qty: number;
	disclosedqty: number;
	createdAt: number;
	updatedAt: number;
	expiresAt: number;
	/** The side of the trigger the price was on when the rule was set: the rule fires when it crosses. */
	triggerWhenAtOrAbove: boolean;
	/** Order placed when it fired. */
	orderid?: string;
}

export type GttResult<T> = { ok: true; value: T } | { ok: false; code: string; message: string };

const DAY_MS = 86_400_000;

function fail<T>(code: string, message: string): GttResult<T> {
	return { ok: false, code, message };
}

/** "2024-10-11T17:48:26.858+05:30", the live ruleList timestamp format. */
export function istIsoMillis(ms: number): string {
	return new Date(ms + IST_OFFSET_MS).toISOString().replace('Z', '+05:30');
}

export class GttBook {
	private readonly rules: GttRule[] = [];
	private nextId = 1;

	constructor(
		private readonly clock: SimClock,
		private readonly universe: Universe,
		private readonly market: Market,
		private readonly engine: OrderEngine,
	) {
		market.on('tick', (inst: UniverseInstrument) => this.onPrice(inst));
	}

	create(clientCode: string, body: Record<string, unknown>): GttResult<GttRule> {
		const exchange = trimmed(body.exchange).toUpperCase();
		if (exchange !== 'NSE' && exchange !== 'BSE') return fail('AB9010', 'Invalid Exchange Segment');
		const inst = this.universe.get(exchange, trimmed(body.symboltoken));
		if (!inst) return fail('AB9011', 'Invalid Symbol Token');
		if (trimmed(body.tradingsymbol).toUpperCase() !== inst.symbol.toUpperCase()) return fail('AB9012', 'Invalid Trading Symbol');
		const side = trimmed(body.transactiontype).toUpperCase();
		if (side !== 'BUY' && side !== 'SELL') return fail('AB9014', 'Invalid Order Side');
		const producttype = trimmed(body.producttype).toUpperCase();
		if (producttype !== 'DELIVERY' && producttype !== 'MARGIN') return fail('AB9015', 'Invalid Product Type');
		const values = this.validateValues(inst, body);
		if (!values.ok) return values;
		const now = this.clock.now();
		const ltp = this.market.ltpRupees(inst);
		const { timeperiod, ...amounts } = values.value;
		const rule: GttRule = {
			id: this.nextId++,
			clientCode,
			status: 'NEW',
			inst,
			transactiontype: side,
			producttype,
			...amounts,
			createdAt: now,
			updatedAt: now,
			expiresAt: now + timeperiod * DAY_MS,
			triggerWhenAtOrAbove: amounts.triggerprice >= ltp,
		};
		this.rules.push(rule);
		this.market.markActive(inst);
		return { ok: true, value: rule };
	}

	modify(clientCode: string, body: Record<string, unknown>): GttResult<GttRule> {
		const rule = this.live(clientCode, body.id);
		if (!rule) return fail('AB9013', 'Invalid Rule ID');
		const exchange = trimmed(body.exchange).toUpperCase();
		if (exchange !== '' && exchange !== rule.inst.exchange) return fail('AB9010', 'Invalid Exchange Segment');
		if (trimmed(body.symboltoken) !== '' && trimmed(body.symboltoken) !== rule.inst.token) return fail('AB9011', 'Invalid Symbol Token');
		const values = this.validateValues(rule.inst, { price: rule.price, qty: rule.qty, triggerprice: rule.triggerprice, disclosedqty: rule.disclosedqty, ...body });
		if (!values.ok) return values;
		const now = this.clock.now();
		Object.assign(rule, { price: values.value.price, qty: values.value.qty, triggerprice: values.value.triggerprice, disclosedqty: values.value.disclosedqty, updatedAt: now, status: 'ACTIVE' });
		if (body.timeperiod !== undefined) rule.expiresAt = rule.createdAt + values.value.timeperiod * DAY_MS;
		rule.triggerWhenAtOrAbove = rule.triggerprice >= this.market.ltpRupees(rule.inst);
		return { ok: true, value: rule };
	}

	cancel(clientCode: string, body: Record<string, unknown>): GttResult<GttRule> {
		const rule = this.live(clientCode, body.id);
		if (!rule) return fail('AB9013', 'Invalid Rule ID');
		if (trimmed(body.symboltoken) !== '' && trimmed(body.symboltoken) !== rule.inst.token) return fail('AB9011', 'Invalid Symbol Token');
		rule.status = 'CANCELLED';
		rule.updatedAt = this.clock.now();
		return { ok: true, value: rule };
	}

	details(clientCode: string, id: unknown): GttRule | undefined {
		return this.rules.find((r) => r.clientCode === clientCode && String(r.id) === trimmed(id));
	}

	list(clientCode: string, body: Record<string, unknown>): GttResult<GttRule[]> {
		const statuses = body.status;
		if (!Array.isArray(statuses) || statuses.length === 0) return fail('AB9004', 'Invalid Status Array Size');
		const wanted = statuses.map((s) => trimmed(s).toUpperCase());
		if (wanted.some((s) => !['NEW', 'ACTIVE', 'CANCELLED', 'SENTTOEXCHANGE', 'FORALL'].includes(s))) return fail('AB9001', 'Invalid Parameters');
		const page = plainNumber(body.page);
		const count = plainNumber(body.count);
		if (!Number.isInteger(page) || page < 1) return fail('AB9017', 'Invalid Page Value');
		if (!Number.isInteger(count) || count < 1) return fail('AB9018', 'Invalid Count Value');
		this.expire();
		const all = wanted.includes('FORALL');
		const matching = this.rules.filter((r) => r.clientCode === clientCode && (all || wanted.includes(r.status)));
		// Newest first, as a rule list screen shows them.
		matching.sort((a, b) => b.id - a.id);
		return { ok: true, value: matching.slice((page - 1) * count, page * count) };
	}

	private live(clientCode: string, id: unknown): GttRule | undefined {
		this.expire();
		const rule = this.details(clientCode, id);
		return rule && (rule.status === 'NEW' || rule.status === 'ACTIVE') ? rule : undefined;
	}

	private expire(): void {
		const now = this.clock.now();
		for (const rule of this.rules) {
			if ((rule.status === 'NEW' || rule.status === 'ACTIVE') && now >= rule.expiresAt) {
				rule.status = 'CANCELLED';
				rule.updatedAt = now;
			}
		}
	}

	private validateValues(inst: UniverseInstrument, body: Record<string, unknown>): GttResult<{ price: number; qty: number; triggerprice: number; disclosedqty: number; timeperiod: number }> {
		const qty = plainNumber(body.qty);
		if (!Number.isInteger(qty) || qty <= 0) return fail('AB9006', 'Invalid Order Quantity');
		const disclosedqty = body.disclosedqty === undefined || body.disclosedqty === '' ? 0 : plainNumber(body.disclosedqty);
		if (!Number.isInteger(disclosedqty) || disclosedqty < 0 || disclosedqty > qty) return fail('AB9007', 'Invalid Disclosed Quantity');
		const onTick = (rupees: number): boolean => Number.isFinite(rupees) && rupees > 0 && Math.abs(Math.round(rupees * 100) - rupees * 100) < 1e-6 && Math.round(rupees * 100) % inst.tickSize === 0;
		const price = plainNumber(body.price);
		if (!onTick(price)) return fail('AB9008', 'Invalid Price');
		const triggerprice = plainNumber(body.triggerprice);
		if (!onTick(triggerprice)) return fail('AB9009', 'Invalid Trigger Price');
		const timeperiod = body.timeperiod === undefined || body.timeperiod === '' ? 365 : plainNumber(body.timeperiod);
		if (!Number.isInteger(timeperiod) || timeperiod < 1 || timeperiod > 365) return fail('AB9016', 'Invalid Time Period');
		return { ok: true, value: { price, qty, triggerprice, disclosedqty, timeperiod } };
	}

	private onPrice(inst: UniverseInstrument): void {
		const key = instrumentKey(inst);
		const ltp = this.market.ltpRupees(inst);
		for (const rule of this.rules) {
			if ((rule.status !== 'NEW' && rule.status !== 'ACTIVE') || instrumentKey(rule.inst) !== key) continue;
			const fired = rule.triggerWhenAtOrAbove ? ltp >= rule.triggerprice : ltp <= rule.triggerprice;
			if (!fired) continue;
			rule.status = 'SENTTOEXCHANGE';
			rule.updatedAt = this.clock.now();
			const placed = this.engine.place(rule.clientCode, {
				variety: 'NORMAL',
				tradingsymbol: inst.symbol,
				symboltoken: inst.token,
				exchange: inst.exchange,
				transactiontype: rule.transactiontype,
				ordertype: 'LIMIT',
				producttype: rule.producttype,
				duration: 'DAY',
				price: rule.price,
				quantity: rule.qty,
				disclosedquantity: rule.disclosedqty,
			});
			if (placed.ok) rule.orderid = placed.value.orderid;
		}
	}
}
