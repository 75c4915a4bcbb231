/**
 * `npm start`: the point of the tool in one command. Analyzes the seed model as exported four ways (PyTorch static
 * and dynamic, two reconstructions of tf2onnx's output) and shows that their compute agrees.
 */
import fs from 'fs';
import path from 'path';
import { Analysis, analyzeModel, loadModel } from '../analyze';
import { explain } from '../conventions/explain';
import { packageRoot } from '../package-root';
import { Report } from '../count/report-types';
import { human, withSeparators } from '../render/format';
import { renderAnalysis } from '../render/text/analyze';
import { renderExplanation } from '../render/explain-text';
import { renderTable } from '../render/table';
import { reportError, writeOut } from './run';

export const SEED_FIXTURES = ['seed_pytorch_static.onnx', 'seed_pytorch_dynamic.onnx', 'seed_tf_rewritten.onnx', 'seed_tf_loop.onnx'];

export function fixturesDir(): string {
  return path.join(packageRoot(), 'fixtures');
}

/** The seed input is 1×1×100×256: the dynamic export's symbols bound to it. */
const SEED_BINDINGS = new Map<string, bigint>([['batch', 1n], ['time', 100n]]);

export async function runDemo(): Promise<number> {
  const reports: Report[] = [];
  const formulas: string[] = [];
  let pytorchSeed: Analysis | undefined;
  for (const name of SEED_FIXTURES) {
    const file = path.join(fixturesDir(), name);
    if (!fs.existsSync(file)) continue;
    try {
      const model = loadModel(file); // decoded once, inferred symbolically and, if need be, bound
      const first = analyzeModel(model);
      const symbolic = first.report;
      if (name === 'seed_pytorch_static.onnx') pytorchSeed = first;
      if (symbolic.totals.symbols.length) {
        formulas.push(`${name}: MACs = ${withSeparators(symbolic.totals.macs)} for any ${symbolic.totals.symbols.join(', ')}`);
      }
      const report = symbolic.totals.symbols.length ? analyzeModel(model, { dims: SEED_BINDINGS }).report : symbolic;
      reports.push(report);
      await writeOut(renderAnalysis(report, 'op') + '\n\n');
    } catch (e) {
      return reportError(e);
    }
  }
  if (reports.length === 0) {
    process.stderr.write(`onnxscope: no seed fixtures found in ${fixturesDir()}\n`);
    return 2;
  }
  await writeOut('The same network, exported four ways (Conv2D(32, 4×4, stride (1,2)) → GRU(96) → Dense(256) on 1×1×100×256):\n\n');
  await writeOut(renderTable(
    [{ header: 'export' }, { header: 'nodes', align: 'right' }, { header: 'MACs', align: 'right' }, { header: 'FLOPs', align: 'right' }, { header: 'exact' }],
    reports.map((r) => [path.basename(r.model.path) + (Object.keys(r.bindings.dims).length ? ' (batch=1, time=100)' : ''), String(r.totals.nodes),
      `${withSeparators(r.totals.macs)} (${human(r.totals.macs)})`, `${withSeparators(r.totals.flops)} (${human(r.totals.flops)})`, r.totals.exact ? 'yes' : 'no']),
  ) + '\n');
  for (const f of formulas) await writeOut(`\n${f}`);
  const macs = new Set(reports.map((r) => r.totals.macs));
  await writeOut(macs.size === 1
    ? `\n\nAll ${reports.length} exports count ${withSeparators(reports[0].totals.macs)} MACs.\n`
    : '\n\nThe exports disagree on MACs: run `onnxscope diff A B` to see where.\n');
  const base = reports[0];
  for (const r of reports.slice(1)) {
    if (r.totals.flops === base.totals.flops) continue;
    await writeOut(`${path.basename(r.model.path)} counts ${withSeparators((BigInt(r.totals.flops) - BigInt(base.totals.flops)).toString())} FLOPs more than ` +
      `${path.basename(base.model.path)}: see why with\n  onnxscope diff ${path.relative(process.cwd(), base.model.path)} ${path.relative(process.cwd(), r.model.path)}\n`);
  }
  if (pytorchSeed) {
    // The other half of the seed's question: why thop, ptflops, fvcore, TF's profiler and onnx-tool say otherwise.
    await writeOut('\nWhy other tools say something else (onnxscope explain):\n\n' + renderExplanation(explain(pytorchSeed)) + '\n');
  }
  return 0;
}
