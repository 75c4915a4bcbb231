/**
 * NegativeLogLikelihoodLoss (12; 13, 22 only widen types) and SoftmaxCrossEntropyLoss (12; 13 types), both ONNX
 * functions, priced as their bodies node by node (Gather*, Slice, Squeeze, Unsqueeze, Where, Cast are free).
 * With G = elements of the target, NLL's body is:
 *   Neg(gathered input)                                   G
 *   ignore_index given: Sub (typed zero), Equal (mask)    2·G
 *   weight or ignore_index: Mul(loss, weight)             G
 *   reduction 'sum': ReduceSum                            G
 *   reduction 'mean', weighted: ReduceSum ×2 + Div        2·G + 1
 *   reduction 'mean', unweighted: ReduceMean              G + 1
 * SoftmaxCrossEntropyLoss = LogSoftmax over the class axis + that NLL. LogSoftmax's body (opset 13) is
 * ReduceMax, Sub, Exp, ReduceSum, Log, Sub: 5·E + G FLOPs, E + G transcendental, E = elements of the scores.
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { addCosts, compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, Cost, InferFn, OpRule, RuleContext } from '../types';

const differ = (a: Dim, b: Dim): boolean => a !== null && b !== null && a.isConst() && b.isConst() && !a.equals(b);
const show = (s: readonly Dim[]): string => `[${s.map((d) => d?.toString() ?? '?').join(', ')}]`;

function reduction(ctx: RuleContext): 'none' | 'sum' | 'mean' {
  const r = ctx.attrs.string('reduction', 'mean');
  if (r !== 'none' && r !== 'sum' && r !== 'mean') ctx.fail(`reduction '${r}' is not none, sum or mean`);
  return r;
}

/** input [N, C, d1...], target [N, d1...], weight [C]: the loss is the target's shape, or a scalar. */
const lossInfer = (withLogProb: boolean): InferFn => (ctx) => {
  const input = ctx.shape(0), target = ctx.shape(1), weight = ctx.has(2) ? ctx.shape(2) : null;
  const r = reduction(ctx);
  if (input && input.length < 2) ctx.fail(`input rank ${input.length} < 2: expected [N, C, ...]`);
  if (input && target) {
    if (target.length !== input.length - 1) ctx.fail(`target ${show(target)} must have rank ${input.length - 1} for input ${show(input)}`);
    const expected = [input[0], ...input.slice(2)];
    if (expected.some((d, i) => differ(d, target[i]))) ctx.fail(`target ${show(target)} does not match input ${show(input)} without its class dim`);
  }
  if (weight && (weight.length !== 1 || (input && differ(weight[0], input[1])))) ctx.fail(`weight ${show(weight)} must be [C]`);
  const lossShape = r === 'none' ? (target ?? (input ? [input[0], ...input.slice(2)] : null)) : [];
  const out = [tensorType(ctx.dtype(0), lossShape)];
  if (withLogProb) out.push(tensorType(ctx.dtype(0), input));
  return out;
};

/** NLL body cost for G target elements. */
export function nllCost(g: Poly, weighted: boolean, ignoreIndex: boolean, r: 'none' | 'sum' | 'mean'): ComputeCost {
  const scaled = weighted || ignoreIndex;
  let other = g; // Neg
  if (ignoreIndex) other = other.add(g.scale(2n)); // Sub, Equal
  if (scaled) other = other.add(g); // Mul by the gathered weights
  if (r === 'sum') other = other.add(g);
  if (r === 'mean') other = other.add(scaled ? g.scale(2n).add(P.one) : g.add(P.one));
  return compute({ other });
}

function lossCost(withSoftmax: boolean) {
  return (ctx: RuleContext): Cost => {
    const input = ctx.shape(0);
    const e = elementsOf(ctx.type(0));
    const g = input ? elementsOf(tensorType(0, [input[0], ...input.slice(2)])) : null;
    if (!g || (withSoftmax && !e)) return unknownCost('input shape unknown');
    const nll = nllCost(g, ctx.has(2), ctx.attrs.has('ignore_index'), reduction(ctx));
    if (!withSoftmax) return nll;
    const logSoftmax = compute({ other: e!.scale(5n).add(g), transcendental: e!.add(g) });
    return addCosts(logSoftmax, nll);
  };
}

export const lossRules: OpRule[] = [
  {
    domain: 'ai.onnx', opType: 'NegativeLogLikelihoodLoss', since: 12,
    infer: lossInfer(false),
    cost: lossCost(false),
    costNote: 'function body: G (Neg) [+2G ignore_index] [+G weight] + reduction (sum G; mean 2G+1 weighted, G+1 not)',
  },
  {
    domain: 'ai.onnx', opType: 'SoftmaxCrossEntropyLoss', since: 12,
    infer: lossInfer(true),
    cost: lossCost(true),
    costNote: 'function body: LogSoftmax (5E + G, E + G transcendental) + NegativeLogLikelihoodLoss',
  },
];
