// Runs after every test file: no registered secret may appear in anything the file's runs showed.
import { findLeaks } from './leak-guard';

afterAll(() => {
	const leaks = findLeaks();
	if (leaks.length > 0) throw new Error(`Secrets leaked into outputs, errors or logs:\n${leaks.join('\n')}`);
});
