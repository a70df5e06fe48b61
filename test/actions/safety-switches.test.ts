// Safety switches fail closed, through n8n's engine against the simulator: Dry Run and Read-Only given as the
// strings an expression, $env or an external secret yields are on, and a value that is neither on nor off is the safe side.
import type { INodeParameters } from 'n8n-workflow';

import type { RuntimeOptions } from '../../nodes/AngelOne/runtime';
import { CREDENTIAL_ID, startWorld, type AngelWorld } from '../support/angel';

const MARKET_OPEN = Date.parse('2026-11-25T10:30:00+05:30');
const sbin = { __rl: true, mode: 'symbol', value: 'NSE:SBIN-EQ' };
const ORDER_CHANGES = ['placeOrder', 'modifyOrder', 'cancelOrder', 'convertPosition', 'gttCreateRule', 'gttModifyRule', 'gttCancelRule'];

const place = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'order',
	operation: 'place',
	instrument: sbin,
	side: 'BUY',
	orderType: 'LIMIT',
	product: 'INTRADAY',
	quantity: 10,
	quantityUnit: 'units',
	price: 800,
	validity: 'DAY',
	...overrides,
});

const exit = (overrides: INodeParameters = {}): INodeParameters => ({
	resource: 'portfolio',
	operation: 'exitPosition',
	exitMode: 'one',
	instrument: sbin,
	product: 'any',
	...overrides,
});

/** The runtime the nodes of every world of this file get. */
const runtime: RuntimeOptions = { pacing: false, now: () => MARKET_OPEN };

describe('Safety switches fail closed', () => {
	let world: AngelWorld;

	beforeEach(async () => {
		world = await startWorld({ runtime, rateLimits: false });
		world.sim.control.setPrice('NSE', '3045', 812.35);
	});

	afterEach(async () => {
		await world.close();
	});

	const count = (endpoint: string): number => world.sim.control.requestCounts()[endpoint] ?? 0;
	const orderChanges = (): number => ORDER_CHANGES.reduce((sum, endpoint) => sum + count(endpoint), 0);

	async function buyAtMarket(): Promise<void> {
		const run = await world.run({ parameters: place({ orderType: 'MARKET', additionalFields: { tag: 'setup-buy' } }) });
		expect(run.error).toBeUndefined();
	}

	function setReadOnly(value: string | boolean): void {
		const stored = world.store.get(CREDENTIAL_ID);
		world.store.write(CREDENTIAL_ID, stored.type, { ...stored.data, readOnly: value });
	}

	describe('Dry Run', () => {
		it('dry-runs a Place whose Dry Run is the expression {{ "true" }}', async () => {
			const run = await world.run({ parameters: place({ options: { dryRun: '={{ "true" }}' } }) });
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ dryRun: true, valid: true });
			expect(count('placeOrder')).toBe(0);
		});

		it('dry-runs a Place whose Dry Run comes from the input item as the string "true", "yes" or "1"', async () => {
			const items = [{ dryRun: 'true' }, { dryRun: ' YES ' }, { dryRun: '1' }, { dryRun: 1 }];
			const run = await world.run({ parameters: place({ options: { dryRun: '={{ $json.dryRun }}' } }) }, items);
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One').map((i) => i.json.dryRun)).toEqual([true, true, true, true]);
			expect(count('placeOrder')).toBe(0);
		});

		it('places the order when Dry Run is the string "false"', async () => {
			const run = await world.run({ parameters: place({ options: { dryRun: '={{ $json.dryRun }}' } }) }, [{ dryRun: 'false' }]);
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ duplicate: false, status: 'open' });
			expect(count('placeOrder')).toBe(1);
		});

		it('dry-runs, and names Dry Run, when its value is neither on nor off', async () => {
			const run = await world.run({ parameters: place({ options: { dryRun: '={{ $json.dryRun }}' } }) }, [{ dryRun: 'perhaps' }]);
			expect(run.error).toBeUndefined();
			const result = run.outputOf('Angel One')[0].json;
			expect(result).toMatchObject({ dryRun: true, valid: false, errors: [expect.objectContaining({ field: 'Dry Run' })] });
			expect(count('placeOrder')).toBe(0);
		});

		it('dry-runs an Exit Position whose Dry Run comes from the input item as "true"', async () => {
			await buyAtMarket();
			const run = await world.run({ parameters: exit({ options: { dryRun: '={{ $json.dryRun }}' } }) }, [{ dryRun: 'true' }]);
			expect(run.error).toBeUndefined();
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ dryRun: true, valid: true, positionQuantity: 10 });
			expect(count('placeOrder')).toBe(1);
		});

		it('dry-runs an Exit Position whose Dry Run is the expression {{ "true" }}', async () => {
			await buyAtMarket();
			const run = await world.run({ parameters: exit({ options: { dryRun: '={{ "true" }}' } }) });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ dryRun: true });
			expect(count('placeOrder')).toBe(1);
		});

		it('dry-runs a Modify whose Dry Run is the expression {{ "true" }}', async () => {
			const placed = await world.run({ parameters: place({ additionalFields: { tag: 'to-modify' } }) });
			const orderId = String(placed.outputOf('Angel One')[0].json.orderId);
			const run = await world.run({
				parameters: { resource: 'order', operation: 'modify', orderId, updateFields: { price: 801 }, options: { dryRun: '={{ "true" }}' } },
			});
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ dryRun: true, valid: true });
			expect(count('modifyOrder')).toBe(0);
		});
	});

	describe('Read-Only', () => {
		it('refuses a Place when the credential holds Read-Only as the string "true"', async () => {
			setReadOnly('true');
			const run = await world.run({ parameters: place() });
			expect(run.error?.message).toMatch(/^Read-Only: .*read-only/);
			expect(world.sim.control.requests()).toEqual([]);
		});

		it('refuses every order-changing operation when Read-Only is "true", before anything is read', async () => {
			await buyAtMarket();
			const open = await world.run({ parameters: place({ additionalFields: { tag: 'open-one' } }) });
			const orderId = String(open.outputOf('Angel One')[0].json.orderId);
			const rule = await world.run({
				parameters: { resource: 'gtt', operation: 'create', instrument: sbin, transactionType: 'BUY', productType: 'DELIVERY', quantity: 5, triggerPrice: 781, price: 780 },
			});
			const ruleId = String(rule.outputOf('Angel One')[0].json.id);
			const before = orderChanges();
			setReadOnly(' True ');
			const operations: INodeParameters[] = [
				place(),
				{ resource: 'order', operation: 'modify', orderId, updateFields: { price: 801 } },
				{ resource: 'order', operation: 'cancel', orderId },
				{ resource: 'order', operation: 'cancelAll' },
				exit(),
				{ resource: 'portfolio', operation: 'convertPosition', instrument: sbin, fromProduct: 'INTRADAY', toProduct: 'DELIVERY', quantity: 0 },
				{ resource: 'gtt', operation: 'create', instrument: sbin, transactionType: 'BUY', productType: 'DELIVERY', quantity: 5, triggerPrice: 781, price: 780 },
				{ resource: 'gtt', operation: 'modify', ruleId, updateFields: { quantity: 6 } },
				{ resource: 'gtt', operation: 'cancel', ruleId },
			];
			for (const parameters of operations) {
				const requests = world.sim.control.requests().length;
				const run = await world.run({ parameters });
				expect({ operation: parameters.operation, error: run.error?.name, message: run.error?.message }).toEqual({
					operation: parameters.operation,
					error: 'NodeOperationError',
					message: expect.stringMatching(/^Read-Only: /),
				});
				// Refused before the order, the rule or the position was even read.
				expect(world.sim.control.requests().slice(requests)).toEqual([]);
			}
			expect(orderChanges()).toBe(before);
		});

		it('refuses GTT Modify and Cancel on a read-only credential before reading the rule, with the error every order change gives', async () => {
			const rule = await world.run({
				parameters: { resource: 'gtt', operation: 'create', instrument: sbin, transactionType: 'BUY', productType: 'DELIVERY', quantity: 5, triggerPrice: 781, price: 780 },
			});
			const ruleId = String(rule.outputOf('Angel One')[0].json.id);
			setReadOnly(true);
			const orderCancel = await world.run({ parameters: { resource: 'order', operation: 'cancel', orderId: '1' } });
			for (const parameters of [
				{ resource: 'gtt', operation: 'modify', ruleId, updateFields: { quantity: 6 } },
				{ resource: 'gtt', operation: 'cancel', ruleId },
			]) {
				const run = await world.run({ parameters });
				expect(run.error?.name).toBe(orderCancel.error?.name);
				expect(run.error?.message).toBe(orderCancel.error?.message);
			}
			expect(count('gttRuleDetails')).toBe(0);
			expect(count('gttModifyRule') + count('gttCancelRule')).toBe(0);
		});

		it('refuses, naming Read-Only, when its value is neither on nor off', async () => {
			setReadOnly('maybe');
			const run = await world.run({ parameters: place() });
			expect(run.error?.message).toMatch(/^Read-Only: .*neither on nor off/);
			expect(count('placeOrder')).toBe(0);
			const dry = await world.run({ parameters: place({ options: { dryRun: true } }) });
			expect(dry.outputOf('Angel One')[0].json).toMatchObject({ dryRun: true, valid: false, errors: [expect.objectContaining({ field: 'Read-Only' })] });
		});

		it('places orders when Read-Only is the string "false"', async () => {
			setReadOnly('false');
			const run = await world.run({ parameters: place() });
			expect(run.outputOf('Angel One')[0].json).toMatchObject({ duplicate: false, status: 'open' });
			expect(count('placeOrder')).toBe(1);
		});
	});
});
