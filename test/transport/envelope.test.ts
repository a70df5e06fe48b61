import { readEnvelope, toNumber } from '../../nodes/AngelOne/transport/envelope';

describe('SmartAPI envelopes', () => {
	it('reads the success envelope', () => {
		expect(readEnvelope(200, { status: true, message: 'SUCCESS', errorcode: '', data: { a: 1 } })).toEqual({
			ok: true,
			data: { a: 1 },
			message: 'SUCCESS',
		});
	});

	it('reads an AB error in the status/errorcode envelope', () => {
		expect(readEnvelope(200, { status: false, message: 'Invalid totp', errorcode: 'AB1050', data: null })).toEqual({
			ok: false,
			code: 'AB1050',
			message: 'Invalid totp',
			data: null,
		});
	});

	it('reads an AG error in the success/errorCode envelope that arrives with HTTP 200', () => {
		const envelope = readEnvelope(200, { success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' });
		expect(envelope).toMatchObject({ ok: false, code: 'AG8001' });
	});

	it('reads the docs variant with the strings "false" and "null"', () => {
		const envelope = readEnvelope(200, '{"status":"false","message":"Login Id or password is invalid","errorcode":"AB1007","data":"null"}');
		expect(envelope).toEqual({ ok: false, code: 'AB1007', message: 'Login Id or password is invalid', data: null });
		expect(readEnvelope(200, { status: 'true', data: 'null' })).toEqual({ ok: true, data: null, message: '' });
	});

	it('recognises the plain-text 403 rate-limit answer', () => {
		expect(readEnvelope(403, 'Access denied because of exceeding access rate')).toMatchObject({ ok: false, code: 'RATE_LIMIT' });
		expect(readEnvelope(429, '')).toMatchObject({ ok: false, code: 'RATE_LIMIT' });
	});

	it('recognises the WAF "Request Rejected" HTML page and keeps its support ID', () => {
		const html =
			'<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 14023659285126519012<br></body></html>';
		expect(readEnvelope(200, html)).toEqual({
			ok: false,
			code: 'WAF',
			message: 'Request Rejected (support ID 14023659285126519012)',
			data: null,
		});
	});

	it('treats other HTML and empty bodies as gateway failures', () => {
		expect(readEnvelope(502, '<html><body>Bad Gateway</body></html>')).toMatchObject({ ok: false, code: 'GATEWAY' });
		expect(readEnvelope(504, '')).toMatchObject({ ok: false, code: 'GATEWAY' });
		expect(readEnvelope(200, undefined)).toMatchObject({ ok: false, code: 'GATEWAY' });
	});

	it('turns numeric strings into numbers and leaves the rest alone', () => {
		expect(toNumber('1418.40')).toBe(1418.4);
		expect(toNumber('- 2235.80')).toBe(-2235.8);
		expect(toNumber(' 9999999999999 ')).toBe(9999999999999);
		expect(toNumber('1.98253E7')).toBe(19825300);
		expect(toNumber('')).toBeUndefined();
		expect(toNumber('SBIN-EQ')).toBeUndefined();
		expect(toNumber(null)).toBeUndefined();
	});
});
