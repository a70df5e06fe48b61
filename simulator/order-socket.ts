/* eslint-disable @n8n/community-nodes/no-restricted-globals -- simulator only: the keep-alive timer of a dev-time server */
// The order-status socket's per-connection state (protocol §6): the AB00 greeting on connect and the forwarding of
// each order engine update to every socket of the order's client code.

import type { WebSocket } from 'ws';

import type { OrderUpdateMessage } from './contracts';
import { send } from './feed-socket';

export interface OrderConnection {
	ws: WebSocket;
	clientCode: string;
	stalled: boolean;
	keepAlive?: ReturnType<typeof setInterval>;
}

/** The live socket's keep-alive: a one-byte 0x00 frame every 10 s, which a client must not take for a message. */
export const KEEP_ALIVE_FRAME = Buffer.of(0);

const NUMBER_FIELDS = ['price', 'triggerprice', 'squareoff', 'stoploss', 'trailingstoploss', 'strikeprice', 'averageprice'];
const NUMERIC_STRING_FIELDS = ['quantity', 'disclosedquantity', 'lotsize', 'cancelsize', 'filledshares', 'unfilledshares'];
const TEXT_FIELDS = [
	'variety',
	'ordertype',
	'ordertag',
	'producttype',
	'duration',
	'tradingsymbol',
	'transactiontype',
	'exchange',
	'symboltoken',
	'instrumenttype',
	'optiontype',
	'expirydate',
	'orderid',
	'text',
	'status',
	'orderstatus',
	'updatetime',
	'exchtime',
	'exchorderupdatetime',
	'fillid',
	'filltime',
	'parentorderid',
];

/** The message sent right after a successful connection: status AB00 and an orderData of empty/zero values. */
export function connectedMessage(clientCode: string): OrderUpdateMessage {
	const orderData: Record<string, string | number> = {};
	for (const field of TEXT_FIELDS) orderData[field] = '';
	for (const field of NUMERIC_STRING_FIELDS) orderData[field] = '0';
	for (const field of NUMBER_FIELDS) orderData[field] = 0;
	return {
		'user-id': clientCode,
		'status-code': '200',
		'order-status': 'AB00',
		'error-message': '',
		orderData,
	};
}

export class OrderHub {
	private readonly byClient = new Map<string, Set<OrderConnection>>();
	readonly connections = new Set<OrderConnection>();

	constructor(private readonly keepAliveMs = 0) {}

	add(connection: OrderConnection): void {
		this.connections.add(connection);
		let sockets = this.byClient.get(connection.clientCode);
		if (!sockets) {
			sockets = new Set();
			this.byClient.set(connection.clientCode, sockets);
		}
		sockets.add(connection);
		send(connection, JSON.stringify(connectedMessage(connection.clientCode)));
		if (this.keepAliveMs > 0) {
			connection.keepAlive = setInterval(() => send(connection, KEEP_ALIVE_FRAME), this.keepAliveMs);
			connection.keepAlive.unref();
		}
	}

	remove(connection: OrderConnection): void {
		if (connection.keepAlive) clearInterval(connection.keepAlive);
		this.connections.delete(connection);
		const sockets = this.byClient.get(connection.clientCode);
		sockets?.delete(connection);
		if (sockets?.size === 0) this.byClient.delete(connection.clientCode);
	}

	handleText(connection: OrderConnection, text: string): void {
		if (text === 'ping') send(connection, 'pong');
	}

	/**
	 * Serialised once per update. A stalled socket misses the update for good (no replay), which is what a client
	 * must survive anyway: it reconciles through the order book after reconnecting.
	 */
	readonly onUpdate = (clientCode: string, message: OrderUpdateMessage): void => {
		const sockets = this.byClient.get(clientCode);
		if (!sockets) return;
		const text = JSON.stringify(message);
		for (const connection of sockets) send(connection, text);
	};
}
