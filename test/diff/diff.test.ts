import path from 'path';
import { cli, CORPUS, FIXTURES } from '../helpers/cli';
import { validate } from '../helpers/schema';

const fx = (f: string): string => path.join(FIXTURES, f);
const diffJson = (a: string, b: string, ...extra: string[]) => {
  const r = cli(['diff', a, b, '--json', ...extra]);
  return { code: r.code, stderr: r.stderr, d: r.stdout ? JSON.parse(r.stdout) : undefined };
};

interface Group { kind: string; deltaFlops: string; a: { opTypes: Record<string, number> }; b: { opTypes: Record<string, number> } }
const sorted = (o: Record<string, number>): string => JSON.stringify(Object.entries(o).sort());
/** A group differs when its FLOPs or its operators differ, or when it has no counterpart. */
const differs = (g: Group): boolean => g.deltaFlops !== '0' || sorted(g.a.opTypes) !== sorted(g.b.opTypes) || g.kind === 'onlyA' || g.kind === 'onlyB' || g.kind === 'changed';

describe('onnxscope diff', () => {
  // The four seed exports all hold 124,904,960 MACs (6,307,328 Conv + 116,213,760 GRU + 2,383,872 Dense; see test/cli).
  const SEEDS = ['seed_pytorch_static.onnx', 'seed_tf_rewritten.onnx', 'seed_tf_loop.onnx'];
  const pairs = SEEDS.flatMap((a, i) => SEEDS.slice(i + 1).map((b) => [a, b] as const));

  it.each(pairs)('%s vs %s: MACs agree (exit 0 on --metric macs), every FLOPs difference explained', (a, b) => {
    const { code, d } = diffJson(fx(a), fx(b), '--metric', 'macs');
    expect(validate('diff.schema.json', d)).toEqual([]);
    expect(d.agree.macs).toBe(true);
    expect(code).toBe(0);
    for (const g of d.groups) if (differs(g)) expect(g.explanations.length).toBeGreaterThan(0);
  });

  it('the GRU op and its Loop-cell reconstruction are matched as one group and named', () => {
    const { d } = diffJson(fx('seed_pytorch_static.onnx'), fx('seed_tf_loop.onnx'));
    const g = d.groups.find((x: { anchorA: string | null }) => x.anchorA?.startsWith('GRU'));
    expect(g.kind).toBe('matched');
    expect(g.anchorB).toMatch(/^Loop/);
    expect(g.explanations.join(' ')).toMatch(/written out on B as Loop/);
  });

  it("the Loop's +194 FLOPs are named as its per-iteration bookkeeping", () => {
    // tf2onnx's loop adds, per iteration, the counter increment (Add) and the condition Less(i + 1, T): 2 scalar
    // FLOPs × 97 iterations = 194 more than the GRU op, whose cell arithmetic is otherwise identical.
    const { d } = diffJson(fx('seed_tf_rewritten.onnx'), fx('seed_tf_loop.onnx'));
    expect(d.summary.find((m: { metric: string }) => m.metric === 'flops').delta).toBe('194');
    const text = d.groups.flatMap((g: { explanations: string[] }) => g.explanations).join('\n');
    expect(text).toMatch(/2 FLOPs per iteration × 97 iterations = 194/);
  });

  it('a real difference (Conv stride (1,2) → (2,2)) is found, named, and exits 1', () => {
    // stride (2,2): output 49×127, so MACs halve roughly: Conv 32·49·127·16 = 3,186,176 (was 6,307,328)
    const { code, d } = diffJson(fx('seed_pytorch_static.onnx'), fx('seed_pytorch_stride2.onnx'));
    expect(code).toBe(1);
    expect(d.agree.macs).toBe(false);
    const conv = d.groups.find((x: { anchorA: string | null }) => x.anchorA?.startsWith('Conv'));
    expect(conv.kind).toBe('changed');
    expect(conv.explanations.join(' ')).toMatch(/strides \[1, 2\] vs \[2, 2\]/);
    expect(conv.explanations.join(' ')).toMatch(/MACs 6,307,328 vs 3,186,176/);
  });

  it('gtcrn vs gtcrn_simplified: same compute (exit 0), the shape arithmetic reported as folded on one side', () => {
    const { code, d } = diffJson(path.join(CORPUS, 'gtcrn.onnx'), path.join(CORPUS, 'gtcrn_simplified.onnx'));
    expect(d.agree).toEqual({ macs: true, flops: true });
    expect(code).toBe(0);
    expect(d.explanations.join(' ')).toMatch(/folded at analysis time/);
  });

  it('dtln Keras vs PyTorch: MACs equal, every differing group explained', () => {
    const { d } = diffJson(path.join(CORPUS, 'dtln_stage1_keras.onnx'), path.join(CORPUS, 'dtln_stage1_pytorch.onnx'));
    expect(d.agree.macs).toBe(true);
    for (const g of d.groups) if (differs(g)) expect(g.explanations.length).toBeGreaterThan(0);
  });

  it('encoder at opset 13 (LayerNorm decomposed) vs 17 (fused): MACs equal, LayerNorm groups matched and named', () => {
    const { code, d } = diffJson(fx('encoder_opset13.onnx'), fx('encoder_opset17.onnx'), '--tolerance', '0.5');
    expect(d.agree.macs).toBe(true);
    expect(code).toBe(0);
    const text = d.groups.flatMap((g: { explanations: string[] }) => g.explanations).join('\n');
    expect(text).toMatch(/LayerNormalization ×?\d* ?fused on B; decomposed on A into .*ReduceMean/);
    // per LayerNorm: 16 rows (sequence 16, batch 1) × 3 FLOPs (the body's E[x]², its subtraction and Reciprocal per
    // row against PyTorch's chain; docs/COUNTING.md) = 48, named on each of the two LayerNorm groups
    expect(text.match(/costs 3 FLOPs per normalized row more × 16 rows = 48/g)).toHaveLength(2);
  });

  it('bad input exits 2 with one line naming the file', () => {
    const r = cli(['diff', fx('seed_pytorch_static.onnx'), path.join(FIXTURES, 'missing.onnx')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('missing.onnx');
  });
});
