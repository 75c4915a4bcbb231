/**
 * Fused operators against what exporters really emit (ARCHITECTURE.md §4, docs/COUNTING.md "Where the convention
 * deliberately differs"). MACs must be equal and FLOPs per element equal; what remains is a per-row scalar term
 * (LayerNorm) or, for one GELU chain, a documented per-element term. Every chain below is copied from a real export
 * (torch 1.13 `torch.onnx.export`, opset 13, inspected node by node; the LayerNorm chain is the one in
 * fixtures/encoder_opset13.onnx).
 */
import * as path from 'path';
import { inferModel } from '../../src/infer/engine';
import { DataType } from '../../src/ir/dtype';
import { decodeModelFile } from '../../src/io';
import { Node, Tensor, ValueType } from '../../src/ir/model';
import { P, Poly } from '../../src/ir/poly';
import { constTensor, f32, model, node } from '../helpers/builders';

interface Counts { macs: Poly; flops: Poly; transcendental: Poly }

function fromCost(c: { macs: Poly; other: Poly; transcendental: Poly; uncounted?: readonly string[] }): Counts {
  if (c.uncounted?.length) throw new Error(`uncounted: ${c.uncounted.join(', ')}`);
  return { macs: c.macs, flops: c.macs.scale(2n).add(c.other), transcendental: c.transcendental };
}

function count(nodes: Node[], inputs: Record<string, ValueType>, opset: number, initializers: Tensor[] = []): Counts {
  const r = inferModel(model(nodes, { inputs, outputs: ['Y'], opset, initializers }));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => `${e.node}: ${e.message}`).join('; '));
  return fromCost(r.graph.cost);
}

const scalar = (name: string, v: number): Tensor => constTensor(name, DataType.FLOAT, [], [v]);
const sym = (...names: (string | number)[]): Poly => P.product(names.map((n) => (typeof n === 'number' ? P.n(n) : P.sym(n))));

describe('LayerNorm: PyTorch opset-13 chain vs LayerNormalization (opset 17)', () => {
  // X [R, D] with R rows (batch·seq) and D features, both symbolic: N = R·D elements.
  const inputs = { X: f32('R', 'D'), W: f32('D'), B: f32('D') };
  const init = [scalar('two', 2), scalar('eps', 1e-5)];
  // torch 1.13 symbolic_opset9.layer_norm / native_layer_norm, as in fixtures/encoder_opset13.onnx:
  const chain = [
    node('ReduceMean', ['X'], ['mean'], { axes: [-1], keepdims: 1 }), //  N + R (sum, divide per row)
    node('Sub', ['X', 'mean'], ['d']), //                                 N
    node('Pow', ['d', 'two'], ['d2']), //                                 N (transcendental by the convention)
    node('ReduceMean', ['d2'], ['var'], { axes: [-1], keepdims: 1 }), //  N + R
    node('Add', ['var', 'eps'], ['ve']), //                               R  (the eps add)
    node('Sqrt', ['ve'], ['std']), //                                     R
    node('Div', ['d', 'std'], ['n']), //                                  N
    node('Mul', ['n', 'W'], ['s']), //                                    N
    node('Add', ['s', 'B'], ['Y']), //                                    N
  ]; //                                                         total 7N + 4R
  // The function body (onnx/defs/nn/defs.cc): ReduceMean N+R, Mul(X,X) N, ReduceMean N+R, Mul(mean,mean) R,
  // Sub(var) R, Add(eps) R, Sqrt R, Sub N, Div N, Mul N, Add N, Reciprocal R  → total 7N + 7R.
  // Difference fused − chain = 3R: the body's square of the mean and variance subtraction (E[x²] − E[x]² where
  // the exporter computes E[(x − mean)²]) and its Reciprocal (InvStdDev, computed even when not an output).
  const chainCounts = count(chain, inputs, 13, init);
  const fused = count([node('LayerNormalization', ['X', 'W', 'B'], ['Y'], { axis: -1, epsilon: 1e-5 })], inputs, 17);
  const N = sym('R', 'D'), R = P.sym('R');

  it('MACs equal (none on either side)', () => {
    expect(chainCounts.macs.toString()).toBe('0');
    expect(fused.macs.toString()).toBe('0');
  });
  it('per-element FLOPs equal: 7 per element on both sides', () => {
    expect(chainCounts.flops.toString()).toBe(N.scale(7n).add(R.scale(4n)).toString());
    expect(fused.flops.toString()).toBe(N.scale(7n).add(R.scale(7n)).toString());
  });
  it('the only difference is the documented per-row term: +3 per row', () => {
    expect(fused.flops.sub(chainCounts.flops).toString()).toBe(R.scale(3n).toString());
  });
  it('transcendentals: only Sqrt per row on both (the chain\'s Pow(d, 2) is one multiply, as the body\'s Mul(d, d))', () => {
    expect(chainCounts.transcendental.toString()).toBe(R.toString());
    expect(fused.transcendental.toString()).toBe(R.toString());
  });
});

describe('GELU chains vs Gelu (opset 20)', () => {
  const inputs = { X: f32('N') };
  const init = [scalar('sqrt2', Math.SQRT2), scalar('one', 1), scalar('half', 0.5), scalar('kappa', 0.044715),
    scalar('beta', Math.sqrt(2 / Math.PI)), scalar('three', 3)];
  const N = P.sym('N');
  const gelu = (approximate: string): Counts => count([node('Gelu', ['X'], ['Y'], approximate === 'none' ? {} : { approximate })], inputs, 20);

  it('Erf chain (torch F.gelu): Div, Erf, Add, Mul, Mul ≡ Gelu: 5 per element, exactly equal', () => {
    const c = count([
      node('Div', ['X', 'sqrt2'], ['a']), node('Erf', ['a'], ['e']), node('Add', ['e', 'one'], ['p']),
      node('Mul', ['X', 'p'], ['m']), node('Mul', ['m', 'half'], ['Y']),
    ], inputs, 13, init);
    const g = gelu('none');
    expect(c.flops.toString()).toBe(N.scale(5n).toString());
    expect(g.flops.toString()).toBe(c.flops.toString());
    expect(g.macs.toString()).toBe(c.macs.toString());
    expect(g.transcendental.toString()).toBe(c.transcendental.toString());
  });

  it('tanh chain with Pow (HF NewGELUActivation, tf2onnx): Mul, Pow, Mul, Add, Mul, Tanh, Add, Mul ≡ Gelu(tanh): 9, exactly equal', () => {
    // Pow(x, 3) is 2 multiplies; with the 7 other nodes 9 per element, 1 transcendental (Tanh)
    const c = count([
      node('Mul', ['X', 'half'], ['hx']), node('Pow', ['X', 'three'], ['x3']), node('Mul', ['x3', 'kappa'], ['k']),
      node('Add', ['X', 'k'], ['s']), node('Mul', ['s', 'beta'], ['t']), node('Tanh', ['t'], ['th']),
      node('Add', ['th', 'one'], ['p']), node('Mul', ['hx', 'p'], ['Y']),
    ], inputs, 13, init);
    const g = gelu('tanh');
    expect(c.flops.toString()).toBe(N.scale(9n).toString());
    expect(g.flops.toString()).toBe(c.flops.toString());
    expect(g.macs.toString()).toBe(c.macs.toString());
    expect(g.transcendental.toString()).toBe(c.transcendental.toString());
  });

  it('tanh chain of torch F.gelu(approximate="tanh"): x³ as Mul(x, Mul(x, x)) ≡ Gelu(tanh): 9, exactly equal', () => {
    // torch 1.13 symbolic_opset9.gelu: self_cube = mul(self, mul(self, self)); inner = beta·(self + kappa·cube);
    // half·(self·(1 + tanh(inner))): 9 ops per element, as the body whose Pow(x, 3) is 2 multiplies.
    const c = count([
      node('Mul', ['X', 'X'], ['x2']), node('Mul', ['X', 'x2'], ['x3']), node('Mul', ['kappa', 'x3'], ['k']),
      node('Add', ['X', 'k'], ['s']), node('Mul', ['beta', 's'], ['t']), node('Tanh', ['t'], ['th']),
      node('Add', ['one', 'th'], ['p']), node('Mul', ['X', 'p'], ['m']), node('Mul', ['half', 'm'], ['Y']),
    ], inputs, 13, init);
    const g = gelu('tanh');
    expect(g.macs.toString()).toBe(c.macs.toString());
    expect(c.flops.toString()).toBe(N.scale(9n).toString());
    expect(g.flops.toString()).toBe(c.flops.toString());
    expect(g.transcendental.toString()).toBe(c.transcendental.toString());
  });
});

describe('encoder fixtures: opset 13 (LayerNorm chains) vs opset 17 (LayerNormalization)', () => {
  const fixtures = path.join(__dirname, '../../fixtures');
  const load = (name: string): Counts => fromCost(inferModel(decodeModelFile(path.join(fixtures, name))).graph.cost);
  const f13 = load('encoder_opset13.onnx');
  const f17 = load('encoder_opset17.onnx');

  it('MACs equal: 557,056 each', () => {
    // Q, K, V 3 × 16·64·64 = 196,608; Q·Kᵀ 4 heads × 16·16·16 = 16,384; attn·V 16,384; out proj 16·64·64 = 65,536;
    // FFN1 16·64·128 = 131,072; FFN2 16·128·64 = 131,072 → 557,056 (fixtures/README.md)
    expect(f13.macs.toString()).toBe('557056');
    expect(f17.macs.toString()).toBe('557056');
  });

  it('FLOPs differ by exactly the documented per-row terms: 2 LayerNorms × 16 rows × 3 = 96', () => {
    // Everything but the two LayerNorms is node-for-node the same export (GELU stays the Erf chain at opset 17).
    // Each LayerNorm normalises [1, 16, 64]: R = 16 rows, N = 1,024 elements. Chain 7N + 4R = 7,232;
    // body 7N + 7R = 7,280; per LayerNorm +48 (square of mean, variance Sub, Reciprocal per row), two of them: +96.
    expect(f17.flops.sub(f13.flops).toString()).toBe('96');
  });

  it('the difference is 96 of 1,154,176 FLOPs (0.008 %, under the 0.5 % diff tolerance)', () => {
    // 2·557,056 + 40,064 other (derived op by op in test/cli/totals.test.ts) = 1,154,176; 96 / 1,154,176 = 0.0083 %
    expect([f13.flops.toString(), f17.flops.toString()]).toEqual(['1154176', '1154272']);
  });

  it('transcendentals are equal: the chains\' Pow(d, 2) is one multiply, as the body\'s Mul(d, d)', () => {
    expect(f13.transcendental.toString()).toBe(f17.transcendental.toString());
  });
});
