/**
 * The corpus table of issue 12's closing note: file, producer, nodes, MACs (what onnxscope counts now, with the
 * regression test's input shapes), and uncounted nodes before (fixtures/real/SURVEY.md's first table) → after (now).
 *
 *   npx ts-node --transpile-only scripts/realworld/closing-table.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeCase, corpusCases } from '../../test/realworld/harness';
import { CORPUS_DIR, loadManifest } from './corpus-table';

/** Uncounted nodes per file in the first ("Before") table of SURVEY.md. */
function before(): Map<string, string> {
  const text = fs.readFileSync(path.join(CORPUS_DIR, 'SURVEY.md'), 'utf8');
  const start = text.indexOf('## Before');
  const rows = text.slice(start).split('\n').filter((l) => l.startsWith('| ') && l.includes('.onnx'));
  const out = new Map<string, string>();
  for (const row of rows) {
    const cells = row.split(' | ');
    const file = cells[0].replace(/^\| /, '');
    if (!out.has(file)) out.set(file, cells[4]);
  }
  return out;
}

function main(): void {
  const manifest = new Map(loadManifest().map((e) => [e.file, e]));
  const was = before();
  const lines = ['| file | producer | nodes | MACs | uncounted before → after |', '|---|---|---|---|---|'];
  for (const c of corpusCases()) {
    const r = analyzeCase(c);
    const m = manifest.get(c.file)!;
    const after = `${r.totals.uncountedNodes}${r.totals.lowerBound && r.totals.uncountedNodes === 0 ? ' (lower bound: inside a body)' : ''}`;
    const macs = /^\d+$/.test(r.totals.macs) ? BigInt(r.totals.macs).toLocaleString('en-US') : r.totals.macs;
    lines.push(`| ${c.file} | ${m.producer || '(empty)'} | ${m.nodes} | ${macs} | ${was.get(c.file) ?? '?'} → ${after} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
