/**
 * Composite elementwise operators that ONNX defines by a function body (onnx/defs/math/defs.cc, nn/defs.cc,
 * logical/defs.cc at the spec commit in ../shared/onnx-spec). Each costs exactly its body's nodes: every node is
 * elementwise over the output's shape, 1 FLOP per element (Sum of two inputs: 1), transcendental when the node
 * is in TRANSCENDENTAL_OPS. Constant, CastLike and Where are data movement (0), and a node whose inputs are all
 * constants (Gelu's Sqrt(2), Shrink's Neg(lambd)) folds to 0, as the engine folds it in an expanded body.
 * Versions without a body (e.g. Elu-1, PRelu-1) use the newest body: shape and arithmetic did not change.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { TRANSCENDENTAL_OPS } from '../helpers/convention';
import { compute, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule } from '../types';
import { broadcastInfer, checkUnidirectional, sameShapeInfer } from './broadcasting';
import { elementwisePropagate, intGreaterOrEqual, intLessOrEqual } from './values';

/**
 * Function bodies, node by node, with data-movement nodes (Constant, CastLike, Where) and constant-folded nodes
 * left out. A name that is itself a key here is expanded (Celu → Elu, HardSwish → HardSigmoid, ...).
 */
export const BODIES: Readonly<Record<string, readonly string[]>> = {
  // XLessThanZero = Less(X, 0); AlphaMulX = Mul(alpha, X); Y = Where(...)
  LeakyRelu: ['Less', 'Mul'],
  // AlphaLessThanX = Less(alpha, X); Y = Where(...)
  ThresholdedRelu: ['Less'],
  // ExpX, AlphaMulExpX, AlphaMulExpXSubAlpha, Neg = Mul(gamma, ·), Pos = Mul(gamma, X), XLessThanZero; Where
  Selu: ['Exp', 'Mul', 'Sub', 'Mul', 'Mul', 'Less'],
  // XLessThanZero, ExpX, ExpXSubOne, AlphaMulExpXSubOne; Where
  Elu: ['Less', 'Exp', 'Sub', 'Mul'],
  // XScaled = Div(X, alpha); EluResult = Elu<alpha=1>(XScaled); Y = Mul(alpha, EluResult)
  Celu: ['Div', 'Elu', 'Mul'],
  // exp_x, exp_x_add_one = Add, Y = Log
  Softplus: ['Exp', 'Add', 'Log'],
  // Softplus_X, TanHSoftplusX = Tanh, Y = Mul(X, ·)
  Mish: ['Softplus', 'Tanh', 'Mul'],
  // AbsInput, OneAddAbsInput = Add, output = Div
  Softsign: ['Abs', 'Add', 'Div'],
  // AlphaMulX = Mul, AlphaMulXAddBeta = Add, Min(·, 1), Max(·, 0)
  HardSigmoid: ['Mul', 'Add', 'Min', 'Max'],
  // HS_X = HardSigmoid<alpha=1/6, beta=0.5>(X); Y = Mul(X, HS_X)
  HardSwish: ['HardSigmoid', 'Mul'],
  // NegLmbda = Neg(lambd) folds; InputLessThanNegLambda, InputAddBias, InputSubBias, LambdaLessThanInput; 2 × Where
  Shrink: ['Less', 'Add', 'Sub', 'Less'],
  // AlphaMulX = Mul, Sigmoid, Y = Mul(X, ·)
  Swish: ['Mul', 'Sigmoid', 'Mul'],
  // SwishGate = Swish(A); Y = Mul(SwishGate, B)
  SwiGLU: ['Swish', 'Mul'],
  // XLessThanZero = Less, SlopeMulX = Mul(slope, X); Where
  PRelu: ['Less', 'Mul'],
  // SqrtTwo = Sqrt(2) folds; XSqrt = Div, Erf, Phi = Sum(1, ·), MultX = Mul(0.5, X), Y = Mul
  'Gelu:none': ['Div', 'Erf', 'Sum', 'Mul', 'Mul'],
  // SqrtTwoOverPi folds; XCubed = Pow(X, 3), XCubedC0 = Mul, Sum, TanhInput = Mul, Tanh, PhiApprox = Sum, MultX, Y = Mul
  'Gelu:tanh': ['Cube', 'Mul', 'Sum', 'Mul', 'Tanh', 'Sum', 'Mul', 'Mul'],
  // Pow(X, 3) with its constant exponent: 2 multiplies (powPerElement), as PyTorch's X·X·X
  Cube: ['Mul', 'Mul'],
  // O1 = Greater(A, B), O2 = Equal(A, B), C = Or(O1, O2)
  GreaterOrEqual: ['Greater', 'Equal', 'Or'],
  LessOrEqual: ['Less', 'Equal', 'Or'],
};

/** FLOPs and transcendentals per output element of a body, nested bodies expanded. */
export function bodyPerElement(name: string): { flops: number; transcendental: number } {
  const body = BODIES[name];
  if (!body) return { flops: 1, transcendental: TRANSCENDENTAL_OPS.has(name) ? 1 : 0 };
  let flops = 0, transcendental = 0;
  for (const op of body) {
    const c = bodyPerElement(op);
    flops += c.flops;
    transcendental += c.transcendental;
  }
  return { flops, transcendental };
}

function bodyCost(name: string | ((ctx: Parameters<CostFn>[0]) => string)): CostFn {
  return (ctx) => {
    const n = outElements(ctx);
    if (!n) return unknownCost('output shape unknown');
    const c = bodyPerElement(typeof name === 'string' ? name : name(ctx));
    return compute({ other: n.mul(P.n(c.flops)), transcendental: n.mul(P.n(c.transcendental)) });
  };
}

function bodyNote(name: string): string {
  const c = bodyPerElement(name);
  const body = BODIES[name].join(' + ');
  return `function body ${body}: ${c.flops} per output element${c.transcendental ? ` (${c.transcendental} transcendental)` : ''}`;
}

function activation(opType: string, since: number, infer: InferFn = sameShapeInfer): OpRule {
  return { domain: 'ai.onnx', opType, since, infer, cost: bodyCost(opType), costNote: bodyNote(opType) };
}

/** PRelu from opset 7: slope broadcasts unidirectionally to X; the output has X's shape. */
const preluInfer: InferFn = (ctx) => {
  checkUnidirectional(ctx, ctx.shape(0), ctx.shape(1), 'slope');
  return sameShapeInfer(ctx);
};

/** SwiGLU: A and B have identical shapes, no broadcasting; the output takes the better-known dim of each. */
const swigluInfer: InferFn = (ctx) => {
  const a = ctx.shape(0), b = ctx.shape(1);
  if (a && b) {
    if (a.length !== b.length) ctx.fail(`A has rank ${a.length} but B has rank ${b.length} (SwiGLU does not broadcast)`);
    const merged: Dim[] = a.map((d, i) => {
      const e = b[i];
      if (d && e && d.isConst() && e.isConst() && !d.equals(e)) ctx.fail(`A dim ${i} = ${d} but B dim ${i} = ${e}`);
      return d && d.isConst() ? d : e && e.isConst() ? e : d ?? e;
    });
    return [tensorType(ctx.dtype(0), merged)];
  }
  return [tensorType(ctx.dtype(0), a ?? b)];
};

const geluApproximation = (ctx: Parameters<CostFn>[0]): string => {
  const approx = ctx.attrs.string('approximate', 'none');
  if (approx !== 'none' && approx !== 'tanh') ctx.fail(`approximate '${approx}' is neither 'none' nor 'tanh'`);
  return `Gelu:${approx}`;
};

const geluInfer: InferFn = (ctx) => {
  geluApproximation(ctx);
  return sameShapeInfer(ctx);
};

const BOOL = DataType.BOOL;

export const activationRules: OpRule[] = [
  activation('LeakyRelu', 1),
  activation('ThresholdedRelu', 10),
  activation('Selu', 1),
  activation('Elu', 1),
  activation('Celu', 12),
  activation('Softplus', 1),
  activation('Mish', 18),
  activation('Softsign', 1),
  activation('HardSigmoid', 1),
  activation('HardSwish', 14),
  activation('Shrink', 9),
  activation('Swish', 24),
  activation('SwiGLU', 28, swigluInfer),
  activation('PRelu', 1),
  activation('PRelu', 7, preluInfer),
  {
    domain: 'ai.onnx', opType: 'Gelu', since: 20, infer: geluInfer, cost: bodyCost(geluApproximation),
    costNote: `approximate=none: ${bodyNote('Gelu:none')}; approximate=tanh: ${bodyNote('Gelu:tanh')}`,
  },
  {
    ...activation('GreaterOrEqual', 12, broadcastInfer(BOOL)),
    propagate: elementwisePropagate({ int: intGreaterOrEqual, float: (xs) => xs[0] >= xs[1] }),
  },
  {
    ...activation('LessOrEqual', 12, broadcastInfer(BOOL)),
    propagate: elementwisePropagate({ int: intLessOrEqual, float: (xs) => xs[0] <= xs[1] }),
  },
];
