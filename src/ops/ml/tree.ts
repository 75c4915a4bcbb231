/**
 * Tree ensembles of ai.onnx.ml. A sample walks one root-to-leaf path per tree; the path length depends on the data,
 * so the count is an upper bound taken from the tree structure in the attributes:
 *   per sample: Σ over trees of the longest path (one comparison per branch node on it)
 *             + Σ over trees of the most votes on one leaf (one accumulation each)
 *             + E base_values adds + E divides for AVERAGE, then post_transform on E scores (classifiers: + ArgMax).
 * TreeEnsembleRegressor/Classifier 1 and 3 (3 added the *_as_tensor attributes), deprecated at 5 in favour of
 * TreeEnsemble 5, which opset-5 models may still carry (onnxruntime runs them), so the since-3 rule stays in force.
 */
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { ML, batchAndFeatures, labelSelectionCost, labelType, postTransformCost } from './common';

/** Per-sample work of the trees: comparisons along the longest paths and leaf votes accumulated. */
interface TreeWork { comparisons: number; votes: number; trees: number }

/** Opset 1/3 encoding: nodes keyed by (tree id, node id), leaves marked by mode LEAF, votes by (tree id, node id). */
function legacyTreeWork(ctx: RuleContext, votePrefix: 'target' | 'class'): TreeWork {
  const treeIds = ctx.attrs.ints('nodes_treeids') ?? [];
  const nodeIds = ctx.attrs.ints('nodes_nodeids') ?? [];
  const modes = ctx.attrs.strings('nodes_modes') ?? [];
  const trueIds = ctx.attrs.ints('nodes_truenodeids') ?? [];
  const falseIds = ctx.attrs.ints('nodes_falsenodeids') ?? [];
  const n = treeIds.length;
  for (const [name, len] of [['nodes_nodeids', nodeIds.length], ['nodes_modes', modes.length]] as const) {
    if (len !== n) ctx.fail(`${name} has ${len} entries but nodes_treeids has ${n}`);
  }
  const index = new Map<string, number>();
  treeIds.forEach((t, i) => index.set(`${t}:${nodeIds[i]}`, i));
  const isLeaf = (i: number): boolean => modes[i] === 'LEAF';
  const depth = new Map<number, number>();
  const visiting = new Set<number>();
  const walk = (i: number | undefined): number => {
    if (i === undefined || isLeaf(i)) return 0;
    const known = depth.get(i);
    if (known !== undefined) return known;
    if (visiting.has(i)) return ctx.fail(`tree ${treeIds[i]} has a cycle at node ${nodeIds[i]}`);
    visiting.add(i);
    const child = (ids: readonly number[]): number | undefined => (i < ids.length ? index.get(`${treeIds[i]}:${ids[i]}`) : undefined);
    const d = 1 + Math.max(walk(child(trueIds)), walk(child(falseIds)));
    visiting.delete(i);
    depth.set(i, d);
    return d;
  };
  // a tree's root is its first node in attribute order (as onnxruntime reads the ensemble)
  const roots = new Map<number, number>();
  treeIds.forEach((t, i) => { if (!roots.has(t)) roots.set(t, i); });
  let comparisons = 0;
  for (const root of roots.values()) comparisons += walk(root);

  const voteTrees = ctx.attrs.ints(`${votePrefix}_treeids`) ?? [];
  const voteNodes = ctx.attrs.ints(`${votePrefix}_nodeids`) ?? [];
  const perLeaf = new Map<string, number>();
  voteTrees.forEach((t, i) => { const k = `${t}:${voteNodes[i]}`; perLeaf.set(k, (perLeaf.get(k) ?? 0) + 1); });
  const perTree = new Map<number, number>();
  for (const [k, c] of perLeaf) { const t = Number(k.split(':')[0]); perTree.set(t, Math.max(perTree.get(t) ?? 0, c)); }
  let votes = 0;
  for (const c of perTree.values()) votes += c;
  return { comparisons, votes, trees: roots.size };
}

/** Opset 5 encoding: every nodes_* entry is a branch; a child is a leaf index when its *leafs flag is 1. */
function treeEnsembleWork(ctx: RuleContext): TreeWork {
  const roots = ctx.attrs.ints('tree_roots');
  if (!roots) return ctx.fail('tree_roots is required');
  const trueIds = ctx.attrs.ints('nodes_truenodeids') ?? [];
  const falseIds = ctx.attrs.ints('nodes_falsenodeids') ?? [];
  const trueLeaf = ctx.attrs.ints('nodes_trueleafs') ?? [];
  const falseLeaf = ctx.attrs.ints('nodes_falseleafs') ?? [];
  const n = trueIds.length;
  for (const [name, len] of [['nodes_falsenodeids', falseIds.length], ['nodes_trueleafs', trueLeaf.length], ['nodes_falseleafs', falseLeaf.length]] as const) {
    if (len !== n) ctx.fail(`${name} has ${len} entries but nodes_truenodeids has ${n}`);
  }
  const depth = new Map<number, number>();
  const visiting = new Set<number>();
  const walk = (i: number): number => {
    if (i < 0 || i >= n) return ctx.fail(`node index ${i} is outside nodes_* (${n} entries)`);
    const known = depth.get(i);
    if (known !== undefined) return known;
    if (visiting.has(i)) return ctx.fail(`the trees have a cycle at node ${i}`);
    visiting.add(i);
    const d = 1 + Math.max(trueLeaf[i] ? 0 : walk(trueIds[i]), falseLeaf[i] ? 0 : walk(falseIds[i]));
    visiting.delete(i);
    depth.set(i, d);
    return d;
  };
  let comparisons = 0;
  for (const r of roots) comparisons += walk(r);
  return { comparisons, votes: roots.length, trees: roots.length };
}

function baseValuesCount(ctx: RuleContext): number {
  const t = ctx.attrs.tensor('base_values_as_tensor');
  return t ? Number(t.dims.reduce((a, d) => a * d, 1n)) : ctx.attrs.floats('base_values')?.length ?? 0;
}

/** Everything after the walk: votes, base values, averaging, post_transform, label ArgMax. */
function ensembleCost(ctx: RuleContext, n: Poly, w: TreeWork, e: number, extra: { average: boolean; transform: string | number; label: boolean }): ComputeCost {
  const perSample = w.comparisons + w.votes + (baseValuesCount(ctx) ? e : 0) + (extra.average ? e : 0);
  const scores = n.mul(P.n(e));
  return addCosts(
    compute({ other: n.mul(P.n(perSample)) }),
    postTransformCost(ctx, scores, extra.transform),
    extra.label ? labelSelectionCost(scores, n) : compute({}),
  );
}

const AGGREGATES = ['AVERAGE', 'SUM', 'MIN', 'MAX'];

function regressorTargets(ctx: RuleContext): number {
  const t = ctx.attrs.intOrUndefined('n_targets');
  if (t === undefined || t < 1) ctx.fail(`n_targets ${t ?? '(missing)'} must be ≥ 1`);
  return t!;
}

const regressorInfer: InferFn = (ctx) => {
  const agg = ctx.attrs.string('aggregate_function', 'SUM');
  if (!AGGREGATES.includes(agg)) ctx.fail(`aggregate_function '${agg}' is not one of ${AGGREGATES.join(', ')}`);
  legacyTreeWork(ctx, 'target');
  return [tensorType(DataType.FLOAT, [batchAndFeatures(ctx, 0)?.n ?? null, P.n(regressorTargets(ctx))])];
};

const regressorCost: CostFn = (ctx) => {
  const n = batchAndFeatures(ctx, 0)?.n;
  if (!n) return unknownCost('input shape unknown');
  return ensembleCost(ctx, n, legacyTreeWork(ctx, 'target'), regressorTargets(ctx), {
    average: ctx.attrs.string('aggregate_function', 'SUM') === 'AVERAGE',
    transform: ctx.attrs.string('post_transform', 'NONE'),
    label: false,
  });
};

function classes(ctx: RuleContext): { dtype: number; count: number } {
  const l = labelType(ctx, 'classlabels_int64s', 'classlabels_strings');
  if (l.count === undefined) ctx.fail('one of classlabels_int64s / classlabels_strings is required');
  return { dtype: l.dtype, count: l.count! };
}

const classifierInfer: InferFn = (ctx) => {
  const c = classes(ctx);
  legacyTreeWork(ctx, 'class');
  const n = batchAndFeatures(ctx, 0)?.n ?? null;
  return [tensorType(c.dtype, [n]), tensorType(DataType.FLOAT, [n, P.n(c.count)])];
};

const classifierCost: CostFn = (ctx) => {
  const n = batchAndFeatures(ctx, 0)?.n;
  if (!n) return unknownCost('input shape unknown');
  return ensembleCost(ctx, n, legacyTreeWork(ctx, 'class'), classes(ctx).count, {
    average: false, transform: ctx.attrs.string('post_transform', 'NONE'), label: true,
  });
};

const treeEnsembleInfer: InferFn = (ctx) => {
  const agg = ctx.attrs.int('aggregate_function', 1);
  if (agg < 0 || agg > 3) ctx.fail(`aggregate_function ${agg} is not one of 0 (AVERAGE), 1 (SUM), 2 (MIN), 3 (MAX)`);
  const pt = ctx.attrs.int('post_transform', 0);
  if (pt < 0 || pt > 4) ctx.fail(`post_transform ${pt} is not in 0..4`);
  treeEnsembleWork(ctx);
  return [tensorType(ctx.dtype(0), [batchAndFeatures(ctx, 0)?.n ?? null, P.n(regressorTargets(ctx))])];
};

const treeEnsembleCost: CostFn = (ctx) => {
  const n = batchAndFeatures(ctx, 0)?.n;
  if (!n) return unknownCost('input shape unknown');
  return ensembleCost(ctx, n, treeEnsembleWork(ctx), regressorTargets(ctx), {
    average: ctx.attrs.int('aggregate_function', 1) === 0,
    transform: ctx.attrs.int('post_transform', 0),
    label: false,
  });
};

const NOTE = 'upper bound per sample: Σ longest root-to-leaf path (comparisons) + Σ max leaf votes + base values/averaging; × N';

export const treeRules: OpRule[] = [
  ...[1, 3].map((since): OpRule => ({ domain: ML, opType: 'TreeEnsembleRegressor', since, infer: regressorInfer, cost: regressorCost, costNote: NOTE })),
  ...[1, 3].map((since): OpRule => ({
    domain: ML, opType: 'TreeEnsembleClassifier', since, infer: classifierInfer, cost: classifierCost,
    costNote: `${NOTE}; post_transform on N·E scores + label ArgMax N·E`,
  })),
  { domain: ML, opType: 'TreeEnsemble', since: 5, infer: treeEnsembleInfer, cost: treeEnsembleCost, costNote: NOTE },
];
