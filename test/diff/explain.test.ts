import { analyzeModel } from '../../src/analyze';
import { diffAnalyses } from '../../src/diff/diff';
import { f32, model, node, weight } from '../helpers/builders';

const diffOf = (a: ReturnType<typeof model>, b: ReturnType<typeof model>) => diffAnalyses(analyzeModel(a), analyzeModel(b));
const explanations = (d: ReturnType<typeof diffOf>): string => [...d.groups.flatMap((g) => g.explanations), ...d.explanations].join('\n');

describe('diff explanations on built pairs', () => {
  it('BatchNormalization folded into the Conv weights', () => {
    // Conv 1→4 channels, 3×3 on 1×1×8×8 (no padding): output 4×6×6 = 144 elements; BN = 2 FLOPs per element = 288
    const conv = [node('Conv', ['x', 'w', 'b'], ['c'], {}, { name: 'conv' })];
    const inits = [weight('w', [4, 1, 3, 3]), weight('b', [4])];
    const a = model([...conv, node('BatchNormalization', ['c', 's', 'bb', 'm', 'v'], ['y'], {}, { name: 'bn' })], {
      inputs: { x: f32(1, 1, 8, 8) }, initializers: [...inits, weight('s', [4]), weight('bb', [4]), weight('m', [4]), weight('v', [4])], opset: 13,
    });
    const b = model(conv, { inputs: { x: f32(1, 1, 8, 8) }, initializers: inits, opset: 13 });
    const d = diffOf(a, b);
    expect(d.agree.macs).toBe(true);
    expect(d.summary.find((m) => m.metric === 'flops')!.delta).toBe('-288');
    expect(explanations(d)).toMatch(/BatchNormalization on A is folded into Conv 'conv''s weights on B \(288 FLOPs on A only\)/);
  });

  it('a bias merged into Gemm against MatMul + Add: same FLOPs, named', () => {
    // [2, 3] × [3, 4]: 24 MACs; bias 8 adds either way
    const inits = [weight('w', [3, 4]), weight('bias', [4])];
    const a = model([node('Gemm', ['x', 'w', 'bias'], ['y'], {}, { name: 'gemm' })], { inputs: { x: f32(2, 3) }, initializers: inits, opset: 13 });
    const b = model([node('MatMul', ['x', 'w'], ['t'], {}, { name: 'mm' }), node('Add', ['t', 'bias'], ['y'], {}, { name: 'add' })],
      { inputs: { x: f32(2, 3) }, initializers: inits, opset: 13 });
    const d = diffOf(a, b);
    expect(d.agree).toEqual({ macs: true, flops: true });
    expect(explanations(d)).toMatch(/bias merged into Gemm 'gemm' on A, a separate Add on B/);
  });

  it('a different activation', () => {
    // MatMul [2, 3] × [3, 4] then Relu (1 per element) vs LeakyRelu (Less + Mul: 2 per element): 8 more FLOPs on B
    const inits = [weight('w', [3, 4])];
    const act = (op: string) => model([node('MatMul', ['x', 'w'], ['t'], {}, { name: 'mm' }), node(op, ['t'], ['y'], {}, { name: 'act' })],
      { inputs: { x: f32(2, 3) }, initializers: inits, opset: 16 });
    const d = diffOf(act('Relu'), act('LeakyRelu'));
    expect(d.summary.find((m) => m.metric === 'flops')!.delta).toBe('8');
    expect(explanations(d)).toMatch(/different activation: Relu on A, LeakyRelu on B/);
  });
});
