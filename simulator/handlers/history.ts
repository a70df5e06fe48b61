// Historical endpoints (protocol §3.11): getCandleData and getOIData with the per-interval day limits; bad
// ranges answer AB1004 like the real API.

import { parseCandleDate } from '../../nodes/AngelOne/helpers/ist';
import { INTERVALS } from '../candles';
import { trimmed } from '../../nodes/AngelOne/helpers/values';
import { abError, ok, type Reply } from '../envelopes';
import type { HandlerContext } from '../routes';
import type { UniverseInstrument } from '../universe';

const DAY_MS = 86_400_000;
const GENERIC = 'Something Went Wrong, Please Try After Sometime';

type Parsed = { ok: true; inst: UniverseInstrument; interval: string; from: number; to: number } | { ok: false; reply: Reply };

function parseRequest(ctx: HandlerContext): Parsed {
	const inst = ctx.state.universe.get(trimmed(ctx.body.exchange).toUpperCase(), trimmed(ctx.body.symboltoken));
	const interval = trimmed(ctx.body.interval).toUpperCase();
	const from = parseCandleDate(trimmed(ctx.body.fromdate));
	let to = parseCandleDate(trimmed(ctx.body.todate));
	const spec = INTERVALS[interval];
	if (!inst || !spec || !Number.isFinite(from) || !Number.isFinite(to) || to < from) return { ok: false, reply: abError('AB1004', GENERIC) };
	if ((to - from) / DAY_MS > spec.maxDays) return { ok: false, reply: abError('AB1004', GENERIC) };
	// No candles from the future: the range is cut at the simulator's "now".
	to = Math.min(to, ctx.state.clock.now());
	return { ok: true, inst, interval, from, to };
}

export function getCandleData(ctx: HandlerContext): Reply {
	const request = parseRequest(ctx);
	if (!request.ok) return request.reply;
	return ok(ctx.state.history.candles(request.inst, request.interval, request.from, request.to));
}

export function getOIData(ctx: HandlerContext): Reply {
	const request = parseRequest(ctx);
	if (!request.ok) return request.reply;
	const exchange = request.inst.exchange;
	if (exchange === 'NSE' || exchange === 'BSE') return abError('AB1004', GENERIC);
	return ok(ctx.state.history.openInterest(request.inst, request.interval, request.from, request.to));
}
