/**
 * Variadic elementwise operators Sum, Max, Min, Mean: k inputs combine pairwise, k − 1 operations per output
 * element (Mean adds one divide per output element). Opset 8 brought multidirectional broadcasting; before it
 * every input had the same shape.
 */
import { P } from '../../ir/poly';
import { compute, dataMovement, outElements, unknownCost } from '../helpers/cost';
import { CostFn, InferFn, OpRule } from '../types';
import { broadcastInfer, sameShapesInfer } from './broadcasting';
import { elementwisePropagate, ElementOps, intVariadic } from './values';

function variadicCost(extraPerElement: number): CostFn {
  return (ctx) => {
    const k = ctx.inputCount;
    if (k === 0) ctx.fail('needs at least one input');
    const perElement = k - 1 + extraPerElement;
    if (perElement === 0) return dataMovement(ctx); // Sum/Max/Min of one input is a copy
    const n = outElements(ctx);
    if (!n) return unknownCost('output shape unknown');
    return compute({ other: n.mul(P.n(perElement)) });
  };
}

const requireInputs = (infer: InferFn): InferFn => (ctx) => {
  if (ctx.inputCount === 0) ctx.fail('needs at least one input');
  return infer(ctx);
};

interface Variadic { op: string; extra: number; eval: ElementOps }

const VARIADIC: readonly Variadic[] = [
  { op: 'Sum', extra: 0, eval: { int: intVariadic((a, b) => a.add(b)), float: (xs) => xs.reduce((a, b) => a + b, 0) } },
  { op: 'Max', extra: 0, eval: { int: intVariadic((a, b) => a.max(b)), float: (xs) => xs.reduce((a, b) => Math.max(a, b), -Infinity) } },
  { op: 'Min', extra: 0, eval: { int: intVariadic((a, b) => a.min(b)), float: (xs) => xs.reduce((a, b) => Math.min(a, b), Infinity) } },
  { op: 'Mean', extra: 1, eval: { float: (xs) => xs.reduce((a, b) => a + b, 0) / xs.length } },
];

export const variadicRules: OpRule[] = VARIADIC.flatMap((v) => [1, 8].map((since): OpRule => ({
  domain: 'ai.onnx', opType: v.op, since,
  infer: requireInputs(since < 8 ? sameShapesInfer : broadcastInfer()),
  propagate: elementwisePropagate(v.eval),
  cost: variadicCost(v.extra),
  costNote: v.extra ? '(k − 1) adds + 1 divide per output element, k inputs' : '(k − 1) per output element, k inputs; one input = copy',
})));
