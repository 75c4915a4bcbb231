/**
 * Weight-quantized matrix products. The weight is a constant: dequantizing it is input-independent and folds (as a
 * DequantizeLinear on an initializer does), so each costs the MatMul it computes:
 *   MatMulBnb4                    MACs M·K·N (transB = 0 contracts over N instead: same count)
 *   MatMulFpQ4                    MACs M·K·N, [K, N] read from the B_shape input
 *   MatMulBlockQuantizedFp4Weight MACs M·K·N with N = B[0], K = 2·B[1]; + |Y| bias
 *   MatMulBlockQuantizedFp8Weight MACs M·K·N with [N, K] = B; + |Y| bias; with a_scale, A is quantized and dequantized
 *                                 through FP8 (QuantizeLinear 5 + DequantizeLinear 2 = 7|A|)
 *   MatMulNBitsMlp   ≡ [Skip]SimplifiedLayerNormalization(A) (when norm_scale is given) + MatMulNBits(gate) +
 *                    MatMulNBits(up) [+ biases] + activation(gate) · up: MACs 2·M·K·N; norm N_A (+N_A skip) … as the
 *                    RMSNormalization body 4·N_A + 3·M; + activation + 1 per output
 *   MatMulNBitsQkv   ≡ [Skip]SimplifiedLayerNormalization(A) + three MatMulNBits: MACs M·K·(Nq + 2·Nkv) [+ biases]
 */
import { Dim, dimMul, numElements } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE_OPS_PER_ELEMENT } from '../quantization/linear';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise, geluErfCost, geluTanhCost, rmsNormCost } from './formulas';
import { MatMul, matmulShape } from './shapes';

/** A [..., K] × B [K, N] with K, N known (or null). */
function product(ctx: RuleContext, k: Dim, n: Dim): MatMul | null {
  const a = ctx.shape(0);
  return a ? matmulShape(ctx, a, [k, n]) : null;
}

function required(ctx: RuleContext, name: string): number {
  const v = ctx.attrs.intOrUndefined(name);
  if (v === undefined || v < 1) ctx.fail(`attribute ${name} ${v ?? '(missing)'} must be ≥ 1`);
  return v!;
}

function bnb4Plan(ctx: RuleContext): MatMul | null {
  const k = required(ctx, 'K'), n = required(ctx, 'N');
  if (!ctx.attrs.has('block_size') || !ctx.attrs.has('quant_type')) ctx.fail('block_size and quant_type are required');
  return ctx.attrs.int('transB', 1) ? product(ctx, P.n(k), P.n(n)) : product(ctx, P.n(n), P.n(k));
}

function fpq4Plan(ctx: RuleContext): MatMul | null {
  const s = intValues(ctx, 2);
  if (s && s.length !== 2) ctx.fail(`B_shape holds ${s.length} values; expected [K, N]`);
  return product(ctx, s ? P.n(s[0]) : null, s ? P.n(s[1]) : null);
}

function fp4Plan(ctx: RuleContext): MatMul | null {
  const b = ctx.shape(1);
  if (b && b.length !== 2) ctx.fail(`B has rank ${b.length}; expected [N, K/2]`);
  return product(ctx, b ? dimMul(b[1], P.n(2)) : null, b ? b[0] : null);
}

function fp8Plan(ctx: RuleContext): MatMul | null {
  const b = ctx.shape(1);
  if (b && b.length !== 2) ctx.fail(`B has rank ${b.length}; expected [N, K]`);
  return product(ctx, b ? b[1] : null, b ? b[0] : null);
}

function planCost(plan: (ctx: RuleContext) => MatMul | null, extra: (ctx: RuleContext, out: Poly) => ComputeCost | null = () => compute({})): CostFn {
  return (ctx) => {
    const p = plan(ctx);
    const out = outElements(ctx);
    if (!p?.macs || !out) return unknownCost('input shapes unknown');
    const e = extra(ctx, out);
    return e ? addCosts(compute({ macs: p.macs }), e) : unknownCost('input shapes unknown');
  };
}

const bias = (i: number) => (ctx: RuleContext, out: Poly): ComputeCost => elementwise(out, ctx.has(i) ? 1 : 0);

/** Gate activations MatMulNBitsMlp names, priced by their ONNX bodies. */
function gateActivation(ctx: RuleContext, n: Poly): ComputeCost | null {
  switch (ctx.attrs.string('activation', '').toLowerCase()) {
    case 'silu': case 'swish': return elementwise(n, 2, 1);
    case 'gelu': return geluErfCost(n);
    case 'gelu_tanh': case 'fastgelu': return geluTanhCost(n);
    case 'relu': return elementwise(n, 1);
    case 'identity': case 'none': return compute({});
    default: return null;
  }
}

/** The optional [Skip]SimplifiedLayerNormalization over A (rows of K). */
function fusedNorm(ctx: RuleContext, skip: number, scale: number, alwaysNorm: boolean): ComputeCost | null {
  if (!alwaysNorm && !ctx.has(scale)) return compute({});
  const a = ctx.shape(0), n = a ? numElements(a) : null, rows = a ? numElements(a.slice(0, -1)) : null;
  if (!n || !rows) return null;
  return addCosts(elementwise(n, ctx.has(skip) ? 1 : 0), rmsNormCost(n, rows));
}

const mlpInfer: InferFn = (ctx) => {
  const k = required(ctx, 'K'), n = required(ctx, 'N');
  if (!ctx.attrs.has('activation')) ctx.fail('activation is required');
  if (gateActivation(ctx, P.one) === null) ctx.fail(`activation '${ctx.attrs.string('activation', '')}' has no cost rule`);
  const p = product(ctx, P.n(k), P.n(n));
  return [tensorType(ctx.dtype(0), p?.out ?? null), tensorType(ctx.dtype(0), ctx.shape(0))];
};

const mlpCost: CostFn = planCost((ctx) => product(ctx, P.n(required(ctx, 'K')), P.n(required(ctx, 'N'))), (ctx, out) => {
  const norm = fusedNorm(ctx, 1, 2, false), act = gateActivation(ctx, out);
  if (!norm || !act) return null;
  // the MACs counted by planCost are one projection's; the second (up) adds as many
  const p = product(ctx, P.n(required(ctx, 'K')), P.n(required(ctx, 'N')));
  return addCosts(compute({ macs: p!.macs! }), norm, elementwise(out, (ctx.has(5) ? 1 : 0) + (ctx.has(8) ? 1 : 0) + 1), act);
});

const qkvInfer: InferFn = (ctx) => {
  const k = required(ctx, 'K'), nq = required(ctx, 'Nq'), nkv = required(ctx, 'Nkv');
  const t = ctx.dtype(0);
  const q = product(ctx, P.n(k), P.n(nq)), kv = product(ctx, P.n(k), P.n(nkv));
  return [tensorType(t, q?.out ?? null), tensorType(t, kv?.out ?? null), tensorType(t, kv?.out ?? null), tensorType(t, ctx.shape(0))];
};

const qkvCost: CostFn = (ctx) => {
  const k = required(ctx, 'K'), nq = required(ctx, 'Nq'), nkv = required(ctx, 'Nkv');
  const a = ctx.shape(0), rows = a ? numElements(a.slice(0, -1)) : null;
  const norm = fusedNorm(ctx, 1, 2, true);
  if (!rows || !norm) return unknownCost('input shape unknown');
  const biases = rows.scale(BigInt((ctx.has(5) ? nq : 0) + (ctx.has(8) ? nkv : 0) + (ctx.has(11) ? nkv : 0)));
  return addCosts(compute({ macs: rows.scale(BigInt(k * (nq + 2 * nkv))), other: biases }), norm);
};

export const nbitsRules: OpRule[] = [
  { domain: MS, opType: 'MatMulBnb4', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), bnb4Plan(ctx)?.out ?? null)], cost: planCost(bnb4Plan), costNote: 'MatMul with a constant 4-bit (FP4/NF4) weight: MACs M·K·N; weight dequantization folds' },
  { domain: MS, opType: 'MatMulFpQ4', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), fpq4Plan(ctx)?.out ?? null)], cost: planCost(fpq4Plan), costNote: 'MatMul with a constant int4 blob weight ([K, N] from B_shape): MACs M·K·N' },
  {
    domain: MS, opType: 'MatMulBlockQuantizedFp4Weight', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), fp4Plan(ctx)?.out ?? null)],
    cost: planCost(fp4Plan, bias(5)), costNote: 'MatMul with a constant NVFP4 weight (N = B[0], K = 2·B[1]): MACs M·K·N [+ |Y| bias]',
  },
  {
    domain: MS, opType: 'MatMulBlockQuantizedFp8Weight', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), fp8Plan(ctx)?.out ?? null)],
    cost: planCost(fp8Plan, (ctx, out) => {
      const a = elementsOf(ctx.type(0));
      if (!a) return null;
      return addCosts(bias(4)(ctx, out), elementwise(a, ctx.has(3) ? QUANTIZE_OPS_PER_ELEMENT + DEQUANTIZE_OPS_PER_ELEMENT : 0));
    }),
    costNote: 'MatMul with a constant FP8 weight [N, K]: MACs M·K·N [+ |Y| bias]; a_scale: FP8 quantize-dequantize of A (7|A|)',
  },
  {
    domain: MS, opType: 'MatMulNBitsMlp', since: 1, infer: mlpInfer, cost: mlpCost,
    costNote: '≡ [Skip]SimplifiedLayerNormalization + 2 MatMulNBits (gate, up) [+ biases] + activation(gate)·up: MACs 2·M·K·N',
  },
  {
    domain: MS, opType: 'MatMulNBitsQkv', since: 1, infer: qkvInfer, cost: qkvCost,
    costNote: '≡ [Skip]SimplifiedLayerNormalization + 3 MatMulNBits (Q, K, V) [+ biases]: MACs M·K·(Nq + 2·Nkv)',
  },
];
