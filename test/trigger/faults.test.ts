// The market feed under the simulator's faults: repeated drops, a stalled socket, an invalidated session, the daily
// session rollover, a credential that stops working, a malformed packet; and closing leaves nothing behind.

import { capturedLogs, clearCapturedLogs, type ActiveTrigger } from '../support/n8n/harness';
import { defaultEnvironment } from '../../nodes/AngelOne/feed/connection';
import { marketFeeds } from '../../nodes/AngelOne/feed/marketFeed';
import {
	CREDENTIAL_ID,
	NOTHING_LEFT,
	delay,
	executions,
	leftovers,
	serverConnections,
	snapshots,
	startTriggerWorld,
	tickParameters,
	until,
	type TriggerWorld,
} from './world';

const SBIN = 'NSE:3045';
const RELIANCE = 'NSE:2885';

describe('Angel One Trigger: market feed faults', () => {
	let world: TriggerWorld;

	beforeEach(async () => {
		current = undefined;
		clearCapturedLogs();
		world = await startTriggerWorld();
	});

	afterEach(async () => {
		await world.close();
	});

	let current: ActiveTrigger | undefined;
	const logins = (): number => world.sim.control.logins()[world.sim.account.clientCode] ?? 0;
	const ltpsOf = (token: string): number[] =>
		executions(current as ActiveTrigger)
			.flat()
			.filter((json) => json.token === token)
			.map((json) => json.ltp as number);
	const start = async (instruments = SBIN): Promise<ActiveTrigger> => {
		current = await world.activate(tickParameters(instruments, { emit: 'everyTick' }));
		return current;
	};
	const emitted = async (token: string, rupees: number): Promise<void> =>
		await until(`₹${rupees} of ${token} to be emitted`, () => ltpsOf(token).includes(rupees));

	it('restores every subscription after each drop and emits each price exactly once (dropped every second for 6 s)', async () => {
		const sbin0 = world.sim.control.price('NSE', '3045');
		const rel0 = world.sim.control.price('NSE', '2885');
		const trigger = await start(`${SBIN}, ${RELIANCE}`);
		await trigger.waitForEmits(2);

		let drops = 0;
		const dropping = (async () => {
			for (let second = 1; second <= 6; second++) {
				await delay(1000);
				drops += world.sim.control.dropSockets() > 0 ? 1 : 0;
			}
		})();
		const sbin: number[] = [];
		const rel: number[] = [];
		let step = 0;
		let finished = false;
		void dropping.then(() => (finished = true));
		// One price per instrument at a time: a price set while the socket is down arrives with the resubscribe snapshot.
		while (!finished) {
			step++;
			sbin.push(800 + step / 20);
			rel.push(1400 + step / 20);
			world.sim.control.setPrice('NSE', '3045', sbin[sbin.length - 1]);
			world.sim.control.setPrice('NSE', '2885', rel[rel.length - 1]);
			await emitted('3045', sbin[sbin.length - 1]);
			await emitted('2885', rel[rel.length - 1]);
			await delay(20);
		}
		await dropping;
		// And after the last drop too.
		world.sim.control.setPrice('NSE', '3045', 799);
		await emitted('3045', 799);
		sbin.push(799);

		expect(drops).toBe(6);
		expect(marketFeeds()[0].connection.socket.stats.opens).toBeGreaterThanOrEqual(7);
		expect(ltpsOf('3045')).toEqual([sbin0, ...sbin]);
		expect(ltpsOf('2885')).toEqual([rel0, ...rel]);
		expect(trigger.errors).toEqual([]);
		expect(serverConnections(world).market).toBe(1);
	});

	it('replaces a stalled socket and carries on with the latest price', async () => {
		const trigger = await start();
		await trigger.waitForEmits(1);

		world.sim.control.stallSockets();
		world.sim.control.setPrice('NSE', '3045', 777.7);
		await emitted('3045', 777.7);

		expect(marketFeeds()[0].connection.socket.stats.watchdogTrips).toBe(1);
		expect(trigger.errors).toEqual([]);
		world.sim.control.resumeSockets();
		await until('the abandoned socket to close', () => serverConnections(world).market === 1);
	});

	it('renews an invalidated session once through the transport and resumes the feed', async () => {
		const trigger = await start();
		await trigger.waitForEmits(1);
		const before = logins();

		world.sim.control.invalidateSessions();
		world.sim.control.dropSockets();
		world.sim.control.setPrice('NSE', '3045', 790.25);
		await emitted('3045', 790.25);

		const { stats } = marketFeeds()[0].connection.socket;
		expect(logins() - before).toBe(1);
		expect(stats.refusals).toBe(1);
		expect(stats.renewals).toBe(1);
		expect(trigger.errors).toEqual([]);
		// The renewed session is persisted for every process.
		expect(world.store.get(CREDENTIAL_ID).data.jwtToken).not.toBe('');
	});

	it('passes a simulated midnight without deactivation: the dead session is renewed and ticks of the new day flow', async () => {
		world.sim.control.setClock('2026-11-25T23:59:50+05:30');
		const trigger = await start();
		await trigger.waitForEmits(1);

		world.sim.control.setClock('2026-11-26T00:00:05+05:30');
		// Whether the broker cuts live sockets at expiry is undocumented; when it does, the handshake needs a new session.
		world.sim.control.dropSockets();
		world.sim.control.setPrice('NSE', '3045', 801.5);
		await emitted('3045', 801.5);

		expect(executions(trigger).flat().pop()?.timestamp).toMatch(/^2026-11-26T00:00:0\d/);
		expect(logins()).toBe(2);
		expect(trigger.errors).toEqual([]);
		expect(trigger.closeCount).toBe(0);
	});

	it('renews a session from an earlier IST day before reconnecting, without a refused handshake', async () => {
		const trigger = await start();
		await trigger.waitForEmits(1);
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, sessionDay: '2020-01-01' });

		world.sim.control.dropSockets();
		world.sim.control.setPrice('NSE', '3045', 803);
		await emitted('3045', 803);

		expect(logins()).toBe(2);
		expect(marketFeeds()[0].connection.socket.stats.refusals).toBe(0);
	});

	it('reports a credential that no longer logs in through emitError, which deactivates the trigger', async () => {
		const trigger = await start();
		await trigger.waitForEmits(1);
		const stored = world.store.get(CREDENTIAL_ID).data;
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, pin: '0000' === world.sim.account.pin ? '1111' : '0000' });

		world.sim.control.invalidateSessions();
		world.sim.control.dropSockets();
		await until('emitError', () => trigger.errors.length === 1);

		expect(trigger.errors[0].message).toMatch(/client code or PIN/);
		// No login loop with the wrong PIN afterwards: repeated wrong MPINs can get an account blocked.
		const attempts = world.sim.control.requestCounts().loginByPassword;
		await delay(500);
		expect(world.sim.control.requestCounts().loginByPassword).toBe(attempts);
		expect(logins()).toBe(1);
		await until('the trigger to close', () => trigger.closeCount === 1 && serverConnections(world).market === 0);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});

	it('records a connection refused again and again (connection limit used up elsewhere) as a failed execution, and keeps trying', async () => {
		await world.close();
		// No connection slot at all: every handshake gets 429, as when other programs hold the account's three.
		world = await startTriggerWorld({ maxConnections: 0 });
		const trigger = await start();
		await until('the refusal to be recorded', () => trigger.failed.length === 1);

		expect(trigger.failed[0].message).toBe('Angel One refuses the connection, also with a renewed session; still retrying');
		expect(trigger.failed[0].description).toMatch(/3 connections per client code/);
		expect(trigger.errors).toEqual([]);
		expect(marketFeeds()[0].connection.socket.stats.renewals).toBe(1);
		const attempts = marketFeeds()[0].connection.socket.stats.attempts;
		await until('further attempts', () => marketFeeds()[0].connection.socket.stats.attempts > attempts);
		expect(trigger.failed).toHaveLength(1);
	});

	it('fails activation with the reason when the credential does not log in at all', async () => {
		const stored = world.store.get(CREDENTIAL_ID).data;
		// Another valid base32 key: codes from it are well-formed but wrong.
		const otherKey = [...world.sim.account.totpSecret].reverse().join('');
		world.store.write(CREDENTIAL_ID, 'angelOneSmartApi', { ...stored, totpSecret: otherKey });

		await expect(start()).rejects.toThrow(/TOTP/);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});

	it('skips a malformed packet, records it once as a failed execution, and keeps streaming', async () => {
		// A feed that sends a 7-byte binary frame after every open: not a packet of any mode.
		world.runtime.createSocket = (url, headers, handlers) =>
			defaultEnvironment.createSocket(url, headers, {
				...handlers,
				open: () => {
					handlers.open();
					handlers.message(new Uint8Array([9, 1, 2, 3, 4, 5, 6]).buffer);
				},
			});
		const trigger = await start();
		await trigger.waitForEmits(1);
		world.sim.control.dropSockets();
		world.sim.control.setPrice('NSE', '3045', 805.55);
		await emitted('3045', 805.55);

		expect(marketFeeds()[0].stats.malformed).toBe(2);
		expect(trigger.failed).toHaveLength(1);
		expect(trigger.failed[0].message).toMatch(/Skipped 1 malformed market-feed packet/);
		expect(trigger.errors).toEqual([]);
	});

	it('never puts the session or feed token into items, errors or logs', async () => {
		const trigger = await start();
		await trigger.waitForEmits(1);
		world.sim.control.invalidateSessions();
		world.sim.control.dropSockets();
		world.sim.control.setPrice('NSE', '3045', 799.1);
		await emitted('3045', 799.1);

		const data = world.store.get(CREDENTIAL_ID).data;
		const secrets = [data.jwtToken, data.feedToken, data.refreshToken, data.pin, data.totpSecret].map(String);
		const everything = JSON.stringify({ items: executions(trigger), errors: trigger.errors, failed: trigger.failed, logs: capturedLogs() });
		for (const secret of secrets) expect(everything).not.toContain(secret);
		expect(capturedLogs().some((log) => /refused the socket handshake/.test(log.message))).toBe(true);
	});

	it('leaves no socket, loop or listener behind when closed, even after faults', async () => {
		const trigger = await start(`${SBIN}, ${RELIANCE}`);
		await snapshots(2);
		world.sim.control.stallSockets();
		await until('the watchdog', () => (marketFeeds()[0]?.connection.socket.stats.watchdogTrips ?? 0) === 1);
		world.sim.control.resumeSockets();
		world.sim.control.dropSockets();
		await until('the reconnect', () => serverConnections(world).market === 1);

		await trigger.close();

		await until('the server to see no connection', () => serverConnections(world).market === 0);
		expect(leftovers()).toEqual(NOTHING_LEFT);
	});
});
