/**
 * Attention fusions, held equal to the equations of the subgraphs onnxruntime fuses (formulas.ts attentionCoreCost):
 * B batch, S query length, T attended length (past + new), h heads, dk/dv head sizes.
 *   Attention   ≡ MatMul(input, W) [+ bias] + [rotary on Q, K] + MatMul(Q, Kᵀ) + scale + [mask add] [+ bias add]
 *                 + Softmax + MatMul(P, V): MACs B·S·Hin·(Hq+Hk+Hv) + B·h·S·T·(dk+dv); other |QKV| bias + 7·B·h·S·T
 *                 (scale 1, Softmax 5, +1 per mask/attention_bias); causal masking is a Where (data movement)
 *   QAttention  ≡ Attention with the projection as MatMulIntegerToFloat (+|proj| scale, +|input|/|weight| per zero point)
 *   MultiHeadAttention ≡ [bias adds on Q, K, V] + the core (no projection: Q/K/V arrive projected)
 *   GroupQueryAttention ≡ [RMS norm of Q, K heads] + [rotary on Q, K] + the core with K/V heads repeated (Expand: data
 *                 movement) over T = total_sequence_length [+ softcap 3 per score, 1 transcendental]
 *   RotaryEmbedding ≡ x·cos ± x'·sin on the rotated part: 3 per rotated element (the rest is copied)
 * Mask preprocessing on [B, T]-sized tensors is not counted.
 */
import { Dim, dimAdd, numElements } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { addCosts, compute, elementsOf, unknownCost } from '../helpers/cost';
import { intValues } from '../helpers/values';
import { tensorType } from '../helpers/types';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, P, attentionCoreCost, elementwise, rmsNormCost, rotaryCost } from './formulas';

export function heads(ctx: RuleContext, name = 'num_heads'): number {
  const h = ctx.attrs.intOrUndefined(name);
  if (h === undefined || h < 1) ctx.fail(`${name} ${h ?? '(missing)'} must be ≥ 1`);
  return h!;
}

/** d / h, failing when both are known and h does not divide d. */
export function perHead(ctx: RuleContext, d: Dim, h: number, what: string): Dim {
  if (!d) return null;
  if (d.isConst() && d.value! % BigInt(h) !== 0n) ctx.fail(`${what} ${d} is not divisible by ${h} heads`);
  return d.floorDiv(P.n(h));
}

export function rank(ctx: RuleContext, i: number, ranks: number[], what: string): readonly Dim[] | null {
  const s = ctx.shape(i);
  if (s && !ranks.includes(s.length)) ctx.fail(`${what} has rank ${s.length}; expected rank ${ranks.join(' or ')}`);
  return s;
}

// --- Attention / QAttention ---------------------------------------------------------------------------------------

interface AttentionPlan { b: Dim; s: Dim; hin: Dim; width: Dim; hq: Dim; hk: Dim; hv: Dim; h: number; past: Dim; present: Dim[] | null }

function attentionPlan(ctx: RuleContext, pastInput: number, quantized: boolean): AttentionPlan {
  const h = heads(ctx);
  const x = rank(ctx, 0, [3], 'input');
  const w = rank(ctx, 1, [2], 'weights');
  const b: Dim = x?.[0] ?? null, s: Dim = x?.[1] ?? null, hin: Dim = x?.[2] ?? w?.[0] ?? null;
  if (x && w && x[2] && w[0] && x[2].isConst() && w[0].isConst() && !x[2].equals(w[0])) ctx.fail(`input hidden size ${x[2]} does not match weights rows ${w[0]}`);
  const width: Dim = w?.[1] ?? ctx.shape(2)?.[0] ?? null;
  const sizes = quantized ? undefined : ctx.attrs.ints('qkv_hidden_sizes');
  let hq: Dim, hk: Dim, hv: Dim;
  if (sizes) {
    if (sizes.length !== 3) ctx.fail(`qkv_hidden_sizes has ${sizes.length} entries; expected 3`);
    [hq, hk, hv] = sizes.map((v) => P.n(v));
    if (width && width.isConst() && width.value !== BigInt(sizes[0] + sizes[1] + sizes[2])) ctx.fail(`weights width ${width} ≠ Σ qkv_hidden_sizes ${sizes.join('+')}`);
  } else {
    if (width && width.isConst() && width.value! % 3n !== 0n) ctx.fail(`weights width ${width} is not 3 × hidden size`);
    hq = hk = hv = width ? width.floorDiv(P.n(3)) : null;
  }
  perHead(ctx, hq, h, 'Q hidden size');
  const dk = perHead(ctx, hk, h, 'K hidden size');
  perHead(ctx, hv, h, 'V hidden size');
  const past = rank(ctx, pastInput, [5], 'past');
  const pastLen: Dim = ctx.has(pastInput) ? past?.[3] ?? null : P.zero;
  const share = !quantized && ctx.attrs.int('past_present_share_buffer', 0) !== 0;
  const presentLen = share ? pastLen : dimAdd(pastLen, s);
  return { b, s, hin, width, hq, hk, hv, h, past: pastLen, present: [P.n(2), b, P.n(h), presentLen, dk] };
}

export function attentionInfer(pastInput: number, quantized: boolean): InferFn {
  return (ctx) => {
    const p = attentionPlan(ctx, pastInput, quantized);
    const dtype = quantized ? ctx.dtype(2) || ctx.dtype(3) : ctx.dtype(0);
    return [tensorType(dtype, [p.b, p.s, p.hv]), tensorType(dtype, p.present)];
  };
}

/** Attended length T: past + S, or (shared buffer) the past_sequence_length value + S. */
function attendedLength(ctx: RuleContext, p: AttentionPlan, quantized: boolean): Dim {
  if (!quantized && ctx.attrs.int('past_present_share_buffer', 0) !== 0) {
    const v = ctx.has(6) ? intValues(ctx, 6) : undefined;
    return dimAdd(v && v.length === 1 ? P.n(v[0]) : ctx.fresh('past_sequence_length'), p.s);
  }
  return dimAdd(p.past, p.s);
}

export function attentionCost(pastInput: number, quantized: boolean): CostFn {
  return (ctx) => {
    const p = attentionPlan(ctx, pastInput, quantized);
    const t = attendedLength(ctx, p, quantized);
    const { b, s, hin, width, hq, hk, hv, h } = p;
    if (!b || !s || !hin || !width || !hq || !hk || !hv || !t) return unknownCost('input shapes unknown');
    const tokens = b.mul(s);
    const proj = tokens.mul(width);
    const adds = (ctx.has(3 + (quantized ? 2 : 0)) ? 1 : 0) + (!quantized && ctx.has(5) ? 1 : 0);
    const parts: ComputeCost[] = [
      compute({ macs: proj.mul(hin), other: ctx.has(2) ? proj : P.zero }),
      attentionCoreCost(b.mul(P.n(h)), s, t, hk.floorDiv(P.n(h)), hv.floorDiv(P.n(h)), adds),
    ];
    if (!quantized && ctx.attrs.int('do_rotary', 0)) {
      const r = ctx.attrs.intOrUndefined('rotary_embedding_dim');
      const rotated = r ? tokens.mul(P.n(2 * h * r)) : tokens.mul(hq.add(hk));
      parts.push(rotaryCost(rotated));
    }
    if (quantized) {
      let other = proj; // output scale of the integer projection
      for (const [zp, operand] of [[6, 0], [7, 1]]) if (ctx.has(zp)) other = other.add(elementsOf(ctx.type(operand)) ?? P.zero);
      parts.push(compute({ other }));
    }
    return addCosts(...parts);
  };
}

// --- MultiHeadAttention -------------------------------------------------------------------------------------------

interface CorePlan { b: Dim; s: Dim; t: Dim; dk: Dim; dv: Dim; h: number; out: Dim[]; presentK: Dim[]; presentV: Dim[]; biasElems: Dim }

function mhaPlan(ctx: RuleContext): CorePlan {
  const h = heads(ctx);
  const q = rank(ctx, 0, [3, 5], 'query');
  const k = ctx.has(1) ? rank(ctx, 1, [3, 4, 5], 'key') : null;
  const v = ctx.has(2) ? rank(ctx, 2, [3, 4], 'value') : null;
  const b: Dim = q?.[0] ?? null, s: Dim = q?.[1] ?? null;
  let dk: Dim = null, dv: Dim = null, kvLen: Dim = null, biasKV: Dim = null;
  let kvIsCache = false;
  if (q && q.length === 5) { // packed QKV [B, S, h, 3, d]
    dk = dv = q[4]; kvLen = s;
  } else {
    if (q) dk = perHead(ctx, q[2], h, 'query hidden size');
    if (!ctx.has(1) && q) ctx.fail('key is missing but query is not packed QKV [B, S, heads, 3, head_size]');
    if (k && k.length === 5) { kvLen = k[1]; dk = k[4]; dv = k[4]; }
    else if (k && k.length === 4) { kvIsCache = true; kvLen = k[2]; dk = k[3]; dv = v && v.length === 4 ? v[3] : dk; }
    else if (k) { kvLen = k[1]; dv = v ? perHead(ctx, v[v.length - 1], h, 'value hidden size') : dk; }
  }
  const hD = (d: Dim): Dim => (d ? d.mul(P.n(h)) : null);
  if (!kvIsCache && b && kvLen && dk && dv) biasKV = b.mul(kvLen).mul(hD(dk)!.add(hD(dv)!));
  const pastK = ctx.has(6) ? rank(ctx, 6, [4], 'past_key') : null;
  const past: Dim = ctx.has(6) && !kvIsCache ? pastK?.[2] ?? null : P.zero;
  const t = dimAdd(past, kvLen);
  const biasQ: Dim = b && s && dk ? b.mul(s).mul(hD(dk)!) : null;
  return {
    b, s, t, dk, dv, h, out: [b, s, hD(dv)],
    presentK: [b, P.n(h), t, dk], presentV: [b, P.n(h), t, dv],
    biasElems: ctx.has(3) ? dimAdd(biasQ, kvIsCache ? P.zero : biasKV) : P.zero,
  };
}

const mhaInfer: InferFn = (ctx) => {
  const p = mhaPlan(ctx);
  const dt = ctx.dtype(0);
  return [tensorType(dt, p.out), tensorType(dt, p.presentK), tensorType(dt, p.presentV), tensorType(dt, [p.b, P.n(p.h), p.s, p.t])];
};

const mhaCost: CostFn = (ctx) => {
  const p = mhaPlan(ctx);
  if (!p.b || !p.s || !p.t || !p.dk || !p.dv || !p.biasElems) return unknownCost('input shapes unknown');
  const adds = (ctx.has(4) ? 1 : 0) + (ctx.has(5) ? 1 : 0);
  return addCosts(compute({ other: p.biasElems }), attentionCoreCost(p.b.mul(P.n(p.h)), p.s, p.t, p.dk, p.dv, adds));
};

// --- GroupQueryAttention ------------------------------------------------------------------------------------------

function gqaPlan(ctx: RuleContext): CorePlan & { kvh: number; kvLen: Dim; qHidden: Dim } {
  const h = heads(ctx), kvh = heads(ctx, 'kv_num_heads');
  if (h % kvh !== 0) ctx.fail(`num_heads ${h} is not a multiple of kv_num_heads ${kvh}`);
  const q = rank(ctx, 0, [3], 'query');
  const b: Dim = q?.[0] ?? null, s: Dim = q?.[1] ?? null;
  const packed = !ctx.has(1);
  const d: Dim = q ? perHead(ctx, q[2], packed ? h + 2 * kvh : h, packed ? 'packed QKV width' : 'query hidden size') : null;
  const k = ctx.has(1) ? rank(ctx, 1, [3], 'key') : null;
  const kvLen: Dim = k ? k[1] : s;
  const total = ctx.has(6) ? intValues(ctx, 6) : undefined;
  const t: Dim = total && total.length === 1 ? P.n(total[0]) : ctx.fresh('total_sequence_length');
  const past = ctx.has(3) ? rank(ctx, 3, [4], 'past_key') : null;
  const cacheLen: Dim = past && past[2] && t ? past[2].max(t) : t;
  const hd = (n: number): Dim => (d ? d.mul(P.n(n)) : null);
  return {
    b, s, t, dk: d, dv: d, h, kvh, kvLen, qHidden: hd(h),
    out: [b, s, hd(h)], presentK: [b, P.n(kvh), cacheLen, d], presentV: [b, P.n(kvh), cacheLen, d], biasElems: P.zero,
  };
}

const gqaInfer: InferFn = (ctx) => {
  const p = gqaPlan(ctx);
  const dt = ctx.dtype(0), cache = ctx.dtype(3) || dt;
  return [tensorType(dt, p.out), tensorType(cache, p.presentK), tensorType(cache, p.presentV), tensorType(dt, [p.b, P.n(p.h), p.s, p.t])];
};

const gqaCost: CostFn = (ctx) => {
  const p = gqaPlan(ctx);
  if (!p.b || !p.s || !p.t || !p.dk || !p.kvLen) return unknownCost('input shapes unknown');
  const scores = p.b.mul(P.n(p.h)).mul(p.s).mul(p.t);
  const parts: ComputeCost[] = [attentionCoreCost(p.b.mul(P.n(p.h)), p.s, p.t, p.dk, p.dk, ctx.has(10) ? 1 : 0)];
  if (ctx.attrs.float('softcap', 0) !== 0) parts.push(elementwise(scores, 3, 1)); // Div, Tanh, Mul
  const qElems = p.b.mul(p.s).mul(p.dk).mul(P.n(p.h)), kElems = p.b.mul(p.kvLen).mul(p.dk).mul(P.n(p.kvh));
  // q_norm_weight / k_norm_weight (inputs 14, 15): per-head RMSNormalization of Q and K before the rotary
  if (ctx.has(14) && ctx.has(15)) parts.push(rmsNormCost(qElems, qElems.floorDiv(p.dk)), rmsNormCost(kElems, kElems.floorDiv(p.dk)));
  if (ctx.attrs.int('do_rotary', 0)) {
    const cos = ctx.shape(7);
    const half = cos?.[1];
    // the rotated part of each head is 2 × cos_cache's last dim (the whole head by default)
    const frac = (n: Poly): Poly => (half ? n.floorDiv(p.dk!).mul(half.scale(2n)) : n);
    parts.push(rotaryCost(frac(qElems).add(frac(kElems))));
  }
  return addCosts(...parts);
};

// --- RotaryEmbedding ----------------------------------------------------------------------------------------------

export const rotaryInfer: InferFn = (ctx) => {
  rank(ctx, 0, [3, 4], 'input');
  return [tensorType(ctx.dtype(0), ctx.shape(0))];
};

export const rotaryEmbeddingCost: CostFn = (ctx) => {
  const x = ctx.shape(0);
  const n = x ? numElements(x) : null;
  if (!x || !n) return unknownCost('input shape unknown');
  const r = ctx.attrs.int('rotary_embedding_dim', 0);
  if (r === 0) return rotaryCost(n); // the whole head rotates
  const h = ctx.attrs.int('num_heads', 0);
  const head: Dim = x.length === 4 ? x[3] : h > 0 ? perHead(ctx, x[2], h, 'hidden size') : null;
  if (!head) return unknownCost('head size unknown');
  return rotaryCost(n.floorDiv(head).mul(P.n(r)));
};

export const attentionRules: OpRule[] = [
  {
    domain: MS, opType: 'Attention', since: 1, infer: attentionInfer(4, false), cost: attentionCost(4, false),
    costNote: '≡ MatMul(input, W) [+ bias] + MatMul(Q,Kᵀ) + scale [+ mask] [+ bias] + Softmax + MatMul(P,V)',
  },
  {
    domain: MS, opType: 'QAttention', since: 1, infer: attentionInfer(8, true), cost: attentionCost(8, true),
    costNote: '≡ Attention with a MatMulIntegerToFloat projection (+|proj| scale, +|input|/|weight| per zero point)',
  },
  {
    domain: MS, opType: 'MultiHeadAttention', since: 1, infer: mhaInfer, cost: mhaCost,
    costNote: '≡ [bias adds on Q, K, V] + MatMul(Q,Kᵀ) + scale [+ mask] [+ bias] + Softmax + MatMul(P,V)',
  },
  {
    domain: MS, opType: 'GroupQueryAttention', since: 1, infer: gqaInfer, cost: gqaCost,
    costNote: '≡ [RMS norm of Q, K heads] + [rotary on Q, K] + repeated-KV attention over total_sequence_length (+ softcap 3 per score)',
  },
  {
    domain: MS, opType: 'RotaryEmbedding', since: 1, infer: rotaryInfer, cost: rotaryEmbeddingCost,
    costNote: '≡ x·cos ± x′·sin: 3 per rotated element',
  },
];

