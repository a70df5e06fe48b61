type Guard = typeof import('./leak-guard');

/** A private copy of the guard, so the leaks planted here do not fail this file's own after-all check. */
function freshGuard(): Guard {
	let guard: Guard | undefined;
	jest.isolateModules(() => {
		guard = jest.requireActual<Guard>('./leak-guard');
	});
	return guard!;
}

describe('the secret leak guard', () => {
	it('finds a registered secret in anything observed', () => {
		const guard = freshGuard();
		guard.registerSecrets('eyJhbGciOiJIUzUxMiJ9.canary.jwt');
		guard.observe({ json: { note: 'ok' } });
		expect(guard.findLeaks()).toEqual([]);
		guard.observe({ error: 'Bearer eyJhbGciOiJIUzUxMiJ9.canary.jwt rejected' });
		expect(guard.findLeaks()).toHaveLength(1);
		expect(guard.findLeaks()[0]).not.toContain('canary.jwt');
	});

	it('counts a numeric PIN only where it stands alone, not inside a longer number', () => {
		const guard = freshGuard();
		guard.registerSecrets('0473');
		guard.observe({ orderId: '261126000473901', price: 10473.5, randomHex: '83753fd40b2433a61c7baf0473e9' });
		expect(guard.findLeaks()).toEqual([]);
		guard.observe({ body: { password: '0473' } });
		expect(guard.findLeaks()).toHaveLength(1);
	});

	it('ignores values too short to be secrets', () => {
		const guard = freshGuard();
		guard.registerSecrets('', 'ab', undefined, 42);
		guard.observe('ab 42');
		expect(guard.findLeaks()).toEqual([]);
	});
});
