/**
 * Reduce* operators. Axes move from an attribute to an input at 13 for ReduceSum and at 18 for the others; that is
 * the only shape-semantics change across their versions (11 widened the axis range, 12/13/20 added types).
 * Costs price through reductionCost (helpers/convention.ts), whose composite cases follow the opset-18 function
 * bodies: ReduceL1 = Abs+ReduceSum, ReduceL2 = Mul+ReduceSum+Sqrt, ReduceLogSum = ReduceSum+Log,
 * ReduceLogSumExp = Exp+ReduceSum+Log, ReduceSumSquare = Mul+ReduceSum (Cast/CastLike are free).
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { reductionCost, ReductionKind } from '../helpers/convention';
import { compute, dataMovement, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { Cost, OpRule, PropagateFn, RuleContext } from '../types';
import { planReduce } from './reduce-shape';

/**
 * With noop_with_empty_axes and no axes the reduction step is the identity, "but composite-reduction operators
 * still perform the non-reduction steps" (spec): only those are priced, one per element.
 */
export function noopReductionCost(kind: ReductionKind, n: Poly): Cost | undefined {
  switch (kind) {
    case 'l1': case 'sumSquare': return compute({ other: n }); // Abs / Mul
    case 'l2': return compute({ other: n.scale(2n), transcendental: n }); // Mul, Sqrt
    case 'logSum': return compute({ other: n, transcendental: n }); // Log
    case 'logSumExp': return compute({ other: n.scale(2n), transcendental: n.scale(2n) }); // Exp, Log
    default: return undefined; // the identity: data movement
  }
}

function reduceCost(kind: ReductionKind, axesInput: number) {
  return (ctx: RuleContext): Cost => {
    const inN = elementsOf(ctx.type(0));
    const outN = elementsOf(ctx.outputs[0]);
    if (!inN) return unknownCost('input shape unknown');
    const plan = planReduce(ctx, axesInput);
    if (plan.noop) return noopReductionCost(kind, inN) ?? dataMovement(ctx);
    // sum/max/min/prod need only the input count; the finishing steps need the output count too.
    if (!outN) {
      if (kind === 'sum' || kind === 'max' || kind === 'min' || kind === 'prod') return reductionCost(kind, inN, P.zero);
      return unknownCost('output shape unknown');
    }
    return reductionCost(kind, inN, outN);
  };
}

type IntFold = (a: Poly, b: Poly) => Poly;
const FOLDS: Partial<Record<ReductionKind, IntFold>> = {
  sum: (a, b) => a.add(b),
  prod: (a, b) => a.mul(b),
  max: (a, b) => a.max(b),
  min: (a, b) => a.min(b),
};

/** Shape arithmetic: ReduceProd of a Shape is an element count, ReduceSum/Max/Min of small integer vectors. */
function reducePropagate(kind: ReductionKind, axesInput: number): PropagateFn | undefined {
  const fold = FOLDS[kind];
  if (!fold) return undefined;
  return (ctx) => {
    const v = ctx.value(0);
    if (!v?.ints || v.shape.length > 1 || v.ints.length === 0) return [];
    const plan = planReduce(ctx, axesInput);
    if (!plan.shape) return [];
    if (plan.noop) return [v];
    let acc: Dim = v.ints[0];
    for (const d of v.ints.slice(1)) acc = acc && d ? fold(acc, d) : null;
    const shape = plan.shape.map((d) => Number(d?.value ?? 1n));
    return [{ dtype: v.dtype, shape, ints: [acc] }];
  };
}

const REDUCE_OPS: readonly { op: string; kind: ReductionKind; axesInputSince: number; note: string }[] = [
  { op: 'ReduceSum', kind: 'sum', axesInputSince: 13, note: '1 per input element' },
  { op: 'ReduceMax', kind: 'max', axesInputSince: 18, note: '1 per input element' },
  { op: 'ReduceMin', kind: 'min', axesInputSince: 18, note: '1 per input element' },
  { op: 'ReduceProd', kind: 'prod', axesInputSince: 18, note: '1 per input element' },
  { op: 'ReduceMean', kind: 'mean', axesInputSince: 18, note: '1 per input element + 1 divide per output element' },
  { op: 'ReduceSumSquare', kind: 'sumSquare', axesInputSince: 18, note: 'Mul + ReduceSum: 2 per input element' },
  { op: 'ReduceL1', kind: 'l1', axesInputSince: 18, note: 'Abs + ReduceSum: 2 per input element' },
  { op: 'ReduceL2', kind: 'l2', axesInputSince: 18, note: 'Mul + ReduceSum + Sqrt: 2 per input + 1 per output element (sqrt transcendental)' },
  { op: 'ReduceLogSum', kind: 'logSum', axesInputSince: 18, note: 'ReduceSum + Log: 1 per input + 1 per output element (log transcendental)' },
  { op: 'ReduceLogSumExp', kind: 'logSumExp', axesInputSince: 18, note: 'Exp + ReduceSum + Log: 2 per input + 1 per output element (exp, log transcendental)' },
];

export const reduceRules: OpRule[] = REDUCE_OPS.flatMap(({ op, kind, axesInputSince, note }) =>
  ([[1, -1], [axesInputSince, 1]] as const).map(([since, axesInput]): OpRule => {
    const propagate = reducePropagate(kind, axesInput);
    return {
      domain: 'ai.onnx', opType: op, since,
      infer: (ctx) => [tensorType(ctx.dtype(0), planReduce(ctx, axesInput).shape)],
      ...(propagate ? { propagate } : {}),
      cost: reduceCost(kind, axesInput),
      costNote: `${note}; noop_with_empty_axes: only the non-reduction steps`,
    };
  }));
