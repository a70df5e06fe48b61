/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- tooling test, never shipped: reads the repository's files */
// Every section citation in the repository ("protocol §3.2" in a comment, a README, a test) must name
// docs/protocol.md and point at a section that file has, so a reader can always look it up.
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const PROTOCOL = path.join('docs', 'protocol.md');
const SECTION_SIGN = '\u00a7';
/** Where citations live: the code, the simulator, the tools and the project's own documents. */
const ROOTS = ['nodes', 'credentials', 'simulator', 'scripts', 'test', 'bench', 'examples', 'docs'];
const TOP_FILES = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md'];
const EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.md', '.json'];
const SKIP_DIRS = new Set(['node_modules', 'dist', '.cache', 'test-output']);

const CITATION = new RegExp(`${SECTION_SIGN} ?(\\d+(?:\\.\\d+)?)`, 'g');

interface Citation {
	file: string;
	line: number;
	section: string;
	text: string;
}

function filesUnder(dir: string): string[] {
	const absolute = path.join(root, dir);
	if (!fs.existsSync(absolute)) return [];
	const out: string[] = [];
	for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
		const relative = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (!SKIP_DIRS.has(entry.name)) out.push(...filesUnder(relative));
		} else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext))) {
			out.push(relative);
		}
	}
	return out;
}

function citingFiles(): string[] {
	const top = TOP_FILES.filter((file) => fs.existsSync(path.join(root, file)));
	return [...top, ...ROOTS.flatMap(filesUnder)];
}

function citationsIn(file: string): Citation[] {
	const out: Citation[] = [];
	const lines = fs.readFileSync(path.join(root, file), 'utf8').split('\n');
	lines.forEach((text, index) => {
		for (const match of text.matchAll(CITATION)) out.push({ file, line: index + 1, section: match[1], text: text.trim() });
	});
	return out;
}

/** Section numbers of docs/protocol.md: "## 4. Rate limits" is 4, "### 5.4 Binary tick packets" is 5.4. */
function protocolSections(): Set<string> {
	const sections = new Set<string>();
	for (const line of fs.readFileSync(path.join(root, PROTOCOL), 'utf8').split('\n')) {
		const match = /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line);
		if (match) sections.add(match[1]);
	}
	return sections;
}

const where = (c: Citation) => `${c.file}:${c.line}: ${c.text}`;

describe('protocol citations', () => {
	const citations = citingFiles().flatMap(citationsIn);

	it('finds the citations it is meant to check', () => {
		expect(citations.filter((c) => c.file !== PROTOCOL).length).toBeGreaterThan(20);
	});

	it('cites only sections that docs/protocol.md has', () => {
		const sections = protocolSections();
		const missing = citations.filter((c) => !sections.has(c.section)).map(where);
		expect(missing).toEqual([]);
	});

	it('names docs/protocol.md on every line that cites a section', () => {
		const unnamed = citations.filter((c) => c.file !== PROTOCOL && !/protocol/i.test(c.text)).map(where);
		expect(unnamed).toEqual([]);
	});

	it('numbers every section of docs/protocol.md once', () => {
		const numbers = fs
			.readFileSync(path.join(root, PROTOCOL), 'utf8')
			.split('\n')
			.map((line) => /^#{2,3} (\d+(?:\.\d+)?)\.? /.exec(line)?.[1])
			.filter((n): n is string => n !== undefined);
		expect(numbers.length).toBeGreaterThan(30);
		expect(numbers.filter((n, i) => numbers.indexOf(n) !== i)).toEqual([]);
	});
});
