/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test support, never shipped */
// Per test file: names the file in the native-order audit, so a leak points at the test that sent it.
beforeAll(() => {
	process.env.ANGELONE_AUDIT_TEST = expect.getState().testPath ?? '';
});
