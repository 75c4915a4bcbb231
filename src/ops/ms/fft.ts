/**
 * Rfft / Irfft (signal_ndim trailing signal dims; one-sided, unnormalized), priced as ai.onnx DFT prices a
 * transform (misc/dft.ts): every output bin sums over all its input terms, real MACs per (bin, term) = (complex in ?
 * 2 : 1) × (complex out ? 2 : 1). A multi-dimensional transform is one 1-D transform per signal axis: the last axis
 * real ↔ one-sided complex, the others complex ↔ complex. Irfft is ai.onnx DFT's onesided inverse: each of its n
 * outputs sums the n terms of the Hermitian-extended spectrum; its inverse scaling is 1 per output value.
 *   Rfft  [..., n] → [..., n/2 + 1, 2]         Irfft [..., m, 2] → [..., 2·(m − 1)]
 */
import { Dim, dimAdd, dimFloorDiv, dimMul, dimSub, numElements } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P } from './formulas';

function signalDims(ctx: RuleContext, rank: number, required: boolean): number {
  if (required && !ctx.attrs.has('signal_ndim')) ctx.fail('signal_ndim is required');
  const n = ctx.attrs.int('signal_ndim', 1);
  if (n < 1 || n > 3) ctx.fail(`signal_ndim ${n} is not 1, 2 or 3`);
  if (ctx.attrs.int('normalized', 0) !== 0) ctx.fail('normalized must be 0 (onnxruntime supports no normalization)');
  if (ctx.attrs.int('onesided', 1) !== 1) ctx.fail('onesided must be 1 (onnxruntime supports one-sided transforms only)');
  if (rank < n) ctx.fail(`input rank ${rank} has fewer than signal_ndim ${n} dims`);
  return n;
}

const rfftInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [tensorType(ctx.dtype(0), null)];
  signalDims(ctx, x.length, false);
  const n = x[x.length - 1];
  return [tensorType(ctx.dtype(0), [...x.slice(0, -1), dimAdd(dimFloorDiv(n, P.n(2)), P.one), P.n(2)])];
};

const irfftInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return [tensorType(ctx.dtype(0), null)];
  if (x.length < 2) ctx.fail(`input rank ${x.length} < 2: expected [..., bins, 2]`);
  const last = x[x.length - 1];
  if (last?.isConst() && last.value !== 2n) ctx.fail(`last dim ${last} must be 2 (real, imaginary)`);
  signalDims(ctx, x.length - 1, true);
  const m = x[x.length - 2];
  return [tensorType(ctx.dtype(0), [...x.slice(0, -2), dimMul(P.n(2), dimSub(m, P.one))])];
};

/**
 * MACs of a transform over `lead` batch dims: each complex signal axis (length m) transforms every other index with
 * m outputs × m terms × 4, over `complexLast` values of the last axis in the complex domain; the last axis gives
 * `outputs` values × `terms` terms × 2 (one side real).
 */
function transformMacs(lead: readonly Dim[], complexDims: readonly Dim[], complexLast: Dim, outputs: Dim, terms: Dim): Poly | null {
  const batch = numElements(lead), across = numElements(complexDims);
  if (!batch || !across || !complexLast || !outputs || !terms) return null;
  let macs: Poly = batch.mul(across).mul(outputs).mul(terms).scale(2n);
  for (const [i, m] of complexDims.entries()) {
    const rest = numElements(complexDims.filter((_, j) => j !== i));
    if (!m || !rest) return null;
    macs = macs.add(batch.mul(rest).mul(complexLast).mul(m).mul(m).scale(4n));
  }
  return macs;
}

const rfftCost: CostFn = (ctx) => {
  const x = ctx.shape(0);
  if (!x) return unknownCost('input shape unknown');
  const k = signalDims(ctx, x.length, false);
  const n = x[x.length - 1], bins = dimAdd(dimFloorDiv(n, P.n(2)), P.one);
  const macs = transformMacs(x.slice(0, x.length - k), x.slice(x.length - k, -1), bins, bins, n);
  return macs ? compute({ macs }) : unknownCost('input shape unknown');
};

const irfftCost: CostFn = (ctx) => {
  const x = ctx.shape(0), out = elementsOf(ctx.outputs[0]);
  if (!x || !out) return unknownCost('input shape unknown');
  const k = signalDims(ctx, x.length - 1, true);
  const m = x[x.length - 2], n = dimMul(P.n(2), dimSub(m, P.one));
  const macs = transformMacs(x.slice(0, x.length - 1 - k), x.slice(x.length - 1 - k, -2), m, n, n);
  return macs ? compute({ macs, other: out }) : unknownCost('input shape unknown');
};

export const fftRules: OpRule[] = [
  { domain: MS, opType: 'Rfft', since: 1, infer: rfftInfer, cost: rfftCost, costNote: 'as ai.onnx DFT: each of n/2 + 1 bins sums n real terms (2 MACs each); other signal axes complex (4 MACs per term)' },
  { domain: MS, opType: 'Irfft', since: 1, infer: irfftInfer, cost: irfftCost, costNote: 'as ai.onnx DFT onesided inverse: each of n outputs sums n terms of the Hermitian spectrum (2 MACs each), + 1 per output (scaling)' },
];
