/**
 * Matrix-product fusions, held equal to the ai.onnx graphs they replace:
 *   FusedMatMul          ≡ [Transpose] + MatMul [+ Mul by alpha]: MACs batch·M·K·N, + |Y| when alpha ≠ 1
 *   FusedGemm            ≡ Gemm + activation: MACs M·K·N, per output +1 with C, +1 if alpha ≠ 1, +1 if beta ≠ 1
 *                          with C, + the activation's ONNX cost per element
 *   MatMulNBits          ≡ MatMul with a constant (dequantized) weight: MACs M·K·N (+M·N with bias); dequantizing
 *                          the constant weight is input-independent and folds, as a DequantizeLinear on an initializer
 *   MatMulIntegerToFloat ≡ MatMulInteger + Cast + Mul(a_scale·b_scale) [+ Add bias]
 *   DynamicQuantizeMatMul ≡ DynamicQuantizeLinear(A) + MatMulIntegerToFloat(with the a_zero_point it produces):
 *                          MACs M·K·N, 8|A| + 9 + |Y| + |b_scale| (+|B| with b_zero_point, +|Y| with bias)
 *   QOrderedMatMul       ≡ dequantized MatMul: MACs, + |Y| alpha scale, [+ |Y| bias], [+ 2|Y| beta·C]
 *   Inverse              (no ONNX decomposition) Gauss–Jordan: M³ MACs + M² divisions per matrix
 */
import { Dim, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { Poly } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { addCosts, compute, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { dynamicQuantizeLinearCost } from '../quantization/dynamic';
import { ComputeCost, Cost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise } from './formulas';
import { MatMul, matmulShape, transposeLast } from './shapes';

/** FLOPs (and transcendentals) per element of the activations FusedConv / FusedGemm accept, as their ONNX ops cost. */
export const ACTIVATIONS: Record<string, { flops: number; transcendental: number }> = {
  '': { flops: 0, transcendental: 0 },
  Relu: { flops: 1, transcendental: 0 },
  Sigmoid: { flops: 1, transcendental: 1 },
  Tanh: { flops: 1, transcendental: 1 },
  LeakyRelu: { flops: 2, transcendental: 0 }, // body Less + Mul (Where is data movement)
  HardSigmoid: { flops: 4, transcendental: 0 }, // body Mul, Add, Min, Max
  Clip: { flops: 2, transcendental: 0 }, // Less per bound
};

export function activationCost(ctx: RuleContext, n: Poly): ComputeCost | Cost {
  const name = ctx.attrs.string('activation', '');
  const a = ACTIVATIONS[name];
  if (!a) return unknownCost(`activation '${name}' has no cost rule`);
  return elementwise(n, a.flops, a.transcendental);
}

/** FusedMatMul: transBatch moves dim 0 behind the other batch dims; trans swaps the last two. */
function fusedOperand(ctx: RuleContext, i: number, which: 'A' | 'B'): Dim[] | null {
  const s = ctx.shape(i);
  if (!s) return null;
  let out = [...s];
  if (ctx.attrs.int(`transBatch${which}`, 0) && out.length >= 3) out = [...out.slice(1, -1), out[0], out[out.length - 1]];
  if (ctx.attrs.int(`trans${which}`, 0) && out.length >= 2) out = transposeLast(out);
  return out;
}

export function fusedMatMul(ctx: RuleContext): MatMul | null {
  const a = fusedOperand(ctx, 0, 'A'), b = fusedOperand(ctx, 1, 'B');
  return a && b ? matmulShape(ctx, a, b) : null;
}

/** Plain MatMul of inputs a and b (shapes as given). */
export function plainMatMul(ctx: RuleContext, a = 0, b = 1): MatMul | null {
  const sa = ctx.shape(a), sb = ctx.shape(b);
  return sa && sb ? matmulShape(ctx, sa, sb) : null;
}

export function matmulInfer(dtype: (ctx: RuleContext) => number, plan: (ctx: RuleContext) => MatMul | null): InferFn {
  return (ctx) => [tensorType(dtype(ctx), plan(ctx)?.out ?? null)];
}

/** MACs of `plan` plus `perOutput` extra arithmetic. */
export function macsPlus(plan: (ctx: RuleContext) => MatMul | null, extra: (ctx: RuleContext, out: Poly) => ComputeCost = () => compute({})): CostFn {
  return (ctx) => {
    const p = plan(ctx);
    const out = outElements(ctx);
    if (!p?.macs || !out) return unknownCost('input shapes unknown');
    return addCosts(compute({ macs: p.macs }), extra(ctx, out));
  };
}

/** FusedGemm: Gemm's (M, N) from A, B and transA/transB. */
export function gemmPlan(ctx: RuleContext): MatMul | null {
  const a = ctx.shape(0), b = ctx.shape(1);
  for (const [s, n] of [[a, 'A'], [b, 'B']] as const) if (s && s.length !== 2) ctx.fail(`${n} has rank ${s.length}; Gemm needs 2-D inputs`);
  if (!a || !b) return null;
  return matmulShape(ctx, ctx.attrs.int('transA', 0) ? transposeLast(a) : a, ctx.attrs.int('transB', 0) ? transposeLast(b) : b);
}

const fusedGemmCost: CostFn = (ctx) => {
  const p = gemmPlan(ctx);
  const out = outElements(ctx);
  if (!p?.macs || !out) return unknownCost('input shapes unknown');
  let perOutput = 0;
  if (ctx.has(2)) perOutput++;
  if (ctx.attrs.float('alpha', 1) !== 1) perOutput++;
  if (ctx.has(2) && ctx.attrs.float('beta', 1) !== 1) perOutput++;
  const act = activationCost(ctx, out);
  if (act.kind !== 'compute') return act;
  return addCosts(compute({ macs: p.macs, other: out.mul(P.n(perOutput)) }), act);
};

/** MatMulNBits: A [..., K] × dequantized B [K, N] → [..., N]; K and N are attributes. */
export function nbitsPlan(ctx: RuleContext): MatMul | null {
  const k = ctx.attrs.intOrUndefined('K'), n = ctx.attrs.intOrUndefined('N');
  if (k === undefined || n === undefined) ctx.fail('attributes K and N are required');
  const bits = ctx.attrs.int('bits', 4);
  if (bits < 2 || bits > 8) ctx.fail(`bits ${bits} is not in 2..8`);
  const a = ctx.shape(0);
  if (!a) return null;
  return matmulShape(ctx, a, [P.n(k!), P.n(n!)]);
}

/** MatMulIntegerToFloat extras: zero-point subtractions (as MatMulInteger), the scale product, output scale, bias. */
export function integerToFloatExtras(ctx: RuleContext, out: Poly, scales: [number, number], zps: [number, number], bias: number): ComputeCost {
  let other = out; // Mul(Cast(Y), a_scale·b_scale)
  const sa = ctx.shape(scales[0]), sb = ctx.shape(scales[1]);
  const scaleProduct = sa && sb ? numElements(broadcastShapes([sa, sb]) ?? []) : null;
  if (scaleProduct) other = other.add(scaleProduct);
  for (const [z, operand] of [[zps[0], 0], [zps[1], 1]] as const) {
    if (z >= 0 && ctx.has(z)) { const e = elementsOf(ctx.type(operand)); if (e) other = other.add(e); }
  }
  if (ctx.has(bias)) other = other.add(out);
  return compute({ other });
}

/**
 * DynamicQuantizeMatMul's arithmetic besides its MACs, as the graph it fuses: DynamicQuantizeLinear(A) (its ONNX
 * body, 7|A| + 9) then MatMulIntegerToFloat(A_q, B, a_scale, b_scale, a_zero_point, b_zero_point, bias), whose
 * a_zero_point (always produced) subtracts once per element of A (|A|), with the output scale |Y|, the scale
 * product |b_scale| (a_scale is a scalar), b_zero_point |B| when given, and the bias |Y| when given.
 */
function dynamicQuantizeMatMulExtras(ctx: RuleContext, out: Poly): ComputeCost {
  const a = elementsOf(ctx.type(0));
  if (!a) return compute({});
  return addCosts(dynamicQuantizeLinearCost(a), compute({ other: a }), integerToFloatExtras(ctx, out, [2, 2], [-1, 3], 4));
}

const inverseInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (x) {
    if (x.length < 2) ctx.fail(`input has rank ${x.length}; Inverse needs [*, M, M]`);
    const m = x[x.length - 2], n = x[x.length - 1];
    if (m && n && m.isConst() && n.isConst() && !m.equals(n)) ctx.fail(`matrices are ${m}×${n}, not square`);
  }
  return [tensorType(ctx.dtype(0), x)];
};

const inverseCost: CostFn = (ctx) => {
  const x = ctx.shape(0);
  const batch = x ? numElements(x.slice(0, -2)) : null;
  const m: Dim = x ? x[x.length - 1] ?? x[x.length - 2] : null;
  if (!batch || !m) return unknownCost('input shape unknown');
  const m2 = m.mul(m);
  return compute({ macs: batch.mul(m2).mul(m), other: batch.mul(m2) });
};

const first = (ctx: RuleContext): number => ctx.dtype(0);

export const matmulRules: OpRule[] = [
  {
    domain: MS, opType: 'FusedMatMul', since: 1, infer: matmulInfer(first, fusedMatMul),
    cost: macsPlus(fusedMatMul, (ctx, out) => elementwise(out, ctx.attrs.float('alpha', 1) !== 1 ? 1 : 0)),
    costNote: '≡ [Transpose] + MatMul [+ Mul alpha]: MACs batch·M·K·N, + |Y| when alpha ≠ 1',
  },
  {
    domain: MS, opType: 'FusedGemm', since: 1, infer: matmulInfer(first, gemmPlan), cost: fusedGemmCost,
    costNote: '≡ Gemm + activation: MACs M·K·N; per output +1 with C, +1 alpha ≠ 1, +1 beta ≠ 1 with C; + activation',
  },
  {
    domain: MS, opType: 'MatMulNBits', since: 1, infer: matmulInfer(first, nbitsPlan),
    cost: macsPlus(nbitsPlan, (ctx, out) => elementwise(out, ctx.has(5) ? 1 : 0)),
    costNote: '≡ MatMul with a constant dequantized weight: MACs M·K·N (+M·N bias); weight dequantization folds',
  },
  {
    domain: MS, opType: 'MatMulIntegerToFloat', since: 1, infer: matmulInfer((ctx) => ctx.dtype(2) || DataType.FLOAT, (ctx) => plainMatMul(ctx)),
    cost: macsPlus((ctx) => plainMatMul(ctx), (ctx, out) => integerToFloatExtras(ctx, out, [2, 3], [4, 5], 6)),
    costNote: '≡ MatMulInteger (+|A|/|B| per zero point) + Cast + Mul(a_scale·b_scale) (+|Y| + |scale|) [+ Add bias |Y|]',
  },
  {
    domain: MS, opType: 'DynamicQuantizeMatMul', since: 1, infer: matmulInfer(() => DataType.FLOAT, (ctx) => plainMatMul(ctx)),
    cost: macsPlus((ctx) => plainMatMul(ctx), dynamicQuantizeMatMulExtras),
    costNote: '≡ DynamicQuantizeLinear(A) (7|A| + 9) + MatMulIntegerToFloat (a_zero_point |A|, scale |Y| + |b_scale|, [b_zero_point |B|], [bias |Y|])',
  },
  {
    domain: MS, opType: 'QOrderedMatMul', since: 1, infer: matmulInfer(() => DataType.INT8, (ctx) => plainMatMul(ctx, 0, 2)),
    cost: macsPlus((ctx) => plainMatMul(ctx, 0, 2), (ctx, out) => elementwise(out, 1 + (ctx.has(5) ? 1 : 0) + (ctx.has(6) ? 2 : 0))),
    costNote: 'MACs batch·M·K·N; per output +1 scale, +1 bias, +2 beta·C',
  },
  {
    domain: MS, opType: 'Inverse', since: 1, infer: inverseInfer, cost: inverseCost,
    costNote: 'no ONNX decomposition; Gauss–Jordan elimination: M³ MACs + M² divisions per matrix',
  },
];

