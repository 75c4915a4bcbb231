/**
 * diff's verdict (issue #18 item 7) through the built CLI: the verdict line, the table and the exit code agree for
 * every --metric and --tolerance; identical inputs say IDENTICAL; folded-only groups are not differences; unrelated
 * networks are flagged; a dynamic export against a static one gets the --dim bindings to use.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { cli, CORPUS, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const fx = (f: string): string => path.join(FIXTURES, f);
const corpus = (f: string): string => path.join(CORPUS, f);
const json = (args: string[]) => {
  const r = cli(['diff', ...args, '--json']);
  const d = JSON.parse(r.stdout);
  expect(validate('diff.schema.json', d)).toEqual([]);
  return { code: r.code, d };
};
/** The text's verdict line and its "(exit N)", checked against the process's exit code. */
const text = (args: string[]) => {
  const r = cli(['diff', ...args]);
  const line = r.stdout.split('\n').find((l) => l.startsWith('verdict: ')) ?? '';
  const m = /^verdict: ([A-Z ]+) \(exit (\d)\)/.exec(line);
  expect(m).not.toBeNull();
  expect(Number(m![2])).toBe(r.code);
  return { code: r.code, out: r.stdout, result: m![1] };
};

const STATIC = fx('seed_pytorch_static.onnx'), LOOP = fx('seed_tf_loop.onnx');

describe('diff verdicts: text, JSON and exit code agree', () => {
  it('a file diffed with itself is IDENTICAL and lists no differing group', () => {
    const t = text([LOOP, LOOP]);
    expect(t.result).toBe('IDENTICAL');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/aligned groups: 4 \(3 of 3 matched by MACs\); none differ/);
    expect(t.out).not.toMatch(/^\[(matched|prologue|changed)/m);
    const { d } = json([LOOP, LOOP]);
    expect(d.verdict).toEqual({ result: 'identical', metric: 'both', tolerancePct: 0, exitCode: 0 });
    expect(d.identity).toEqual({ graph: true, weights: 'equal', differingWeights: 0 });
    expect(d.groups.filter((g: { differs: boolean }) => g.differs)).toEqual([]);
    // --metric does not change identity
    for (const metric of ['macs', 'flops']) expect(text([LOOP, LOOP, '--metric', metric]).result).toBe('IDENTICAL');
  });

  it('a byte-identical copy, and the same bytes from standard input, are IDENTICAL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-diff-'));
    const copy = path.join(dir, 'copy.onnx');
    fs.copyFileSync(STATIC, copy);
    expect(text([STATIC, copy]).result).toBe('IDENTICAL');
    const r = cli(['diff', '-', STATIC], { stdin: fs.readFileSync(STATIC) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^verdict: IDENTICAL \(exit 0\): the same graph and weights/m);
  });

  it('the graph-only demo copy against its seed: IDENTICAL graph, weights not compared (they are not in the copy)', () => {
    const t = text([fx('demo/seed_pytorch_static.onnx'), STATIC]);
    expect(t.result).toBe('IDENTICAL');
    expect(t.out).toMatch(/weight values not compared/);
  });

  it('two exports of one network with equal MACs: --metric macs says SAME and exits 0; FLOPs differ by the Loop bookkeeping', () => {
    // MACs 124,904,960 on both (fixtures/README.md); FLOPs +194 = 2 per iteration × 97 (the Loop's Add and Less);
    // 194 / 250,806,304 = 0.0000773505 % → rounded away from zero to 2 significant digits: +0.000078 %
    const t = text([STATIC, LOOP, '--metric', 'macs']);
    expect(t.result).toBe('SAME');
    expect(t.code).toBe(0);
    expect(t.out).toMatch(/^ {2}MACs {2}124,904,960 on both$/m);
    expect(t.out).toMatch(/^ {2}FLOPs \+194 \(\+0\.000078%\): not gated \(--metric macs\)$/m);
    expect(t.out).toMatch(/^flops .* 194 +\+0\.000078%$/m);
    // gated on FLOPs (or both), the same 194 makes it DIFFERENT, exit 1
    for (const metric of ['flops', 'both']) {
      const u = text([STATIC, LOOP, '--metric', metric]);
      expect([metric, u.result, u.code]).toEqual([metric, 'DIFFERENT', 1]);
    }
  });

  it('--tolerance at the boundary: the shown % and the verdict never disagree', () => {
    // 194 · 100 · 10^7 = 194,000,000,000 > 773 · 250,806,304 = 193,873,272,992: beyond 0.0000773 %, shown at 7
    // decimals as ceil(773.505) = +0.0000774 %; 774 · 250,806,304 = 194,124,079,296 ≥ it: within 0.0000774 %
    const beyond = text([STATIC, LOOP, '--metric', 'flops', '--tolerance', '0.0000773']);
    expect([beyond.result, beyond.code]).toEqual(['DIFFERENT', 1]);
    expect(beyond.out).toMatch(/FLOPs \+194 \(\+0\.0000774%\): beyond 0\.0000773%/);
    const within = text([STATIC, LOOP, '--metric', 'flops', '--tolerance', '0.0000774']);
    expect([within.result, within.code]).toEqual(['WITHIN TOLERANCE', 0]);
    expect(within.out).toMatch(/FLOPs \+194 \(\+0\.0000774%\): within 0\.0000774%/);
  });

  it('dtln Keras vs PyTorch at --tolerance 0.03: the table does not show 0.03 % for a 0.035 % difference', () => {
    // For each tolerance: the exit code, the verdict and the table's FLOPs % agree, and the JSON's integers decide
    // it the same way (|B − A| · 100 · 10^d ≤ t · 10^d · |A|, computed here).
    const a = corpus('dtln_stage1_keras.onnx'), b = corpus('dtln_stage1_pytorch.onnx');
    const { d } = json([a, b]);
    const flops = d.summary.find((m: { metric: string }) => m.metric === 'flops');
    const delta = BigInt(flops.b) - BigInt(flops.a);
    for (const [tol, num, scale] of [['0.03', 3n, 2n], ['0.035', 35n, 3n], ['0.036', 36n, 3n], ['0.04', 4n, 2n]] as const) {
      const within = (delta < 0n ? -delta : delta) * 100n * 10n ** scale <= num * BigInt(flops.a);
      const t = text([a, b, '--metric', 'flops', '--tolerance', tol]);
      const shown = Number(/^flops .* ([+-][\d.]+)%$/m.exec(t.out)![1]);
      expect([tol, t.code, shown <= Number(tol)]).toEqual([tol, within ? 0 : 1, within]);
      expect(t.result).toBe(within ? 'WITHIN TOLERANCE' : 'DIFFERENT');
    }
  });

  it('the JSON verdict is the exit code (both metrics gated by default)', () => {
    const { code, d } = json([STATIC, fx('seed_pytorch_stride2.onnx')]);
    // stride (2, 2): 63,096,320 MACs against 124,904,960 (fixtures/README.md)
    expect(d.verdict).toEqual({ result: 'different', metric: 'both', tolerancePct: 0, exitCode: 1 });
    expect(code).toBe(1);
    const t = text([STATIC, fx('seed_pytorch_stride2.onnx')]);
    // −61,808,640 / 124,904,960 = −49.4845…% → −49.49 %
    expect(t.out).toMatch(/^ {2}MACs {2}-61,808,640 \(-49\.49%\): beyond 0%$/m);
  });
});

describe('diff: groups, warnings and hints', () => {
  it('gtcrn vs its simplified copy: groups whose only difference is folded Constants are not listed', () => {
    const { d } = json([corpus('gtcrn.onnx'), corpus('gtcrn_simplified.onnx')]);
    type G = { differs: boolean; deltaFlops: string; deltaMacs: string; a: { opTypes: Record<string, number> }; b: { opTypes: Record<string, number> }; explanations: string[] };
    // Constant nodes are always folded: a group whose tallies are equal once Constants are dropped, with equal counts
    const constantsOnly = (g: G): boolean => {
      const drop = (o: Record<string, number>): string => JSON.stringify(Object.entries(o).filter(([k]) => k !== 'Constant').sort());
      return drop(g.a.opTypes) === drop(g.b.opTypes) && (g.a.opTypes.Constant ?? 0) !== (g.b.opTypes.Constant ?? 0) && g.deltaFlops === '0' && g.deltaMacs === '0';
    };
    const folded = d.groups.filter(constantsOnly);
    expect(folded.length).toBeGreaterThan(0);
    for (const g of folded) {
      expect(g.differs).toBe(false);
      expect(g.explanations.join(' ')).toMatch(/folded at analysis time .* not a difference/);
    }
    const t = text([corpus('gtcrn.onnx'), corpus('gtcrn_simplified.onnx')]);
    const shown = t.out.split('\n').filter((l) => /^\[\w+\] /.test(l)).length;
    expect(shown).toBe(d.groups.filter((g: G) => g.differs).length);
    expect(t.result).toBe('SAME');
  });

  it('unrelated networks get a warning; exports of one network do not', () => {
    // Inception v1 and ResNet50 share one contraction by MACs: the first 7×7 Conv, 64 filters over 3×224×224 at
    // stride 2 → 64·112·112 outputs × 3·7·7 = 118,013,952 MACs in both
    const { d } = json([corpus('light_inception_v1.onnx'), corpus('light_resnet50.onnx')]);
    expect(d.alignment.matched).toBe(1);
    expect(d.warnings.join(' ')).toMatch(new RegExp(`look like different networks: 1 of ${d.alignment.groups} aligned groups matched`));
    expect(text([corpus('light_inception_v1.onnx'), corpus('light_resnet50.onnx')]).out).toMatch(/^warning: the models look like different networks/m);
    expect(json([corpus('light_squeezenet.onnx'), corpus('light_resnet50.onnx')]).d.warnings).toHaveLength(1);
    for (const [a, b] of [[STATIC, LOOP], [STATIC, fx('seed_pytorch_stride2.onnx')], [fx('seed_pytorch_dynamic.onnx'), STATIC],
      [fx('encoder_opset13.onnx'), fx('encoder_opset17.onnx')], [corpus('dtln_stage1_keras.onnx'), corpus('dtln_stage1_pytorch.onnx')]]) {
      expect([a, json([a, b]).d.warnings]).toEqual([a, []]);
    }
  });

  it('dynamic export vs static: a hint to bind the dims to the static sizes, and with them the verdict is SAME', () => {
    // dynamic input batch×1×time×256 against the static 1×1×100×256: batch = 1, time = 100
    const t = text([fx('seed_pytorch_dynamic.onnx'), STATIC]);
    expect([t.result, t.code]).toEqual(['DIFFERENT', 1]);
    expect(t.out).toMatch(/^hint: the totals are polynomials in batch, time on A/m);
    expect(t.out.replace(/\s+/g, ' ')).toContain('(--dim batch=1 --dim time=100, the sizes the other model was exported with)');
    // MACs at batch 1, time 100: 1,287,680 · 1 · (100 − 3) = 124,904,960 = the static export's (fixtures/README.md)
    const bound = text([fx('seed_pytorch_dynamic.onnx'), STATIC, '--dim', 'batch=1', '--dim', 'time=100']);
    expect([bound.result, bound.code]).toEqual(['SAME', 0]);
    expect(bound.out).toMatch(/^ {2}MACs {2}124,904,960 on both$/m);
    expect(bound.out).not.toMatch(/^hint:/m);
  });
});

describe('diff text: 100 columns, one number format', () => {
  it.each([
    [fx('seed_pytorch_dynamic.onnx'), STATIC],
    [fx('gpt2_tiny_past.onnx'), fx('gpt2_tiny_past.onnx')],
    [fx('real/genai_tiny-random-gpt2-fp32_past.onnx'), fx('real/genai_tiny-random-gpt2-fp16-cuda_past.onnx')],
    [corpus('gtcrn.onnx'), corpus('gtcrn_simplified.onnx')],
  ])('%s vs %s --all: no line over 100 columns; the verdict still first on its line', (a, b) => {
    const t = text([a, b, '--all']);
    expect(Math.max(...t.out.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
  });

  it("the family table's node tallies have thousands separators (gtcrn: over a thousand data-movement nodes)", () => {
    const out = text([corpus('gtcrn.onnx'), corpus('gtcrn_simplified.onnx')]).out;
    const family = out.split('\n').filter((l) => /^(matrix|convolution|recurrent|activation|elementwise|reduction|data movement) /.test(l));
    expect(family.length).toBeGreaterThan(3);
    expect(family.filter((l) => /\b\d{4,}\b/.test(l))).toEqual([]);
    expect(family.some((l) => /\b\d{1,3}(,\d{3})+\b/.test(l))).toBe(true);
  });
});
