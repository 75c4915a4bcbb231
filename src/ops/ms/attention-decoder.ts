/**
 * Decoder attention fusions (B batch, S query length, T attended length, h heads, d head size), held equal to the
 * equations of formulas.ts attentionCoreCost plus their projections:
 *   DecoderMaskedSelfAttention ≡ Attention (the same inputs, usually with a shared past/present buffer)
 *   DecoderMaskedMultiHeadAttention ≡ [bias adds on Q (self: and K, V)] + the core over T = past + 1 (self) or the
 *       cross-attention cache length; mask / attention_bias add 1 per score each
 *   DecoderAttention ≡ Q projection S·B·H·H MACs (+ bias) + [K, V projection T·B·H·2H (+ bias)] + the core; the
 *       static_kv / use_past inputs pick the path: cached cross-attention projects nothing and attends the cache,
 *       self-attention with a cache attends cache + new. When they are not known the larger path is counted (as If
 *       takes the larger branch) and said in a note.
 */
import { Dim, dimAdd } from '../../ir/dim';
import { addCosts, compute, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues, scalarValue } from '../helpers/values';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { attentionCost, attentionInfer, heads, perHead, rank } from './attention';
import { MS, P, attentionCoreCost } from './formulas';

// --- DecoderMaskedMultiHeadAttention ------------------------------------------------------------------------------
// query 0, key 1, value 2, mask_index 3, attention_bias 4, past_key 5, past_value 6, past_sequence_length 7,
// beam_width 8, cache_indirection 9, bias 10

interface DmmhaPlan { b: Dim; s: Dim; t: Dim; dk: Dim; dv: Dim; h: number; cross: boolean; present: Dim[]; qHidden: Dim; kvHidden: Dim }

function dmmhaPlan(ctx: RuleContext): DmmhaPlan {
  const h = heads(ctx);
  const q = rank(ctx, 0, [3], 'query');
  const k = ctx.has(1) ? rank(ctx, 1, [3, 4], 'key') : null;
  const v = ctx.has(2) ? rank(ctx, 2, [3, 4], 'value') : null;
  const b: Dim = q?.[0] ?? null, s: Dim = q?.[1] ?? null;
  const cross = !!k && k.length === 4;
  let dk: Dim, dv: Dim, qHidden: Dim, kvHidden: Dim = null;
  if (!ctx.has(1)) {
    // packed QKV [B, 1, 2·H + Hv]; with equal Q/K/V widths, H = width / 3
    const width = q?.[2] ?? null;
    qHidden = width ? width.floorDiv(P.n(3)) : null;
    dk = dv = perHead(ctx, qHidden, h, 'packed QKV third');
    kvHidden = qHidden ? qHidden.scale(2n) : null;
  } else {
    qHidden = q?.[2] ?? null;
    dk = perHead(ctx, qHidden, h, 'query hidden size');
    if (cross) dv = v && v.length === 4 ? v[3] : k![3];
    else {
      dv = v ? perHead(ctx, v[2], h, 'value hidden size') : dk;
      kvHidden = dimAdd(k?.[2] ?? null, v?.[2] ?? null);
    }
  }
  let t: Dim, present: Dim[];
  const share = ctx.attrs.int('past_present_share_buffer', 0) !== 0;
  const pastKey = ctx.has(5) ? rank(ctx, 5, [4], 'past_key') : null;
  if (cross) {
    t = k![2];
    present = [b, P.n(h), t, dk];
  } else {
    let past: Dim;
    if (share) {
      const ps = ctx.has(7) ? intValues(ctx, 7) : undefined;
      past = ps && ps.length === 1 ? P.n(ps[0]) : ctx.fresh('past_sequence_length');
    } else past = ctx.has(5) ? pastKey?.[2] ?? null : P.zero;
    t = dimAdd(past, s);
    present = share && pastKey ? [...pastKey] : [b, P.n(h), t, dk];
  }
  return { b, s, t, dk, dv, h, cross, present, qHidden, kvHidden };
}

const dmmhaInfer: InferFn = (ctx) => {
  const p = dmmhaPlan(ctx);
  const dt = ctx.dtype(0);
  const vHidden = p.dv ? p.dv.scale(BigInt(p.h)) : null;
  return [tensorType(dt, [p.b, p.s, vHidden]), tensorType(dt, p.present), tensorType(dt, p.present), tensorType(dt, [p.b, P.n(p.h), p.s, p.t])];
};

const dmmhaCost: CostFn = (ctx) => {
  const p = dmmhaPlan(ctx);
  if (!p.b || !p.s || !p.t || !p.dk || !p.dv) return unknownCost('input shapes unknown');
  const tokens = p.b.mul(p.s);
  let bias: ComputeCost = compute({});
  if (ctx.has(10)) {
    const width = p.cross ? p.qHidden : dimAdd(p.qHidden, p.kvHidden);
    if (!width) return unknownCost('hidden sizes unknown');
    bias = compute({ other: tokens.mul(width) });
  }
  const adds = (ctx.has(3) ? 1 : 0) + (ctx.has(4) ? 1 : 0);
  return addCosts(bias, attentionCoreCost(p.b.mul(P.n(p.h)), p.s, p.t, p.dk, p.dv, adds));
};

// --- DecoderAttention ---------------------------------------------------------------------------------------------
// query [S, B, H] 0, key [T, B, H] 1, q_weight 2, kv_weight 3, bias 4, key_padding_mask 5, key_cache 6,
// value_cache 7, static_kv 8, use_past 9, has_layer_state 10, has_key_padding_mask 11

interface DecoderPath { project: boolean; attended: Dim; note?: string }

function flag(ctx: RuleContext, i: number): boolean | undefined {
  if (!ctx.has(i)) return undefined;
  const v = scalarValue(ctx, i);
  return v === undefined ? undefined : v !== 0;
}

function decoderPath(ctx: RuleContext, t: Dim): DecoderPath {
  const staticKv = flag(ctx, 8), usePast = flag(ctx, 9);
  const cache = ctx.has(6) ? rank(ctx, 6, [4], 'key_cache') : null;
  const cacheLen: Dim = cache ? cache[2] : null;
  if (usePast === false) return { project: true, attended: t };
  if (usePast === true && staticKv === true) return { project: false, attended: cacheLen };
  if (usePast === true && staticKv === false) return { project: true, attended: dimAdd(cacheLen, t) };
  // not known: the larger path — project the new key and attend cache + new when a cache is given
  return {
    project: true, attended: ctx.has(6) ? dimAdd(cacheLen, t) : t,
    note: 'DecoderAttention: static_kv / use_past not known at analysis time; the larger path (K/V projection, cache + new keys) is counted',
  };
}

function decoderPlan(ctx: RuleContext) {
  const h = heads(ctx);
  const q = rank(ctx, 0, [3], 'query'), k = rank(ctx, 1, [3], 'key');
  const s: Dim = q?.[0] ?? null, b: Dim = q?.[1] ?? null, hid: Dim = q?.[2] ?? null;
  const d = perHead(ctx, hid, h, 'hidden size');
  const path = decoderPath(ctx, k?.[0] ?? null);
  return { h, s, b, hid, d, t: k?.[0] ?? null, path };
}

const decoderInfer: InferFn = (ctx) => {
  const p = decoderPlan(ctx);
  const dt = ctx.dtype(0);
  const cache = [p.b, P.n(p.h), p.path.attended, p.d];
  return [tensorType(dt, [p.s, p.b, p.hid]), tensorType(dt, cache), tensorType(dt, cache)];
};

const decoderCost: CostFn = (ctx) => {
  const p = decoderPlan(ctx);
  const { s, b, hid, d } = p;
  if (!s || !b || !hid || !d || !p.path.attended) return unknownCost('input shapes unknown');
  const qTokens = s.mul(b);
  const parts: ComputeCost[] = [compute({ macs: qTokens.mul(hid).mul(hid), other: qTokens.mul(hid) })];
  if (p.path.project) {
    if (!p.t) return unknownCost('key shape unknown');
    const kvTokens = p.t.mul(b);
    parts.push(compute({ macs: kvTokens.mul(hid).mul(hid).scale(2n), other: kvTokens.mul(hid).scale(2n) }));
  }
  parts.push(attentionCoreCost(b.mul(P.n(p.h)), s, p.path.attended, d, d, ctx.has(5) ? 1 : 0));
  if (p.path.note) parts.push(compute({ notes: [p.path.note] }));
  return addCosts(...parts);
};

export const decoderAttentionRules: OpRule[] = [
  {
    domain: MS, opType: 'DecoderMaskedSelfAttention', since: 1, infer: attentionInfer(4, false), cost: attentionCost(4, false),
    costNote: '≡ Attention: MatMul(input, W) + bias + MatMul(Q,Kᵀ) over past + 1 + scale [+ mask] [+ bias] + Softmax + MatMul(P,V)',
  },
  {
    domain: MS, opType: 'DecoderMaskedMultiHeadAttention', since: 1, infer: dmmhaInfer, cost: dmmhaCost,
    costNote: '≡ [bias adds] + MatMul(Q,Kᵀ) over past + 1 (self) or the cross cache + scale [+ mask] [+ bias] + Softmax + MatMul(P,V)',
  },
  {
    domain: MS, opType: 'DecoderAttention', since: 1, infer: decoderInfer, cost: decoderCost,
    costNote: '≡ Q projection (+ bias) + [K/V projection (+ bias)] + attention core; unknown static_kv/use_past: the larger path',
  },
];
