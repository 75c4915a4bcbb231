/**
 * Sliding-window geometry shared by Conv, ConvTranspose and the pools: attribute reading with ONNX's defaults and
 * checks, and the output-size arithmetic of ONNX's convPoolShapeInference / convTransposeShapeInference, over
 * symbolic dims (Poly) so that floor((T + pb + pe − dil·(k−1) − 1)/stride) + 1 stays exact.
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { RuleContext } from '../types';

export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';

export interface WindowAttrs {
  /** Kernel extent per spatial axis; null where it comes from an unknown weight dim. */
  readonly kernel: readonly Dim[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  /** Explicit pads [b1..bn, e1..en]; undefined when absent (auto_pad or zeros apply). */
  readonly pads: readonly number[] | undefined;
  readonly autoPad: AutoPad;
  readonly ceilMode: boolean;
}

export interface WindowOptions {
  /** Read `dilations` (Conv, MaxPool 10+, AveragePool 19+, LpPool 18+); otherwise all 1s. */
  readonly useDilation: boolean;
  /** Read `ceil_mode` (pools from opset 10). */
  readonly useCeilMode: boolean;
  /** Kernel from the weight's spatial dims when `kernel_shape` is absent (Conv family); pools require the attribute. */
  readonly weightKernel?: readonly Dim[] | null;
}

function positiveList(ctx: RuleContext, name: string, n: number): number[] {
  const v = ctx.attrs.ints(name);
  if (v === undefined) return Array(n).fill(1);
  if (v.length !== n) ctx.fail(`${name} [${v.join(', ')}] should have ${n} values (one per spatial axis)`);
  if (v.some((x) => x <= 0)) ctx.fail(`${name} [${v.join(', ')}] must be positive`);
  return [...v];
}

/** Reads kernel_shape, strides, dilations, pads, auto_pad, ceil_mode for `n` spatial axes, checking them as ONNX does. */
export function readWindowAttrs(ctx: RuleContext, n: number, opts: WindowOptions): WindowAttrs {
  const strides = positiveList(ctx, 'strides', n);
  const dilations = opts.useDilation ? positiveList(ctx, 'dilations', n) : Array(n).fill(1);
  let kernel: Dim[];
  const k = ctx.attrs.ints('kernel_shape');
  if (k !== undefined) {
    if (k.length !== n) ctx.fail(`kernel_shape [${k.join(', ')}] should have ${n} values (one per spatial axis)`);
    if (k.some((x) => x <= 0)) ctx.fail(`kernel_shape [${k.join(', ')}] must be positive`);
    kernel = k.map((x) => P.n(x));
  } else if (opts.weightKernel !== undefined) {
    if (opts.weightKernel === null) kernel = Array(n).fill(null);
    else {
      if (opts.weightKernel.length !== n) ctx.fail(`weight has ${opts.weightKernel.length} spatial dims but the input has ${n}`);
      kernel = [...opts.weightKernel];
    }
  } else {
    ctx.fail('kernel_shape is required');
  }
  let pads: number[] | undefined;
  const p = ctx.attrs.ints('pads');
  if (p !== undefined) {
    if (p.length !== 2 * n) ctx.fail(`pads [${p.join(', ')}] should have ${2 * n} values`);
    if (p.some((x) => x < 0)) ctx.fail(`pads [${p.join(', ')}] must not be negative`);
    pads = [...p];
  }
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET') as AutoPad;
  if (!['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'].includes(autoPad)) ctx.fail(`auto_pad '${autoPad}' is not NOTSET, SAME_UPPER, SAME_LOWER or VALID`);
  const ceilMode = opts.useCeilMode && ctx.attrs.int('ceil_mode', 0) === 1;
  return { kernel, strides, dilations, pads, autoPad, ceilMode };
}

/** dil·(k − 1) + 1, the span a dilated kernel covers. */
export function effectiveKernel(k: Dim, dilation: number): Dim {
  return k ? k.sub(P.one).scale(BigInt(dilation)).add(P.one) : null;
}

/**
 * Output spatial dims of a convolution or pool (ONNX convPoolShapeInference). `dropRightPadWindow` is the opset-22
 * pool rule (PyTorch's): with ceil_mode, a last window that would start inside the right padding is dropped.
 */
export function windowOutputDims(ctx: RuleContext, spatial: readonly Dim[], a: WindowAttrs, dropRightPadWindow = false): Dim[] {
  const n = spatial.length;
  return spatial.map((inDim, i) => {
    const s = a.strides[i];
    const keff = effectiveKernel(a.kernel[i], a.dilations[i]);
    if (inDim === null) return null;
    // Explicit pads win over auto_pad; SAME pads make the output ceil(in / stride) (spec text and ONNX's residual pads agree).
    if (a.pads === undefined && (a.autoPad === 'SAME_UPPER' || a.autoPad === 'SAME_LOWER')) return inDim.ceilDiv(P.n(s));
    if (keff === null) return null;
    const pb = a.pads ? a.pads[i] : 0, pe = a.pads ? a.pads[i + n] : 0;
    const span = inDim.add(P.n(pb + pe)).sub(keff);
    let out = (a.ceilMode ? span.add(P.n(s - 1)) : span).floorDiv(P.n(s)).add(P.one);
    if (a.ceilMode && dropRightPadWindow) {
      // drop when (out − 1)·s ≥ in + pb; never possible when pe + s ≤ keff (the last start is then inside the input)
      const slack = out.sub(P.one).scale(BigInt(s)).sub(inDim.add(P.n(pb))).value;
      if (slack !== undefined) { if (slack >= 0n) out = out.sub(P.one); }
      else if (!(keff.isConst() && BigInt(pe + s) <= keff.value!)) return null;
    }
    const v = out.value;
    if (v !== undefined && v <= 0n) ctx.fail(`spatial axis ${i}: input ${inDim} with pads (${pb}, ${pe}) is smaller than the kernel span ${keff} (output size ${v})`);
    return out;
  });
}

/** Output spatial dims of ConvTranspose (ONNX convTransposeShapeInference), output_shape and output_padding included. */
export function transposeOutputDims(ctx: RuleContext, spatial: readonly Dim[], a: WindowAttrs): Dim[] {
  const n = spatial.length;
  const outputShape = ctx.attrs.ints('output_shape');
  if (outputShape !== undefined) {
    // The spec wants n values; full-shape lists (N, C, ...) from old exporters are accepted as runtimes do.
    const spatialOut = outputShape.length === n + 2 ? outputShape.slice(2) : outputShape;
    if (spatialOut.length !== n) ctx.fail(`output_shape [${outputShape.join(', ')}] should have ${n} values`);
    if (spatialOut.some((x) => x < 0)) ctx.fail(`output_shape [${outputShape.join(', ')}] must not be negative`);
    return spatialOut.map((x) => P.n(x));
  }
  if (a.pads !== undefined && a.autoPad !== 'NOTSET') ctx.fail(`pads and auto_pad '${a.autoPad}' cannot be used together`);
  const outPad = ctx.attrs.ints('output_padding') ?? Array(n).fill(0);
  if (outPad.length !== n) ctx.fail(`output_padding [${outPad.join(', ')}] should have ${n} values`);
  if (outPad.some((x) => x < 0)) ctx.fail(`output_padding [${outPad.join(', ')}] must not be negative`);
  return spatial.map((inDim, i) => {
    const keff = effectiveKernel(a.kernel[i], a.dilations[i]);
    if (inDim === null || keff === null) return null;
    const s = a.strides[i];
    let totalPad: Poly;
    if (a.pads !== undefined) totalPad = P.n(a.pads[i] + a.pads[i + n]);
    else if (a.autoPad === 'SAME_UPPER' || a.autoPad === 'SAME_LOWER') totalPad = keff.sub(P.n(s)).max(P.zero);
    else totalPad = P.zero;
    const out = inDim.sub(P.one).scale(BigInt(s)).add(P.n(outPad[i])).add(keff).sub(totalPad);
    const v = out.value;
    if (v !== undefined && v <= 0n) ctx.fail(`spatial axis ${i}: ConvTranspose output size ${v} is not positive`);
    return out;
  });
}

/** Product of dims, or null. */
export function productOf(ds: readonly Dim[]): Dim {
  let acc: Dim = P.one;
  for (const d of ds) { if (!d || !acc) return null; acc = acc.mul(d); }
  return acc;
}
