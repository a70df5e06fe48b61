// SmartAPI's response shapes (protocol §1.3): success and AB-error envelopes, the AG gateway envelope, the plain-text
// rate-limit answer and the WAF page. Handlers return a Reply; only the server turns it into bytes.

export type Reply =
	| { kind: 'ok'; data: unknown; extra?: Record<string, unknown> }
	| { kind: 'ab'; code: string; message: string; data?: unknown }
	| { kind: 'ag'; code: string; message: string }
	| { kind: 'raw'; status: number; contentType: string; body: string };

export const RATE_LIMIT_TEXT = 'Access denied because of exceeding access rate';

export function ok(data: unknown): Reply {
	return { kind: 'ok', data };
}

export function abError(code: string, message: string, data: unknown = null): Reply {
	return { kind: 'ab', code, message, data };
}

export function agError(code: string, message: string): Reply {
	return { kind: 'ag', code, message };
}

export function rateLimited(): Reply {
	return { kind: 'raw', status: 403, contentType: 'text/plain', body: RATE_LIMIT_TEXT };
}

/** The HTML block page users meet when the WAF rejects a request (protocol §1.3, forum 5400). */
export function wafPage(supportId: string): Reply {
	const body =
		'<html><head><title>Request Rejected</title></head><body>' +
		'The requested URL was rejected. Please consult with your administrator.<br><br>' +
		`Your support ID is: ${supportId}<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>`;
	return { kind: 'raw', status: 200, contentType: 'text/html', body };
}

/** An error envelope with a megabyte-long message, as a misbehaving gateway or error page might send. */
export function hugeError(): Reply {
	const message = `Upstream failure: ${'<div class="trace">stack frame</div>'.repeat(30_000)}`;
	return abError('AB2099', message);
}

export function serverError(): Reply {
	return { kind: 'raw', status: 500, contentType: 'text/html', body: '<html><body><h1>500 Internal Server Error</h1></body></html>' };
}

/** Status, content type and body text of a reply. Key order follows the docs' samples. */
export function render(reply: Reply): { status: number; contentType: string; body: string } {
	switch (reply.kind) {
		case 'ok':
			return json({ status: true, message: 'SUCCESS', errorcode: '', data: reply.data, ...reply.extra });
		case 'ab':
			return json({ status: false, message: reply.message, errorcode: reply.code, data: reply.data ?? null });
		case 'ag':
			return json({ success: false, message: reply.message, errorCode: reply.code, data: '' });
		case 'raw':
			return { status: reply.status, contentType: reply.contentType, body: reply.body };
	}
}

function json(value: unknown): { status: number; contentType: string; body: string } {
	return { status: 200, contentType: 'application/json', body: JSON.stringify(value) };
}
