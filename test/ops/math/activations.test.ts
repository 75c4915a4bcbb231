import { f32, node } from '../../helpers/builders';
import { runNode } from './run';

/**
 * Function-body activations on X = [2, 3, 4] (24 elements). Expected FLOPs per element are the body's nodes
 * counted by hand from onnx/defs (Where, CastLike, Constant = 0; constant-only nodes fold).
 */
const N = 24; // 2·3·4

type Row = [op: string, sinces: readonly number[], attrs: Record<string, number | string>, perElement: number, trPerElement: number, body: string];

describe.each<Row>([
  // [op, every since version, attrs, FLOPs per element, transcendental per element, body]
  ['LeakyRelu', [1, 6, 16], {}, 2, 0, 'Less, Mul'],
  ['ThresholdedRelu', [10, 22], {}, 1, 0, 'Less'],
  ['Selu', [1, 6, 22], {}, 6, 1, 'Exp, Mul, Sub, Mul, Mul, Less'],
  ['Elu', [1, 6, 22], {}, 4, 1, 'Less, Exp, Sub, Mul'],
  ['Celu', [12, 28], { alpha: 2.5 }, 6, 1, 'Div, Elu(4), Mul'],
  ['Softplus', [1, 22], {}, 3, 2, 'Exp, Add, Log'],
  ['Mish', [18, 22], {}, 5, 3, 'Softplus(3, 2 tr), Tanh, Mul'],
  ['Softsign', [1, 22], {}, 3, 0, 'Abs, Add, Div'],
  ['HardSigmoid', [1, 6, 22], {}, 4, 0, 'Mul, Add, Min, Max'],
  ['HardSwish', [14, 22], {}, 5, 0, 'HardSigmoid(4), Mul'],
  ['Shrink', [9], { lambd: 1.5 }, 4, 0, 'Less, Add, Sub, Less'],
  ['Swish', [24], { alpha: 1.5 }, 3, 1, 'Mul, Sigmoid, Mul'],
  ['Gelu', [20], {}, 5, 1, 'Div, Erf, Sum, Mul, Mul'],
  ['Gelu', [20], { approximate: 'none' }, 5, 1, 'Div, Erf, Sum, Mul, Mul'],
  // Pow(X, 3) by its constant exponent is 2 multiplies: 2 + 7 = 9, only Tanh transcendental
  ['Gelu', [20], { approximate: 'tanh' }, 9, 1, 'Cube, Mul, Sum, Mul, Tanh, Sum, Mul, Mul'],
])('%s (since %p, %p): %d per element, %d transcendental, body %s', (op, sinces, attrs, perElement, trPerElement) => {
  it.each([...sinces])('opset %i: [2, 3, 4] → [2, 3, 4]', (opset) => {
    const r = runNode(node(op, ['x'], ['y'], attrs), { x: f32(2, 3, 4) }, opset);
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe('[2, 3, 4]');
    expect(r.macs).toBe('0');
    expect(r.flops).toBe(String(N * perElement));
    expect(r.transcendental).toBe(String(N * trPerElement));
  });
});

describe('PRelu: Less + Mul (Where = 0) = 2 per element of X', () => {
  it.each([1, 6])('opset %i: slope of one element', (opset) => {
    const r = runNode(node('PRelu', ['x', 's'], ['y']), { x: f32(2, 3, 4), s: f32(1) }, opset);
    expect(r.shape).toBe('[2, 3, 4]');
    expect(r.flops).toBe('48'); // 24 × 2
  });
  it.each([7, 9, 16])('opset %i: per-channel slope [3, 1, 1] broadcasts to X', (opset) => {
    const r = runNode(node('PRelu', ['x', 's'], ['y']), { x: f32('N', 3, 4, 4), s: f32(3, 1, 1) }, opset);
    expect(r.shape).toBe('[N, 3, 4, 4]');
    expect(r.flops).toBe('96*N'); // N·3·4·4 = 48·N × 2
  });
  it.each([7, 16])('opset %i: a slope that does not broadcast is an error', (opset) => {
    const r = runNode(node('PRelu', ['x', 's'], ['y']), { x: f32(2, 3), s: f32(4) }, opset);
    expect(r.errors.join()).toMatch(/slope \[4\] does not broadcast/);
    expect(r.shape).toBe('?');
  });
});

describe('SwiGLU (opset 28): Swish(A) · B = 4 per element, A and B identical shapes', () => {
  it('[B, 8] and [B, 8]', () => {
    const r = runNode(node('SwiGLU', ['a', 'b'], ['y']), { a: f32('B', 8), b: f32(null, 8) }, 28);
    expect(r.shape).toBe('[B, 8]');
    expect(r.flops).toBe('32*B'); // B·8 × (Swish 3 + Mul 1)
    expect(r.transcendental).toBe('8*B'); // one Sigmoid per element
  });
  it('fills an unknown dim of A from B', () => {
    const r = runNode(node('SwiGLU', ['a', 'b'], ['y']), { a: f32(null, 8), b: f32(5, 8) }, 28);
    expect(r.shape).toBe('[5, 8]');
  });
  it.each([
    ['rank', f32(2, 8), f32(8)],
    ['dims', f32(2, 8), f32(2, 4)],
  ] as const)('different %s is an error (no broadcasting)', (_what, a, b) => {
    const r = runNode(node('SwiGLU', ['a', 'b'], ['y']), { a, b }, 28);
    expect(r.errors).toHaveLength(1);
    expect(r.shape).toBe('?');
  });
});

describe('errors', () => {
  it('Gelu with an unknown approximation', () => {
    const r = runNode(node('Gelu', ['x'], ['y'], { approximate: 'erf' }), { x: f32(2) }, 20);
    expect(r.errors.join()).toMatch(/approximate 'erf'/);
    expect(r.node.status).toBe('uncounted');
  });
  it('unknown input shape gives an unknown cost, never zero', () => {
    const r = runNode(node('Mish', ['x'], ['y']), { x: null }, 18);
    expect(r.node.cost.kind).toBe('unknown');
  });
});
