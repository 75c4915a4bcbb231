/**
 * Softmax, LogSoftmax, Hardmax. Before opset 13 the input is coerced to 2-D at `axis` (default 1) and the
 * operation runs over the flattened trailing block; from 13 it runs over the single `axis` (default -1). The
 * output always has the input's shape.
 *
 * Cost = the opset-13 function body, for every version (over the coerced block before 13), with reductions
 * priced by reductionCost per input element:
 *   Softmax    = ReduceMax + Sub + Exp + ReduceSum + Div               = 5n, n transcendental
 *   LogSoftmax = ReduceMax + Sub + Exp + ReduceSum + Log(m) + Sub      = 5n + m, n + m transcendental
 * with n input elements and m = n / (reduced extent) rows. Hardmax has no body: it is an arg-max reduction
 * (1 compare per input element) whose one-hot output is data movement.
 */
import { Dim, numElements } from '../../ir/dim';
import { normalizeAxis } from '../helpers/axes';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { reductionCost } from '../helpers/convention';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { sameShapeInfer } from './broadcasting';

function axisOf(ctx: RuleContext, since: number, rank: number): number {
  if (rank === 0) ctx.fail(`input rank must be >= 1, got a scalar`);
  return normalizeAxis(ctx.attrs.int('axis', since < 13 ? 1 : -1), rank);
}

function softmaxInfer(since: number): InferFn {
  return (ctx) => {
    const s = ctx.shape(0);
    if (s) axisOf(ctx, since, s.length);
    return sameShapeInfer(ctx);
  };
}

/** n = input elements, rows = elements outside the reduced extent (the product of the other dims). */
function extents(ctx: RuleContext, since: number): { n: Dim; rows: Dim } {
  const s = ctx.shape(0);
  if (!s) return { n: null, rows: null };
  const axis = axisOf(ctx, since, s.length);
  const rows = since < 13 ? numElements(s.slice(0, axis)) : numElements(s.filter((_, i) => i !== axis));
  return { n: numElements(s), rows };
}

type Kind = 'Softmax' | 'LogSoftmax' | 'Hardmax';

function bodyCost(kind: Kind, n: NonNullable<Dim>, rows: NonNullable<Dim>): ComputeCost {
  if (kind === 'Hardmax') return reductionCost('arg', n, rows);
  const reduceMax = reductionCost('max', n, rows);
  const sub = compute({ other: n });
  const exp = compute({ other: n, transcendental: n });
  const reduceSum = reductionCost('sum', n, rows);
  if (kind === 'Softmax') return addCosts(reduceMax, sub, exp, reduceSum, compute({ other: n })); // Div
  const log = compute({ other: rows, transcendental: rows });
  return addCosts(reduceMax, sub, exp, reduceSum, log, compute({ other: n })); // final Sub
}

function softmaxCost(kind: Kind, since: number): CostFn {
  return (ctx) => {
    const e = extents(ctx, since);
    if (!e.n || !e.rows) return unknownCost('input shape unknown');
    return bodyCost(kind, e.n, e.rows);
  };
}

const NOTES: Record<Kind, string> = {
  Softmax: 'opset-13 body ReduceMax + Sub + Exp + ReduceSum + Div = 5n (n Exp transcendental); before 13 over the 2-D coerced block',
  LogSoftmax: 'opset-13 body ReduceMax + Sub + Exp + ReduceSum + Log + Sub = 5n + rows (n + rows transcendental); before 13 over the 2-D coerced block',
  Hardmax: 'arg-max: 1 compare per input element; the one-hot output is data movement',
};

export const softmaxRules: OpRule[] = (['Softmax', 'LogSoftmax', 'Hardmax'] as const).flatMap((kind) => [1, 13].map((since): OpRule => ({
  domain: 'ai.onnx', opType: kind, since, infer: softmaxInfer(since), cost: softmaxCost(kind, since), costNote: NOTES[kind],
})));
