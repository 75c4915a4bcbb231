/**
 * Convolution fusions, held equal to ai.onnx Conv (+ the nodes fused in):
 *   FusedConv ≡ Conv [+ Add Z] + activation: MACs N·M·prod(out)·(C/group)·prod(kernel); +|Y| bias, +|Y| Z, + activation
 *   NhwcConv  ≡ Conv in channels-last layout (Transposes are data movement): same MACs, +|Y| bias
 */
import { Dim, numElements } from '../../ir/dim';
import { addCosts, compute, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, elementwise } from './formulas';
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
