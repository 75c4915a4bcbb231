/**
 * Fused operator ≡ its ONNX function body, node for node: each body below is copied from onnx/defs (math/defs.cc,
 * nn/defs.cc, logical/defs.cc at the spec commit), parsed from ONNX's text syntax, run through the engine, and
 * its total cost compared with the fused node's. Uses the tensor family's Constant/CastLike/Where rules.
 */
import { inferModel } from '../../../src/infer/engine';
import { DataType } from '../../../src/ir/dtype';
import { Node, ValueType } from '../../../src/ir/model';
import { AttrValue, constTensor, f32, model, node } from '../../helpers/builders';

/** Parses `Y = Op <a = 1.0, value = float {0.5}, b: float = @b> (X, Z)` lines; @refs from `refs`. */
function parseBody(text: string, refs: Record<string, number>): Node[] {
  const nodes: Node[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line === '{' || line === '}') continue;
    const m = /^([\w, ]+?)\s*=\s*(\w+)\s*(?:<(.*)>)?\s*\((.*)\)$/.exec(line);
    if (!m) throw new Error(`cannot parse '${line}'`);
    const [, outs, op, attrText, ins] = m;
    const attrs: Record<string, AttrValue> = {};
    for (const part of (attrText ?? '').split(/,(?![^{]*})/).map((s) => s.trim()).filter(Boolean)) {
      const a = /^(\w+)\s*(?::\s*\w+)?\s*=\s*(.+)$/.exec(part)!;
      const [, name, v] = a;
      const tensor = /^float\s*\{(.*)\}$/.exec(v);
      if (tensor) attrs[name] = constTensor('', DataType.FLOAT, [], [Number(tensor[1])]);
      else if (v.startsWith('@')) attrs[name] = { float: refs[v.slice(1)] };
      else if (/^-?\d/.test(v)) attrs[name] = { float: Number(v) };
      else attrs[name] = v.replace(/"/g, '');
    }
    nodes.push(node(op, ins.split(',').map((s) => s.trim()).filter(Boolean), outs.split(',').map((s) => s.trim())));
    Object.assign(nodes[nodes.length - 1], { attributes: node(op, [], [], attrs).attributes });
  }
  return nodes;
}

function totals(nodes: Node[], inputs: Record<string, ValueType>, outputs: string[], opset: number): string {
  const r = inferModel(model(nodes, { inputs, outputs, opset }));
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  const c = r.graph.cost;
  return `macs=${c.macs} other=${c.other} transcendental=${c.transcendental} uncounted=${(c.uncounted ?? []).join(',')}`;
}

const X = { X: f32(2, 'T', 5) };

describe.each([
  // [fused op, attrs, opset, inputs, body text from onnx/defs]
  ['LeakyRelu', { alpha: 0.1 }, 18, X, `
    Alpha = Constant <value_float: float = @alpha>()
    AlphaCast = CastLike (Alpha, X)
    Zero = Constant <value = float {0.0}>()
    ZeroCast = CastLike(Zero, X)
    XLessThanZero = Less(X, ZeroCast)
    AlphaMulX = Mul (AlphaCast, X)
    Y = Where (XLessThanZero, AlphaMulX, X)`],
  ['Selu', { alpha: 1.5, gamma: 1.1 }, 18, X, `
    Alpha = Constant <value_float: float = @alpha>()
    AlphaCast = CastLike (Alpha, X)
    Gamma = Constant <value_float: float = @gamma>()
    GammaCast = CastLike (Gamma, X)
    Zero = Constant <value = float {0.0}>()
    ZeroCast = CastLike (Zero, X)
    ExpX = Exp (X)
    AlphaMulExpX = Mul(AlphaCast, ExpX)
    AlphaMulExpXSubAlpha = Sub (AlphaMulExpX, AlphaCast)
    Neg = Mul (GammaCast, AlphaMulExpXSubAlpha)
    Pos = Mul (GammaCast, X)
    XLessThanZero = Less (X, ZeroCast)
    Y = Where(XLessThanZero, Neg, Pos)`],
  ['Celu', { alpha: 2 }, 18, X, `
    Alpha = Constant <value_float: float = @alpha>()
    AlphaCast = CastLike (Alpha, X)
    XScaled = Div (X, AlphaCast)
    EluResult = Elu <alpha = 1.0> (XScaled)
    Y = Mul (AlphaCast, EluResult)`],
  ['Mish', {}, 18, X, `
    Softplus_X = Softplus (X)
    TanHSoftplusX = Tanh (Softplus_X)
    Y = Mul (X, TanHSoftplusX)`],
  ['HardSwish', {}, 18, X, `
    HS_X = HardSigmoid<alpha = 0.16666667163372, beta = 0.5>(X)
    Y = Mul (X, HS_X)`],
  ['Shrink', { lambd: 0.5, bias: 0.1 }, 18, { input: f32(2, 'T', 5) }, `
    Lambd = Constant <value_float: float = @lambd>()
    LambdCast = CastLike (Lambd, input)
    Bias = Constant <value_float: float = @bias>()
    BiasCast = CastLike (Bias, input)
    Zero = Constant <value = float {0.0}>()
    ZeroCast = CastLike (Zero, input)
    NegLmbda = Neg (LambdCast)
    InputLessThanNegLambda = Less (input, NegLmbda)
    InputAddBias = Add (input, BiasCast)
    InputSubBias = Sub (input, BiasCast)
    LambdaLessThanInput = Less (LambdCast, input)
    InputSubBiasOrZero = Where (LambdaLessThanInput, InputSubBias, ZeroCast)
    Y = Where(InputLessThanNegLambda, InputAddBias, InputSubBiasOrZero)`],
  ['Gelu', {}, 20, X, `
    Half = Constant <value = float {0.5}>()
    HalfCast = CastLike (Half, X)
    One = Constant <value = float {1.0}>()
    OneCast = CastLike (One, X)
    Two = Constant <value = float {2.0}>()
    TwoCast = CastLike (Two, X)
    SqrtTwo = Sqrt (TwoCast)
    XSqrt = Div (X, SqrtTwo)
    ErfXSqrt = Erf(XSqrt)
    Phi = Sum (OneCast, ErfXSqrt)
    MultX = Mul (HalfCast, X)
    Y = Mul (MultX, Phi)`],
  ['Gelu', { approximate: 'tanh' }, 20, X, `
    Half = Constant <value = float {0.5}>()
    HalfCast = CastLike (Half, X)
    One = Constant <value = float {1.0}>()
    OneCast = CastLike (One, X)
    TwoOverPi = Constant <value = float {0.63661977236}>()
    TwoOverPiCast = CastLike (TwoOverPi, X)
    C0 = Constant <value = float {0.044715}>()
    C0Cast = CastLike (C0, X)
    SqrtTwoOverPi = Sqrt (TwoOverPiCast)
    Three = Constant <value = float {3.0}>()
    ThreeCast = CastLike (Three, X)
    XCubed = Pow (X, ThreeCast)
    XCubedC0 = Mul (C0Cast, XCubed)
    XC0XCubed = Sum (X, XCubedC0)
    TanhInput = Mul (SqrtTwoOverPi, XC0XCubed)
    ErfApprox = Tanh (TanhInput)
    PhiApprox = Sum (OneCast, ErfApprox)
    MultX = Mul (HalfCast, X)
    Y = Mul (MultX, PhiApprox)`],
  ['Swish', { alpha: 1.7 }, 24, X, `
    Alpha = Constant <value_float: float = @alpha>()
    AlphaCast = CastLike (Alpha, X)
    AlphaMulX = Mul (AlphaCast, X)
    SigmoidAlphaMulX = Sigmoid(AlphaMulX)
    Y = Mul (X, SigmoidAlphaMulX)`],
  ['SwiGLU', { alpha: 1.0 }, 28, { A: f32(2, 'T', 5), B: f32(2, 'T', 5) }, `
    SwishGate = Swish <alpha = @alpha> (A)
    Y = Mul (SwishGate, B)`],
  ['PRelu', {}, 18, { X: f32(2, 3, 5), slope: f32(3, 1) }, `
    Zero = Constant <value = float {0.0}>()
    ZeroCast = CastLike(Zero, X)
    XLessThanZero = Less (X, ZeroCast)
    SlopeMulX = Mul (slope, X)
    Y = Where(XLessThanZero, SlopeMulX, X)`],
  ['Softsign', {}, 18, { input: f32(2, 'T', 5) }, `
    One = Constant <value = float {1.0}>()
    OneCast = CastLike (One, input)
    AbsInput = Abs(input)
    OneAddAbsInput = Add (OneCast, AbsInput)
    Y = Div(input, OneAddAbsInput)`],
  ['HardSigmoid', { alpha: 0.3, beta: 0.6 }, 18, X, `
    Alpha = Constant <value_float: float = @alpha>()
    AlphaCast = CastLike (Alpha, X)
    Beta = Constant <value_float: float = @beta>()
    BetaCast = CastLike (Beta, X)
    Zero = Constant <value = float {0.0}>()
    ZeroCast = CastLike (Zero, X)
    One = Constant <value = float {1.0}>()
    OneCast = CastLike (One, X)
    AlphaMulX = Mul (X, AlphaCast)
    AlphaMulXAddBeta = Add (AlphaMulX, BetaCast)
    MinOneOrAlphaMulXAddBeta = Min (AlphaMulXAddBeta, OneCast)
    Y = Max(MinOneOrAlphaMulXAddBeta, ZeroCast)`],
  ['Clip', {}, 13, { input: f32(2, 'T', 5), min: f32(), max: f32() }, `
    input_less_than_min = Less (input, min)
    tmp = Where (input_less_than_min, min, input)
    output_large_than_max = Less (max, tmp)
    Y = Where (output_large_than_max, max, tmp)`],
] as const)('%s %p ≡ its function body', (op, attrs, opset, inputs, body) => {
  it(`at opset ${opset}`, () => {
    const names = Object.keys(inputs);
    const refs = Object.fromEntries(Object.entries(attrs).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    const fused = totals([node(op, names, ['Y'], attrs as Record<string, AttrValue>)], inputs, ['Y'], opset);
    const expanded = totals(parseBody(body, refs), inputs, ['Y'], opset);
    expect(expanded).toBe(fused);
    expect(fused).not.toMatch(/other=0 /);
  });
});

describe('Softmax / LogSoftmax ≡ their opset-18 function bodies (reductions from the reduction family)', () => {
  const axes = node('Constant', [], ['axes'], { value: constTensor('', DataType.INT64, [1], [-1]) });
  it.each([
    ['Softmax', [node('Sub', ['X', 'Max'], ['XSub']), node('Exp', ['XSub'], ['XExp']), node('ReduceSum', ['XExp', 'axes'], ['S'], { keepdims: 1 }),
      node('Div', ['XExp', 'S'], ['Y'])]],
    ['LogSoftmax', [node('Sub', ['X', 'Max'], ['XSub']), node('Exp', ['XSub'], ['XExp']), node('ReduceSum', ['XExp', 'axes'], ['S'], { keepdims: 1 }),
      node('Log', ['S'], ['L']), node('Sub', ['XSub', 'L'], ['Y'])]],
  ] as const)('%s', (op, rest) => {
    const inputs = { X: f32('B', 4, 'S') };
    const fused = totals([node(op, ['X'], ['Y'])], inputs, ['Y'], 18);
    const expanded = totals([axes, node('ReduceMax', ['X', 'axes'], ['Max'], { keepdims: 1 }), ...rest], inputs, ['Y'], 18);
    expect(expanded).toBe(fused);
  });
});
