/**
 * Support vector machines of ai.onnx.ml, priced the way onnxruntime evaluates them.
 * Kernel per (sample, support vector) over C features: LINEAR C MACs; POLY C MACs + 3 (×γ, +coef0, pow);
 * RBF C MACs + C + 2 (differences, ×−γ, exp); SIGMOID C MACs + 3 (×γ, +coef0, tanh); the last op of POLY, RBF
 * and SIGMOID is transcendental.
 * SVC with K classes and V support vectors: N·V kernels, N·(K−1)·V MACs for the one-vs-one decision values,
 * N·K(K−1)/2 rho adds and as many vote comparisons. Without support vectors (linear mode): N·C·K MACs + N·K adds.
 * Platt probabilities (prob_a/prob_b) are not counted (noted on the node).
 */
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { ML, batchAndFeatures, labelType, postTransformCost } from './common';

const KERNELS: Record<string, (c: Poly) => ComputeCost> = {
  LINEAR: (c) => compute({ macs: c }),
  POLY: (c) => compute({ macs: c, other: P.n(3), transcendental: P.n(1) }),
  RBF: (c) => compute({ macs: c, other: c.add(P.n(2)), transcendental: P.n(1) }),
  SIGMOID: (c) => compute({ macs: c, other: P.n(3), transcendental: P.n(1) }),
};

function kernel(ctx: RuleContext): (c: Poly) => ComputeCost {
  const name = ctx.attrs.string('kernel_type', 'LINEAR');
  const k = KERNELS[name];
  return k ?? ctx.fail(`kernel_type '${name}' is not one of LINEAR, POLY, RBF, SIGMOID`);
}

/** Support vectors V and the features per vector they imply; checks C against the input when both are known. */
function supportVectors(ctx: RuleContext, v: number): number | undefined {
  if (v === 0) return undefined;
  const sv = ctx.attrs.floats('support_vectors')?.length ?? 0;
  if (sv % v !== 0) ctx.fail(`${sv} support_vectors values do not divide into ${v} vectors`);
  const perVector = sv / v;
  const c = batchAndFeatures(ctx, 0)?.c?.toNumber();
  if (c !== undefined && perVector !== c) ctx.fail(`support vectors have ${perVector} features but X has ${c}`);
  return perVector;
}

function classifierShape(ctx: RuleContext): { labels: number; k: number; v: number; columns: number } {
  kernel(ctx);
  const labels = labelType(ctx, 'classlabels_ints', 'classlabels_strings');
  if (labels.count === undefined) ctx.fail('one of classlabels_ints / classlabels_strings is required');
  const k = labels.count!;
  const vpc = ctx.attrs.ints('vectors_per_class') ?? [];
  if (vpc.length && vpc.length !== k) ctx.fail(`vectors_per_class has ${vpc.length} entries for ${k} classes`);
  const v = vpc.reduce((a, b) => a + b, 0);
  supportVectors(ctx, v);
  const proba = (ctx.attrs.floats('prob_a')?.length ?? 0) > 0;
  // onnxruntime: SVC without probabilities reports the pairwise decision values
  const columns = v > 0 && !proba ? (k > 2 ? (k * (k - 1)) / 2 : 2) : k;
  return { labels: labels.dtype, k, v, columns };
}

const svmClassifierInfer: InferFn = (ctx) => {
  const { labels, columns } = classifierShape(ctx);
  const n = batchAndFeatures(ctx, 0)?.n ?? null;
  return [tensorType(labels, [n]), tensorType(DataType.FLOAT, [n, P.n(columns)])];
};

const svmClassifierCost: CostFn = (ctx) => {
  const { k, v, columns } = classifierShape(ctx);
  const bf = batchAndFeatures(ctx, 0);
  if (!bf?.n || !bf.c) return unknownCost('input shape unknown');
  const { n, c } = bf;
  const post = postTransformCost(ctx, n.mul(P.n(columns)), ctx.attrs.string('post_transform', 'NONE'));
  if (v === 0) return addCosts(compute({ macs: n.mul(c).mul(P.n(k)), other: n.mul(P.n(k)) }), post);
  const pairs = P.n((k * (k - 1)) / 2);
  const kernels = kernel(ctx)(c);
  const nv = n.mul(P.n(v));
  const proba = (ctx.attrs.floats('prob_a')?.length ?? 0) > 0;
  return addCosts(
    compute({ macs: kernels.macs.mul(nv), other: kernels.other.mul(nv), transcendental: kernels.transcendental.mul(nv) }),
    compute({ macs: nv.mul(P.n(k - 1)), other: n.mul(pairs).scale(2n), notes: proba ? ['SVMClassifier: Platt probabilities not counted'] : [] }),
    post,
  );
};

const svmRegressorCost: CostFn = (ctx) => {
  kernel(ctx);
  const v = ctx.attrs.int('n_supports', 0);
  const bf = batchAndFeatures(ctx, 0);
  const perVector = supportVectors(ctx, v);
  if (!bf?.n || !bf.c) return unknownCost('input shape unknown');
  const { n, c } = bf;
  const oneClass = ctx.attrs.int('one_class', 0) ? n : P.zero; // the sign test
  const post = postTransformCost(ctx, n, ctx.attrs.string('post_transform', 'NONE'));
  if (perVector === undefined) return addCosts(compute({ macs: n.mul(c), other: n.add(oneClass) }), post);
  const nv = n.mul(P.n(v));
  const k = kernel(ctx)(c);
  return addCosts(
    compute({ macs: k.macs.mul(nv).add(nv), other: k.other.mul(nv).add(n).add(oneClass), transcendental: k.transcendental.mul(nv) }),
    post,
  );
};

export const svmRules: OpRule[] = [
  {
    domain: ML, opType: 'SVMClassifier', since: 1, infer: svmClassifierInfer, cost: svmClassifierCost,
    costNote: 'N·V kernels + N·(K−1)·V MACs + N·K(K−1) (rho adds, votes); linear mode N·C·K MACs + N·K; see svm.ts',
  },
  {
    domain: ML, opType: 'SVMRegressor', since: 1,
    infer: (ctx) => {
      kernel(ctx);
      supportVectors(ctx, ctx.attrs.int('n_supports', 0));
      return [tensorType(DataType.FLOAT, [batchAndFeatures(ctx, 0)?.n ?? null, P.n(1)])];
    },
    cost: svmRegressorCost,
    costNote: 'N·V kernels + N·V MACs (coefficients) + N rho adds (+N one_class test); linear mode N·C MACs + N',
  },
];
