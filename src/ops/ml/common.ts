/**
 * Shared vocabulary of the ai.onnx.ml rules: the [N, C] / [C] input convention of the traditional-ML operators,
 * label types, and the post_transform / label-selection arithmetic every classifier and regressor shares.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute } from '../helpers/cost';
import { ComputeCost, RuleContext } from '../types';

export const ML = 'ai.onnx.ml';

/** Batch N and feature count C of an [N, C] or [C] input (a 1-D input is one sample); null when the rank is unknown. */
export function batchAndFeatures(ctx: RuleContext, i = 0): { n: Dim; c: Dim } | null {
  const s = ctx.shape(i);
  if (!s) return null;
  if (s.length === 1) return { n: P.n(1), c: s[0] };
  if (s.length === 2) return { n: s[0], c: s[1] };
  return ctx.fail(`input ${i} has rank ${s.length}; expected [N, C] or [C]`);
}

/** The element type of class labels: int64 when `ints` is given, string when `strings` is given. */
export function labelType(ctx: RuleContext, ints: string, strings: string): { dtype: number; count: number | undefined } {
  const i = ctx.attrs.bigints(ints); // int64 labels may be any 64-bit value
  const s = ctx.attrs.strings(strings);
  if (i && i.length && s && s.length) ctx.fail(`both '${ints}' and '${strings}' are set; exactly one is allowed`);
  if (s && s.length) return { dtype: DataType.STRING, count: s.length };
  return { dtype: DataType.INT64, count: i?.length };
}

/**
 * The post_transform applied to `n` scores: NONE 0; SOFTMAX / SOFTMAX_ZERO as ONNX Softmax's function body per row
 * (ReduceMax, Sub, Exp, ReduceSum, Div: 5 per score, 1 transcendental); LOGISTIC and PROBIT 1 transcendental per score.
 * TreeEnsemble (opset 5) spells the same choices as integers 0–4.
 */
export function postTransformCost(ctx: RuleContext, n: Poly, transform: string | number): ComputeCost {
  const name = typeof transform === 'number' ? ['NONE', 'SOFTMAX', 'LOGISTIC', 'SOFTMAX_ZERO', 'PROBIT'][transform] : transform;
  switch (name) {
    case 'NONE': return compute({});
    case 'SOFTMAX': case 'SOFTMAX_ZERO': return compute({ other: n.scale(5n), transcendental: n });
    case 'LOGISTIC': case 'PROBIT': return compute({ other: n, transcendental: n });
    default: return ctx.fail(`post_transform '${transform}' is not one of NONE, SOFTMAX, LOGISTIC, SOFTMAX_ZERO, PROBIT`);
  }
}

/** A classifier's label output: ArgMax over each row of scores (one comparison per score). */
export function labelSelectionCost(scores: Poly, rows: Poly): ComputeCost {
  return reductionCost('arg', scores, rows);
}

export { addCosts };
