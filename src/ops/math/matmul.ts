/**
 * MatMul and MatMulInteger: numpy matmul semantics (a 1-D operand is promoted to a matrix and the added dim
 * removed from the result; batch dims broadcast). MACs = prod(broadcast batch) · M · K · N = output elements · K.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { compute, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';

const show = (s: readonly Dim[]): string => `[${s.map((d) => d?.toString() ?? '?').join(', ')}]`;

/** The contraction length when both sides agree (a known constant wins over a symbol, a symbol over unknown). */
export function unifyDim(ctx: RuleContext, a: Dim, b: Dim, what: string): Dim {
  if (a && b && a.isConst() && b.isConst() && !a.equals(b)) ctx.fail(`${what}: ${a} ≠ ${b}`);
  if (a && a.isConst()) return a;
  if (b && b.isConst()) return b;
  return a ?? b;
}

/** numpy matmul output shape and contraction length K; shape null when either rank is unknown. */
export function matmulShape(ctx: RuleContext, a: readonly Dim[] | null, b: readonly Dim[] | null): { shape: Dim[] | null; k: Dim } {
  if (a && a.length === 0) ctx.fail('input A is a scalar; MatMul needs rank >= 1');
  if (b && b.length === 0) ctx.fail('input B is a scalar; MatMul needs rank >= 1');
  if (!a || !b) {
    const k = a ? a[a.length - 1] : b ? b[b.length === 1 ? 0 : b.length - 2] : null;
    return { shape: null, k };
  }
  const am = a.length === 1 ? [null, a[0]] : a;
  const bm = b.length === 1 ? [b[0], null] : b;
  const k = unifyDim(ctx, am[am.length - 1], bm[bm.length - 2], `A ${show(a)} and B ${show(b)} contract different lengths`);
  const batch = broadcastShapes([am.slice(0, -2), bm.slice(0, -2)]);
  const shape: Dim[] = [...batch!];
  if (a.length > 1) shape.push(am[am.length - 2]);
  if (b.length > 1) shape.push(bm[bm.length - 1]);
  return { shape, k };
}

const matmulInfer: InferFn = (ctx) => [tensorType(ctx.dtype(0), matmulShape(ctx, ctx.shape(0), ctx.shape(1)).shape)];

const matmulIntegerInfer: InferFn = (ctx) => [tensorType(DataType.INT32, matmulShape(ctx, ctx.shape(0), ctx.shape(1)).shape)];

/** MACs = output elements · K; a string says why they are unknown. */
function matmulMacs(ctx: RuleContext): Poly | string {
  const n = outElements(ctx);
  const { k } = matmulShape(ctx, ctx.shape(0), ctx.shape(1));
  if (!n) return 'output shape unknown';
  if (!k) return 'contraction length K unknown';
  return n.mul(k);
}

const matmulCost: CostFn = (ctx) => {
  const macs = matmulMacs(ctx);
  return typeof macs === 'string' ? unknownCost(macs) : compute({ macs });
};

/**
 * MatMulInteger: the same MACs; each given zero point adds one subtraction per element of its operand (the
 * `(A − a_zero_point)`, `(B − b_zero_point)` of the spec's definition, counted once per element, not per MAC).
 */
const matmulIntegerCost: CostFn = (ctx) => {
  const macs = matmulMacs(ctx);
  if (typeof macs === 'string') return unknownCost(macs);
  let other = P.zero;
  for (const [zp, operand] of [[2, 0], [3, 1]] as const) {
    if (!ctx.has(zp)) continue;
    const e = elementsOf(ctx.tensor(operand));
    if (!e) return unknownCost(`input ${operand} shape unknown (its zero point is counted per element)`);
    other = other.add(e);
  }
  return compute({ macs, other });
};

export const matmulRules: OpRule[] = [
  {
    domain: 'ai.onnx', opType: 'MatMul', since: 1, infer: matmulInfer, cost: matmulCost,
    costNote: 'MACs = prod(broadcast batch) · M · K · N',
  },
  {
    domain: 'ai.onnx', opType: 'MatMulInteger', since: 10, infer: matmulIntegerInfer, cost: matmulIntegerCost,
    costNote: 'MACs = prod(batch) · M · K · N; + elements of A when a_zero_point is given, + elements of B when b_zero_point is given',
  },
];
