/**
 * DFT (17: `axis` attribute, default 1; 20: `axis` input, default -2) and STFT (17).
 *
 * Cost follows ONNX's definition literally, y[k] = Σ_{n<N} e^{-2πj kn/N} x[n]: every produced output bin is a
 * sum over dft_length terms, i.e. a product with the DFT matrix, the same count as the MatMul/Conv against a
 * cos/sin basis that exporters without a DFT operator emit. An FFT count (5·N·log2 N) would assume an algorithm
 * the spec does not prescribe and is undefined for the non-power-of-two lengths it allows.
 * Per (output bin, input term): real MACs = (complex input ? 2 : 1) × (complex output ? 2 : 1); the twiddle
 * factors are constants (like weights). The inverse's 1/N scaling is 1 FLOP per output value.
 * STFT = per frame, the window multiply (1 per real value of the frame, when a window is given) + that DFT.
 */
import { Dim, dimAdd, dimFloorDiv, dimMul, dimSub, numElements } from '../../ir/dim';
import { P } from '../../ir/poly';
import { compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { Cost, OpRule, RuleContext } from '../types';
import { knownScalarDim, nodeSymbol, scalarDim } from './scalar-input';

interface DftPlan {
  readonly shape: Dim[];
  readonly axis: number;
  /** Terms of each sum: dft_length. */
  readonly length: Dim;
  readonly complexIn: boolean;
  readonly complexOut: boolean;
  readonly inverse: boolean;
}

function dftAxis(ctx: RuleContext, since: number, rank: number): number {
  let axis: number;
  if (since < 20) axis = ctx.attrs.int('axis', 1);
  else if (ctx.has(2)) {
    const v = intValues(ctx, 2);
    if (!v || v.length !== 1) ctx.fail('axis input is not known at analysis time');
    axis = v[0];
  } else axis = -2;
  // Accepted range [-r, -2] ∪ [0, r-2]: the last dim holds (real, imaginary) and is no signal axis.
  if (axis < -rank || axis > rank - 2 || axis === -1) ctx.fail(`axis ${axis} out of range for rank ${rank} (the last dim is the complex pair)`);
  return axis < 0 ? axis + rank : axis;
}

function planDft(ctx: RuleContext, since: number): DftPlan | null {
  const x = ctx.shape(0);
  if (!x) return null;
  if (x.length < 2) ctx.fail(`input rank ${x.length} < 2: expected [..., signal, 1 or 2]`);
  const last = x[x.length - 1];
  if (last && last.isConst() && last.value !== 1n && last.value !== 2n) ctx.fail(`last dim ${last} must be 1 (real) or 2 (complex)`);
  const axis = dftAxis(ctx, since, x.length);
  const inverse = ctx.attrs.int('inverse', 0) !== 0;
  const onesided = ctx.attrs.int('onesided', 0) !== 0;
  const complexIn = last?.value === 2n ? true : last?.value === 1n ? false : true;
  const irfft = onesided && inverse;
  if (onesided && !inverse && last?.value === 2n) ctx.fail('onesided forward DFT needs real input (last dim 1)');
  if (irfft && last?.value === 1n) ctx.fail('onesided inverse DFT needs complex input (last dim 2)');
  const n = x[axis];
  const length = ctx.has(1)
    ? scalarDim(ctx, 1, 'dft_length')
    : irfft ? dimMul(P.n(2), dimSub(n, P.one)) : n;
  const bins = onesided && !inverse ? dimAdd(dimFloorDiv(length, P.n(2)), P.one) : length;
  const shape = [...x];
  shape[axis] = bins;
  shape[x.length - 1] = irfft ? P.one : P.n(2);
  return { shape, axis, length, complexIn, complexOut: !irfft, inverse };
}

/** MACs of `transforms` DFTs, each `bins` outputs × `length` terms. */
function dftMacs(transforms: Dim, bins: Dim, length: Dim, complexIn: boolean, complexOut: boolean): Dim {
  const perTerm = P.n((complexIn ? 2 : 1) * (complexOut ? 2 : 1));
  return dimMul(dimMul(dimMul(transforms, bins), length), perTerm);
}

function dftCost(since: number) {
  return (ctx: RuleContext): Cost => {
    const plan = planDft(ctx, since);
    if (!plan) return unknownCost('input shape unknown');
    const out = plan.shape;
    const transforms = numElements(out.filter((_, i) => i !== plan.axis && i !== out.length - 1));
    const macs = dftMacs(transforms, out[plan.axis], plan.length, plan.complexIn, plan.complexOut);
    const outN = elementsOf(ctx.outputs[0]);
    if (!macs || (plan.inverse && !outN)) return unknownCost('shape unknown');
    return compute({ macs, other: plan.inverse ? outN! : P.zero });
  };
}

export const dftRules: OpRule[] = [17, 20].map((since): OpRule => ({
  domain: 'ai.onnx', opType: 'DFT', since,
  infer: (ctx) => [tensorType(ctx.dtype(0), planDft(ctx, since)?.shape ?? null)],
  cost: dftCost(since),
  costNote: 'DFT-matrix product: transforms × bins × dft_length × (2 real→complex, 4 complex→complex, 2 complex→real) MACs; inverse + 1 per output value',
}));

interface StftPlan {
  readonly shape: Dim[];
  readonly frameLength: Dim;
  readonly complexIn: boolean;
}

function planStft(ctx: RuleContext): StftPlan | null {
  const x = ctx.shape(0);
  if (!x) return null;
  if (x.length !== 3) ctx.fail(`signal must be [batch, length, 1 or 2], got rank ${x.length}`);
  const last = x[2];
  if (last && last.isConst() && last.value !== 1n && last.value !== 2n) ctx.fail(`last dim ${last} must be 1 (real) or 2 (complex)`);
  const complexIn = last?.value !== 1n;
  const window = ctx.has(2) ? ctx.shape(2) : null;
  if (window && window.length !== 1) ctx.fail(`window must be 1-D, got rank ${window.length}`);
  let frameLength: Dim;
  if (ctx.has(3)) frameLength = scalarDim(ctx, 3, 'frame_length');
  else if (ctx.has(2)) frameLength = window ? window[0] : null;
  else ctx.fail('STFT needs a window or a frame_length');
  const onesided = ctx.attrs.int('onesided', 1) !== 0;
  if (onesided && last?.value === 2n) ctx.fail('onesided STFT needs a real signal (last dim 1)');
  const step = knownScalarDim(ctx, 1);
  if (step && step.value !== undefined && step.value <= 0n) ctx.fail(`frame_step ${step.value} must be positive`);
  const frames = step ? dimAdd(dimFloorDiv(dimSub(x[1], frameLength), step), P.one) : nodeSymbol(ctx, 'frames');
  const bins = onesided ? dimAdd(dimFloorDiv(frameLength, P.n(2)), P.one) : frameLength;
  return { shape: [x[0], frames, bins, P.n(2)], frameLength, complexIn };
}

export const stftRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'STFT', since: 17,
  infer: (ctx) => [tensorType(ctx.dtype(0), planStft(ctx)?.shape ?? null)],
  cost: (ctx) => {
    const plan = planStft(ctx);
    if (!plan) return unknownCost('signal shape unknown');
    const [batch, frames, bins] = plan.shape;
    const transforms = dimMul(batch, frames);
    const macs = dftMacs(transforms, bins, plan.frameLength, plan.complexIn, true);
    const windowed = ctx.has(2) ? dimMul(dimMul(transforms, plan.frameLength), P.n(plan.complexIn ? 2 : 1)) : P.zero;
    if (!macs || !windowed) return unknownCost('shape unknown');
    return compute({ macs, other: windowed });
  },
  costNote: 'per frame: window multiply (frame_length × components) + DFT-matrix product bins × frame_length × (2 or 4) MACs',
}];
