/**
 * If: both branches are inferred (the engine reports both as children). A known condition picks its branch's
 * outputs and cost; otherwise outputs are merged (equal dims kept, differing dims → a fresh symbol, differing
 * ranks → unknown rank) and the cost is the larger branch's: FLOPs compared exactly when their difference is a
 * number, else after binding every symbol to 1.
 */
import { P, Poly } from '../../ir/poly';
import { ComputeCost, Cost, OpRule, RuleContext, SubgraphResult } from '../types';
import { requiredGraph } from './loop';
import { mergeTypes } from './merge';

function branches(ctx: RuleContext): { then: SubgraphResult; else: SubgraphResult; cond: boolean | undefined } {
  const t = ctx.subgraph(requiredGraph(ctx, 'then_branch'), []);
  const e = ctx.subgraph(requiredGraph(ctx, 'else_branch'), []);
  const n = ctx.node.outputs.length;
  if (t.outputs.length !== n || e.outputs.length !== n) {
    ctx.fail(`branches have ${t.outputs.length} and ${e.outputs.length} outputs, the node ${n}`);
  }
  const c = ctx.value(0);
  const v = c?.ints?.[0] ?? (c?.floats ? P.n(c.floats[0] ? 1 : 0) : undefined);
  const cond = v && v.isConst() ? v.value !== 0n : undefined;
  return { then: t, else: e, cond };
}

function flops(c: ComputeCost): Poly {
  return c.macs.scale(2n).add(c.other);
}

/** a ≥ b in FLOPs: exact when the difference is a number, else with every symbol bound to 1. */
export function notSmaller(a: ComputeCost, b: ComputeCost): boolean {
  const diff = flops(a).sub(flops(b));
  if (diff.isConst()) return diff.value! >= 0n;
  const ones = new Map(diff.symbols().map((s) => [s, 1n] as [string, bigint]));
  const bound = diff.substitute(ones);
  return bound.isConst() ? bound.value! >= 0n : true;
}

export const ifRules: OpRule[] = [{
  domain: 'ai.onnx', opType: 'If', since: 1,
  infer: (ctx) => {
    const b = branches(ctx);
    if (b.cond !== undefined) return [...(b.cond ? b.then : b.else).outputs];
    return b.then.outputs.map((t, i) => mergeTypes(t, b.else.outputs[i], { fresh: (h) => ctx.fresh(h) }));
  },
  propagate: (ctx) => {
    const b = branches(ctx);
    return b.cond === undefined ? [] : [...(b.cond ? b.then : b.else).outputValues];
  },
  cost: (ctx): Cost => {
    const b = branches(ctx);
    if (b.cond !== undefined) {
      const c = b.cond ? b.then.cost : b.else.cost;
      return { ...c, notes: [...(c.notes ?? []), `If: condition known, ${b.cond ? 'then' : 'else'} branch`] };
    }
    const thenLarger = notSmaller(b.then.cost, b.else.cost);
    const c = thenLarger ? b.then.cost : b.else.cost;
    // the branch not taken may hold uncounted nodes too: the total is a lower bound either way
    const uncounted = [...(b.then.cost.uncounted ?? []), ...(b.else.cost.uncounted ?? [])];
    const flops = (x: ComputeCost): string => x.macs.scale(2n).add(x.other).toString();
    const both = `then ${flops(b.then.cost)} FLOPs, else ${flops(b.else.cost)} FLOPs`;
    return { ...c, uncounted, notes: [...(c.notes ?? []), `If: condition unknown (${both}); larger branch taken (${thenLarger ? 'then' : 'else'})`] };
  },
  costNote: 'the known branch, else the larger branch by FLOPs (symbols bound to 1 when incomparable)',
}];
