/**
 * Generates the operator table of docs/COUNTING.md from the rule registry: every rule's domain, operator,
 * since-versions, cost formula (its `costNote`) and whether it is data movement. The table is written between
 * the `<!-- BEGIN GENERATED TABLE -->` / `<!-- END GENERATED TABLE -->` markers; the rest of the file is prose.
 * test/invariance/counting-doc.test.ts fails when the committed table is out of date with the registry.
 *
 *   npx ts-node --transpile-only scripts/generate-counting-table.ts           # rewrite docs/COUNTING.md
 *   npx ts-node --transpile-only scripts/generate-counting-table.ts --check   # exit 1 when out of date
 */
import fs from 'fs';
import path from 'path';
import { dataMovement } from '../src/ops/helpers/cost';
import { defaultRegistry, Registry } from '../src/ops/registry';
import { OpRule } from '../src/ops/types';

export const BEGIN = '<!-- BEGIN GENERATED TABLE -->';
export const END = '<!-- END GENERATED TABLE -->';
export const DOC_PATH = path.join(__dirname, '..', 'docs', 'COUNTING.md');

const DOMAIN_ORDER = ['ai.onnx', 'ai.onnx.ml', 'ai.onnx.preview.training', 'com.microsoft'];

/**
 * 'yes' when the rule is the shared data-movement cost (0 FLOPs, output bytes), or its note says it is
 * data movement outright; 'some modes' when only some attribute settings are (Dropout at inference, nearest
 * Resize, Scatter without reduction...); 'no' for arithmetic.
 */
export function movementOf(rule: OpRule): 'yes' | 'some modes' | 'no' {
  const note = rule.costNote ?? '';
  if (rule.cost === dataMovement || /^data movement(: 0 FLOPs, output bytes moved)?$/.test(note) || /: data movement \(bytes/.test(note)) return 'yes';
  return /data movement/.test(note) ? 'some modes' : 'no';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function domainRank(d: string): number {
  const i = DOMAIN_ORDER.indexOf(d);
  return i < 0 ? DOMAIN_ORDER.length : i;
}

/** The markdown table: one row per operator and run of versions that share a formula. */
export function renderTable(registry: Registry = defaultRegistry()): string {
  const byOp = new Map<string, OpRule[]>();
  for (const r of registry.all()) {
    const key = `${r.domain}\u0000${r.opType}`;
    byOp.set(key, [...(byOp.get(key) ?? []), r]);
  }
  const keys = [...byOp.keys()].sort((a, b) => {
    const [da, oa] = a.split('\u0000'), [db, ob] = b.split('\u0000');
    return domainRank(da) - domainRank(db) || da.localeCompare(db) || oa.localeCompare(ob);
  });
  const lines = [
    `${keys.length} operators, ${registry.all().length} rules (one per domain, operator and since-version).`,
    '',
    '| domain | operator | rule since | cost (FLOPs = 2 × MACs + other) | data movement |',
    '|---|---|---|---|---|',
  ];
  for (const key of keys) {
    const rules = [...byOp.get(key)!].sort((a, b) => a.since - b.since);
    // runs of consecutive versions with the same note and movement share one row
    const runs: OpRule[][] = [];
    for (const r of rules) {
      const last = runs[runs.length - 1];
      if (last && last[0].costNote === r.costNote && movementOf(last[0]) === movementOf(r)) last.push(r);
      else runs.push([r]);
    }
    for (const run of runs) {
      const r = run[0];
      lines.push(`| ${r.domain} | ${r.opType} | ${run.map((x) => x.since).join(', ')} | ${cell(r.costNote ?? '(no note)')} | ${movementOf(r)} |`);
    }
  }
  return lines.join('\n');
}

/** The document with its generated block replaced (markers must be present, once each, in order). */
export function withTable(doc: string, table: string): string {
  const b = doc.indexOf(BEGIN), e = doc.indexOf(END);
  if (b < 0 || e < b || doc.indexOf(BEGIN, b + 1) >= 0) throw new Error(`docs/COUNTING.md needs one ${BEGIN} … ${END} block`);
  return `${doc.slice(0, b + BEGIN.length)}\n${table}\n${doc.slice(e)}`;
}

/** The table currently committed between the markers. */
export function committedTable(doc: string): string {
  const b = doc.indexOf(BEGIN), e = doc.indexOf(END);
  if (b < 0 || e < b) throw new Error('markers missing');
  return doc.slice(b + BEGIN.length, e).trim();
}

function main(): void {
  const doc = fs.readFileSync(DOC_PATH, 'utf8');
  const table = renderTable();
  if (process.argv.includes('--check')) {
    if (committedTable(doc) !== table.trim()) {
      console.error('docs/COUNTING.md: the operator table is out of date; run scripts/generate-counting-table.ts');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(DOC_PATH, withTable(doc, table));
  console.log(`docs/COUNTING.md: table of ${defaultRegistry().all().length} rules written`);
}

if (require.main === module) main();
