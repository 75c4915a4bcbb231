/**
 * Recurrent-state operators of linear-attention and state-space models, each priced by its documented recurrence:
 *   LinearAttention  per token, each of the H_kv state heads updates a dk×dv state — linear S + k⊗v (dk·dv MACs);
 *                    gated: exp(g) per decay element (transcendental) and exp(g)·S (dk·dv); delta: Sᵀk (dk·dv MACs),
 *                    v − · and β· (2·dv), k⊗(·) (dk·dv MACs) — and each of the max(H_q, H_kv) output heads reads
 *                    o = scale·qᵀS (dk·dv MACs + dv): as ai.onnx LinearAttention-27, with inverse GQA (H_kv > H_q)
 *   GatedDeltaNet    the same recurrence on token-major tensors; fused gates: 'qwen' decay −exp(a_log)·Softplus(decay
 *                    + dt_bias) = Add, Softplus (3), Mul = 5 per decay element, 2 transcendental; 'sigmoid' beta 1 per
 *                    element; qk_l2_norm 3·dk + 1 (Sqrt) per query and key head vector
 *   LinearAttentionGate  decay_scale·Softplus(a + dt_bias) = 5 per element (2 transcendental); Sigmoid(b) 1 each
 *   CausalConvWithState / VarlenCausalConvWithState  depthwise causal conv: MACs |Y|·prod(kernel); bias +|Y|;
 *                    silu/swish +2|Y| (Sigmoid, Mul; |Y| transcendental)
 *   EngramGate       RMSNorm(key) and RMSNorm(query) (4N + 3R each), dot = Σ k·q over H (2N), ÷ √H (R),
 *                    sign(dot)·√max(|dot|, ε) (5R, √ transcendental), Sigmoid (R), × value (N)
 *                    [+ RMSNorm of the gated value: 4N + 3R] — N = B·S·hc·H elements, R = B·S·hc rows
 */
import { Dim, dimAdd, dimMul, dimSub, numElements } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { heads, perHead, rank } from './attention';
import { MS, P, elementwise, rmsNormCost } from './formulas';

const RULES = ['linear', 'gated', 'delta', 'gated_delta'];

function updateRule(ctx: RuleContext): { gated: boolean; delta: boolean } {
  const r = ctx.attrs.string('update_rule', 'gated_delta');
  if (!RULES.includes(r)) ctx.fail(`update_rule '${r}' is not ${RULES.join(', ')}`);
  return { gated: r === 'gated' || r === 'gated_delta', delta: r === 'delta' || r === 'gated_delta' };
}

/** The recurrence over `steps` tokens: hkv state heads updated, `reads` heads read; decay elements per token. */
function recurrenceCost(steps: Poly, dk: Poly, dv: Poly, hkv: number, reads: number, rule: { gated: boolean; delta: boolean }, decayPerStep: Poly | null): ComputeCost | null {
  const state = dk.mul(dv);
  let macs = state.scale(BigInt((rule.delta ? 2 : 1) * hkv)).add(state.scale(BigInt(reads)));
  let other = dv.scale(BigInt(reads + (rule.delta ? 2 * hkv : 0)));
  let transcendental: Poly = P.zero;
  if (rule.gated) {
    if (!decayPerStep) return null;
    other = other.add(state.scale(BigInt(hkv))).add(decayPerStep);
    transcendental = decayPerStep;
  }
  macs = macs.mul(steps);
  return compute({ macs, other: other.mul(steps), transcendental: transcendental.mul(steps) });
}

// --- LinearAttention: query [B, T, Hq·dk] 0, key 1, value [B, T, Hkv·dv] 2, past_state 3, decay 4, beta 5 ---------

function linearPlan(ctx: RuleContext) {
  const hq = heads(ctx, 'q_num_heads'), hkv = heads(ctx, 'kv_num_heads');
  const q = rank(ctx, 0, [3], 'query'), v = rank(ctx, 2, [3], 'value');
  rank(ctx, 1, [3], 'key');
  const window = ctx.attrs.int('state_window', 0);
  if (window < 0 || window > 8) ctx.fail(`state_window ${window} is outside [0, 8]`);
  return { hq, hkv, b: q?.[0] ?? v?.[0] ?? null, t: q?.[1] ?? null, dk: perHead(ctx, q?.[2] ?? null, hq, 'query hidden size'), dv: perHead(ctx, v?.[2] ?? null, hkv, 'value hidden size'), window };
}

const linearInfer: InferFn = (ctx) => {
  const p = linearPlan(ctx);
  updateRule(ctx);
  const state = [p.b, P.n(p.hkv), p.dk, p.dv];
  return [
    tensorType(ctx.dtype(0), [p.b, p.t, dimMul(p.dv, P.n(Math.max(p.hq, p.hkv)))]),
    tensorType(ctx.has(3) ? ctx.dtype(3) : ctx.dtype(0), p.window > 0 ? [P.n(p.window), ...state] : state),
  ];
};

const linearCost: CostFn = (ctx) => {
  const p = linearPlan(ctx);
  const steps = p.b && p.t ? p.b.mul(p.t) : null;
  if (!steps || !p.dk || !p.dv) return unknownCost('query or value shape unknown');
  const decay = ctx.has(4) ? ctx.shape(4)?.[2] ?? null : null;
  return recurrenceCost(steps, p.dk, p.dv, p.hkv, Math.max(p.hq, p.hkv), updateRule(ctx), decay) ?? unknownCost('decay shape unknown');
};

// --- GatedDeltaNet: query 0, key 1, value 2, cu_seqlens 3, decay 4, beta 5, initial_state 6, a_log 7, dt_bias 8,
//     capture_count 9, state_update_active 10 -----------------------------------------------------------------------

function deltaNetPlan(ctx: RuleContext) {
  const q = rank(ctx, 0, [3, 4], 'query'), k = rank(ctx, 1, [3, 4], 'key'), v = rank(ctx, 2, [3, 4], 'value');
  const r = q?.length ?? k?.length ?? v?.length ?? 3;
  const head = (s: readonly Dim[] | null, i: number): number | undefined => s?.[s.length - 2 + i]?.toNumber();
  const hq = head(q, 0), hk = head(k, 0), hv = head(v, 0);
  if (hq !== undefined && hk !== undefined && hq !== hk) ctx.fail(`num_heads_q ${hq} ≠ num_heads_k ${hk}`);
  if (hq !== undefined && hv !== undefined && hv % hq !== 0) ctx.fail(`num_heads_v ${hv} is not a multiple of num_heads_q ${hq}`);
  const lead = (s: readonly Dim[] | null): readonly Dim[] => (s ? s.slice(0, r - 2) : Array(r - 2).fill(null));
  const init = ctx.has(6) ? rank(ctx, 6, [4], 'initial_state') : null;
  const cu = ctx.has(3) ? ctx.shape(3) : null;
  const batch: Dim = cu?.[0] ? dimSub(cu[0], P.one) : init?.[0] ?? (r === 4 ? q?.[0] ?? null : null);
  return { r, hq, hk, hv, lead: lead(q ?? v), dk: q?.[r - 1] ?? k?.[r - 1] ?? null, dv: v?.[r - 1] ?? null, batch };
}

const deltaNetInfer: InferFn = (ctx) => {
  const p = deltaNetPlan(ctx);
  updateRule(ctx);
  const cap = ctx.attrs.int('state_update_capacity', 0);
  if (cap < 0 || cap > 8) ctx.fail(`state_update_capacity ${cap} is outside [0, 8]`);
  const outHeads: Dim = p.hq !== undefined && p.hv !== undefined ? P.n(Math.max(p.hq, p.hv)) : null;
  const float = ctx.dtype(6) || 1;
  const perCapture = p.hv !== undefined && p.hk !== undefined ? dimAdd(dimMul(P.n(p.hk), p.dk), dimAdd(P.n(p.hv), dimMul(P.n(p.hv), p.dv))) : null;
  return [
    tensorType(ctx.dtype(0), [...p.lead, outHeads, p.dv]),
    tensorType(float, [p.batch, p.hv !== undefined ? P.n(p.hv) : null, p.dv, p.dk]),
    tensorType(float, [p.batch, dimMul(perCapture, P.n(cap))]),
  ];
};

const deltaNetCost: CostFn = (ctx) => {
  const p = deltaNetPlan(ctx);
  const steps = numElements(p.lead);
  if (!steps || !p.dk || !p.dv || p.hq === undefined || p.hk === undefined || p.hv === undefined) return unknownCost('query, key or value shape unknown');
  const decay = ctx.has(4) ? ctx.shape(4) : null;
  const decayPerStep: Dim = decay ? numElements(decay.slice(p.r - 2)) : null;
  const rule = updateRule(ctx);
  const core = recurrenceCost(steps, p.dk, p.dv, p.hv, Math.max(p.hq, p.hv), rule, decayPerStep);
  if (!core) return unknownCost('decay shape unknown');
  const parts: ComputeCost[] = [core];
  if (ctx.attrs.string('gate_activation', 'none') === 'qwen' && decayPerStep) parts.push(elementwise(steps.mul(decayPerStep), 5, 2));
  if (ctx.attrs.string('beta_activation', 'none') === 'sigmoid') parts.push(elementwise(steps.scale(BigInt(p.hv)), 1, 1));
  if (ctx.attrs.int('qk_l2_norm', 0)) {
    const vectors = steps.scale(BigInt(p.hq + p.hk));
    parts.push(compute({ other: vectors.mul(p.dk.scale(3n).add(P.one)), transcendental: vectors }));
  }
  return addCosts(...parts);
};

// --- CausalConvWithState: input 0, weight [C, 1, k…] 1, bias 2, past_state 3 ---------------------------------------

function convActivation(ctx: RuleContext): number {
  const act = ctx.attrs.string('activation', 'none');
  if (!['none', 'silu', 'swish'].includes(act)) ctx.fail(`activation '${act}' is not none, silu or swish`);
  return act === 'none' ? 0 : 1;
}

const causalConvInfer: InferFn = (ctx) => {
  convActivation(ctx);
  const ndim = ctx.attrs.int('ndim', 1);
  if (ndim < 1 || ndim > 3) ctx.fail(`ndim ${ndim} is not 1, 2 or 3`);
  const last = ctx.attrs.int('channels_last', 0) !== 0;
  if (last && ndim !== 1) ctx.fail('channels_last requires ndim = 1');
  const dilation = ctx.attrs.int('dilation', 1), window = ctx.attrs.int('state_window', 0);
  if (dilation < 1) ctx.fail(`dilation ${dilation} must be ≥ 1`);
  if (window < 0 || window > 8) ctx.fail(`state_window ${window} is outside [0, 8]`);
  const x = ctx.shape(0), w = rank(ctx, 1, [ndim + 2], 'weight');
  if (x && !last && x.length !== ndim + 2) ctx.fail(`input has rank ${x.length}; expected ${ndim + 2} for ndim ${ndim}`);
  const k = w?.[w.length - 1] ?? null;
  const stateLen = dimMul(dimSub(k, P.one), P.n(dilation));
  let state: Dim[] | null = null;
  if (x) state = last ? [x[0], stateLen, ...x.slice(2)] : [...x.slice(0, -1), stateLen];
  return [tensorType(ctx.dtype(0), x), tensorType(ctx.dtype(0), state && window > 0 ? [P.n(window), ...state] : state)];
};

function convCost(kernel: (ctx: RuleContext) => Dim, bias: number): CostFn {
  return (ctx) => {
    const y = outElements(ctx), k = kernel(ctx);
    if (!y || !k) return unknownCost('input or weight shape unknown');
    const act = convActivation(ctx);
    return compute({ macs: y.mul(k), other: y.scale(BigInt((ctx.has(bias) ? 1 : 0) + 2 * act)), transcendental: y.scale(BigInt(act)) });
  };
}

/** VarlenCausalConvWithState: input [T, C] 0, weight [C, 1, k] 1, cumulative_sequence_length 2, bias 3, initial_state 4, capture_count 5. */
const varlenConvInfer: InferFn = (ctx) => {
  convActivation(ctx);
  const x = rank(ctx, 0, [2], 'input'), init = ctx.shape(4), cu = ctx.shape(2);
  const cap = ctx.attrs.int('state_update_capacity', 0);
  if (cap < 0 || cap > 8) ctx.fail(`state_update_capacity ${cap} is outside [0, 8]`);
  const batch: Dim = init?.[0] ?? (cu?.[0] ? dimSub(cu[0], P.one) : null);
  return [tensorType(ctx.dtype(0), x), tensorType(ctx.dtype(0), init), tensorType(ctx.dtype(0), [batch, P.n(cap), x?.[1] ?? null])];
};

// --- EngramGate: key [B, S, hc, H] 0, query 1, value [B, S, H] 2, key_norm_scale 3, query_norm_scale 4,
//     conv_norm_scale 5 ----------------------------------------------------------------------------------------------

const engramInfer: InferFn = (ctx) => {
  const k = rank(ctx, 0, [4], 'key'), q = rank(ctx, 1, [4], 'query');
  rank(ctx, 2, [3], 'value');
  const s = k ?? q;
  return [tensorType(ctx.dtype(0), s), tensorType(ctx.dtype(0), s)];
};

const engramCost: CostFn = (ctx) => {
  const k = ctx.shape(0) ?? ctx.shape(1);
  const n = k ? numElements(k) : null, rows = k ? numElements(k.slice(0, -1)) : null;
  if (!n || !rows) return unknownCost('key shape unknown');
  const normed = ctx.node.outputs.length > 1 && ctx.node.outputs[1] !== '';
  return addCosts(rmsNormCost(n, rows), rmsNormCost(n, rows), elementwise(n, 2), elementwise(rows, 1),
    compute({ other: rows.scale(5n), transcendental: rows }), elementwise(rows, 1, 1), elementwise(n, 1),
    normed ? rmsNormCost(n, rows) : compute({}));
};

const gateCost: CostFn = (ctx) => {
  const a = outElements(ctx, 0);
  if (!a) return unknownCost('input shape unknown');
  const b = ctx.has(3) ? elementsOf(ctx.type(3)) : P.zero;
  if (!b) return unknownCost('b shape unknown');
  return addCosts(elementwise(a, 5, 2), elementwise(b, 1, 1));
};

export const linearAttentionRules: OpRule[] = [
  {
    domain: MS, opType: 'LinearAttention', since: 1, infer: linearInfer, cost: linearCost,
    costNote: 'per token: H_kv state updates (dk·dv MACs, ×2 for delta rules, + exp decay) + max(H_q, H_kv) reads (dk·dv MACs + dv)',
  },
  {
    domain: MS, opType: 'GatedDeltaNet', since: 1, infer: deltaNetInfer, cost: deltaNetCost,
    costNote: 'LinearAttention recurrence on token-major heads [+ qwen decay 5, sigmoid beta 1, qk L2 norm 3·dk + 1 per vector]',
  },
  {
    domain: MS, opType: 'LinearAttentionGate', since: 1,
    infer: (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0)), tensorType(ctx.dtype(3) || ctx.dtype(0), ctx.has(3) ? ctx.shape(3) : null)],
    cost: gateCost, costNote: 'decay_scale·Softplus(a + dt_bias): 5 per element (2 transcendental); Sigmoid(b): 1 per element',
  },
  {
    domain: MS, opType: 'CausalConvWithState', since: 1, infer: causalConvInfer,
    cost: convCost((ctx) => { const w = ctx.shape(1); return w ? numElements(w.slice(2)) : null; }, 2),
    costNote: 'depthwise causal conv: MACs |Y|·prod(kernel); bias +1, silu +2 (1 transcendental) per output element',
  },
  {
    domain: MS, opType: 'VarlenCausalConvWithState', since: 1, infer: varlenConvInfer,
    cost: convCost((ctx) => ctx.shape(1)?.[2] ?? null, 3),
    costNote: 'packed depthwise causal conv: MACs |Y|·k; bias +1, silu +2 (1 transcendental) per output element',
  },
  {
    domain: MS, opType: 'EngramGate', since: 1, infer: engramInfer, cost: engramCost,
    costNote: '2 RMSNorms (4N + 3R each) + dot (2N) + ÷√H (R) + sign·√max(|·|, ε) (5R) + Sigmoid (R) + ×value (N) [+ RMSNorm]',
  },
];

