/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- a command-line tool: it reads process.argv and prints */
// `npm run simulator -- --port 8800 --seed 1`: starts the SmartAPI simulator, prints its URLs and the (fake)
// demo account, and runs until SIGINT/SIGTERM.

import type { SessionBoundary } from './sessions';
import { startSimulator, type SimulatorOptions } from './server';
import { applyVariants, createVariants, parseVariantFlag } from './variants';

const USAGE = `Usage: npm run simulator -- [options]
  --port <n>                 port on 127.0.0.1 (default 8800; 0 = any free port)
  --seed <n>                 seed for accounts, instruments and prices (default 1)
  --master-size <n>          rows in the instrument master (default 120000)
  --tick-ms <n>              price move interval in ms, 0 = only when set (default 1000)
  --single-session           a new login ends older sessions of the client
  --session-boundary <b>     midnight-ist (default) | 05:00-ist | <ms> fixed lifetime
  --market-hours <m>         exchange (default) | open | closed
  --order-rules <r>          how market, SL-M and IOC orders are refused: at-placement (default) |
                             in-order-book | off (the 2026 rules not enforced)
  --variant <name>=<value>   a live-behaviour switch, repeatable (see simulator/README.md), e.g. liveAmo=true
  --answer-delay-ms <n>      hold every REST answer this long, like a broker round trip (default 0)
  --help`;

function parseArgs(argv: string[]): SimulatorOptions {
	const options: SimulatorOptions = { port: 8800 };
	const value = (i: number, flag: string): string => {
		const v = argv[i + 1];
		if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
		return v;
	};
	const integer = (text: string, flag: string): number => {
		const n = Number(text);
		if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		switch (flag) {
			case '--port':
				options.port = integer(value(i++, flag), flag);
				break;
			case '--seed':
				options.seed = integer(value(i++, flag), flag);
				break;
			case '--master-size':
				options.masterSize = integer(value(i++, flag), flag);
				break;
			case '--tick-ms':
				options.tickIntervalMs = integer(value(i++, flag), flag);
				break;
			case '--single-session':
				options.singleSession = true;
				break;
			case '--answer-delay-ms':
				options.answerDelayMs = integer(value(i++, flag), flag);
				break;
			case '--session-boundary': {
				const v = value(i++, flag);
				let boundary: SessionBoundary;
				if (v === 'midnight-ist' || v === '05:00-ist') boundary = v;
				else boundary = { afterMs: integer(v, flag) };
				options.sessionBoundary = boundary;
				break;
			}
			case '--market-hours': {
				const v = value(i++, flag);
				if (v !== 'exchange' && v !== 'open' && v !== 'closed') throw new Error('--market-hours must be exchange, open or closed');
				options.marketHours = v;
				break;
			}
			case '--order-rules': {
				const v = value(i++, flag);
				if (v === 'off') options.apiOrderRules = { enforce: false };
				else if (v === 'at-placement' || v === 'in-order-book') options.apiOrderRules = { enforce: true, refusal: v };
				else throw new Error('--order-rules must be at-placement, in-order-book or off');
				break;
			}
			case '--variant':
				options.variants = applyVariants(createVariants(options.variants), parseVariantFlag(value(i++, flag)));
				break;
			case '--help':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${flag}`);
		}
	}
	return options;
}

async function main(): Promise<void> {
	let options: SimulatorOptions;
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error(error instanceof Error ? error.message : String(error));
		console.error(USAGE);
		process.exit(2);
	}
	const sim = await startSimulator(options);
	// A fake account of a local simulator: printing its credentials is the point (spec'd by the README).
	console.log(`Angel One SmartAPI simulator listening on ${sim.baseUrl}
  REST root:      ${sim.urls.rest}
  Market feed:    ${sim.urls.marketSocket}
  Order updates:  ${sim.urls.orderSocket}
  Scrip master:   ${sim.urls.master}
  Control:        ${sim.baseUrl}/__sim/ (see simulator/README.md)

Demo account (seed ${options.seed ?? 1}):
  API key:        ${sim.account.apiKey}
  Client code:    ${sim.account.clientCode}
  PIN:            ${sim.account.pin}
  TOTP secret:    ${sim.account.totpSecret}

Press Ctrl+C to stop.`);
	let stopping = false;
	const stop = (): void => {
		if (stopping) return;
		stopping = true;
		void sim.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
