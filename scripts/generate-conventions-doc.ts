/**
 * Generates the two tables of docs/CONVENTIONS.md that must not drift from the code:
 *   - the rule table of every profile (op types, what the tool counts, repository@commit:file:function), from
 *     the profiles themselves, between <!-- BEGIN GENERATED RULES --> and <!-- END GENERATED RULES -->;
 *   - the reference results, each real tool's number (fixtures/conventions/references.json) beside the
 *     profile's on the same model, between <!-- BEGIN GENERATED RESULTS --> and <!-- END GENERATED RESULTS -->.
 * test/conventions/conventions-doc.test.ts and references.test.ts fail when the committed tables are stale.
 *
 *   npx ts-node --transpile-only scripts/generate-conventions-doc.ts           # rewrite docs/CONVENTIONS.md
 */
import fs from 'fs';
import path from 'path';
import { analyzeModel, loadModel } from '../src/analyze';
import { applyProfile, scopeModeOf } from '../src/conventions/apply';
import { PROFILES, profileById } from '../src/conventions/profiles';
import { isUnknown, Profile } from '../src/conventions/types';
import { withSeparators } from '../src/count/format';

export const DOC_PATH = path.join(__dirname, '..', 'docs', 'CONVENTIONS.md');
export const REFERENCES = path.join(__dirname, '..', 'fixtures', 'conventions', 'references.json');
const RULES = ['<!-- BEGIN GENERATED RULES -->', '<!-- END GENERATED RULES -->'] as const;
const RESULTS = ['<!-- BEGIN GENERATED RESULTS -->', '<!-- END GENERATED RESULTS -->'] as const;

/** The tool columns of references.json, by profile id. */
export const REFERENCE_COLUMNS: readonly (readonly [string, string])[] = [
  ['thop', 'thop'], ['ptflops', 'ptflops_pytorch'], ['ptflops-aten', 'ptflops_aten'], ['fvcore', 'fvcore'], ['onnx-tool', 'onnx_tool'],
];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** One table per profile; rules sharing description and citation share a row. */
export function renderRuleTables(profiles: readonly Profile[] = PROFILES): string {
  const out: string[] = [];
  for (const p of profiles) {
    out.push(`#### ${p.id} — ${p.tool} (${p.unit}; ${p.source.repository}@${p.source.commit})`, '', '| ONNX op | what the tool counts | source |', '|---|---|---|');
    const rows = new Map<string, string[]>();
    for (const r of p.rules) {
      const key = `${r.what}\u0000${r.cite}`;
      rows.set(key, [...(rows.get(key) ?? []), r.opType]);
    }
    for (const [key, ops] of rows) {
      const [what, cite] = key.split('\u0000');
      out.push(`| ${ops.join(', ')} | ${cell(what)} | \`${cell(cite)}\` |`);
    }
    const folded = p.folded === 'count' ? 'counted by the rules above (the tool walks a graph that contains them)' : '0 (never seen by the tool)';
    const subgraphs = { once: 'the body counted once', zero: '0: the tool has no profiler for them, the body is never counted', 'not-modelled': 'uncounted under the profile (the tool never meets one)' }[p.subgraphs];
    out.push(`| any other op | ${cell(p.otherwise)} | |`, '',
      `Shape arithmetic folded by onnxscope: ${folded}. If / Loop / Scan: ${subgraphs}.`, '');
  }
  return out.join('\n').trim();
}

export interface ResultRow { name: string; what: string; tool: Record<string, bigint>; profile: Record<string, bigint> }

export function renderResults(rows: readonly ResultRow[]): string {
  const ids = REFERENCE_COLUMNS.map(([id]) => id);
  const lines = [`| model | ${ids.join(' | ')} |`, `|---|${ids.map(() => '---:').join('|')}|`];
  let exact = 0, close = 0, total = 0;
  for (const r of rows) {
    const cells = ids.map((id) => {
      const t = r.tool[id], p = r.profile[id];
      total++;
      if (t === p) { exact++; close++; return `${withSeparators(t.toString())} ✓`; }
      const pct = Number(p - t) * 100 / Number(t);
      if (Math.abs(pct) <= 1) close++;
      return `${withSeparators(t.toString())} (profile ${withSeparators(p.toString())}, ${pct > 0 ? '+' : ''}${pct.toFixed(2)}%)`;
    });
    lines.push(`| ${r.name} | ${cells.join(' | ')} |`);
  }
  lines.push('', `${exact} of ${total} figures reproduced exactly, ${close} within 1 %. ✓: the profile gives the tool's number.`);
  return lines.join('\n');
}

/** Runs every profile on every reference model. */
export function computeResults(): ResultRow[] {
  const refs = JSON.parse(fs.readFileSync(REFERENCES, 'utf8')) as { models: (Record<string, unknown> & { name: string; what: string; file: string })[] };
  return refs.models.map((m) => {
    const a = analyzeModel(loadModel(path.join(path.dirname(REFERENCES), m.file)));
    const tool: Record<string, bigint> = {}, profile: Record<string, bigint> = {};
    for (const [id, column] of REFERENCE_COLUMNS) {
      tool[id] = BigInt(m[column] as number);
      let sum = 0n;
      for (const c of applyProfile(profileById(id)!, a.inference, scopeModeOf(a.model)).values()) {
        if (isUnknown(c)) throw new Error(`${m.name}/${id}: ${c.unknown}`);
        sum += c.count.value!;
      }
      profile[id] = sum;
    }
    return { name: m.name, what: m.what, tool, profile };
  });
}

export function block(doc: string, markers: readonly [string, string]): string {
  const b = doc.indexOf(markers[0]), e = doc.indexOf(markers[1]);
  if (b < 0 || e < b) throw new Error(`docs/CONVENTIONS.md needs ${markers[0]} … ${markers[1]}`);
  return doc.slice(b + markers[0].length, e).trim();
}

function replaceBlock(doc: string, markers: readonly [string, string], text: string): string {
  const b = doc.indexOf(markers[0]), e = doc.indexOf(markers[1]);
  if (b < 0 || e < b) throw new Error(`docs/CONVENTIONS.md needs ${markers[0]} … ${markers[1]}`);
  return `${doc.slice(0, b + markers[0].length)}\n${text}\n${doc.slice(e)}`;
}

export const MARKERS = { rules: RULES, results: RESULTS };

function main(): void {
  let doc = fs.readFileSync(DOC_PATH, 'utf8');
  doc = replaceBlock(doc, RULES, renderRuleTables());
  doc = replaceBlock(doc, RESULTS, renderResults(computeResults()));
  fs.writeFileSync(DOC_PATH, doc);
  console.log('docs/CONVENTIONS.md: rule tables and reference results written');
}

if (require.main === module) main();
