/**
 * `npm start`: the point of the tool in one command. Analyzes the seed model as exported four ways (PyTorch static
 * and dynamic, two reconstructions of tf2onnx's output) and shows that their compute agrees.
 */
import fs from 'fs';
import path from 'path';
import { analyze } from '../analyze';
import { Report } from '../count/report-types';
import { human, withSeparators } from './render/format';
import { renderAnalysis } from './render/analyze-text';
import { renderTable } from './render/table';
import { reportError, writeOut } from './run';

export const SEED_FIXTURES = ['seed_pytorch_static.onnx', 'seed_pytorch_dynamic.onnx', 'seed_tf_rewritten.onnx', 'seed_tf_loop.onnx'];

export function fixturesDir(): string {
  return path.join(__dirname, '..', '..', 'fixtures');
}

export async function runDemo(): Promise<number> {
  const reports: Report[] = [];
  for (const name of SEED_FIXTURES) {
    const file = path.join(fixturesDir(), name);
    if (!fs.existsSync(file)) continue;
    try {
      const report = analyze(file);
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
    reports.map((r) => [path.basename(r.model.path), String(r.totals.nodes), `${withSeparators(r.totals.macs)} (${human(r.totals.macs)})`,
      `${withSeparators(r.totals.flops)} (${human(r.totals.flops)})`, r.totals.exact ? 'yes' : 'no']),
  ) + '\n');
  const macs = new Set(reports.map((r) => r.totals.macs));
  await writeOut(macs.size === 1
    ? `\nAll ${reports.length} exports count ${withSeparators(reports[0].totals.macs)} MACs. Where FLOPs differ, \`onnxscope diff\` shows which nodes and why.\n`
    : '\nThe exports disagree on MACs: run `onnxscope diff A B` to see where.\n');
  return 0;
}
