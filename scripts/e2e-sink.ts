/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test server, never shipped */
// A local HTTP endpoint that n8n workflows post to, and that tests (and the demo) read: every request is
// recorded with its parsed body. It also answers as a small fake of the Telegram Bot API under /telegram
// (POST /telegram/bot<token>/sendMessage → { ok: true, result: message }), so the shipped templates keep n8n's
// real Telegram node, with a credential whose Base URL points here.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: Record<string, string>;
	headers: http.IncomingHttpHeaders;
	/** Parsed JSON or form body when it parses, the raw text otherwise ('' when empty). */
	body: unknown;
	at: number;
}

export interface TelegramMessage {
	token: string;
	chatId: string;
	text: string;
	parseMode?: string;
	at: number;
}

export interface Sink {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	/** The base URL to put in a Telegram credential (n8n's "Base URL" field): url + '/telegram'. */
	telegramBaseUrl: string;
	requests: SinkRequest[];
	telegramMessages: TelegramMessage[];
	/** Resolves with the first request (past or future) that matches; rejects after timeoutMs with what arrived. */
	waitFor(predicate: (request: SinkRequest) => boolean, options?: { timeoutMs?: number; what?: string }): Promise<SinkRequest>;
	/** Resolves once `count` requests match. */
	waitForCount(
		predicate: (request: SinkRequest) => boolean,
		count: number,
		options?: { timeoutMs?: number; what?: string },
	): Promise<SinkRequest[]>;
	/** Called with every request as it arrives (the demo prints them). */
	onRequest(listener: (request: SinkRequest) => void): void;
	clear(): void;
	close(): Promise<void>;
}

function parseBody(text: string, contentType: string | undefined): unknown {
	if (text === '') return '';
	if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text)) {
		try {
			return JSON.parse(text);
		} catch {
			return text;
		}
	}
	if (/x-www-form-urlencoded/i.test(contentType ?? '')) return Object.fromEntries(new URLSearchParams(text));
	return text;
}

export async function startSink(options: { port?: number; host?: string } = {}): Promise<Sink> {
	const requests: SinkRequest[] = [];
	const telegramMessages: TelegramMessage[] = [];
	const listeners: Array<(request: SinkRequest) => void> = [];
	const waiters = new Set<() => void>();
	let messageId = 100;

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			const text = Buffer.concat(chunks).toString('utf8');
			const request: SinkRequest = {
				method: (req.method ?? 'GET').toUpperCase(),
				path: url.pathname,
				query: Object.fromEntries(url.searchParams),
				headers: req.headers,
				body: parseBody(text, req.headers['content-type']),
				at: Date.now(),
			};
			requests.push(request);
			let reply: unknown = { ok: true, received: requests.length };
			const telegram = /^\/telegram\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
			if (telegram) {
				const body = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
				const args = { ...request.query, ...body };
				if (telegram[2] === 'sendMessage') {
					const message: TelegramMessage = {
						token: telegram[1],
						chatId: String(args.chat_id ?? ''),
						text: String(args.text ?? ''),
						parseMode: args.parse_mode === undefined ? undefined : String(args.parse_mode),
						at: request.at,
					};
					telegramMessages.push(message);
					reply = {
						ok: true,
						result: {
							message_id: ++messageId,
							date: Math.floor(request.at / 1000),
							chat: { id: Number(message.chatId) || message.chatId, type: 'private' },
							text: message.text,
						},
					};
				} else if (telegram[2] === 'getMe') {
					reply = { ok: true, result: { id: 1, is_bot: true, first_name: 'Test bot', username: 'test_bot' } };
				} else {
					reply = { ok: true, result: true };
				}
			}
			const payload = JSON.stringify(reply);
			res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
			res.end(payload);
			for (const listener of listeners) {
				try {
					listener(request);
				} catch {
					// a listener's problem is not the sender's
				}
			}
			for (const wake of [...waiters]) wake();
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const url = `http://127.0.0.1:${port}`;

	function waitForCount(
		predicate: (request: SinkRequest) => boolean,
		count: number,
		opts: { timeoutMs?: number; what?: string } = {},
	): Promise<SinkRequest[]> {
		const timeoutMs = opts.timeoutMs ?? 30_000;
		return new Promise((resolve, reject) => {
			const check = (): boolean => {
				const matching = requests.filter(predicate);
				if (matching.length >= count) {
					finish();
					resolve(matching.slice(0, count));
					return true;
				}
				return false;
			};
			const timer = setTimeout(() => {
				finish();
				const seen = requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body).slice(0, 200)}`).join('\n  ');
				reject(
					new Error(
						`sink: timed out after ${timeoutMs} ms waiting for ${count} × ${opts.what ?? 'matching request'}; ` +
							`${requests.filter(predicate).length} matched, received:\n  ${seen || '(nothing)'}`,
					),
				);
			}, timeoutMs);
			const finish = () => {
				clearTimeout(timer);
				waiters.delete(wake);
			};
			const wake = () => void check();
			if (!check()) waiters.add(wake);
		});
	}

	return {
		url,
		port,
		telegramBaseUrl: `${url}/telegram`,
		requests,
		telegramMessages,
		waitFor: async (predicate, opts) => (await waitForCount(predicate, 1, opts))[0],
		waitForCount,
		onRequest: (listener) => void listeners.push(listener),
		clear() {
			requests.length = 0;
			telegramMessages.length = 0;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
