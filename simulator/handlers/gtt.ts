// GTT endpoints (protocol §3.10): createRule, modifyRule, cancelRule answer {id}; ruleDetails one rule; ruleList an
// array in the live shape (numbers, +05:30 timestamps with millis, gttType GENERIC).

import { abError, ok, type Reply } from '../envelopes';
import { istIsoMillis, type GttRule } from '../gtt';
import type { HandlerContext } from '../routes';

function ruleView(rule: GttRule): Record<string, unknown> {
	return {
		status: rule.status,
		createddate: istIsoMillis(rule.createdAt),
		updateddate: istIsoMillis(rule.updatedAt),
		expirydate: istIsoMillis(rule.expiresAt),
		clientid: rule.clientCode,
		tradingsymbol: rule.inst.symbol,
		symboltoken: rule.inst.token,
		exchange: rule.inst.exchange,
		transactiontype: rule.transactiontype,
		producttype: rule.producttype,
		price: rule.price,
		qty: rule.qty,
		triggerprice: rule.triggerprice,
		disclosedqty: rule.disclosedqty,
		stoplossprice: 0,
		stoplosstriggerprice: 0,
		gttType: 'GENERIC',
		id: rule.id,
	};
}

export function createRule(ctx: HandlerContext): Reply {
	const result = ctx.state.gtt.create(ctx.clientCode, ctx.body);
	return result.ok ? ok({ id: String(result.value.id) }) : abError(result.code, result.message);
}

export function modifyRule(ctx: HandlerContext): Reply {
	const result = ctx.state.gtt.modify(ctx.clientCode, ctx.body);
	return result.ok ? ok({ id: String(result.value.id) }) : abError(result.code, result.message);
}

export function cancelRule(ctx: HandlerContext): Reply {
	const result = ctx.state.gtt.cancel(ctx.clientCode, ctx.body);
	return result.ok ? ok({ id: String(result.value.id) }) : abError(result.code, result.message);
}

export function ruleDetails(ctx: HandlerContext): Reply {
	const rule = ctx.state.gtt.details(ctx.clientCode, ctx.body.id);
	return rule ? ok(ruleView(rule)) : abError('AB9013', 'Invalid Rule ID');
}

export function ruleList(ctx: HandlerContext): Reply {
	const result = ctx.state.gtt.list(ctx.clientCode, ctx.body);
	return result.ok ? ok(result.value.map(ruleView)) : abError(result.code, result.message);
}
