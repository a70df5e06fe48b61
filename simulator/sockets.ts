// The simulator's two WebSocket servers (market feed /smart-stream, order updates /smart-order-update),
// attached to the REST server's http.Server through its 'upgrade' event. (Stub: full version follows.)

import type * as http from 'node:http';

import type { SocketContext, SocketFaultControl } from './contracts';

export function attachSockets(server: http.Server, ctx: SocketContext): SocketFaultControl {
	void ctx;
	server.on('upgrade', (_req, socket) => {
		socket.destroy();
	});
	return {
		dropAll: () => 0,
		stall: () => undefined,
		resume: () => undefined,
		connections: () => ({ market: {}, orders: {} }),
	};
}
