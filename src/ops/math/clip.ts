/**
 * Clip. Opset 11 moved the bounds from attributes (`min`, `max`) to optional inputs. Cost follows the opset-13
 * function body, which depends on which bounds are given: each bound is one Less per element (its Where is data
 * movement); no bound at all is Identity (data movement). Before opset 11 a bound counts when its attribute is
 * given, the same rule: an absent attribute (or Clip-6's ±FLT_MAX default) is the body's absent input.
 */
import { Dim } from '../../ir/dim';
import { P } from '../../ir/poly';
import { compute, dataMovement, outElements, unknownCost } from '../helpers/cost';
import { CostFn, InferFn, OpRule, PropagateFn, RuleContext } from '../types';
import { sameShapeInfer } from './broadcasting';
import { evalElementwise, ElementOps } from './values';

function boundsGiven(ctx: RuleContext, since: number): number {
  if (since < 11) return (ctx.attrs.has('min') ? 1 : 0) + (ctx.attrs.has('max') ? 1 : 0);
  return (ctx.has(1) ? 1 : 0) + (ctx.has(2) ? 1 : 0);
}

function clipCost(since: number): CostFn {
  return (ctx) => {
    const bounds = boundsGiven(ctx, since);
    if (bounds === 0) return dataMovement(ctx);
    const n = outElements(ctx);
    if (!n) return unknownCost('output shape unknown');
    return compute({ other: n.mul(P.n(bounds)) });
  };
}

/** Opset 11+: min and max must be scalars (one element). */
const clipInfer11: InferFn = (ctx) => {
  for (const [i, name] of [[1, 'min'], [2, 'max']] as const) {
    const s = ctx.has(i) ? ctx.shape(i) : null;
    const one = s?.every((d) => d !== null && d.value === 1n);
    if (s && s.every((d) => d !== null && d.isConst()) && !one) ctx.fail(`${name} has shape [${s.join(', ')}], not a scalar`);
  }
  return sameShapeInfer(ctx);
};

/** Clamp known values (shape arithmetic clamps sizes): ints as Dims via max/min, floats numerically. */
function clampOps(hasMin: boolean, hasMax: boolean): ElementOps {
  return {
    int: (xs) => {
      let v: Dim = xs[0];
      let k = 1;
      if (hasMin) { const lo = xs[k++]; v = v && lo ? v.max(lo) : null; }
      if (hasMax) { const hi = xs[k++]; v = v && hi ? v.min(hi) : null; }
      return v;
    },
    float: (xs) => {
      let v = xs[0];
      let k = 1;
      if (hasMin) v = Math.max(v, xs[k++]);
      if (hasMax) v = Math.min(v, xs[k++]);
      return v;
    },
  };
}

const clipPropagate11: PropagateFn = (ctx) => {
  const x = ctx.value(0);
  if (!x) return [];
  const values = [x, ...(ctx.has(1) ? [ctx.value(1)] : []), ...(ctx.has(2) ? [ctx.value(2)] : [])];
  return [evalElementwise(values, x.dtype, clampOps(ctx.has(1), ctx.has(2)))];
};

const clipPropagate1: PropagateFn = (ctx) => {
  const x = ctx.value(0);
  if (!x?.floats) return [];
  const lo = ctx.attrs.has('min') ? ctx.attrs.float('min', 0) : undefined;
  const hi = ctx.attrs.has('max') ? ctx.attrs.float('max', 0) : undefined;
  const bound = (v: number): { dtype: number; shape: number[]; floats: number[] } => ({ dtype: x.dtype, shape: [], floats: [v] });
  const values = [x, ...(lo !== undefined ? [bound(lo)] : []), ...(hi !== undefined ? [bound(hi)] : [])];
  return [evalElementwise(values, x.dtype, clampOps(lo !== undefined, hi !== undefined))];
};

const NOTE = '1 compare per element per bound given (function body Less + Where per bound); no bound = copy';

export const clipRules: OpRule[] = [
  { domain: 'ai.onnx', opType: 'Clip', since: 1, infer: sameShapeInfer, propagate: clipPropagate1, cost: clipCost(1), costNote: NOTE },
  { domain: 'ai.onnx', opType: 'Clip', since: 11, infer: clipInfer11, propagate: clipPropagate11, cost: clipCost(11), costNote: NOTE },
];
