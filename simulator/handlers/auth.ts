// User endpoints (protocol §2.1): loginByPassword, generateTokens, getProfile, logout, getRMS.

import { abError, ok, type Reply } from '../envelopes';
import { rmsData } from '../order-views';
import type { HandlerContext } from '../routes';

function tokens(session: { jwtToken: string; refreshToken: string; feedToken: string }): Record<string, string> {
	return { jwtToken: session.jwtToken, refreshToken: session.refreshToken, feedToken: session.feedToken };
}

export function loginByPassword(ctx: HandlerContext): Reply {
	const result = ctx.state.sessions.login(ctx.apiKey, ctx.body);
	if ('code' in result) return abError(result.code, result.message);
	// The docs sample answers state "live" when the client sent none; a client-sent state is echoed.
	const state = typeof ctx.body.state === 'string' && ctx.body.state !== '' ? ctx.body.state : 'live';
	return ok({ ...tokens(result), state });
}

export function generateTokens(ctx: HandlerContext): Reply {
	const result = ctx.state.sessions.refresh(ctx.body.refreshToken);
	if ('code' in result) return abError(result.code, result.message);
	return ok(tokens(result));
}

export function getProfile(ctx: HandlerContext): Reply {
	const account = ctx.state.engine.account(ctx.clientCode);
	// Live shape (protocol §2.1): real arrays of segment codes, empty e-mail/mobile, `broker` instead of `brokerid`.
	return ok({
		clientcode: account.clientCode,
		name: account.name,
		email: account.email,
		mobileno: account.mobile,
		exchanges: ['nse_fo', 'nse_cm', 'cde_fo', 'ncx_fo', 'bse_fo', 'bse_cm', 'mcx_fo'],
		products: ['MARGIN', 'MIS', 'NRML', 'CNC', 'CO', 'BO'],
		lastlogintime: '',
		broker: '',
	});
}

export function logout(ctx: HandlerContext): Reply {
	if (ctx.session) ctx.state.sessions.logout(ctx.session);
	return ok('');
}

export function getRMS(ctx: HandlerContext): Reply {
	return ok(rmsData(ctx.state.engine.funds(ctx.clientCode), ctx.state.engine.variants));
}
