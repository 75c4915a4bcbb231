/**
 * Pad (attribute `paddings` at 1, `pads` at 2, input from 11, `axes` input from 18; modes constant/reflect/edge,
 * wrap from 19) and CenterCropPad (18, a function of Shape/Max/Sub/Div/Pad/Slice over the axes' dims).
 */
import { Dim } from '../../ir/dim';
import { P } from '../../ir/poly';
import { normalizeAxes } from '../helpers/axes';
import { compute, dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';
import { dimList, vectorLength } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

function padsOf(ctx: RuleContext, since: number): readonly Dim[] | null {
  if (since < 11) {
    const name = since < 2 ? 'paddings' : 'pads';
    const p = ctx.attrs.ints(name);
    if (!p) ctx.fail(`Pad-${since} needs the '${name}' attribute`);
    return p.map((v) => P.n(v));
  }
  return dimList(ctx, 1);
}

export const pad = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Pad', since,
  infer: (ctx) => {
    const modes = ['constant', 'reflect', 'edge', ...(ctx.opset >= 19 ? ['wrap'] : [])];
    const mode = ctx.attrs.string('mode', 'constant');
    if (!modes.includes(mode)) ctx.fail(`Pad mode '${mode}' is not one of ${modes.join(', ')}`);
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    const pads = padsOf(ctx, since);
    let axes: number[] | undefined = s.map((_, i) => i);
    if (since >= 18 && ctx.has(3)) {
      const a = ctx.value(3)?.ints?.map((d) => d?.toNumber());
      axes = a && a.every((x) => x !== undefined) ? normalizeAxes(a as number[], s.length) : undefined;
    }
    if (!pads || !axes) return [tensorType(ctx.dtype(0), s.map(() => null))];
    if (pads.length !== 2 * axes.length) ctx.fail(`Pad has ${pads.length} pads for ${axes.length} axes (needs ${2 * axes.length})`);
    const out = [...s];
    axes.forEach((a, i) => {
      const begin = pads[i], end = pads[i + axes!.length];
      const d = s[a] && begin && end ? s[a]!.add(begin).add(end) : null;
      if (d?.value !== undefined && d.value < 0n) ctx.fail(`Pad makes axis ${a} negative (${d})`);
      out[a] = d;
    });
    return [tensorType(ctx.dtype(0), out)];
  },
  cost: dataMovement,
  costNote: MOVE,
});

/**
 * CenterCropPad's body computes the pad and crop amounts with 7 elementwise ops (Max, Sub, Div, Sub, Sub, Div,
 * Add) on vectors of length = number of axes; they fold to constants when the input dims and target shape are
 * known (then 0 FLOPs), otherwise they cost 7 × axes FLOPs. The Pad and Slice are data movement.
 */
const centerCropPad: OpRule = {
  domain: 'ai.onnx', opType: 'CenterCropPad', since: 18,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const target = dimList(ctx, 1);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    const axes = normalizeAxes(ctx.attrs.ints('axes') ?? s.map((_, i) => i), s.length);
    if (target && target.length !== axes.length) ctx.fail(`CenterCropPad shape has ${target.length} dims for ${axes.length} axes`);
    const out = [...s];
    axes.forEach((a, i) => { out[a] = target ? target[i] : null; });
    return [tensorType(ctx.dtype(0), out)];
  },
  cost: (ctx) => {
    const s = ctx.shape(0);
    const target = ctx.value(1)?.ints;
    // with `axes` the body gathers only those dims of Shape(input); without, it uses them all
    const axes = s ? (ctx.attrs.ints('axes') ?? s.map((_, i) => i)).map((a) => (a < 0 ? a + s.length : a)) : [];
    const folds = s && axes.every((a) => s[a] !== null && s[a] !== undefined) && target && target.every((d) => d !== null);
    if (folds) return dataMovement(ctx);
    const k = vectorLength(ctx, 1);
    if (k === undefined) return { kind: 'unknown', reason: 'number of crop axes unknown' };
    return compute({ other: P.n(7 * k), notes: ['CenterCropPad: pad/crop amounts computed at run time (7 ops per axis)'] });
  },
  costNote: 'function body: data movement + 7 FLOPs per axis when the crop arithmetic does not fold',
};

export const padRules: OpRule[] = [pad(1), pad(2), pad(11), pad(18), centerCropPad];
