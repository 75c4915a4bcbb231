/**
 * Bindings a user can trust: every symbol the report lists can be bound with --dim and changes the result, fresh
 * symbols of one node mean the same thing in its output shapes and in its cost, and a binding that names nothing
 * says so. Diagnostics name the tensor they are about.
 */
import { analyzeModel } from '../../src/analyze';
import { Report } from '../../src/count/report-types';
import { DataType } from '../../src/ir/dtype';
import { P } from '../../src/ir/poly';
import { dims, f32, model, node, tensorOf, weight } from '../helpers/builders';

const i32 = (...ds: (number | string)[]) => tensorOf(DataType.INT32, ...ds);
const bind = (o: Record<string, number>) => new Map(Object.entries(o).map(([k, v]) => [k, BigInt(v)]));
const shapeOf = (r: Report, tensor: string) => r.nodes.flatMap((n) => n.outputs).find((o) => o.name === tensor)!.shape;

/**
 * com.microsoft GroupQueryAttention, 4 query heads and 2 KV heads of size 16, a 4-token query and a 6-token past;
 * total_sequence_length is a graph input whose value the model does not state.
 */
const gqa = model([
  node('GroupQueryAttention', ['q', 'k', 'v', 'past_k', 'past_v', 'seqlens_k', 'total_len'], ['out', 'present_k', 'present_v'],
    { num_heads: 4, kv_num_heads: 2 }, { domain: 'com.microsoft', name: 'gqa' }),
], {
  opsets: { 'com.microsoft': 1 },
  inputs: { q: f32(1, 4, 64), k: f32(1, 4, 32), v: f32(1, 4, 32), past_k: f32(1, 2, 6, 16), past_v: f32(1, 2, 6, 16), seqlens_k: i32(1), total_len: i32() },
  outputs: ['out', 'present_k', 'present_v'],
});

describe('fresh symbols', () => {
  it('one GroupQueryAttention speaks of one total_sequence_length, in its present outputs and in its MACs', () => {
    const r = analyzeModel(gqa).report;
    expect(r.totals.symbols).toEqual(['total_sequence_length_0']);
    // MACs = B·h·S·T·(dk + dv) = 1·4·4·T·32 = 512·T
    expect(r.totals.macs).toBe('512*total_sequence_length_0');
    expect(shapeOf(r, 'present_k')).toEqual([1, 2, "max(total_sequence_length_0, 6)", 16]);
  });

  it('the symbol the report names, bound with --dim, changes MACs, FLOPs and the present shape', () => {
    const r = analyzeModel(gqa, { dims: bind({ total_sequence_length_0: 10 }) }).report;
    expect(r.totals.symbols).toEqual([]);
    // MACs 512·10 = 5,120; FLOPs 2·5,120 + scores (1·4·4·10 = 160) × (scale 1 + Softmax 5) = 10,240 + 960
    expect(r.totals.macs).toBe('5120');
    expect(r.totals.flops).toBe('11200');
    expect(shapeOf(r, 'present_k')).toEqual([1, 2, 10, 16]);
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a data-dependent size (NonZero) is bindable, and what follows it counts exactly', () => {
    const m = model([
      node('NonZero', ['x'], ['nz']), // [2, nonzero_0]
      node('Transpose', ['nz'], ['t'], { perm: [1, 0] }),
      node('Cast', ['t'], ['tf'], { to: DataType.FLOAT }),
      node('MatMul', ['tf', 'w'], ['y']),
    ], { inputs: { x: f32(3, 5) }, initializers: [weight('w', [2, 8])], outputs: ['y'] });
    expect(analyzeModel(m).report.totals.macs).toBe('16*nonzero_0'); // nonzero_0 × 2 × 8
    const bound = analyzeModel(m, { dims: bind({ nonzero_0: 5 }) }).report;
    expect(bound.totals.macs).toBe('80');
    expect(shapeOf(bound, 'y')).toEqual([5, 8]);
  });

  it('a --dim naming no symbol of the analysis is reported, with the symbols it has', () => {
    const a = analyzeModel(gqa, { dims: bind({ total_sequence_length_1: 10 }) });
    expect(a.inference.unusedDims).toEqual(['total_sequence_length_1']);
    expect([...a.inference.symbols]).toEqual(['total_sequence_length_0']);
    expect(a.report.diagnostics).toContainEqual({
      severity: 'warning',
      message: '--dim total_sequence_length_1: the analysis has no symbol of that name, so the binding changed nothing (its symbols: total_sequence_length_0)',
    });
  });

  it('symbols in an --input override are bound by --dim too', () => {
    const m = model([node('MatMul', ['x', 'w'], ['y'])], { inputs: { x: f32('N', 4) }, initializers: [weight('w', [4, 3])] });
    const a = analyzeModel(m, { inputShapes: new Map([['x', [P.sym('B'), P.n(4)]]]), dims: bind({ B: 7 }) });
    expect(a.report.totals.macs).toBe('84'); // 7 × 4 × 3
    expect(a.inference.unusedDims).toEqual([]);
  });
});

describe('diagnostics name the tensor they are about', () => {
  it('a declared dim of -1', () => {
    const m = model([node('Relu', ['x'], ['y'])], { inputs: { x: { kind: 'tensor', dtype: DataType.FLOAT, shape: dims(2, 3).concat([P.n(-1)]) } } });
    const d = analyzeModel(m).report.diagnostics.find((x) => /-1/.test(x.message));
    expect(d).toEqual({ severity: 'warning', tensor: 'x', message: "tensor 'x': declared dim 2 is -1, not a size; treated as unknown" });
  });

  it('a declared type filling what inference could not', () => {
    const m = model([node('Frobnicate', ['a'], ['x'], {}, { domain: 'ai.onnx' })], { inputs: { a: f32(2) }, outputs: ['x'], valueInfo: { x: f32(7) } });
    expect(analyzeModel(m).report.diagnostics).toContainEqual({
      severity: 'info', node: 'Frobnicate(x)', tensor: 'x', message: "tensor 'x': type taken from its declaration (inference could not tell)",
    });
  });

  it('an input nothing produces', () => {
    const m = model([node('Relu', ['ghost'], ['y'])], { inputs: {} });
    expect(analyzeModel(m).report.diagnostics).toContainEqual({
      severity: 'warning', node: 'Relu(y)', tensor: 'ghost', message: "input 'ghost' is produced by no node, initializer or graph input",
    });
  });

  it('a shape too large to be a tensor', () => {
    const big = 2n ** 200n;
    const m = model([node('Relu', ['x'], ['y'])], { inputs: { x: { kind: 'tensor', dtype: DataType.FLOAT, shape: [P.n(big), P.n(big)] } } });
    const d = analyzeModel(m).report.diagnostics.find((x) => /2\^256/.test(x.message));
    expect(d).toMatchObject({ tensor: 'x', message: "tensor 'x': a shape of rank 2 has more than 2^256 elements; treated as unknown" });
  });
});
