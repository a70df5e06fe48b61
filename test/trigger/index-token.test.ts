// Index tokens on the market feed (issue 12, item 11). The spec leaves open whether live accepts the short form
// of the Python SDK's sample (26009) or only the master token (99926009), which OpenAlgo's Angel One plugin
// subscribes with in production: the trigger sends the master form, so it streams even where only that one works.

import { executions, startTriggerWorld, tickParameters, until, type TriggerWorld } from './world';

describe('Angel One Trigger: index tokens', () => {
	let world: TriggerWorld;

	afterEach(async () => {
		await world.close();
	});

	it.each(['both', 'master'] as const)('streams Nifty Bank by its master token when the feed streams %s form(s)', async (indexTokens) => {
		world = await startTriggerWorld({ variants: { indexTokens } });
		const trigger = await world.activate(tickParameters('NSE:Nifty Bank', { emit: 'everyTick' }));
		await trigger.waitForEmits(1);
		world.sim.control.setPrice('NSE', '99926009', 56400.25);
		await until('the new index level', () => executions(trigger).flat().some((json) => json.ltp === 56400.25));
		expect(new Set(executions(trigger).flat().map((json) => json.token))).toEqual(new Set(['99926009']));
	});
});
