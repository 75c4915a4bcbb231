/**
 * Fused operators ≡ their decompositions, both built with test/helpers/builders.ts: equal MACs and equal FLOPs
 * exactly (ARCHITECTURE.md §4). The expected value of the fused side is the decomposed graph's count, an
 * independent construction of primitives; a small hand count in each comment guards against both being zero.
 *
 * Function bodies are copied from onnx/onnx onnx/defs/nn/defs.cc (LayerNormalization, ver17/18 builder) and
 * onnx/defs/math/defs.cc (Gelu ver20, Softmax/LogSoftmax ver13/18, HardSwish ver14) at f754691; `Const`/`Constant`
 * nodes are written as Constant nodes. (RNN ≡ Loop/Scan equivalences live with the rnn family's tests.)
 */
import { inferModel } from '../../src/infer/engine';
import { DataType } from '../../src/ir/dtype';
import { Node, Tensor, ValueType } from '../../src/ir/model';
import { P, Poly } from '../../src/ir/poly';
import { constTensor, f32, model, node, weight } from '../helpers/builders';

interface Counts { macs: Poly; flops: Poly; transcendental: Poly }

function count(nodes: Node[], inputs: Record<string, ValueType>, outputs: string[], opset: number, initializers: Tensor[] = []): Counts {
  const r = inferModel(model(nodes, { inputs, outputs, opset, initializers }));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => `${e.node}: ${e.message}`).join('; '));
  const c = r.graph.cost;
  if (c.uncounted?.length) throw new Error(`uncounted: ${c.uncounted.join(', ')}`);
  return { macs: c.macs, flops: c.macs.scale(2n).add(c.other), transcendental: c.transcendental };
}

function expectSame(fused: Counts, body: Counts, handFlops?: Poly, handMacs: Poly = P.zero): void {
  expect(fused.macs.toString()).toBe(body.macs.toString());
  expect(fused.flops.toString()).toBe(body.flops.toString());
  expect(fused.transcendental.toString()).toBe(body.transcendental.toString());
  if (handFlops) expect(body.flops.toString()).toBe(handFlops.toString());
  expect(body.macs.toString()).toBe(handMacs.toString());
}

const i64 = (name: string, values: number[]): Tensor => constTensor(name, DataType.INT64, [values.length], values);
const f32c = (name: string, v: number): Tensor => constTensor(name, DataType.FLOAT, [], [v]);
const sym = (...names: (string | number)[]): Poly => P.product(names.map((n) => (typeof n === 'number' ? P.n(n) : P.sym(n))));

describe('Gemm ≡ MatMul + Add', () => {
  it.each([
    [7], [11], [13],
  ])('opset %i: A[M,K]·B[K,N] + C[N]', (opset) => {
    const inputs = { A: f32('M', 64), B: f32(64, 32), C: f32(32) };
    const fused = count([node('Gemm', ['A', 'B', 'C'], ['Y'])], inputs, ['Y'], opset);
    const body = count([node('MatMul', ['A', 'B'], ['AB']), node('Add', ['AB', 'C'], ['Y'])], inputs, ['Y'], opset);
    // MACs M·64·32 = 2048M; FLOPs 2·2048M + M·32 (bias add) = 4128M
    expectSame(fused, body, sym('M', 4128), sym('M', 2048));
  });
  it('transB = 1 ≡ Transpose + MatMul + Add', () => {
    const inputs = { A: f32(8, 64), B: f32(32, 64), C: f32(8, 32) };
    const fused = count([node('Gemm', ['A', 'B', 'C'], ['Y'], { transB: 1 })], inputs, ['Y'], 13);
    const body = count([node('Transpose', ['B'], ['Bt'], { perm: [1, 0] }), node('MatMul', ['A', 'Bt'], ['AB']), node('Add', ['AB', 'C'], ['Y'])], inputs, ['Y'], 13);
    // 8·64·32 = 16384 MACs; 32768 + 256 = 33024 FLOPs
    expectSame(fused, body, P.n(33024), P.n(16384));
  });
  it('alpha ≠ 1 ≡ MatMul + Mul(alpha) + Add', () => {
    const inputs = { A: f32(8, 64), B: f32(64, 32), C: f32(32) };
    const fused = count([node('Gemm', ['A', 'B', 'C'], ['Y'], { alpha: 0.5 })], inputs, ['Y'], 13);
    const body = count([node('MatMul', ['A', 'B'], ['AB']), node('Mul', ['AB', 'alpha'], ['ABa']), node('Add', ['ABa', 'C'], ['Y'])],
      { ...inputs, alpha: f32() }, ['Y'], 13);
    // 32768 + 256 (scale) + 256 (bias) = 33280
    expectSame(fused, body, P.n(33280), P.n(16384));
  });
});

describe('Conv with bias ≡ Conv + Add', () => {
  it.each([
    [[1, 1], 1], [[2, 2], 1], [[1, 2], 2],
  ])('strides %j, group %i', (strides, group) => {
    const inputs = { X: f32('N', 4, 20, 30) };
    const init = [weight('W', [8, 4 / group, 3, 3]), weight('B', [8]), weight('B3', [8, 1, 1])];
    const attrs = { kernel_shape: [3, 3], strides, group, pads: [1, 1, 1, 1] };
    const fused = count([node('Conv', ['X', 'W', 'B'], ['Y'], attrs)], inputs, ['Y'], 13, init);
    const body = count([node('Conv', ['X', 'W'], ['Yc'], attrs), node('Add', ['Yc', 'B3'], ['Y'])], inputs, ['Y'], 13, init);
    // out H = floor((20 + 2 − 3)/s)+1, W likewise: 20×30 (s 1), 10×15 (s 2); MACs = N·8·H·W·(4/group)·9,
    // FLOPs = 2·MACs + N·8·H·W
    const hw = strides[0] === 1 ? 20 * (strides[1] === 1 ? 30 : 15) : 10 * 15;
    const macs = sym('N', 8 * hw * (4 / group) * 9);
    expectSame(fused, body, macs.scale(2n).add(sym('N', 8 * hw)), macs);
  });
});

describe('BatchNormalization (inference) ≡ Mul + Add', () => {
  it.each([[9], [14], [15]])('opset %i: y = x·s′ + b′ with s′ = scale/√(var+ε), b′ = bias − mean·s′ folded per channel', (opset) => {
    const inputs = { X: f32('N', 16, 7, 9) };
    const init = [weight('s', [16]), weight('b', [16]), weight('m', [16]), weight('v', [16]), weight('s3', [16, 1, 1]), weight('b3', [16, 1, 1])];
    const fused = count([node('BatchNormalization', ['X', 's', 'b', 'm', 'v'], ['Y'])], inputs, ['Y'], opset, init);
    const body = count([node('Mul', ['X', 's3'], ['Xs']), node('Add', ['Xs', 'b3'], ['Y'])], inputs, ['Y'], opset, init);
    // 2 per element: 2·16·7·9·N = 2016N
    expectSame(fused, body, sym('N', 2016));
  });
});

/** LayerNormalization's function body (nn/defs.cc BuildContextDependentFunctionBodyLayerNormalization). */
function layerNormBody(axis: number, withBias: boolean, since: 17 | 18): Node[] {
  const nodes: Node[] = [
    node('Constant', [], ['FloatEpsilon'], { value: f32c('', 1e-5) }),
    node('Cast', ['FloatEpsilon'], ['Epsilon'], { to: DataType.FLOAT }),
    node('Shape', ['X'], ['XShape']),
    node('Size', ['XShape'], ['Rank']),
    node('Constant', [], ['Zero1D'], { value: i64('', [0]) }),
    node('Constant', [], ['Axis1D'], { value: i64('', [axis]) }),
    node('Slice', ['XShape', 'Zero1D', 'Axis1D'], ['PrefixShape']),
    axis >= 0 ? node('Sub', ['Rank', 'Axis1D'], ['NumReducedAxes']) : node('Neg', ['Axis1D'], ['NumReducedAxes']),
    node('ConstantOfShape', ['NumReducedAxes'], ['SuffixShape'], { value: i64('', [1]) }),
    node('Concat', ['PrefixShape', 'SuffixShape'], ['ReducedShape'], { axis: 0 }),
    node('Flatten', ['X'], ['X2D'], { axis }),
    node('Cast', ['X2D'], ['XU'], { to: DataType.FLOAT }),
  ];
  if (since === 17) {
    nodes.push(
      node('ReduceMean', ['XU'], ['Mean2D'], { axes: [1] }),
      node('Mul', ['XU', 'XU'], ['Square']),
      node('ReduceMean', ['Square'], ['MeanOfSquare'], { axes: [1] }),
    );
  } else {
    nodes.push(
      node('Constant', [], ['Axes_1'], { value: i64('', [1]) }),
      node('ReduceMean', ['XU', 'Axes_1'], ['Mean2D']),
      node('Mul', ['XU', 'XU'], ['Square']),
      node('ReduceMean', ['Square', 'Axes_1'], ['MeanOfSquare']),
    );
  }
  nodes.push(
    node('Mul', ['Mean2D', 'Mean2D'], ['SquareOfMean']),
    node('Sub', ['MeanOfSquare', 'SquareOfMean'], ['Var']),
    node('Add', ['Var', 'Epsilon'], ['VarPlusEpsilon']),
    node('Sqrt', ['VarPlusEpsilon'], ['StdDev']),
    node('Sub', ['XU', 'Mean2D'], ['Deviation']),
    node('Div', ['Deviation', 'StdDev'], ['Normalized']),
    node('Cast', ['Normalized'], ['NormalizedT'], { to: DataType.FLOAT }),
    node('Flatten', ['Scale'], ['Scale2D'], { axis: 0 }),
    node('Mul', ['NormalizedT', 'Scale2D'], ['Scaled']),
  );
  if (withBias) nodes.push(node('Flatten', ['B'], ['B2D'], { axis: 0 }), node('Add', ['Scaled', 'B2D'], ['Biased']));
  else nodes.push(node('Identity', ['Scaled'], ['Biased']));
  nodes.push(
    node('Reshape', ['Biased', 'XShape'], ['Y']),
    node('Reciprocal', ['StdDev'], ['InvStdDev2D']),
  );
  return nodes;
}

describe('LayerNormalization ≡ its function body', () => {
  // X [batch, seq, 12, 8]; N = 96·batch·seq elements
  const shape: (string | number)[] = ['batch', 'seq', 12, 8];
  it.each([
    // axis, bias, opset; hand count: 6N (+N with B) + 7·outer (mean, mean of squares, square of mean, var, +ε, sqrt, reciprocal)
    [-1, true, 17], [-1, false, 17], [2, true, 17], [1, true, 18], [-2, false, 18], [0, true, 18],
  ])('axis %i, bias %s, opset %i', (axis, withBias, opset) => {
    const a = axis < 0 ? axis + 4 : axis;
    const normShape = shape.slice(a);
    const inputs: Record<string, ValueType> = { X: f32(...shape), Scale: f32(...normShape), ...(withBias ? { B: f32(...normShape) } : {}) };
    const ins = withBias ? ['X', 'Scale', 'B'] : ['X', 'Scale'];
    const fused = count([node('LayerNormalization', ins, ['Y'], { axis })], inputs, ['Y'], opset);
    const body = count(layerNormBody(axis, withBias, opset as 17 | 18), inputs, ['Y'], opset);
    const n = sym('batch', 'seq', 96);
    const outer = sym(...shape.slice(0, a));
    expectSame(fused, body, n.scale(withBias ? 7n : 6n).add(outer.scale(7n)));
  });
});

/** Gelu's two function bodies (math/defs.cc BuildContextDependentFunctionBodyGelu). */
function geluBody(approximate: 'none' | 'tanh'): Node[] {
  const c = (name: string, v: number): Node[] => [node('Constant', [], [name], { value: f32c('', v) }), node('CastLike', [name, 'X'], [`${name}Cast`])];
  if (approximate === 'tanh') {
    return [
      ...c('Half', 0.5), ...c('One', 1.0), ...c('TwoOverPi', 0.63661977236), ...c('C0', 0.044715),
      node('Sqrt', ['TwoOverPiCast'], ['SqrtTwoOverPi']),
      ...c('Three', 3.0),
      node('Pow', ['X', 'ThreeCast'], ['XCubed']),
      node('Mul', ['C0Cast', 'XCubed'], ['XCubedC0']),
      node('Sum', ['X', 'XCubedC0'], ['XC0XCubed']),
      node('Mul', ['SqrtTwoOverPi', 'XC0XCubed'], ['TanhInput']),
      node('Tanh', ['TanhInput'], ['ErfApprox']),
      node('Sum', ['OneCast', 'ErfApprox'], ['PhiApprox']),
      node('Mul', ['HalfCast', 'X'], ['MultX']),
      node('Mul', ['MultX', 'PhiApprox'], ['Y']),
    ];
  }
  return [
    ...c('Half', 0.5), ...c('One', 1.0), ...c('Two', 2.0),
    node('Sqrt', ['TwoCast'], ['SqrtTwo']),
    node('Div', ['X', 'SqrtTwo'], ['XSqrt']),
    node('Erf', ['XSqrt'], ['ErfXSqrt']),
    node('Sum', ['OneCast', 'ErfXSqrt'], ['Phi']),
    node('Mul', ['HalfCast', 'X'], ['MultX']),
    node('Mul', ['MultX', 'Phi'], ['Y']),
  ];
}

describe('Gelu ≡ its function body (opset 20)', () => {
  it.each([
    // none: Div, Erf, Sum, Mul, Mul = 5 per element;
    // tanh: Pow(X, 3) = 2 multiplies, then Mul, Sum, Mul, Tanh, Sum, Mul, Mul = 2 + 7 = 9
    ['none', 5n], ['tanh', 9n],
  ] as const)('approximate=%s', (approximate, perElement) => {
    const inputs = { X: f32('batch', 16, 64) };
    const attrs: Record<string, string> = approximate === 'none' ? {} : { approximate };
    const fused = count([node('Gelu', ['X'], ['Y'], attrs)], inputs, ['Y'], 20);
    const body = count(geluBody(approximate), inputs, ['Y'], 20);
    expectSame(fused, body, sym('batch', 1024).scale(perElement));
  });
});

/** Softmax / LogSoftmax bodies (math/defs.cc): axes as a Const1D, ReduceMax's axes an attribute before 18. */
function softmaxBody(axis: number, opset: number, log: boolean): Node[] {
  const nodes: Node[] = [node('Constant', [], ['axes'], { value: i64('', [axis]) })];
  nodes.push(opset >= 18
    ? node('ReduceMax', ['input', 'axes'], ['X_ReduceMax'], { keepdims: 1 })
    : node('ReduceMax', ['input'], ['X_ReduceMax'], { keepdims: 1, axes: [axis] }));
  nodes.push(
    node('Sub', ['input', 'X_ReduceMax'], ['X_Sub']),
    node('Exp', ['X_Sub'], ['X_Exp']),
    node('ReduceSum', ['X_Exp', 'axes'], ['X_ReduceSum'], { keepdims: 1 }),
  );
  if (log) nodes.push(node('Log', ['X_ReduceSum'], ['X_Log']), node('Sub', ['X_Sub', 'X_Log'], ['output']));
  else nodes.push(node('Div', ['X_Exp', 'X_ReduceSum'], ['output']));
  return nodes;
}

describe.each([13, 18])('Softmax family ≡ its function body at opset %i', (opset) => {
  // input [batch, 6, 10]: n = 60·batch
  it.each([
    // Softmax: ReduceMax n, Sub n, Exp n, ReduceSum n, Div n = 5n
    ['Softmax', -1, false], ['Softmax', 1, false], ['Softmax', 0, false],
    // LogSoftmax: 5n + rows (Log per row); rows = n / axis length
    ['LogSoftmax', -1, true], ['LogSoftmax', 1, true],
  ] as const)('%s axis %i', (op, axis, log) => {
    const inputs = { input: f32('batch', 6, 10) };
    const fused = count([node(op, ['input'], ['output'], { axis })], inputs, ['output'], opset);
    const body = count(softmaxBody(axis, opset, log), inputs, ['output'], opset);
    const n = sym('batch', 60);
    const axisLen = [0, 6, 10][axis < 0 ? axis + 3 : axis];
    const rows = axis === 0 ? P.n(60) : sym('batch', 60 / axisLen);
    expectSame(fused, body, log ? n.scale(5n).add(rows) : n.scale(5n));
  });
});

describe.each([14, 18, 22])('HardSwish ≡ HardSigmoid + Mul at opset %i', (opset) => {
  it('5 per element', () => {
    const inputs = { X: f32('N', 3, 7) };
    const fused = count([node('HardSwish', ['X'], ['Y'])], inputs, ['Y'], opset);
    const body = count([node('HardSigmoid', ['X'], ['HS_X'], { alpha: 1 / 6, beta: 0.5 }), node('Mul', ['X', 'HS_X'], ['Y'])], inputs, ['Y'], opset);
    // HardSigmoid body Mul + Add + Min + Max = 4, Mul 1: 5·21·N = 105N
    expectSame(fused, body, sym('N', 105));
  });
});
