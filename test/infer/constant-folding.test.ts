/**
 * Constant folding (docs/COUNTING.md): a node that reads only constants — initializers, Constant outputs and what
 * folded from them, transitively — runs once at load time and counts 0, whether or not its values are small enough
 * to materialize. This is what makes a QDQ weight (DequantizeLinear of an int8 initializer), a MatMulNBits and a
 * float weight count the same. Values folded from shapes (Shape of an input, symbolic dims) stay runtime values.
 */
import { analyzeModel } from '../../src/analyze';
import { DataType } from '../../src/ir/dtype';
import { Report } from '../../src/count/report-types';
import { constTensor, f32, model, node, weight } from '../helpers/builders';

const byName = (r: Report, name: string) => r.nodes.find((n) => n.name === name)!;

describe('constant folding', () => {
  // x [4, 64] · W [64, 32]: 4·64·32 = 8,192 MACs, 16,384 FLOPs.
  const matmul = node('MatMul', ['x', 'w'], ['y'], {}, { name: 'mm' });

  it('DequantizeLinear of an int8 weight folds: the QDQ weight counts as its float twin', () => {
    const qdq = model([
      node('DequantizeLinear', ['wq', 's', 'z'], ['w'], {}, { name: 'dq' }),
      matmul,
    ], {
      inputs: { x: f32(4, 64) },
      initializers: [weight('wq', [64, 32], DataType.INT8), constTensor('s', DataType.FLOAT, [], [0.1]), constTensor('z', DataType.INT8, [], [0])],
      outputs: ['y'],
    });
    const float = model([matmul], { inputs: { x: f32(4, 64) }, initializers: [weight('w', [64, 32])], outputs: ['y'] });
    const a = analyzeModel(qdq).report, b = analyzeModel(float).report;
    expect(byName(a, 'dq').status).toBe('folded');
    expect(byName(a, 'dq').flops).toBe('0'); // counted, it would be 2 per weight element: 4,096
    expect([a.totals.macs, a.totals.flops]).toEqual(['8192', '16384']);
    expect([b.totals.macs, b.totals.flops]).toEqual([a.totals.macs, a.totals.flops]);
  });

  it('folds transitively (Transpose of a folded Mul of two weights), but never what reads a graph input', () => {
    const m = model([
      node('Mul', ['w0', 'k'], ['ws'], {}, { name: 'scale_w' }),
      node('Transpose', ['ws'], ['w'], { perm: [1, 0] }, { name: 'tw' }),
      matmul,
      node('Mul', ['y', 'k'], ['z'], {}, { name: 'scale_y' }),
    ], {
      inputs: { x: f32(4, 64) },
      initializers: [weight('w0', [32, 64]), constTensor('k', DataType.FLOAT, [], [0.5])],
      outputs: ['z'],
    });
    const r = analyzeModel(m).report;
    expect([byName(r, 'scale_w').status, byName(r, 'tw').status]).toEqual(['folded', 'folded']);
    // scale_y multiplies the 4·32 = 128 elements of y: 128 FLOPs; the MatMul 16,384 → 16,512
    expect(byName(r, 'scale_y').flops).toBe('128');
    expect(r.totals.flops).toBe('16512');
  });

  it('a random operator reading a constant is not folded', () => {
    const m = model([node('RandomNormalLike', ['w0'], ['r'], {}, { name: 'rnd' })], {
      inputs: {}, initializers: [weight('w0', [8, 8])], outputs: ['r'],
    });
    expect(byName(analyzeModel(m).report, 'rnd').status).not.toBe('folded');
  });

  it('shape arithmetic on a symbolic input stays runtime: Range(0, n) over a dynamic dim is counted', () => {
    const m = model([
      node('Shape', ['x'], ['sh'], {}, { name: 'shape' }),
      node('Gather', ['sh', 'i0'], ['n'], { axis: 0 }, { name: 'g' }),
      node('Range', ['zero', 'n', 'one'], ['r'], {}, { name: 'range' }),
    ], {
      inputs: { x: f32('seq', 8) },
      initializers: [constTensor('i0', DataType.INT64, [], [0]), constTensor('zero', DataType.INT64, [], [0]), constTensor('one', DataType.INT64, [], [1])],
      outputs: ['r'],
    });
    const r = analyzeModel(m).report;
    expect(byName(r, 'shape').status).toBe('folded'); // its value [seq, 8] is known
    expect(byName(r, 'range').status).toBe('counted');
  });
});
