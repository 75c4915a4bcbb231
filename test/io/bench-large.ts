/**
 * Decoder benchmark on a GPT-2-small-sized single-file model (not a jest test; run by hand):
 *   npx ts-node --transpile-only test/io/bench-large.ts [/tmp/gpt2-like.onnx]
 * Writes a sparse 626 MiB model shaped like GPT-2 small (wte/wpe, 12 layers of attention + MLP weights, untied
 * lm_head, ~2,700 nodes), then decodes it in a fresh process and prints wall time, CPU time and peak RSS.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { decodeModelFile } from '../../src/io';
import { writeSyntheticModel } from './synthetic';

const file = process.argv[3] ?? process.argv[2] ?? '/tmp/onnxscope-gpt2-like.onnx';

if (process.argv[2] === 'measure') {
  const rss0 = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const m = decodeModelFile(file);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const used = process.cpuUsage(cpu);
  const deferred = m.graph.initializers.filter((t) => t.data.kind === 'deferred').length;
  console.log(JSON.stringify({
    fileMiB: +(m.fileBytes / 2 ** 20).toFixed(1), nodes: m.graph.nodes.length, initializers: m.graph.initializers.length, deferred,
    wallMs: +ms.toFixed(1), cpuMs: +((used.user + used.system) / 1000).toFixed(1),
    rssBeforeMiB: +(rss0 / 2 ** 20).toFixed(1), peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
  }));
} else {
  const d = 768;
  const sizes: number[] = [50257 * d * 4, 1024 * d * 4];
  for (let layer = 0; layer < 12; layer++) {
    sizes.push(d * 4, d * 4, d * 3 * d * 4, 3 * d * 4, d * d * 4, d * 4, d * 4, d * 4, d * 4 * d * 4, 4 * d * 4, 4 * d * d * 4, d * 4);
  }
  sizes.push(d * 4, d * 4, 50257 * d * 4);
  const size = writeSyntheticModel(file, { nodes: 2700, initializerBytes: sizes });
  console.log(`wrote ${file}: ${(size / 2 ** 20).toFixed(1)} MiB, ${sizes.length} initializers`);
  for (let i = 0; i < 3; i++) {
    console.log(execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, 'measure', file], { encoding: 'utf8' }).trim());
  }
  if (!process.argv[2]) fs.rmSync(file);
}
