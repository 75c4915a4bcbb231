/**
 * Group and gated normalizations (N elements, G = batch·groups statistics, R rows):
 *   GroupNorm       ≡ GroupNormalization body (7N + 6G, G transcendental) [+ SiLU: Sigmoid, Mul = 2N, N transcendental]
 *   SkipGroupNorm   ≡ Add(X, skip) [+ Add bias] + GroupNorm: N (+N) + the above
 *   GatedRMSNorm    ≡ RMSNormalization over each group of C = |scale| elements (4N + 3R, R transcendental)
 *                     + SiLU(gate) (2N, N transcendental) + Mul: 7N + 3R
 * GroupNorm's layout is channels-last by default (channels_last = 1), unlike ai.onnx GroupNormalization.
 */
import { Dim, numElements } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { groupNormBodyCost } from '../nn/norm';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, elementwise, rmsNormCost } from './formulas';

interface GroupPlan { x: readonly Dim[]; channels: Dim; groups: number }

function groupPlan(ctx: RuleContext): GroupPlan | null {
  const groups = ctx.attrs.intOrUndefined('groups');
  if (groups === undefined || groups < 1) ctx.fail(`groups ${groups ?? '(missing)'} must be ≥ 1`);
  const act = ctx.attrs.intOrUndefined('activation');
  if (act === undefined || (act !== 0 && act !== 1)) ctx.fail(`activation ${act ?? '(missing)'} must be 0 (none) or 1 (SiLU)`);
  const x = ctx.shape(0);
  if (!x) return null;
  if (x.length < 2) ctx.fail(`X has rank ${x.length}; expected [N, ..., C] or [N, C, ...]`);
  const channels = ctx.attrs.int('channels_last', 1) ? x[x.length - 1] : x[1];
  if (channels?.isConst() && channels.value! % BigInt(groups!) !== 0n) ctx.fail(`channels ${channels} are not divisible by groups ${groups}`);
  for (const [i, what] of [[1, 'gamma'], [2, 'beta']] as const) {
    const s = ctx.shape(i);
    if (s && channels?.isConst() && (s.length !== 1 || (s[0]?.isConst() && !s[0].equals(channels)))) ctx.fail(`${what} must be [${channels}]`);
  }
  return { x, channels, groups: groups! };
}

function groupCost(skipAdds: (ctx: RuleContext) => number): CostFn {
  return (ctx) => {
    const p = groupPlan(ctx);
    const n = p ? numElements(p.x) : null;
    if (!p || !n || !p.x[0]) return unknownCost('input shape unknown');
    const silu = ctx.attrs.int('activation', 0) === 1 ? elementwise(n, 2, 1) : compute({});
    return addCosts(elementwise(n, skipAdds(ctx)), groupNormBodyCost(n, p.x[0].scale(BigInt(p.groups))), silu);
  };
}

const groupInfer: InferFn = (ctx) => {
  const p = groupPlan(ctx);
  const y = tensorType(ctx.dtype(0), p ? p.x : null);
  return [y, y];
};

/** GatedRMSNorm rows: the input split into groups of C = |scale| trailing elements. */
function gatedRows(ctx: RuleContext): { n: Poly; rows: Poly } | null {
  const x = ctx.shape(0), scale = ctx.shape(1);
  const c = scale?.[0];
  const n = x ? numElements(x) : null;
  if (!x || !n || !c) return null;
  if (c.isConst() && c.value === 0n) ctx.fail('scale is empty (scale has 0 elements): GatedRMSNorm cannot normalize groups of 0');
  const last = x[x.length - 1];
  if (last?.isConst() && c.isConst() && last.value! % c.value! !== 0n) ctx.fail(`last dim ${last} is not a multiple of the scale length ${c}`);
  return { n, rows: n.floorDiv(c) };
}

export const groupNormRules: OpRule[] = [
  {
    domain: MS, opType: 'GroupNorm', since: 1, infer: (ctx) => groupInfer(ctx).slice(0, 1), cost: groupCost(() => 0),
    costNote: '≡ GroupNormalization body 7N + 6·(batch·groups) [+ SiLU 2N, N transcendental]',
  },
  {
    domain: MS, opType: 'SkipGroupNorm', since: 1, infer: groupInfer, cost: groupCost((ctx) => (ctx.has(4) ? 2 : 1)),
    costNote: '≡ Add(X, skip) [+ Add bias] + GroupNorm: N (+N) + 7N + 6·(batch·groups) [+ SiLU 2N]',
  },
  {
    domain: MS, opType: 'GatedRMSNorm', since: 1,
    infer: (ctx) => {
      const x = ctx.shape(0), s = ctx.shape(1), g = ctx.shape(2);
      if (s && s.length !== 1) ctx.fail(`scale has rank ${s.length}; expected [C]`);
      if (x && g && (x.length !== g.length || x.some((d, i) => d?.isConst() && g[i]?.isConst() && !d.equals(g[i]!)))) ctx.fail('gate must have the shape of X');
      gatedRows(ctx);
      return [tensorType(ctx.dtype(0), x ?? g)];
    },
    cost: (ctx) => {
      const r = gatedRows(ctx);
      return r ? addCosts(rmsNormCost(r.n, r.rows), elementwise(r.n, 3, 1)) : unknownCost('input shape unknown');
    },
    costNote: '≡ RMSNormalization over groups of |scale| (4N + 3R) + SiLU(gate) (2N) + Mul (N): 7N + 3R, R + N transcendental',
  },
];

