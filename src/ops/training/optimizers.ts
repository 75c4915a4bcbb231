/**
 * ai.onnx.preview.training optimizers, priced by their update equations per element of each optimized tensor X
 * (numpy broadcasting between X, G and the state tensors is assumed elementwise; the output has X's shape):
 *   Adagrad   G_reg = c·X + G (2), H' = H + G_reg² (2), Sqrt(H') + ε (2, 1 transcendental), X − r·G_reg / H_adaptive (3)
 *             = 9 per element, + 3 once for r = R / (1 + T·decay)
 *   Adam      G_reg (2), V' = α·V + (1−α)·G_reg (3), H' = β·H + (1−β)·G_reg² (4), Sqrt(H') + ε (2, 1 transcendental),
 *             X − R_adj·V' / H_sqrt (3), (1 − c_post)·X (1) = 15 per element, + 7 per tensor for R_adjusted
 *             (two Pow, two Sub, Sqrt, Mul, Div; 3 transcendental) — "applied independently to each tensor"
 *   Momentum  standard: G_reg (2), V' = α·V + β_adj·G_reg (3), X − R·V' (2) = 7; nesterov: X − R·(G_reg + α·V') (4) = 9;
 *             + 1 once for β_adj = T > 0 ? β : 1
 * Constant folding of attribute-only scalars ((1−α), (1−β)) is not counted.
 */
import { P, Poly } from '../../ir/poly';
import { compute, elementsOf, unknownCost } from '../helpers/cost';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';

export const TRAINING = 'ai.onnx.preview.training';

/** The number of optimized tensors n when the inputs are R, T, then `groups` runs of n tensors. */
function groupSize(ctx: RuleContext, groups: number, names: string): number {
  const rest = ctx.inputCount - 2;
  if (rest < groups || rest % groups !== 0) ctx.fail(`${ctx.inputCount} inputs: expected R, T, then ${names} (${groups} groups of equal length)`);
  const n = rest / groups;
  for (const [i, what] of [[0, 'R'], [1, 'T']] as const) {
    const s = ctx.shape(i);
    if (s && s.length > 1 && s.some((d) => d && d.isConst() && d.value !== 1n)) ctx.fail(`${what} must be a scalar, got rank ${s.length}`);
  }
  return n;
}

/** Outputs are `outGroups` runs of n: output group g, item j takes the type of input group inGroup[g], item j. */
function optimizerInfer(groups: number, names: string, inGroups: number[]): InferFn {
  return (ctx) => {
    const n = groupSize(ctx, groups, names);
    for (let j = 0; j < n; j++) {
      const x = ctx.shape(2 + j);
      for (let g = 1; g < groups; g++) {
        const other = ctx.shape(2 + g * n + j);
        if (x && other && x.length === other.length && x.some((d, k) => d && other[k] && d.isConst() && other[k]!.isConst() && !d.equals(other[k]!))) {
          ctx.fail(`tensor ${j} of group ${g} does not match the shape of X_${j}`);
        }
      }
    }
    return inGroups.flatMap((g) => Array.from({ length: n }, (_, j) => ctx.type(2 + g * n + j)));
  };
}

/** Σ over the optimized tensors of (perElement·|X_j| + perTensor), plus `once`. */
function optimizerCost(groups: number, names: string, perElement: (ctx: RuleContext) => number,
  perTensor: number, perTensorT: number, once: number, onceT = 0): CostFn {
  return (ctx) => {
    const n = groupSize(ctx, groups, names);
    let other: Poly = P.n(once), trans: Poly = P.n(onceT);
    const k = perElement(ctx);
    for (let j = 0; j < n; j++) {
      const e = elementsOf(ctx.type(2 + j));
      if (!e) return unknownCost(`shape of X_${j} unknown`);
      other = other.add(e.mul(P.n(k))).add(P.n(perTensor));
      trans = trans.add(e).add(P.n(perTensorT));
    }
    return compute({ other, transcendental: trans });
  };
}

const momentumMode = (ctx: RuleContext): number => {
  const mode = ctx.attrs.string('mode', '');
  if (mode !== 'standard' && mode !== 'nesterov') ctx.fail(`mode '${mode}' is neither 'standard' nor 'nesterov'`);
  return mode === 'nesterov' ? 9 : 7;
};

export const optimizerRules: OpRule[] = [
  {
    domain: TRAINING, opType: 'Adagrad', since: 1,
    infer: optimizerInfer(3, 'X, G, H', [0, 2]),
    cost: optimizerCost(3, 'X, G, H', () => 9, 0, 0, 3),
    costNote: '9 per element of each X (1 transcendental) + 3 for the decayed learning rate',
  },
  {
    domain: TRAINING, opType: 'Adam', since: 1,
    infer: optimizerInfer(4, 'X, G, V, H', [0, 2, 3]),
    cost: optimizerCost(4, 'X, G, V, H', () => 15, 7, 3, 0),
    costNote: '15 per element of each X (1 transcendental) + 7 per tensor for R_adjusted (3 transcendental)',
  },
  {
    domain: TRAINING, opType: 'Momentum', since: 1,
    infer: (ctx) => { momentumMode(ctx); return optimizerInfer(3, 'X, G, V', [0, 2])(ctx); },
    cost: (ctx) => {
      const c = optimizerCost(3, 'X, G, V', momentumMode, 0, 0, 1)(ctx);
      // no transcendental in momentum: drop the per-element tally optimizerCost adds
      return c.kind === 'compute' ? { ...c, transcendental: P.zero } : c;
    },
    costNote: 'standard 7, nesterov 9 per element of each X; + 1 for beta_adjusted',
  },
];
