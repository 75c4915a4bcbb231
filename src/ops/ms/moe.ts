/**
 * Mixture of experts (MoE; QMoE with constant quantized expert weights, whose dequantization folds). Per token, over
 * E experts of hidden size H and inter size I (F = 2 when SwiGLU's two projections are fused in fc1):
 *   routing   Softmax over the router probabilities (5E, E transcendental); TopK picks k (a selection, as ai.onnx
 *             TopK: not arithmetic); normalize_routing_weights: k adds + k divides
 *   each of the k chosen experts: fc1 H·F·I MACs (+ F·I bias); the activation on I values — relu 1, gelu 5, silu 2
 *             (Sigmoid, Mul), swiglu 8 (clamps 3, α·G, Sigmoid, ×G, + β, ×) with 1 transcendental, identity 0;
 *             [fc3 H·I MACs (+ I bias), times the activation (I; SwiGLU's 8 already include it)]; fc2 I·H MACs
 *             (+ H bias); weighted sum 2H
 * I comes from fc1's (or QMoE's fc1_scales') width over F; the weight layouts of older and newer onnxruntime
 * ([E, H, F·I] and [E, F·I, H]) both read, H being the input's last dim.
 */
import { Dim, numElements } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, OpRule, RuleContext } from '../types';
import { MS, P, softmaxCost } from './formulas';

const ACTIVATION: Record<string, { flops: number; transcendental: number }> = {
  relu: { flops: 1, transcendental: 0 },
  gelu: { flops: 5, transcendental: 1 },
  silu: { flops: 2, transcendental: 1 },
  swiglu: { flops: 8, transcendental: 1 },
  identity: { flops: 0, transcendental: 0 },
};

interface Layout { fc1: number; fc1Width?: number; fc1Bias: number; fc2: number; fc2Bias: number; fc3: number; fc3Bias: number }

const MOE: Layout = { fc1: 2, fc1Bias: 3, fc2: 4, fc2Bias: 5, fc3: 6, fc3Bias: 7 };
const QMOE: Layout = { fc1: 2, fc1Width: 3, fc1Bias: 4, fc2: 5, fc2Bias: 7, fc3: 8, fc3Bias: 10 };

/** The one of a [E, a, b] weight's two inner dims that is not H (or H when both are). */
function otherThan(w: readonly Dim[] | null, h: Dim): Dim {
  if (!w || w.length !== 3 || !h) return null;
  if (w[1]?.isConst() && h.isConst() && !w[1].equals(h)) return w[1];
  if (w[2]?.isConst() && h.isConst() && !w[2].equals(h)) return w[2];
  return w[1]?.isConst() && w[2]?.isConst() ? h : null;
}

function plan(ctx: RuleContext, l: Layout) {
  const x = ctx.shape(0), router = ctx.shape(1);
  if (x && x.length !== 2 && x.length !== 3) ctx.fail(`input has rank ${x.length}; expected [tokens, hidden] or [batch, sequence, hidden]`);
  if (router && router.length !== 2) ctx.fail(`router_probs has rank ${router.length}; expected [tokens, experts]`);
  const act = ctx.attrs.string('activation_type', 'relu').toLowerCase();
  if (!ACTIVATION[act]) ctx.fail(`activation_type '${act}' is not relu, gelu, silu, swiglu or identity`);
  const k = ctx.attrs.int('k', 1);
  if (k < 1) ctx.fail(`k ${k} must be ≥ 1`);
  const h: Dim = x?.[x.length - 1] ?? null;
  const fused = act === 'swiglu' && ctx.attrs.int('swiglu_fusion', 0) !== 0 ? 2 : 1;
  const fi: Dim = l.fc1Width !== undefined ? ctx.shape(l.fc1Width)?.[1] ?? null : otherThan(ctx.shape(l.fc1), h);
  const experts: Dim = router?.[1] ?? ctx.shape(l.fc1)?.[0] ?? null;
  if (router?.[1]?.isConst() && BigInt(k) > router[1].value!) ctx.fail(`k ${k} exceeds the ${router[1]} experts`);
  return { x, h, fi, inter: fi ? fi.floorDiv(P.n(fused)) : null, experts, k, act };
}

function moeCost(l: Layout): CostFn {
  return (ctx) => {
    const p = plan(ctx, l);
    const tokens = p.x ? numElements(p.x.slice(0, -1)) : null;
    if (!tokens || !p.h || !p.fi || !p.inter || !p.experts) return unknownCost('input or weight shapes unknown');
    const { h, fi, inter } = p;
    const k = BigInt(p.k);
    const a = ACTIVATION[p.act];
    const fc3 = ctx.has(l.fc3);
    let macs: Poly = h.mul(fi).add(inter.mul(h));
    let other: Poly = inter.scale(BigInt(a.flops)).add(h.scale(2n));
    if (ctx.has(l.fc1Bias)) other = other.add(fi);
    if (ctx.has(l.fc2Bias)) other = other.add(h);
    if (fc3) {
      macs = macs.add(h.mul(inter));
      // SwiGLU's own 8 include the product with fc3's L; other activations multiply by fc3's output once
      other = other.add(inter.scale(BigInt((ctx.has(l.fc3Bias) ? 1 : 0) + (p.act === 'swiglu' ? 0 : 1))));
    }
    const perExpert: ComputeCost = compute({ macs: macs.scale(k), other: other.scale(k), transcendental: inter.scale(BigInt(a.transcendental) * k) });
    const routing = addCosts(softmaxCost(p.experts), ctx.attrs.int('normalize_routing_weights', 0) ? compute({ other: P.n(2 * p.k) }) : compute({}));
    const perToken = addCosts(routing, perExpert);
    return { ...perToken, macs: perToken.macs.mul(tokens), other: perToken.other.mul(tokens), transcendental: perToken.transcendental.mul(tokens) };
  };
}

export const moeRules: OpRule[] = [
  {
    domain: MS, opType: 'MoE', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), plan(ctx, MOE).x)], cost: moeCost(MOE),
    costNote: 'per token: Softmax routing (5E) + k × (fc1 H·F·I + activation + [fc3 H·I] + fc2 I·H MACs, biases, weighted sum 2H)',
  },
  {
    domain: MS, opType: 'QMoE', since: 1, infer: (ctx) => [tensorType(ctx.dtype(0), plan(ctx, QMOE).x)], cost: moeCost(QMOE),
    costNote: 'as MoE; the constant quantized expert weights dequantize once (folds)',
  },
];

