/**
 * Normalisations. Function ops (LayerNormalization, GroupNormalization, MeanVarianceNormalization,
 * RMSNormalization) cost exactly their ONNX function bodies (onnx/defs/nn/defs.cc): N = elements of X, O = elements
 * of the reduced statistics (keepdims); reductions via reductionCost, 1 FLOP per elementwise output element, Cast /
 * Reshape / Shape nodes 0. Ops without a body (BatchNormalization, InstanceNormalization, LpNormalization, LRN) cost
 * their defining equations, stated per rule.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { normalizeAxes, normalizeAxis } from '../helpers/axes';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, Cost, InferFn, OpRule, RuleContext } from '../types';
import { productOf } from './geometry';


function knownEq(a: Dim, b: Dim): boolean {
  return !(a && b && a.isConst() && b.isConst() && !a.equals(b));
}

function checkVector(ctx: RuleContext, i: number, want: Dim, what: string): void {
  if (!ctx.has(i)) return;
  const s = ctx.shape(i);
  if (s && (s.length !== 1 || !knownEq(s[0], want))) ctx.fail(`${what} shape [${s.join(', ')}] should be [${want ?? '?'}]`);
}

/** X's element count N and the outer count O = prod(X[0..axis)) of a normalisation over axes [axis, rank). */
function innerOuter(ctx: RuleContext, axis: number): { n: Poly; o: Poly } | null {
  const x = ctx.shape(0);
  if (!x) return null;
  const a = normalizeAxis(axis, x.length);
  const n = productOf(x), o = productOf(x.slice(0, a));
  return n && o ? { n, o } : null;
}

// --- BatchNormalization --------------------------------------------------------------------------------------

function batchNormInfer(trainingOutputs: (ctx: RuleContext) => boolean): InferFn {
  return (ctx) => {
    const x = ctx.shape(0);
    if (x && x.length < 2) ctx.fail(`input rank ${x.length} < 2 (expected N x C x ...)`);
    if (ctx.opset >= 9 && x) for (const [i, what] of [[1, 'scale'], [2, 'B'], [3, 'mean'], [4, 'var']] as const) checkVector(ctx, i, x[1], what);
    const y = tensorType(ctx.dtype(0), x);
    if (!trainingOutputs(ctx)) return [y];
    // Opset < 14: mean, var, saved_mean, saved_var; opset 14+: running_mean, running_var (type of the mean input).
    const stat = (i: number) => tensorType(ctx.opset >= 14 ? ctx.dtype(3) : ctx.dtype(0), ctx.shape(i));
    return ctx.opset >= 14 ? [y, stat(3), stat(4)] : [y, stat(3), stat(4), stat(3), stat(4)];
  };
}

/**
 * Inference: the Mul + Add form, 2 FLOPs per element (scale and shift folded per channel ahead of time).
 * Training adds the batch statistics: mean (reduceMean N → C), variance (Sub, Mul N each + reduceMean N → C),
 * per-channel folding (add ε, sqrt, divide, multiply, subtract: 5C, 1 transcendental) and the running-statistics
 * update (2 Mul + 1 Add each for mean and var: 6C).
 */
function batchNormCost(training: (ctx: RuleContext) => boolean) {
  return (ctx: RuleContext): Cost => {
    const n = elementsOf(ctx.tensor(0));
    if (!n) return unknownCost('input shape unknown');
    const apply = compute({ other: n.scale(2n) });
    if (!training(ctx)) return apply;
    const c = ctx.has(3) ? elementsOf(ctx.tensor(3)) : ctx.shape(0)?.[1] ?? null;
    if (!c) return unknownCost('channel count unknown');
    return addCosts(apply, reductionCost('mean', n, c), compute({ other: n.scale(2n) }), reductionCost('mean', n, c),
      compute({ other: c.scale(11n), transcendental: c, notes: ['BatchNormalization: training mode (batch statistics counted)'] }));
  };
}

const hasStatOutputs = (ctx: RuleContext): boolean => ctx.node.outputs.slice(1).some((o) => o !== '');
const trainingMode = (ctx: RuleContext): boolean => ctx.attrs.int('training_mode', 0) === 1;

const batchNorm: OpRule[] = [
  { domain: 'ai.onnx', opType: 'BatchNormalization', since: 1, infer: batchNormInfer(hasStatOutputs), cost: batchNormCost(hasStatOutputs),
    costNote: 'inference: 2 per element (folded Mul + Add); with statistics outputs: + batch mean/var and running updates' },
  { domain: 'ai.onnx', opType: 'BatchNormalization', since: 14, infer: batchNormInfer(trainingMode), cost: batchNormCost(trainingMode),
    costNote: 'inference: 2 per element (folded Mul + Add); training_mode=1: + batch mean/var and running updates' },
];

// --- Group / Instance normalisation ---------------------------------------------------------------------------

/**
 * GroupNormalization body (18 and 21): ReduceMean(X3D), Mul(X3D, X3D), ReduceMean, Mul(Mean, Mean), Sub, Add ε,
 * Sqrt, Sub(X3D, Mean), Div, Mul(scale), Add(bias) = 7N + 6O with O = batch · groups, O transcendental.
 */
export function groupNormBodyCost(n: Poly, o: Poly): ComputeCost {
  return addCosts(reductionCost('mean', n, o), compute({ other: n }), reductionCost('mean', n, o),
    compute({ other: o.scale(4n), transcendental: o }), compute({ other: n.scale(4n) }));
}

function groupNormRule(since: number, scaleIsPerChannel: boolean): OpRule {
  return {
    domain: 'ai.onnx', opType: 'GroupNormalization', since,
    infer: (ctx) => {
      const x = ctx.shape(0);
      if (x && x.length < 2) ctx.fail(`input rank ${x.length} < 2 (expected N x C x ...)`);
      if (!ctx.attrs.has('num_groups')) ctx.fail('num_groups is required');
      const g = ctx.attrs.int('num_groups', 1);
      if (g <= 0) ctx.fail(`num_groups ${g} must be positive`);
      const c = x ? x[1] : null;
      if (c?.isConst() && c.value! % BigInt(g) !== 0n) ctx.fail(`channels ${c} not divisible by num_groups ${g}`);
      const want = scaleIsPerChannel ? c : P.n(g);
      checkVector(ctx, 1, want, 'scale');
      checkVector(ctx, 2, want, 'bias');
      return [tensorType(ctx.dtype(0), x)];
    },
    cost: (ctx) => {
      const x = ctx.shape(0), n = elementsOf(ctx.tensor(0));
      if (!x || !n || !x[0]) return unknownCost('input shape unknown');
      return groupNormBodyCost(n, x[0].scale(BigInt(ctx.attrs.int('num_groups', 1))));
    },
    costNote: 'function body: 7N + 6·(batch·num_groups), sqrt per group statistic',
  };
}

/** InstanceNormalization ≡ GroupNormalization with num_groups = C; priced by that body: 7N + 6·(batch·C). */
const instanceNorm: OpRule = {
  domain: 'ai.onnx', opType: 'InstanceNormalization', since: 1,
  infer: (ctx) => {
    const x = ctx.shape(0);
    if (x && x.length < 3) ctx.fail(`input rank ${x.length} < 3 (expected N x C x D1 ...)`);
    checkVector(ctx, 1, x ? x[1] : null, 'scale');
    checkVector(ctx, 2, x ? x[1] : null, 'B');
    return [tensorType(ctx.dtype(0), x)];
  },
  cost: (ctx) => {
    const x = ctx.shape(0), n = elementsOf(ctx.tensor(0));
    const o = x ? productOf(x.slice(0, 2)) : null;
    if (!n || !o) return unknownCost('input shape unknown');
    return groupNormBodyCost(n, o);
  },
  costNote: 'as GroupNormalization with num_groups = C: 7N + 6·(N·C)',
};

// --- Layer / RMS normalisation ---------------------------------------------------------------------------------

const layerNorm: OpRule = {
  domain: 'ai.onnx', opType: 'LayerNormalization', since: 17,
  infer: (ctx) => {
    const x = ctx.shape(0);
    const stash = ctx.attrs.int('stash_type', DataType.FLOAT);
    let stats: Dim[] | null = null;
    if (x) {
      const a = normalizeAxis(ctx.attrs.int('axis', -1), x.length);
      stats = x.map((d, i) => (i < a ? d : P.one));
    }
    return [tensorType(ctx.dtype(0), x), tensorType(stash, stats), tensorType(stash, stats)];
  },
  cost: (ctx) => {
    // Body (17): ReduceMean, Mul(XU, XU), ReduceMean, Mul(Mean, Mean), Sub, Add ε, Sqrt, Sub(XU, Mean), Div,
    // Mul(Scale), [Add(B)], Reciprocal(StdDev) — Reciprocal is always in the body, whether or not InvStdDev is used.
    const io = innerOuter(ctx, ctx.attrs.int('axis', -1));
    if (!io) return unknownCost('input shape unknown');
    const { n, o } = io;
    return addCosts(reductionCost('mean', n, o), compute({ other: n }), reductionCost('mean', n, o),
      compute({ other: o.scale(5n), transcendental: o }), compute({ other: n.scale(ctx.has(2) ? 4n : 3n) }));
  },
  costNote: 'function body: 6N (+N with B) + 7·outer, sqrt per outer row',
};

const rmsNorm: OpRule = {
  domain: 'ai.onnx', opType: 'RMSNormalization', since: 23,
  infer: (ctx) => {
    const x = ctx.shape(0);
    if (x) normalizeAxis(ctx.attrs.int('axis', -1), x.length);
    return [tensorType(ctx.dtype(0), x)];
  },
  cost: (ctx) => {
    // Body: Mul(XU, XU), ReduceMean, Add ε, Sqrt, Div(XU, RMS), Mul(scale) = 4N + 3O
    const io = innerOuter(ctx, ctx.attrs.int('axis', -1));
    if (!io) return unknownCost('input shape unknown');
    const { n, o } = io;
    return addCosts(compute({ other: n }), reductionCost('mean', n, o), compute({ other: o.scale(2n), transcendental: o }), compute({ other: n.scale(2n) }));
  },
  costNote: 'function body: 4N + 3·outer, sqrt per outer row',
};

// --- MVN, LpNormalization, LRN ---------------------------------------------------------------------------------

const mvn: OpRule = {
  domain: 'ai.onnx', opType: 'MeanVarianceNormalization', since: 9,
  infer: (ctx) => {
    const x = ctx.shape(0);
    if (x) normalizeAxes(ctx.attrs.ints('axes', [0, 2, 3])!, x.length);
    return [tensorType(ctx.dtype(0), x)];
  },
  cost: (ctx) => {
    // Body: ReduceMean, Pow(X_RM, 2), Pow(X, 2), ReduceMean, Sub, Sqrt, Sub(X, X_RM), Add ε, Div = 5N + 6O
    const x = ctx.shape(0);
    if (!x) return unknownCost('input shape unknown');
    const axes = normalizeAxes(ctx.attrs.ints('axes', [0, 2, 3])!, x.length);
    const n = productOf(x), o = productOf(x.filter((_, i) => !axes.includes(i)));
    if (!n || !o) return unknownCost('input shape unknown');
    // Pow(·, 2) is one multiply per element (math/elementwise.ts powPerElement), not transcendental
    return addCosts(reductionCost('mean', n, o), compute({ other: o }), compute({ other: n }),
      reductionCost('mean', n, o), compute({ other: o.scale(3n), transcendental: o }), compute({ other: n.scale(2n) }));
  },
  costNote: 'function body: 5N + 6O (Pow(·, 2) a multiply, Sqrt transcendental)',
};

/** y = x / ‖x‖_p along axis: ReduceL1 / ReduceL2 (reductionCost) + 1 divide per element. */
const lpNorm: OpRule = {
  domain: 'ai.onnx', opType: 'LpNormalization', since: 1,
  infer: (ctx) => {
    const x = ctx.shape(0);
    const p = ctx.attrs.int('p', 2);
    if (p !== 1 && p !== 2) ctx.fail(`p ${p} is not 1 or 2`);
    if (x) normalizeAxis(ctx.attrs.int('axis', -1), x.length);
    return [tensorType(ctx.dtype(0), x)];
  },
  cost: (ctx) => {
    const x = ctx.shape(0);
    if (!x) return unknownCost('input shape unknown');
    const a = normalizeAxis(ctx.attrs.int('axis', -1), x.length);
    const n = productOf(x), o = productOf(x.filter((_, i) => i !== a));
    if (!n || !o) return unknownCost('input shape unknown');
    return addCosts(reductionCost(ctx.attrs.int('p', 2) === 1 ? 'l1' : 'l2', n, o), compute({ other: n }));
  },
  costNote: 'ReduceL1/L2 along axis + 1 divide per element',
};

/**
 * LRN: y = x / (bias + alpha/size · Σ_{size channels} x²)^beta. Per element: size squares + size adds, 1 multiply by
 * alpha/size, 1 add bias, 1 pow (transcendental), 1 divide = 2·size + 4.
 */
const lrn: OpRule = {
  domain: 'ai.onnx', opType: 'LRN', since: 1,
  infer: (ctx) => {
    const x = ctx.shape(0);
    if (x && x.length < 3) ctx.fail(`input rank ${x.length} < 3 (expected N x C x D1 ...)`);
    if (!ctx.attrs.has('size')) ctx.fail('size is required');
    if (ctx.attrs.int('size', 1) <= 0) ctx.fail(`size ${ctx.attrs.int('size', 1)} must be positive`);
    return [tensorType(ctx.dtype(0), x)];
  },
  cost: (ctx) => {
    const n = elementsOf(ctx.outputs[0]);
    if (!n) return unknownCost('input shape unknown');
    return compute({ other: n.scale(BigInt(2 * ctx.attrs.int('size', 1) + 4)), transcendental: n });
  },
  costNote: '(2·size + 4) per element (window squares and sum, scale, bias, pow, divide); 1 transcendental',
};

/**
 * onnxruntime registers LayerNormalization in the default domain from version 1 (contrib_defs.cc, an experimental
 * schema with the same function body), and its transformer optimizer writes it into models importing opset 11–16.
 * Its Y takes the scale's type (V); the shapes and the cost are those of LayerNormalization-17.
 */
const layerNormOnnxruntime: OpRule = {
  ...layerNorm, since: 1,
  infer: (ctx) => {
    const [y, mean, inv] = layerNorm.infer(ctx);
    return [y && y.kind === 'tensor' ? tensorType(ctx.dtype(1) || y.dtype, y.shape) : y, mean, inv];
  },
  costNote: `onnxruntime's default-domain registration below opset 17, ${layerNorm.costNote}`,
};

export const normRules: OpRule[] = [
  ...batchNorm, instanceNorm, layerNormOnnxruntime, layerNorm, groupNormRule(18, false), groupNormRule(21, true), rmsNorm, mvn, lpNorm, lrn,
];
