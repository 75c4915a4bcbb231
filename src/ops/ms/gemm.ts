/**
 * More matrix-product contrib operators, each held equal to the ai.onnx graph it stands for:
 *   TransposeMatMul        ≡ FusedMatMul (its older name): MACs batch·M·K·N, + |Y| when alpha ≠ 1
 *   FusedMatMulActivation  ≡ FusedMatMul + activation (as FusedConv's activations cost)
 *   MatMulInteger16        ≡ MatMulInteger on 16-bit operands: MACs only
 *   SparseToDenseMatMul    MACs nnz(A)·N (nnz: a fresh symbol, the sparse tensor's count), + |Y| when alpha ≠ 1
 *   GemmFastGelu           ≡ MatMul [+ Add bias] + FastGelu: MACs M·K·N, |Y| bias + 9|Y| (Gelu tanh body), |Y| transcendental
 *   GemmFloat8             ≡ Gemm [+ activation]: as Gemm per output (+1 C, +1 alpha ≠ 1, +1 beta ≠ 1 with C), + 1 per
 *                          output for the scaleA·scaleB product, + 1 for scaleY; RELU 1, GELU 5 (1 transcendental)
 *   QGemm                  ≡ DequantizeLinear(A) + DequantizeLinear(B) + Gemm [+ QuantizeLinear(Y) with y_scale]: as
 *                          ai.onnx QLinearMatMul prices its QDQ form: 2|A| + 2|B| + Gemm's extras + 5|Y|
 *   CDist                  per (row of A, row of B) pair over N features: Sub, Mul, Add each N (sqeuclidean 3N),
 *                          + Sqrt (euclidean 3N + 1, 1 transcendental)
 */
import { Dim, dimMul } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { Poly } from '../../ir/poly';
import { addCosts, compute, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE_OPS_PER_ELEMENT } from '../quantization/linear';
import { Cost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, elementwise, geluErfCost, geluTanhCost } from './formulas';
import { activationCost, fusedMatMul, gemmPlan, macsPlus, matmulInfer, matmulRules, plainMatMul } from './matmul';
import { MatMul, transposeLast } from './shapes';

const fusedMatMulRule = matmulRules.find((r) => r.opType === 'FusedMatMul')!;

const alphaCost = (ctx: RuleContext, out: Poly) => elementwise(out, ctx.attrs.float('alpha', 1) !== 1 ? 1 : 0);

const fusedActivationCost: CostFn = (ctx) => {
  const base = macsPlus(fusedMatMul, alphaCost)(ctx);
  const out = outElements(ctx);
  if (base.kind !== 'compute' || !out) return base;
  const act = activationCost(ctx, out);
  return act.kind === 'compute' ? addCosts(base, act) : act;
};

/** MatMulInteger16: int32 out, uint32 when both operands are uint16. */
const integer16Type = (ctx: RuleContext): number => (ctx.dtype(0) === DataType.UINT16 && ctx.dtype(1) === DataType.UINT16 ? DataType.UINT32 : DataType.INT32);

/** SparseToDenseMatMul: A is a sparse [M, K] (transA swaps), B dense [K, N]. */
function sparsePlan(ctx: RuleContext): { out: Dim[]; n: Dim } | null {
  const a = ctx.type(0), b = ctx.shape(1);
  const as = a && (a.kind === 'sparse' || a.kind === 'tensor') ? a.shape : null;
  if (as && as.length !== 2) ctx.fail(`A has rank ${as.length}; expected a 2-D sparse matrix`);
  if (b && b.length !== 2) ctx.fail(`B has rank ${b.length}; expected 2-D`);
  if (!as || !b) return null;
  const a2 = ctx.attrs.int('transA', 0) ? transposeLast(as) : [...as];
  const b2 = ctx.attrs.int('transB', 0) ? transposeLast(b) : [...b];
  if (a2[1]?.isConst() && b2[0]?.isConst() && !a2[1].equals(b2[0])) ctx.fail(`inner dimensions ${a2[1]} and ${b2[0]} differ`);
  return { out: [a2[0], b2[1]], n: b2[1] };
}

const sparseCost: CostFn = (ctx) => {
  const p = sparsePlan(ctx);
  const out = outElements(ctx);
  if (!p || !p.n || !out) return unknownCost('input shapes unknown');
  return addCosts(compute({ macs: ctx.fresh('nnz').mul(p.n) }), alphaCost(ctx, out));
};

const gemmFastGeluCost: CostFn = (ctx) => macsPlus(plainMatMul, (c, out) => addCosts(elementwise(out, c.has(2) ? 1 : 0), geluTanhCost(out)))(ctx);

/** Gemm's per-output extras: C add, alpha, beta with C. */
function gemmExtras(ctx: RuleContext, out: Poly, c: number): number {
  let k = 0;
  if (ctx.has(c)) k++;
  if (ctx.attrs.float('alpha', 1) !== 1) k++;
  if (ctx.has(c) && ctx.attrs.float('beta', 1) !== 1) k++;
  return k;
}

const gemmFloat8Cost: CostFn = (ctx): Cost => {
  const p = gemmPlan(ctx);
  const out = outElements(ctx);
  if (!p?.macs || !out) return unknownCost('input shapes unknown');
  const act = ctx.attrs.string('activation', 'NONE').toUpperCase();
  if (!['NONE', 'RELU', 'GELU'].includes(act)) return unknownCost(`activation '${act}' is not RELU, GELU or NONE`);
  const scales = (ctx.has(3) || ctx.has(4) ? 1 : 0) + (ctx.has(5) ? 1 : 0);
  const parts = [compute({ macs: p.macs }), elementwise(out, gemmExtras(ctx, out, 2) + scales)];
  if (act === 'RELU') parts.push(elementwise(out, 1));
  if (act === 'GELU') parts.push(geluErfCost(out));
  return addCosts(...parts);
};

/** QGemm: A, a_scale, a_zero_point, B, b_scale, b_zero_point, C?, y_scale?, y_zero_point?. */
function qgemmPlan(ctx: RuleContext): MatMul | null {
  const a = ctx.shape(0), b = ctx.shape(3);
  for (const [s, n] of [[a, 'A'], [b, 'B']] as const) if (s && s.length !== 2) ctx.fail(`${n} has rank ${s.length}; Gemm needs 2-D inputs`);
  if (!a || !b) return null;
  const a2 = ctx.attrs.int('transA', 0) ? transposeLast(a) : a, b2 = ctx.attrs.int('transB', 0) ? transposeLast(b) : b;
  if (a2[1]?.isConst() && b2[0]?.isConst() && !a2[1].equals(b2[0])) ctx.fail(`inner dimensions ${a2[1]} and ${b2[0]} differ`);
  return { out: [a2[0], b2[1]], macs: dimMul(dimMul(a2[0], a2[1]), b2[1]) };
}

const qgemmCost: CostFn = (ctx) => {
  const p = qgemmPlan(ctx);
  const out = outElements(ctx), a = elementsOf(ctx.type(0)), b = elementsOf(ctx.type(3));
  if (!p?.macs || !out || !a || !b) return unknownCost('input shapes unknown');
  let perOut = (ctx.has(6) ? 1 : 0) + (ctx.attrs.float('alpha', 1) !== 1 ? 1 : 0);
  if (ctx.has(7)) perOut += QUANTIZE_OPS_PER_ELEMENT;
  return addCosts(compute({ macs: p.macs }), elementwise(a.add(b), DEQUANTIZE_OPS_PER_ELEMENT), elementwise(out, perOut));
};

const cdistInfer: InferFn = (ctx) => {
  const metric = ctx.attrs.string('metric', 'sqeuclidean');
  if (metric !== 'sqeuclidean' && metric !== 'euclidean') ctx.fail(`metric '${metric}' is not one onnxruntime implements (sqeuclidean, euclidean)`);
  const a = ctx.shape(0), b = ctx.shape(1);
  if (a && a.length !== 2) ctx.fail(`A has rank ${a.length}; expected [M, N]`);
  if (b && b.length !== 2) ctx.fail(`B has rank ${b.length}; expected [K, N]`);
  if (a && b && a[1]?.isConst() && b[1]?.isConst() && !a[1].equals(b[1])) ctx.fail(`feature counts ${a[1]} and ${b[1]} differ`);
  return [tensorType(ctx.dtype(0), [a?.[0] ?? null, b?.[0] ?? null])];
};

const cdistCost: CostFn = (ctx) => {
  const out = outElements(ctx), n = ctx.shape(0)?.[1] ?? ctx.shape(1)?.[1] ?? null;
  if (!out || !n) return unknownCost('input shapes unknown');
  const pairs = out.mul(n).scale(3n);
  return ctx.attrs.string('metric', 'sqeuclidean') === 'euclidean' ? compute({ other: pairs.add(out), transcendental: out }) : compute({ other: pairs });
};

const first = (ctx: RuleContext): number => ctx.dtype(0);

export const gemmRules: OpRule[] = [
  { ...fusedMatMulRule, opType: 'TransposeMatMul', costNote: '≡ FusedMatMul: [Transpose] + MatMul [+ Mul alpha]: MACs batch·M·K·N, + |Y| when alpha ≠ 1' },
  {
    domain: MS, opType: 'FusedMatMulActivation', since: 1,
    infer: (ctx) => { if (!ctx.attrs.has('activation')) ctx.fail('activation is required'); return matmulInfer(first, fusedMatMul)(ctx); },
    cost: fusedActivationCost, costNote: '≡ FusedMatMul + activation: MACs batch·M·K·N, + |Y| when alpha ≠ 1, + the activation per output',
  },
  {
    domain: MS, opType: 'MatMulInteger16', since: 1, infer: matmulInfer(integer16Type, (ctx) => plainMatMul(ctx)),
    cost: macsPlus((ctx) => plainMatMul(ctx)), costNote: '≡ MatMulInteger on 16-bit operands: MACs batch·M·K·N',
  },
  {
    domain: MS, opType: 'SparseToDenseMatMul', since: 1, infer: (ctx) => [tensorType(ctx.dtype(1), sparsePlan(ctx)?.out ?? null)],
    cost: sparseCost, costNote: 'MACs nnz(A)·N (nnz: fresh symbol), + |Y| when alpha ≠ 1',
  },
  {
    domain: MS, opType: 'GemmFastGelu', since: 1, infer: matmulInfer(first, (ctx) => plainMatMul(ctx)), cost: gemmFastGeluCost,
    costNote: '≡ MatMul [+ Add bias] + FastGelu (Gelu tanh body): MACs M·K·N, (+|Y|) + 9|Y|, |Y| transcendental',
  },
  {
    domain: MS, opType: 'GemmFloat8', since: 1,
    infer: (ctx) => [tensorType(ctx.attrs.int('dtype', 0) || ctx.dtype(0), gemmPlan(ctx)?.out ?? null)],
    cost: gemmFloat8Cost, costNote: '≡ Gemm (+1 C, +1 alpha, +1 beta per output) + 1 per output for scaleA·scaleB, +1 for scaleY; RELU 1, GELU 5',
  },
  {
    domain: MS, opType: 'QGemm', since: 1,
    infer: (ctx) => [tensorType(ctx.has(8) ? ctx.dtype(8) : ctx.has(7) ? DataType.UINT8 : DataType.FLOAT, qgemmPlan(ctx)?.out ?? null)],
    cost: qgemmCost, costNote: '≡ DequantizeLinear(A, B) + Gemm [+ QuantizeLinear(Y)]: MACs M·K·N; 2|A| + 2|B| + |Y| per C/alpha + 5|Y| with y_scale',
  },
  { domain: MS, opType: 'CDist', since: 1, infer: cdistInfer, cost: cdistCost, costNote: 'per pair over N features: 3N (sqeuclidean), 3N + 1 with Sqrt (euclidean)' },
];
