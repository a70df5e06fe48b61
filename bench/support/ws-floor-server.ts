/* eslint-disable @n8n/community-nodes/no-restricted-globals -- benchmark tool, never shipped: a child process that owns its timers and talks to its parent over IPC */
// The trigger benchmark's floor: a bare WebSocket server in a process of its own that sends LTP-sized binary
// packets at a set rate the way the simulator's tick driver does (the ones due every millisecond), so the parent
// can measure what Node's built-in WebSocket client costs at that rate with nothing of ours behind it.
import { WebSocketServer } from 'ws';

import { encodeTick, randomSnapshot } from '../../simulator/packets';
import { createRng } from '../../simulator/rng';

const rate = Number(process.argv[2] ?? 5000);
const packet = encodeTick(1, randomSnapshot(createRng(1), 1, '3045'));
const server = new WebSocketServer({ port: 0, host: '127.0.0.1' }, () => {
	const address = server.address();
	process.send?.({ type: 'ready', port: typeof address === 'object' && address !== null ? address.port : 0 });
});
server.on('connection', (socket) => {
	const start = performance.now();
	let sent = 0;
	const timer = setInterval(() => {
		const due = Math.floor(((performance.now() - start) * rate) / 1000);
		while (sent < due) {
			socket.send(packet);
			sent++;
		}
	}, 1);
	socket.on('close', () => clearInterval(timer));
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
