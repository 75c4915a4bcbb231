/**
 * Resize (10: scales input; 11: roi, scales, sizes; 18: axes, keep_aspect_ratio_policy, antialias) and the
 * deprecated Upsample (1: height/width_scale; 7: scales attribute; 9: scales input; deprecated at 10).
 *
 * Cost: nearest is data movement. Linear and cubic interpolate over the r axes whose size changes; each output
 * element is a weighted sum of T = ∏ taps input elements, one multiply and one add per tap: 2·T FLOPs per output
 * element, with 2 taps per axis for linear (T = 2^r) and 4 for cubic (T = 4^r). With antialias=1 an axis that
 * downsamples by s < 1 uses ceil(2/s) (linear) or ceil(4/s) (cubic) taps (the filter stretches by 1/s).
 * Weight and coordinate computation is per axis position, not per element, and is not counted.
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { normalizeAxes } from '../helpers/axes';
import { compute, dataMovement, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { Cost, OpRule, RuleContext } from '../types';

/** floor(d × scale) with the scale as the float32 the model stores; exact rational arithmetic for symbolic d. */
export function scaledDim(d: Dim, scale: number): Dim {
  if (d === null || !Number.isFinite(scale) || scale <= 0) return null;
  const n = d.toNumber();
  if (n !== undefined) return P.n(Math.floor(Math.fround(n * scale)));
  let num = scale, den = 1;
  while (!Number.isInteger(num) && den < 2 ** 60) { num *= 2; den *= 2; }
  if (!Number.isInteger(num)) return null;
  return d.scale(BigInt(num)).floorDiv(P.n(BigInt(den)));
}

function floats(ctx: RuleContext, i: number): readonly number[] | undefined {
  const v = ctx.value(i);
  if (v?.floats) return v.floats;
  return v?.ints?.every((d) => d?.toNumber() !== undefined) ? v.ints.map((d) => d!.toNumber()!) : undefined;
}

/** True when input i is given and not an empty tensor (Resize-11 passes an empty `scales` with `sizes`). */
function given(ctx: RuleContext, i: number): boolean {
  if (!ctx.has(i)) return false;
  const s = ctx.shape(i);
  return !(s && s.length === 1 && s[0]?.value === 0n);
}

interface Target { kind: 'scales'; values: readonly number[] | undefined }
interface Sizes { kind: 'sizes'; values: readonly Dim[] | undefined }

function resizeOutput(ctx: RuleContext, s: readonly Dim[], target: Target | Sizes, axes: number[]): Dim[] {
  const out = [...s];
  if (target.values && target.values.length !== axes.length) ctx.fail(`Resize has ${target.values.length} ${target.kind} for ${axes.length} axes`);
  if (target.kind === 'scales') {
    const values = target.values;
    // tf_crop_and_resize resizes the roi's extent: floor(d × (end − start) × scale)
    const cropping = ctx.node.opType === 'Resize' && ctx.attrs.string('coordinate_transformation_mode', 'half_pixel') === 'tf_crop_and_resize';
    const roi = cropping ? floats(ctx, 1) : undefined;
    axes.forEach((a, i) => {
      const sc = values?.[i];
      if (sc !== undefined && sc <= 0) ctx.fail(`Resize scale ${sc} must be > 0`);
      if (sc === undefined || (cropping && !roi)) { out[a] = null; return; }
      const extent = roi ? roi[i + axes.length] - roi[i] : 1;
      out[a] = extent === 1 ? scaledDim(s[a], sc) : scaledDim(s[a], Math.fround(extent * sc));
    });
    return out;
  }
  const values = target.values;
  const policy = ctx.opset >= 18 ? ctx.attrs.string('keep_aspect_ratio_policy', 'stretch') : 'stretch';
  if (!['stretch', 'not_larger', 'not_smaller'].includes(policy)) ctx.fail(`keep_aspect_ratio_policy '${policy}' is not stretch, not_larger or not_smaller`);
  if (policy === 'stretch' || !values) {
    axes.forEach((a, i) => { out[a] = values ? values[i] : null; });
    return out;
  }
  // not_larger / not_smaller: one scale for all axes, out = round_half_up(scale × in)
  const ins = axes.map((a) => s[a]?.toNumber());
  const sz = values.map((d) => d?.toNumber());
  if (ins.some((x) => x === undefined) || sz.some((x) => x === undefined)) {
    axes.forEach((a) => { out[a] = null; });
    return out;
  }
  const ratios = sz.map((x, i) => Math.fround(x! / ins[i]!));
  const scale = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
  axes.forEach((a, i) => { out[a] = P.n(Math.floor(Math.fround(scale * ins[i]!) + 0.5)); });
  return out;
}

const resize = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Resize', since,
  infer: (ctx) => {
    const modes = ['nearest', 'linear', 'cubic'];
    const mode = ctx.attrs.string('mode', 'nearest');
    if (!modes.includes(mode)) ctx.fail(`Resize mode '${mode}' is not one of ${modes.join(', ')}`);
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    const axes = since >= 18 && ctx.attrs.has('axes') ? normalizeAxes(ctx.attrs.ints('axes')!, s.length) : s.map((_, i) => i);
    if (since < 11) return [tensorType(ctx.dtype(0), resizeOutput(ctx, s, { kind: 'scales', values: floats(ctx, 1) }, axes))];
    const hasScales = given(ctx, 2), hasSizes = given(ctx, 3);
    if (hasScales && hasSizes) ctx.fail('Resize takes scales or sizes, not both');
    if (!hasScales && !hasSizes) ctx.fail('Resize needs scales or sizes');
    const target: Target | Sizes = hasSizes ? { kind: 'sizes', values: ctx.value(3)?.ints } : { kind: 'scales', values: floats(ctx, 2) };
    return [tensorType(ctx.dtype(0), resizeOutput(ctx, s, target, axes))];
  },
  cost: interpolationCost,
  costNote: 'nearest: data movement; linear/cubic: 2·T FLOPs per output element, T = 2^r (linear) or 4^r (cubic) taps over the r resized axes',
});

/** The interpolation cost described at the top of this file. */
function interpolationCost(ctx: RuleContext): Cost {
  const mode = ctx.attrs.string('mode', 'nearest');
  if (mode === 'nearest') return dataMovement(ctx);
  const tapsPerAxis = mode === 'cubic' ? 4 : 2; // 'bilinear' (Upsample-1) and 'linear' take 2
  const inShape = ctx.shape(0);
  const out = ctx.outputs[0];
  const outShape = out?.kind === 'tensor' ? out.shape : null;
  const n = outElements(ctx);
  if (!inShape || !outShape || !n) return unknownCost('output shape unknown');
  const antialias = ctx.opset >= 18 && ctx.node.opType === 'Resize' && ctx.attrs.int('antialias', 0) !== 0;
  let taps: Poly = P.one;
  for (let a = 0; a < inShape.length; a++) {
    const d = inShape[a], o = outShape[a];
    if (!d || !o) return unknownCost(`axis ${a} size unknown`);
    if (d.equals(o)) continue;
    let t = tapsPerAxis;
    if (antialias) {
      const dn = d.toNumber(), on = o.toNumber();
      if (dn === undefined || on === undefined) return unknownCost(`antialias window on axis ${a} needs known sizes`);
      if (on < dn) t = Math.ceil(tapsPerAxis / (on / dn));
    }
    taps = taps.mul(P.n(t));
  }
  if (taps.equals(P.one)) return dataMovement(ctx);
  return compute({ other: n.mul(taps).scale(2n) });
}

/** Upsample's scales: height/width attributes (1), `scales` attribute (7), input 1 (9). */
function upsampleScales(ctx: RuleContext, since: number, rank: number): readonly number[] | undefined {
  if (since < 7) {
    if (rank !== 4) ctx.fail(`Upsample-1 takes a 4-D NCHW input, got rank ${rank}`);
    return [1, 1, ctx.attrs.float('height_scale', 1), ctx.attrs.float('width_scale', 1)];
  }
  if (since < 9) {
    const sc = ctx.attrs.floats('scales');
    if (!sc) ctx.fail(`Upsample-7 needs the 'scales' attribute`);
    return sc;
  }
  return floats(ctx, 1);
}

const upsample = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Upsample', since,
  infer: (ctx) => {
    if (since >= 10) ctx.warn('Upsample is deprecated since opset 10 (Resize replaces it)');
    const modes = since < 7 ? ['nearest', 'bilinear'] : ['nearest', 'linear'];
    const mode = ctx.attrs.string('mode', 'nearest');
    if (!modes.includes(mode)) ctx.fail(`Upsample mode '${mode}' is not one of ${modes.join(', ')}`);
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    const scales = upsampleScales(ctx, since, s.length);
    if (scales && scales.length !== s.length) ctx.fail(`Upsample has ${scales.length} scales for rank ${s.length}`);
    return [tensorType(ctx.dtype(0), s.map((d, i) => (scales ? scaledDim(d, scales[i]) : null)))];
  },
  cost: interpolationCost,
  costNote: 'as Resize: nearest = data movement; linear = 2·2^r FLOPs per output element over the r resized axes',
});

export const resizeRules: OpRule[] = [resize(10), resize(11), resize(18), upsample(1), upsample(7), upsample(9), upsample(10)];
