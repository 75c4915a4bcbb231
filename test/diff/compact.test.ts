/**
 * `onnxscope diff` keeps one full analysis at a time (src/diff/side.ts, issue #17): each side is reduced to what the
 * diff reads before the other is analyzed. Its JSON must be byte for byte the diff of the two full analyses (the
 * path before the change, still the library's): same groups, same explanations, same verdict.
 */
import fs from 'fs';
import path from 'path';
import { analyzeModel, loadModel } from '../../src/analyze';
import { parseInputShapes } from '../../src/cli/args';
import { diffAnalyses, diffSides } from '../../src/diff/diff';
import { compactSide, fullSide } from '../../src/diff/side';
import { toJson } from '../../src/render/json';
import { cli, CORPUS, FIXTURES } from '../helpers/cli';

const fx = (f: string): string => path.join(FIXTURES, f);
const PAIRS: [string, string, string[]][] = [
  [fx('seed_pytorch_static.onnx'), fx('seed_tf_rewritten.onnx'), []],
  [fx('seed_pytorch_static.onnx'), fx('seed_tf_loop.onnx'), []], // GRU against its Loop: the Loop body is read
  [fx('seed_tf_rewritten.onnx'), fx('seed_tf_loop.onnx'), ['--metric', 'macs']],
  [fx('seed_pytorch_dynamic.onnx'), fx('seed_pytorch_static.onnx'), []], // symbolic totals: the --dim hint
  [fx('seed_pytorch_static.onnx'), fx('seed_pytorch_stride2.onnx'), ['--tolerance', '5']], // a changed Conv: attributes, shapes
  [fx('encoder_opset13.onnx'), fx('encoder_opset17.onnx'), []], // LayerNormalization fused against decomposed
  [path.join(CORPUS, 'dtln_stage1_keras.onnx'), path.join(CORPUS, 'dtln_stage1_pytorch.onnx'), []], // recurrent biases, packed inputs
  [path.join(CORPUS, 'gtcrn.onnx'), path.join(CORPUS, 'gtcrn_simplified.onnx'), []],
  [fx('seed_tf_loop.onnx'), fx('seed_tf_loop.onnx'), []], // identical: the structure digest
];

const opts = (extra: string[]): { tolerancePct: number; metric?: 'macs' } => ({
  tolerancePct: extra[0] === '--tolerance' ? Number(extra[1]) : 0,
  ...(extra[0] === '--metric' ? { metric: 'macs' as const } : {}),
});

describe('diff from compact sides', () => {
  it.each(PAIRS)('%s vs %s %j: the CLI JSON equals the diff of the full analyses', (a, b, extra) => {
    const r = cli(['diff', a, b, '--json', ...extra]);
    expect(r.stderr).toBe('');
    const full = diffAnalyses(analyzeModel(loadModel(a)), analyzeModel(loadModel(b)), opts(extra));
    expect(r.stdout).toBe(toJson(full, true) + '\n');
    expect(r.code).toBe(full.verdict.exitCode);
  });

  it('model B from standard input (read once, after A is summarized) and --input (both models checked first)', () => {
    const a = fx('seed_pytorch_static.onnx'), b = fx('seed_tf_rewritten.onnx');
    const bytes = fs.readFileSync(b);
    const r = cli(['diff', a, '-', '--json'], { stdin: bytes });
    const full = diffAnalyses(analyzeModel(loadModel(a)), analyzeModel(loadModel(bytes, '<stdin>')));
    expect(r.stdout).toBe(toJson(full, true) + '\n');
    const d = fx('seed_pytorch_dynamic.onnx');
    const input = `${loadModel(d).graph.inputs[0].name}=1x1x100x256`;
    const r2 = cli(['diff', d, a, '--json', '--input', input]);
    const inputShapes = parseInputShapes([input]);
    const full2 = diffAnalyses(analyzeModel(loadModel(d), { inputShapes }), analyzeModel(loadModel(a), { inputShapes }));
    expect(r2.stderr).toBe('');
    expect(r2.stdout).toBe(toJson(full2, true) + '\n');
  });

  it('a compact side keeps every node, and the whole result of contractions and LayerNormalization', () => {
    const x = analyzeModel(loadModel(fx('encoder_opset17.onnx')), { memory: false });
    const c = compactSide(x), f = fullSide(x);
    expect(c.nodes.length).toBe(f.nodes.length);
    c.nodes.forEach((r, i) => {
      const o = f.nodes[i];
      expect([r.node.opType, r.status]).toEqual([o.node.opType, o.status]);
      const whole = o.node.opType === 'LayerNormalization' || (o.cost.kind === 'compute' && o.cost.macs.value !== 0n);
      if (whole) expect(r).toBe(o);
      else expect(r.inputs).toHaveLength(0);
    });
    expect(toJson(diffSides(c, c), false)).toBe(toJson(diffSides(f, f), false));
  });
});
