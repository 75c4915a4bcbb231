/**
 * Linear models of ai.onnx.ml. MACs = N · C · (coefficient rows); intercept adds, post_transform and the label
 * ArgMax are `other` (see common.ts).
 */
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { ML, batchAndFeatures, labelSelectionCost, labelType, postTransformCost } from './common';

/** Coefficient rows: |coefficients| / C when C is known (must divide), else `fallback`. */
function coefficientRows(ctx: RuleContext, c: number | undefined, fallback: number | undefined): number | undefined {
  const coef = ctx.attrs.floats('coefficients');
  if (!coef) return ctx.fail('coefficients is required');
  if (c === undefined || c === 0) return fallback;
  if (coef.length % c !== 0) ctx.fail(`${coef.length} coefficients do not divide into rows of ${c} features`);
  return coef.length / c;
}

/** Rows from the intercepts; the coefficients must hold at least rows × C (extra ones are not read, as onnxruntime). */
function interceptRows(ctx: RuleContext, rows: number, c: number | undefined, warn: boolean): number {
  const coef = ctx.attrs.floats('coefficients');
  if (!coef) return ctx.fail('coefficients is required');
  if (c !== undefined && c > 0) {
    if (coef.length < rows * c) ctx.fail(`${coef.length} coefficients are fewer than ${rows} classes × ${c} features`);
    if (warn && coef.length > rows * c) ctx.warn(`${coef.length} coefficients for ${rows} classes × ${c} features: onnxruntime reads the first ${rows * c}`);
  }
  return rows;
}

interface ClassifierPlan { n: Poly; c: Poly; rows: number; columns: number }

function classifierPlan(ctx: RuleContext, warn = false): { labels: number; plan: ClassifierPlan | null; columns: number | undefined } {
  const labels = labelType(ctx, 'classlabels_ints', 'classlabels_strings');
  if (labels.count === undefined) ctx.fail('one of classlabels_ints / classlabels_strings is required');
  const bf = batchAndFeatures(ctx, 0);
  const c = bf?.c?.toNumber();
  // onnxruntime takes the class count from the intercepts (linearclassifier.cc) and reads the first rows·C
  // coefficients; its own logreg_iris test model carries 12 coefficients for 3 classes of 2 features
  const intercepts = ctx.attrs.floats('intercepts')?.length;
  const rows = intercepts ? interceptRows(ctx, intercepts, c, warn) : coefficientRows(ctx, c, labels.count);
  // onnxruntime: a single coefficient row with two labels is a binary model that reports both class scores
  const columns = rows === undefined ? undefined : rows === 1 && labels.count === 2 ? 2 : rows;
  const plan = bf && bf.n && bf.c && rows !== undefined ? { n: bf.n, c: bf.c, rows, columns: columns! } : null;
  return { labels: labels.dtype, plan, columns };
}

const linearClassifierInfer: InferFn = (ctx) => {
  const { labels, columns } = classifierPlan(ctx, true);
  const n = batchAndFeatures(ctx, 0)?.n ?? null;
  return [tensorType(labels, [n]), tensorType(DataType.FLOAT, [n, columns === undefined ? null : P.n(columns)])];
};

const linearClassifierCost: CostFn = (ctx) => {
  const { plan } = classifierPlan(ctx);
  if (!plan) return unknownCost('input shape unknown');
  const { n, c, rows, columns } = plan;
  const scores = n.mul(P.n(columns));
  const intercepts = ctx.attrs.floats('intercepts')?.length ? n.mul(P.n(rows)) : P.zero;
  const secondColumn = columns !== rows ? n : P.zero; // binary: the other class's score from the one row
  return addCosts(
    compute({ macs: n.mul(c).mul(P.n(rows)), other: intercepts.add(secondColumn) }),
    postTransformCost(ctx, scores, ctx.attrs.string('post_transform', 'NONE')),
    labelSelectionCost(scores, n),
  );
};

const linearRegressorPlan = (ctx: RuleContext): { n: Poly; c: Poly; targets: number } | null => {
  const targets = ctx.attrs.int('targets', 1);
  if (targets < 1) ctx.fail(`targets ${targets} must be ≥ 1`);
  const bf = batchAndFeatures(ctx, 0);
  const c = bf?.c?.toNumber();
  if (ctx.attrs.floats('coefficients')) {
    const rows = coefficientRows(ctx, c, targets);
    if (rows !== targets) ctx.fail(`coefficients hold ${rows} rows of ${c} features but targets = ${targets}`);
  }
  const ni = ctx.attrs.floats('intercepts')?.length;
  if (ni && ni !== targets) ctx.fail(`${ni} intercepts for ${targets} targets`);
  return bf && bf.n && bf.c ? { n: bf.n, c: bf.c, targets } : null;
};

export const linearRules: OpRule[] = [
  {
    domain: ML, opType: 'LinearClassifier', since: 1, infer: linearClassifierInfer, cost: linearClassifierCost,
    costNote: 'MACs N·C·rows; intercept adds N·rows; post_transform on the N·E scores; label ArgMax N·E',
  },
  {
    domain: ML, opType: 'LinearRegressor', since: 1,
    infer: (ctx) => {
      linearRegressorPlan(ctx);
      return [tensorType(DataType.FLOAT, [batchAndFeatures(ctx, 0)?.n ?? null, P.n(ctx.attrs.int('targets', 1))])];
    },
    cost: (ctx) => {
      const p = linearRegressorPlan(ctx);
      if (!p) return unknownCost('input shape unknown');
      const out = p.n.mul(P.n(p.targets));
      return addCosts(
        compute({ macs: out.mul(p.c), other: ctx.attrs.floats('intercepts')?.length ? out : P.zero }),
        postTransformCost(ctx, out, ctx.attrs.string('post_transform', 'NONE')),
      );
    },
    costNote: 'MACs N·C·targets; intercept adds N·targets; post_transform on the N·targets outputs',
  },
];
