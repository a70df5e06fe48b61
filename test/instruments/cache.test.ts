// The process-wide master cache: once per day after the 08:30 IST refresh, one load for concurrent callers,
// yesterday's index (marked stale) when today's download fails.

import { fromIst } from '../../nodes/AngelOne/helpers/ist';
import { MasterCache, masterCacheFor, type MasterRow, MasterUnavailableError } from '../../nodes/AngelOne/instruments';

function master(...symbols: string[]): string {
	const rows: MasterRow[] = symbols.map((symbol, i) => ({
		token: String(1000 + i),
		symbol,
		name: symbol.replace(/-EQ$/, ''),
		expiry: '',
		strike: '-1.000000',
		lotsize: '1',
		instrumenttype: '',
		exch_seg: 'NSE',
		tick_size: '5.000000',
	}));
	return JSON.stringify(rows);
}

/** A download that answers what it is told, counting calls. */
function downloads(...answers: (string | Error)[]): jest.Mock<Promise<string>, []> {
	let call = 0;
	return jest.fn(() => {
		const answer = answers[Math.min(call++, answers.length - 1)];
		return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
	});
}

const MON_1000 = fromIst(2025, 1, 27, 10, 0);

describe('MasterCache', () => {
	it('loads the master once and serves it all day', async () => {
		const cache = new MasterCache();
		const fetch = downloads(master('SBIN-EQ'));
		const first = await cache.get(MON_1000, fetch);
		const later = await cache.get(fromIst(2025, 1, 27, 23, 59), fetch);
		const nextEarlyMorning = await cache.get(fromIst(2025, 1, 28, 8, 29), fetch);
		expect(fetch).toHaveBeenCalledTimes(1);
		expect(first).toMatchObject({ edition: '2025-01-27', loadedAt: MON_1000, stale: false });
		expect(later.index).toBe(first.index);
		expect(nextEarlyMorning.index).toBe(first.index);
		expect(first.index.bySymbol('NSE', 'SBIN-EQ')?.token).toBe('1000');
	});

	it('reloads the next day once the 08:30 IST refresh has passed', async () => {
		const cache = new MasterCache();
		const fetch = downloads(master('SBIN-EQ'), master('SBIN-EQ', 'INFY-EQ'));
		await cache.get(MON_1000, fetch);
		const next = await cache.get(fromIst(2025, 1, 28, 8, 30), fetch);
		expect(fetch).toHaveBeenCalledTimes(2);
		expect(next).toMatchObject({ edition: '2025-01-28', stale: false });
		expect(next.index.bySymbol('NSE', 'INFY-EQ')).toBeDefined();
	});

	it('treats a load before 08:30 as the previous day’s master and replaces it after 08:30', async () => {
		const cache = new MasterCache();
		const fetch = downloads(master('SBIN-EQ'), master('INFY-EQ'));
		expect((await cache.get(fromIst(2025, 1, 27, 7, 0), fetch)).edition).toBe('2025-01-26');
		expect((await cache.get(fromIst(2025, 1, 27, 8, 31), fetch)).edition).toBe('2025-01-27');
		expect(fetch).toHaveBeenCalledTimes(2);
	});

	it('honours another refresh time', async () => {
		const cache = new MasterCache({ refreshAfter: { hour: 7, minute: 0 } });
		const fetch = downloads(master('SBIN-EQ'));
		await cache.get(fromIst(2025, 1, 27, 6, 59), fetch);
		await cache.get(fromIst(2025, 1, 27, 7, 0), fetch);
		expect(fetch).toHaveBeenCalledTimes(2);
	});

	it('shares one download between callers that ask at the same time', async () => {
		const cache = new MasterCache();
		let answer: (text: string) => void = () => undefined;
		const download = new Promise<string>((resolve) => (answer = resolve));
		const fetch = jest.fn(() => download);
		const calls = [cache.get(MON_1000, fetch), cache.get(MON_1000, fetch), cache.get(MON_1000 + 1000, fetch)];
		answer(master('SBIN-EQ'));
		const [a, b, c] = await Promise.all(calls);
		expect(fetch).toHaveBeenCalledTimes(1);
		expect(b.index).toBe(a.index);
		expect(c.index).toBe(a.index);
	});

	it('keeps serving yesterday’s index, marked stale, when today’s download fails', async () => {
		const cache = new MasterCache();
		const fetch = downloads(master('SBIN-EQ'), new Error('socket hang up'));
		const yesterday = await cache.get(MON_1000, fetch);
		const today = await cache.get(fromIst(2025, 1, 28, 9, 0), fetch);
		expect(today).toMatchObject({ edition: '2025-01-27', stale: true, error: 'socket hang up' });
		expect(today.index).toBe(yesterday.index);
	});

	it('treats a download that is not a master (an HTML page) as a failed refresh', async () => {
		const cache = new MasterCache();
		const fetch = downloads(master('SBIN-EQ'), '<html>Service Unavailable</html>');
		await cache.get(MON_1000, fetch);
		const today = await cache.get(fromIst(2025, 1, 28, 9, 0), fetch);
		expect(today.stale).toBe(true);
		expect(today.error).toMatch(/not valid JSON/);
	});

	it('waits a minute after a failure before downloading again, then recovers', async () => {
		const cache = new MasterCache();
		const fetch = downloads(master('SBIN-EQ'), new Error('timeout'), master('SBIN-EQ', 'INFY-EQ'));
		const failedAt = fromIst(2025, 1, 28, 9, 0);
		await cache.get(MON_1000, fetch);
		await cache.get(failedAt, fetch);
		expect((await cache.get(failedAt + 59_000, fetch)).stale).toBe(true);
		expect(fetch).toHaveBeenCalledTimes(2);
		const recovered = await cache.get(failedAt + 60_000, fetch);
		expect(fetch).toHaveBeenCalledTimes(3);
		expect(recovered).toMatchObject({ edition: '2025-01-28', stale: false });
		expect(recovered.error).toBeUndefined();
		expect(recovered.index.bySymbol('NSE', 'INFY-EQ')).toBeDefined();
	});

	it('passes the download’s own error through when there is nothing to fall back on', async () => {
		const cache = new MasterCache();
		const cause = new Error('ENOTFOUND margincalculator.angelone.in');
		const fetch = downloads(cause, master('SBIN-EQ'));
		await expect(cache.get(MON_1000, fetch)).rejects.toBe(cause);
		const waiting = cache.get(MON_1000 + 30_000, fetch);
		await expect(waiting).rejects.toBeInstanceOf(MasterUnavailableError);
		await expect(waiting).rejects.toMatchObject({ retryAt: MON_1000 + 60_000 });
		await expect(waiting).rejects.toThrow('ENOTFOUND margincalculator.angelone.in');
		expect(fetch).toHaveBeenCalledTimes(1);
		expect((await cache.get(MON_1000 + 60_000, fetch)).stale).toBe(false);
	});

	it('counts a download function that throws outright as a failed load', async () => {
		const cache = new MasterCache();
		const fetch = jest.fn((): Promise<string> => {
			throw new Error('no credentials');
		});
		await expect(cache.get(MON_1000, fetch)).rejects.toThrow('no credentials');
		expect(cache.peek()).toBeUndefined();
	});

	it('shows what it holds without loading', async () => {
		const cache = new MasterCache();
		expect(cache.peek()).toBeUndefined();
		await cache.get(MON_1000, downloads(master('SBIN-EQ')));
		expect(cache.peek()).toMatchObject({ edition: '2025-01-27', loadedAt: MON_1000 });
	});
});

describe('masterCacheFor', () => {
	it('gives every caller in the process the same cache for a URL', () => {
		expect(masterCacheFor('https://example.test/master.json')).toBe(masterCacheFor('https://example.test/master.json'));
		expect(masterCacheFor('https://example.test/other.json')).not.toBe(masterCacheFor('https://example.test/master.json'));
	});
});
