/**
 * Convolution fusions, held equal to ai.onnx Conv (+ the nodes fused in):
 *   FusedConv ≡ Conv [+ Add Z] + activation: MACs N·M·prod(out)·(C/group)·prod(kernel); +|Y| bias, +|Y| Z, + activation
 *   NhwcConv  ≡ Conv in channels-last layout (Transposes are data movement): same MACs, +|Y| bias
 *   NhwcFusedConv ≡ FusedConv in channels-last layout
 *   ConvTransposeWithDynamicPads ≡ ConvTranspose with pads from its input (unknown pads: unknown spatial dims)
 *   NhwcMaxPool ≡ MaxPool channels-last: 1 comparison per window element; MaxpoolWithMask: + 1 mask test each
 */
import { Dim, numElements } from '../../ir/dim';
import { addCosts, compute, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { view } from '../helpers/view';
import { convTranspose } from '../nn/conv';
import { readWindowAttrs, windowOutputDims } from '../nn/geometry';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, asContrib, elementwise } from './formulas';
import { activationCost } from './matmul';
import { convSpatial } from './shapes';

interface ConvPlan { out: Dim[]; perOutputMacs: Dim }

/** X and W as Conv sees them; channelsLast moves X's channel axis to the end (and the output's likewise). */
function convPlan(ctx: RuleContext, channelsLast: boolean): ConvPlan | null {
  const x = ctx.shape(0), w = ctx.shape(1);
  if (!x || !w) return null;
  if (x.length < 3) ctx.fail(`X has rank ${x.length}; Conv needs [N, C, spatial...]`);
  if (w.length !== x.length) ctx.fail(`W has rank ${w.length} but X has rank ${x.length}`);
  const group = ctx.attrs.int('group', 1);
  const c = channelsLast ? x[x.length - 1] : x[1];
  const spatial = channelsLast ? x.slice(1, -1) : x.slice(2);
  const cg = w[1];
  if (c && cg && c.isConst() && cg.isConst() && c.value !== cg.value! * BigInt(group)) {
    ctx.fail(`X has ${c} channels but W expects ${cg} × group ${group}`);
  }
  const kAttr = ctx.attrs.ints('kernel_shape');
  const kernel: Dim[] = kAttr ? kAttr.map((k) => P.n(k)) : w.slice(2);
  const outSpatial = convSpatial(ctx, spatial, kernel);
  const out = channelsLast ? [x[0], ...outSpatial, w[0]] : [x[0], w[0], ...outSpatial];
  return { out, perOutputMacs: numElements([cg, ...kernel]) };
}

function convInfer(channelsLast: boolean): InferFn {
  return (ctx) => [tensorType(ctx.dtype(0), convPlan(ctx, channelsLast)?.out ?? null)];
}

function convCost(channelsLast: boolean, fused: boolean): CostFn {
  return (ctx) => {
    const p = convPlan(ctx, channelsLast);
    const y = outElements(ctx);
    if (!p?.perOutputMacs || !y) return unknownCost('input shapes unknown');
    const adds = (ctx.has(2) ? 1 : 0) + (fused && ctx.has(3) ? 1 : 0);
    const base = addCosts(compute({ macs: y.mul(p.perOutputMacs) }), elementwise(y, adds));
    if (!fused) return base;
    const act = activationCost(ctx, y);
    return act.kind === 'compute' ? addCosts(base, act) : act;
  };
}

export const convRules: OpRule[] = [
  {
    domain: MS, opType: 'FusedConv', since: 1, infer: convInfer(false), cost: convCost(false, true),
    costNote: '≡ Conv [+ Add Z] + activation: MACs N·M·prod(out)·(C/group)·prod(kernel); +|Y| bias, +|Y| Z, + activation',
  },
  {
    domain: MS, opType: 'NhwcConv', since: 1, infer: convInfer(true), cost: convCost(true, false),
    costNote: '≡ Conv in channels-last layout: MACs N·M·prod(out)·(C/group)·prod(kernel); +|Y| bias',
  },
];

/** ConvTransposeWithDynamicPads: X, W, Pads?, B? — ConvTranspose with its pads from the input when known. */
function dynamicPadsView(ctx: RuleContext): RuleContext {
  const pads = ctx.has(2) ? intValues(ctx, 2) : undefined;
  return view(ctx, { inputs: [0, 1, 3], attrs: pads ? { pads } : {} });
}

const dynamicPadsInfer: InferFn = (ctx) => {
  const [y] = convTranspose.infer(dynamicPadsView(ctx));
  const padsUnknown = ctx.has(2) && !intValues(ctx, 2);
  if (!padsUnknown || !y || y.kind !== 'tensor' || !y.shape) return [y];
  return [tensorType(y.dtype, y.shape.map((d, i) => (i < 2 ? d : null)))];
};

/** NhwcMaxPool / MaxpoolWithMask: MaxPool's window geometry, channels-last or channels-first. */
function maxPoolInfer(channelsLast: boolean, ceilAndDilation: boolean): InferFn {
  return (ctx) => {
    const x = ctx.shape(0);
    if (!ctx.attrs.has('kernel_shape')) ctx.fail('kernel_shape is required');
    if (!x) return [tensorType(ctx.dtype(0), null)];
    if (x.length < 3) ctx.fail(`x has rank ${x.length}; expected batch, channels and spatial dims`);
    const spatial = channelsLast ? x.slice(1, -1) : x.slice(2);
    const a = readWindowAttrs(ctx, spatial.length, { useDilation: ceilAndDilation, useCeilMode: ceilAndDilation });
    const out = windowOutputDims(ctx, spatial, a);
    return [tensorType(ctx.dtype(0), channelsLast ? [x[0], ...out, x[x.length - 1]] : [x[0], x[1], ...out])];
  };
}

/** `perTap` comparisons per window element of every output element. */
function windowCost(perTap: number): CostFn {
  return (ctx) => {
    const y = outElements(ctx), k = ctx.attrs.ints('kernel_shape');
    if (!y || !k) return unknownCost('output shape unknown');
    return elementwise(y.scale(BigInt(k.reduce((a, b) => a * b, 1))), perTap);
  };
}

export const convMoreRules: OpRule[] = [
  {
    domain: MS, opType: 'NhwcFusedConv', since: 1, infer: convInfer(true), cost: convCost(true, true),
    costNote: '≡ Conv in channels-last layout [+ Add Z] + activation: MACs N·M·prod(out)·(C/group)·prod(kernel); +|Y| bias, +|Y| Z, + activation',
  },
  {
    ...asContrib(convTranspose, `≡ ConvTranspose with the Pads input: ${convTranspose.costNote}`, 'ConvTransposeWithDynamicPads'),
    infer: dynamicPadsInfer,
    cost: (ctx) => convTranspose.cost(view(ctx, { inputs: [0, 1, 3] })),
  },
  {
    domain: MS, opType: 'NhwcMaxPool', since: 1, infer: maxPoolInfer(true, true), cost: windowCost(1),
    costNote: 'MaxPool in channels-last layout: 1 comparison per window element of every output',
  },
  {
    domain: MS, opType: 'MaxpoolWithMask', since: 1, infer: maxPoolInfer(false, false), cost: windowCost(2),
    costNote: 'MaxPool skipping masked positions: 1 mask test + 1 comparison per window element of every output',
  },
];
