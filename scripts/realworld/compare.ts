/**
 * onnxscope against the independent count: for every model of an independent-count JSON (default
 * fixtures/real/expected.json), analyze it with the input shapes of the run and print where MACs, FLOPs,
 * transcendentals or parameters differ, and by how much per op type.
 *
 *   npx ts-node --transpile-only scripts/realworld/compare.ts [expected.json] [--all]
 *
 * --all also prints the models that agree.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/index';
import { Dim } from '../../src/ir/dim';
import { P } from '../../src/ir/poly';

interface OpCounts { nodes: number; macs: string; flops: string; transcendentals: string }
interface Expected {
  complete: boolean;
  error?: string;
  inputs?: Record<string, number[]>;
  macs?: string; flops?: string; transcendentals?: string; params?: string;
  byOp?: Record<string, OpCounts>;
}

export function shapesOf(inputs: Record<string, number[]>): Map<string, Dim[]> {
  return new Map(Object.entries(inputs).map(([k, v]) => [k, v.map((d) => P.n(BigInt(d)))]));
}

function main(): void {
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const file = args.find((a) => !a.startsWith('--')) ?? path.join(__dirname, '..', '..', 'fixtures', 'real', 'expected.json');
  const dir = path.dirname(file);
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { models: Record<string, Expected> };
  let agree = 0;
  for (const [name, exp] of Object.entries(doc.models)) {
    if (!exp.inputs) continue;
    const r = analyze(path.join(dir, name), { inputShapes: shapesOf(exp.inputs) });
    const t = r.totals;
    const diffs: string[] = [];
    for (const key of ['macs', 'flops', 'transcendentals', 'params'] as const) {
      if (t[key] !== exp[key]) diffs.push(`${key} ${t[key]} vs independent ${exp[key]}`);
    }
    if (t.uncountedNodes > 0) diffs.push(`${t.uncountedNodes} uncounted`);
    if (!exp.complete) diffs.push('independent count incomplete');
    if (diffs.length === 0) agree++;
    if (diffs.length === 0 && !all) continue;
    console.log(`${name}: ${diffs.join('; ') || 'agrees'}`);
    for (const op of r.byOpType) {
      const key = `${op.domain || 'ai.onnx'}:${op.opType}`;
      const e = exp.byOp?.[key];
      if (e && (e.macs !== op.macs || e.flops !== op.flops)) {
        console.log(`    ${key} ×${op.nodes}: macs ${op.macs} vs ${e.macs}, flops ${op.flops} vs ${e.flops}`);
      }
    }
  }
  console.log(`${agree} of ${Object.keys(doc.models).length} models agree on every total`);
}

if (require.main === module) main();
