/**
 * Elementwise primitives: 1 FLOP per output element per operation (ARCHITECTURE.md §4); the ones in
 * TRANSCENDENTAL_OPS are also tallied as transcendental. Binary operators changed shape semantics at opset 7
 * (multidirectional broadcasting replaced the `broadcast`/`axis` attributes); unary ones never did, so each has
 * one rule at its first version.
 */
import { DataType } from '../../ir/dtype';
import { TRANSCENDENTAL_OPS } from '../helpers/convention';
import { compute, outElements, perOutputElement, unknownCost } from '../helpers/cost';
import { scalarValue } from '../helpers/values';
import { P } from '../../ir/poly';
import { InferFn, OpRule, PropagateFn, CostFn } from '../types';
import { broadcastInfer, legacyBroadcastInfer, sameShapeAs, sameShapeInfer } from './broadcasting';
import {
  boolAnd, boolNot, boolOr, boolXor, elementwisePropagate, ElementOps, intAbs, intAdd, intDiv, intEqual, intFmod,
  intGreater, intLess, intMod, intMul, intNeg, intSign, intSub,
} from './values';

export { broadcastInfer, legacyBroadcastInfer, sameShapeInfer } from './broadcasting';

const BOOL = DataType.BOOL;

/** One operator's elementwise record: its rule versions, result type and analysis-time evaluation. */
interface Primitive {
  readonly op: string;
  /** Versions where shape semantics changed: [first] for unary ops, [1, 7] for binary ops born before opset 7. */
  readonly sinces: readonly number[];
  readonly arity: 1 | 2;
  /** Output element type when not input 0's (BOOL for comparisons, logical ops and predicates). */
  readonly dtype?: number;
  readonly eval?: ElementOps;
}

/** Legacy (opset < 7) evaluation ignores `axis` broadcasting: with an axis attribute, values are not propagated. */
function propagateFor(p: Primitive, since: number): PropagateFn | undefined {
  if (!p.eval) return undefined;
  const run = elementwisePropagate(p.eval);
  if (since >= 7 || p.arity === 1) return run;
  return (ctx) => (ctx.attrs.has('axis') ? [] : run(ctx));
}

function inferFor(p: Primitive, since: number): InferFn {
  if (p.arity === 1) return p.dtype === undefined ? sameShapeInfer : sameShapeAs(p.dtype);
  return since < 7 ? legacyBroadcastInfer(p.dtype) : broadcastInfer(p.dtype);
}

export function primitiveRules(list: readonly Primitive[]): OpRule[] {
  return list.flatMap((p) => p.sinces.map((since): OpRule => {
    const transcendental = TRANSCENDENTAL_OPS.has(p.op) ? 1 : 0;
    const propagate = propagateFor(p, since);
    return {
      domain: 'ai.onnx', opType: p.op, since, infer: inferFor(p, since),
      ...(propagate ? { propagate } : {}),
      ...(p.op === 'Pow'
        ? { cost: powCost, costNote: 'constant integer exponent k in 2..16: k − 1 multiplies per output element (x·x·x, as exporters also write it); any other exponent: 1 per output element (transcendental)' }
        : { cost: perOutputElement(1, transcendental), costNote: `1 per output element${transcendental ? ' (transcendental)' : ''}` }),
    };
  }));
}

/** Largest constant integer exponent priced as repeated multiplication. */
export const MAX_MULTIPLIED_EXPONENT = 16;

/**
 * FLOPs of x^k per element: a constant small integer k ≥ 2 is k − 1 multiplies (what Pow(x, 3) and the x·x·x
 * PyTorch writes for tanh-GELU both are), anything else one transcendental operation.
 */
export function powPerElement(exponent: number | undefined): { flops: number; transcendental: number } {
  if (exponent !== undefined && Number.isInteger(exponent) && exponent >= 2 && exponent <= MAX_MULTIPLIED_EXPONENT) {
    return { flops: exponent - 1, transcendental: 0 };
  }
  return { flops: 1, transcendental: 1 };
}

const powCost: CostFn = (ctx) => {
  const n = outElements(ctx);
  if (!n) return unknownCost('output shape unknown');
  const c = powPerElement(scalarValue(ctx, 1));
  return compute({ other: n.mul(P.n(c.flops)), transcendental: n.mul(P.n(c.transcendental)) });
};

const f1 = (fn: (x: number) => number | boolean): ElementOps => ({ float: (xs) => fn(xs[0]) });
const f2 = (fn: (a: number, b: number) => number | boolean): ElementOps => ({ float: (xs) => fn(xs[0], xs[1]) });

/** Round half to even, as ONNX Round. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const LEGACY = [1, 7];

export const BINARY_ARITHMETIC: readonly Primitive[] = [
  { op: 'Add', sinces: LEGACY, arity: 2, eval: { int: intAdd, float: (xs) => xs[0] + xs[1] } },
  { op: 'Sub', sinces: LEGACY, arity: 2, eval: { int: intSub, float: (xs) => xs[0] - xs[1] } },
  { op: 'Mul', sinces: LEGACY, arity: 2, eval: { int: intMul, float: (xs) => xs[0] * xs[1] } },
  { op: 'Div', sinces: LEGACY, arity: 2, eval: { int: intDiv, float: (xs) => xs[0] / xs[1] } },
  { op: 'Pow', sinces: LEGACY, arity: 2, eval: f2(Math.pow) },
  { op: 'BitShift', sinces: [11], arity: 2 },
  { op: 'BitwiseAnd', sinces: [18], arity: 2 },
  { op: 'BitwiseOr', sinces: [18], arity: 2 },
  { op: 'BitwiseXor', sinces: [18], arity: 2 },
];

export const COMPARISONS: readonly Primitive[] = [
  { op: 'Equal', sinces: LEGACY, arity: 2, dtype: BOOL, eval: { int: intEqual, float: (xs) => xs[0] === xs[1] } },
  { op: 'Less', sinces: LEGACY, arity: 2, dtype: BOOL, eval: { int: intLess, float: (xs) => xs[0] < xs[1] } },
  { op: 'Greater', sinces: LEGACY, arity: 2, dtype: BOOL, eval: { int: intGreater, float: (xs) => xs[0] > xs[1] } },
  { op: 'And', sinces: LEGACY, arity: 2, dtype: BOOL, eval: { int: boolAnd } },
  { op: 'Or', sinces: LEGACY, arity: 2, dtype: BOOL, eval: { int: boolOr } },
  { op: 'Xor', sinces: LEGACY, arity: 2, dtype: BOOL, eval: { int: boolXor } },
  { op: 'Not', sinces: [1], arity: 1, dtype: BOOL, eval: { int: boolNot } },
  { op: 'IsNaN', sinces: [9], arity: 1, dtype: BOOL, eval: f1(Number.isNaN) },
];

export const UNARY: readonly Primitive[] = [
  { op: 'Abs', sinces: [1], arity: 1, eval: { int: intAbs, float: (xs) => Math.abs(xs[0]) } },
  { op: 'Neg', sinces: [1], arity: 1, eval: { int: intNeg, float: (xs) => -xs[0] } },
  { op: 'Sign', sinces: [9], arity: 1, eval: { int: intSign, float: (xs) => Math.sign(xs[0]) } },
  { op: 'Reciprocal', sinces: [1], arity: 1, eval: f1((x) => 1 / x) },
  { op: 'Floor', sinces: [1], arity: 1, eval: f1(Math.floor) },
  { op: 'Ceil', sinces: [1], arity: 1, eval: f1(Math.ceil) },
  { op: 'Round', sinces: [11], arity: 1, eval: f1(roundHalfEven) },
  { op: 'Relu', sinces: [1], arity: 1, eval: f1((x) => Math.max(x, 0)) },
  { op: 'Sqrt', sinces: [1], arity: 1, eval: f1(Math.sqrt) },
  { op: 'Exp', sinces: [1], arity: 1, eval: f1(Math.exp) },
  { op: 'Log', sinces: [1], arity: 1, eval: f1(Math.log) },
  { op: 'Sigmoid', sinces: [1], arity: 1, eval: f1((x) => 1 / (1 + Math.exp(-x))) },
  { op: 'Tanh', sinces: [1], arity: 1, eval: f1(Math.tanh) },
  { op: 'Erf', sinces: [9], arity: 1 },
  { op: 'Sin', sinces: [7], arity: 1, eval: f1(Math.sin) },
  { op: 'Cos', sinces: [7], arity: 1, eval: f1(Math.cos) },
  { op: 'Tan', sinces: [7], arity: 1, eval: f1(Math.tan) },
  { op: 'Asin', sinces: [7], arity: 1, eval: f1(Math.asin) },
  { op: 'Acos', sinces: [7], arity: 1, eval: f1(Math.acos) },
  { op: 'Atan', sinces: [7], arity: 1, eval: f1(Math.atan) },
  { op: 'Sinh', sinces: [9], arity: 1, eval: f1(Math.sinh) },
  { op: 'Cosh', sinces: [9], arity: 1, eval: f1(Math.cosh) },
  { op: 'Asinh', sinces: [9], arity: 1, eval: f1(Math.asinh) },
  { op: 'Acosh', sinces: [9], arity: 1, eval: f1(Math.acosh) },
  { op: 'Atanh', sinces: [9], arity: 1, eval: f1(Math.atanh) },
  { op: 'BitwiseNot', sinces: [18], arity: 1 },
];

/** Mod's evaluation depends on `fmod` (integer floor modulo vs C fmod), so it is built per node. */
const modPropagate: PropagateFn = (ctx) => {
  const fmod = ctx.attrs.int('fmod', 0) === 1;
  return elementwisePropagate(fmod
    ? { int: intFmod, float: (xs) => xs[0] % xs[1] }
    : { int: intMod, float: (xs) => xs[0] - xs[1] * Math.floor(xs[0] / xs[1]) })(ctx);
};

/** IsInf's `detect_negative`/`detect_positive` attributes choose which infinities count. */
const isInfPropagate: PropagateFn = (ctx) => {
  const neg = ctx.attrs.int('detect_negative', 1) !== 0, pos = ctx.attrs.int('detect_positive', 1) !== 0;
  return elementwisePropagate(f1((x) => (x === Infinity && pos) || (x === -Infinity && neg)))(ctx);
};

const SPECIAL: OpRule[] = [
  {
    domain: 'ai.onnx', opType: 'Mod', since: 10, infer: broadcastInfer(), propagate: modPropagate,
    cost: perOutputElement(1), costNote: '1 per output element',
  },
  {
    domain: 'ai.onnx', opType: 'IsInf', since: 10, infer: sameShapeAs(BOOL), propagate: isInfPropagate,
    cost: perOutputElement(1), costNote: '1 per output element',
  },
];

export const elementwiseRules: OpRule[] = [
  ...primitiveRules(BINARY_ARITHMETIC),
  ...primitiveRules(COMPARISONS),
  ...primitiveRules(UNARY),
  ...SPECIAL,
];
