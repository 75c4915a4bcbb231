import { inferModel } from '../../../src/infer/engine';
import { DataType } from '../../../src/ir/dtype';
import { f32, model, node, tensorOf, weight } from '../../helpers/builders';
import { runNode } from './run';

describe.each([1, 9, 13])('MatMul at opset %i: numpy semantics, MACs = batch·M·K·N', (opset) => {
  it.each([
    // [A, B, output, MACs]
    [f32(3, 4), f32(4, 5), '[3, 5]', '60'], // 3·4·5
    [f32(2, 3, 4), f32(4, 5), '[2, 3, 5]', '120'], // 2·3·4·5
    [f32(2, 1, 3, 4), f32(6, 4, 5), '[2, 6, 3, 5]', '720'], // batch 2·6 × 3·4·5
    [f32(4), f32(4, 5), '[5]', '20'], // 1-D A promoted to [1, 4]: 1·4·5
    [f32(3, 4), f32(4), '[3]', '12'], // 1-D B promoted to [4, 1]: 3·4·1
    [f32(4), f32(4), '[]', '4'], // dot product: 1·4·1
    [f32('B', 'S', 64), f32(64, 'S2'), '[B, S, S2]', '64*B*S*S2'], // symbolic
    [f32(3, null), f32(7, 5), '[3, 5]', '105'], // unknown K taken from B: 3·7·5
  ] as const)('%p × %p', (a, b, shape, macs) => {
    const r = runNode(node('MatMul', ['a', 'b'], ['c']), { a, b }, opset);
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe(shape);
    expect(r.macs).toBe(macs);
    expect(r.node.cost.kind === 'compute' && r.node.cost.other.toString()).toBe('0'); // FLOPs = 2 × MACs
  });
  it.each([
    ['K mismatch', f32(3, 4), f32(5, 6), /contract different lengths/],
    ['scalar A', f32(), f32(3), /scalar/],
    ['batch mismatch', f32(2, 3, 4), f32(3, 4, 5), /cannot broadcast/],
  ] as const)('%s is an error', (_why, a, b, message) => {
    const r = runNode(node('MatMul', ['a', 'b'], ['c']), { a, b }, opset);
    expect(r.errors.join()).toMatch(message);
    expect(r.shape).toBe('?');
  });
});

describe('MatMulInteger (opset 10): INT32 output, same MACs, zero points 1 subtraction per operand element', () => {
  const u8 = (...d: number[]) => tensorOf(DataType.UINT8, ...d);
  it.each([
    // [inputs, MACs, other]
    [['a', 'b'], '60', '0'], // 3·4·5 MACs
    [['a', 'b', 'za'], '60', '12'], // + A's 3·4 = 12
    [['a', 'b', 'za', 'zb'], '60', '32'], // + A 12 + B 4·5 = 20
    [['a', 'b', '', 'zb'], '60', '20'], // + B 20
  ] as const)('inputs %p', (inputs, macs, other) => {
    const r = runNode(node('MatMulInteger', [...inputs], ['c']), { a: u8(3, 4), b: u8(4, 5), za: u8(), zb: u8() }, 10);
    expect(r.shape).toBe('[3, 5]');
    expect(r.dtype).toBe(DataType.INT32);
    expect(r.macs).toBe(macs);
    expect(r.flops).toBe(String(2 * Number(macs) + Number(other)));
  });
});

describe('Gemm: MACs = M·K·N; +1 per output for C, for alpha ≠ 1, for beta ≠ 1 with C', () => {
  describe.each([11, 13])('opset %i', (opset) => {
    it.each([
      // [A, B, C?, attrs, output, MACs, other]
      [f32(3, 4), f32(4, 5), f32(5), {}, '[3, 5]', '60', '15'], // 3·4·5; bias 3·5
      [f32(4, 3), f32(5, 4), f32(3, 5), { transA: 1, transB: 1 }, '[3, 5]', '60', '15'],
      [f32(3, 4), f32(4, 5), null, {}, '[3, 5]', '60', '0'], // no C: no bias
      [f32(3, 4), f32(4, 5), null, { alpha: 0.5 }, '[3, 5]', '60', '15'], // alpha multiply 15
      [f32(3, 4), f32(4, 5), f32(1), { alpha: 0.5, beta: 2.5 }, '[3, 5]', '60', '45'], // 3 × 15
      [f32(3, 4), f32(4, 5), null, { beta: 2.5 }, '[3, 5]', '60', '0'], // beta without C: nothing
      [f32('M', 4), f32(4, 5), f32(5), {}, '[M, 5]', '20*M', '5*M'],
    ] as const)('%p × %p + %p, %p', (a, b, c, attrs, shape, macs, other) => {
      const inputs = c ? ['a', 'b', 'c'] : ['a', 'b'];
      const r = runNode(node('Gemm', inputs, ['y'], attrs), { a, b, ...(c ? { c } : {}) }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe(shape);
      expect(r.macs).toBe(macs);
      const n = r.node.cost.kind === 'compute' ? r.node.cost.other.toString() : undefined;
      expect(n).toBe(other);
    });
    it.each([
      ['K mismatch', f32(3, 4), f32(5, 6), f32(6), /columns but B' has 5 rows/],
      ['rank-3 A', f32(2, 3, 4), f32(4, 5), f32(5), /A has rank 3/],
      ['C does not broadcast', f32(3, 4), f32(4, 5), f32(4), /C \[4\] does not broadcast/],
    ] as const)('%s is an error', (_why, a, b, c, message) => {
      const r = runNode(node('Gemm', ['a', 'b', 'c'], ['y']), { a, b, c }, opset);
      expect(r.errors.join()).toMatch(message);
      expect(r.shape).toBe('?');
    });
  });
  describe.each([7, 9])('opset %i: C required, unidirectional broadcast', (opset) => {
    it('bias [5] broadcasts', () => {
      const r = runNode(node('Gemm', ['a', 'b', 'c'], ['y']), { a: f32(3, 4), b: f32(4, 5), c: f32(5) }, opset);
      expect(r.shape).toBe('[3, 5]');
      expect(r.flops).toBe('135'); // 2·60 MACs + 15 bias adds
    });
    it('missing C is an error', () => {
      const r = runNode(node('Gemm', ['a', 'b'], ['y']), { a: f32(3, 4), b: f32(4, 5) }, opset);
      expect(r.errors.join()).toMatch(/C is required before opset 11/);
    });
  });
  describe.each([1, 6])('opset %i: legacy broadcast attribute', (opset) => {
    it('broadcast=1 stretches C [5]', () => {
      const r = runNode(node('Gemm', ['a', 'b', 'c'], ['y'], { broadcast: 1 }), { a: f32(3, 4), b: f32(4, 5), c: f32(5) }, opset);
      expect(r.shape).toBe('[3, 5]');
      expect(r.flops).toBe('135'); // 2·60 + 15
    });
    it('broadcast=0 needs C of M×N', () => {
      const ok = runNode(node('Gemm', ['a', 'b', 'c'], ['y']), { a: f32(3, 4), b: f32(4, 5), c: f32(3, 5) }, opset);
      expect(ok.errors).toEqual([]);
      const bad = runNode(node('Gemm', ['a', 'b', 'c'], ['y']), { a: f32(3, 4), b: f32(4, 5), c: f32(5) }, opset);
      expect(bad.errors.join()).toMatch(/broadcast=0/);
    });
  });
});

describe('seed model worked check: Dense(96 → 256) on [1, 97, 96]', () => {
  // MACs = 97·96·256 = 2,383,872; bias add = 97·256 = 24,832 FLOPs
  it('MatMul + Add (PyTorch export)', () => {
    const m = model([node('MatMul', ['x', 'w'], ['h']), node('Add', ['h', 'bias'], ['y'])], {
      inputs: { x: f32(1, 97, 96) }, initializers: [weight('w', [96, 256]), weight('bias', [256])], opset: 17,
    });
    const r = inferModel(m);
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.cost.macs.toString()).toBe('2383872');
    expect(r.graph.cost.other.toString()).toBe('24832');
    // FLOPs = 2 × 2,383,872 + 24,832 = 4,792,576
    expect(r.graph.cost.macs.scale(2n).add(r.graph.cost.other).toString()).toBe('4792576');
  });
  it('Gemm with bias (TF / flattened export) counts the same', () => {
    const m = model([node('Gemm', ['x', 'w', 'bias'], ['y'])], {
      inputs: { x: f32(97, 96) }, initializers: [weight('w', [96, 256]), weight('bias', [256])], opset: 13,
    });
    const r = inferModel(m);
    expect(r.graph.cost.macs.toString()).toBe('2383872');
    expect(r.graph.cost.other.toString()).toBe('24832');
  });
});
