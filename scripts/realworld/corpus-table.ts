/**
 * The provenance table of fixtures/real/README.md, made from fixtures/real/manifest.json (one record per file), so
 * that the two cannot drift apart: test/realworld/manifest.test.ts fails when the README's table is not this output.
 *
 *   npx ts-node --transpile-only scripts/realworld/corpus-table.ts           # print the table
 *   npx ts-node --transpile-only scripts/realworld/corpus-table.ts --write   # rewrite it in the README
 */
import * as fs from 'fs';
import * as path from 'path';

export interface CorpusEntry {
  readonly file: string;
  readonly repository: string;
  readonly commit: string;
  readonly path: string;
  readonly licence: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly producer: string;
  readonly irVersion: number;
  readonly opsets: Readonly<Record<string, number>>;
  readonly nodes: number;
  readonly why: string;
}

export const CORPUS_DIR = path.join(__dirname, '..', '..', 'fixtures', 'real');
export const BEGIN = '<!-- BEGIN GENERATED TABLE (scripts/realworld/corpus-table.ts) -->';
export const END = '<!-- END GENERATED TABLE -->';

export function loadManifest(dir = CORPUS_DIR): CorpusEntry[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as CorpusEntry[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function corpusTable(entries: readonly CorpusEntry[]): string {
  const lines = [
    '| file | source (repository @ commit : path) | licence | producer | opsets | nodes | why it is here | sha256 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const e of entries) {
    const opsets = Object.entries(e.opsets).map(([d, v]) => `${d} ${v}`).join(', ');
    lines.push(`| \`${e.file}\` (${e.bytes.toLocaleString('en-US')} B) | ${cell(e.repository)} @ ${e.commit.slice(0, 12)} : ${cell(e.path)} | ` +
      `${cell(e.licence)} | ${cell(e.producer || '(empty)')} | ${opsets} | ${e.nodes} | ${cell(e.why)} | \`${e.sha256}\` |`);
  }
  const total = entries.reduce((a, e) => a + e.bytes, 0);
  lines.push('', `${entries.length} files, ${total.toLocaleString('en-US')} bytes.`);
  return lines.join('\n');
}

export function readmeWithTable(readme: string, table: string): string {
  const start = readme.indexOf(BEGIN), end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error('README has no generated-table markers');
  return `${readme.slice(0, start + BEGIN.length)}\n${table}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const table = corpusTable(loadManifest());
  if (process.argv.includes('--write')) {
    const readmePath = path.join(CORPUS_DIR, 'README.md');
    fs.writeFileSync(readmePath, readmeWithTable(fs.readFileSync(readmePath, 'utf8'), table));
  } else {
    process.stdout.write(`${table}\n`);
  }
}
