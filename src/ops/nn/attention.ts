/**
 * Attention-family function ops (opset 23+): Attention, RotaryEmbedding, LinearAttention.
 * Attention's body (onnx/defs/nn): Q·√scale and K·√scale (Mul), QKᵀ (MatMul), optional softcap (Div, Tanh, Mul),
 * + bias (Add), Softmax (ReduceMax, Sub, Exp, ReduceSum, Div = 5 per score), fully-masked-row guard (ReduceMax over
 * the bias's keys + Equal per bias row; Where free), softmax·V (MatMul). The bias is built from shapes (Range, Less,
 * Where: input-independent, so it folds) except for its run-time parts: an attn_mask is added to the causal mask
 * (an Add over the bias, when is_causal), and nonpad_kv_seqlen (input 6, opset 24) makes a padding mask — Less over
 * [B, T] and an Add over the bias broadcast to [B, 1, 1, T].
 */
import { Dim, dimAdd, dimFloorDiv, dimMul } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { reductionCost } from '../helpers/convention';
import { broadcastShapes } from '../helpers/broadcast';
import { addCosts, compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { Cost, OpRule, RuleContext } from '../types';
import { productOf } from './geometry';

interface AttnDims { b: Dim; hq: Dim; hkv: Dim; sq: Dim; skv: Dim; past: Dim; dk: Dim; dv: Dim; is3d: boolean }

function headsAttr(ctx: RuleContext, name: string): number {
  if (!ctx.attrs.has(name)) ctx.fail(`${name} is required with 3D Q, K, V`);
  const h = ctx.attrs.int(name, 1);
  if (h <= 0) ctx.fail(`${name} ${h} must be positive`);
  return h;
}

function perHead(total: Dim, heads: number, ctx: RuleContext, what: string): Dim {
  if (total?.isConst() && total.value! % BigInt(heads) !== 0n) ctx.fail(`${what} ${total} not divisible by ${heads} heads`);
  return dimFloorDiv(total, P.n(heads));
}

function attentionDims(ctx: RuleContext): AttnDims | null {
  const q = ctx.shape(0), k = ctx.shape(1), v = ctx.shape(2);
  if (!q || !k || !v) return null;
  if (q.length !== k.length || q.length !== v.length || (q.length !== 3 && q.length !== 4)) {
    ctx.fail(`Q, K, V ranks ${q.length}, ${k.length}, ${v.length} should all be 3 or all be 4`);
  }
  const past = ctx.has(4) ? ctx.shape(4)?.[2] ?? null : P.zero;
  if (q.length === 4) return { b: q[0], hq: q[1], hkv: k[1], sq: q[2], skv: k[2], past, dk: q[3], dv: v[3], is3d: false };
  const hq = headsAttr(ctx, 'q_num_heads'), hkv = headsAttr(ctx, 'kv_num_heads');
  if (hq % hkv !== 0) ctx.fail(`q_num_heads ${hq} not a multiple of kv_num_heads ${hkv}`);
  return {
    b: q[0], hq: P.n(hq), hkv: P.n(hkv), sq: q[1], skv: k[1], past,
    dk: perHead(q[2], hq, ctx, 'Q hidden size'), dv: perHead(v[2], hkv, ctx, 'V hidden size'), is3d: true,
  };
}

/** The attention bias: [Sq, T], broadcast with an attn_mask (its key dim taken as T) and with nonpad_kv_seqlen's [B, 1, 1, T]. */
function biasShape(ctx: RuleContext, d: AttnDims, total: Dim): Dim[] {
  let shape: Dim[] = [d.sq, total];
  if (ctx.has(3)) {
    const mask = ctx.shape(3);
    shape = mask ? broadcastShapes([[...mask.slice(0, -1), total], shape]) ?? [null] : [null];
  }
  if (ctx.has(6)) shape = broadcastShapes([shape, [d.b, P.one, P.one, total]]) ?? [null];
  return shape;
}

/** The bias with the attn_mask but before any padding mask: the causal + attn_mask Add runs over it. */
function maskedBiasN(ctx: RuleContext, d: AttnDims, total: Dim): Dim {
  const mask = ctx.shape(3);
  return mask ? productOf(broadcastShapes([[...mask.slice(0, -1), total], [d.sq, total]]) ?? [null]) : null;
}

const attention: OpRule = {
  domain: 'ai.onnx', opType: 'Attention', since: 23,
  infer: (ctx) => {
    const d = attentionDims(ctx);
    const t = ctx.dtype(0);
    if (!d) return [tensorType(t, null), tensorType(ctx.dtype(1), null), tensorType(ctx.dtype(2), null), tensorType(t, null)];
    const total = dimAdd(d.past, d.skv);
    const y = d.is3d ? [d.b, d.sq, dimMul(d.hq, d.dv)] : [d.b, d.hq, d.sq, d.dv];
    return [
      tensorType(t, y),
      tensorType(ctx.dtype(1), [d.b, d.hkv, total, d.dk]),
      tensorType(ctx.dtype(2), [d.b, d.hkv, total, d.dv]),
      tensorType(t, [d.b, d.hq, d.sq, total]),
    ];
  },
  cost: (ctx): Cost => {
    const d = attentionDims(ctx);
    const total = d ? dimAdd(d.past, d.skv) : null;
    const rows = d ? productOf([d.b, d.hq, d.sq]) : null;
    const bh = d ? productOf([d.b, d.hq]) : null;
    if (!d || !total || !rows || !bh || !d.dk || !d.dv || !d.sq) return unknownCost('Q, K, V shapes unknown');
    const scores = rows.mul(total);
    const bias = biasShape(ctx, d, total);
    const biasN = productOf(bias);
    const biasRows = productOf(bias.slice(0, -1));
    if (!biasN || !biasRows) return unknownCost('attention mask shape unknown');
    const parts = [
      compute({ other: rows.mul(d.dk).add(bh.mul(total).mul(d.dk)) }), // Q·√s, Kᵀ·√s
      compute({ macs: scores.mul(d.dk).add(scores.mul(d.dv)) }), // QKᵀ, softmax·V
      compute({ other: scores }), // + bias
      compute({ other: scores.scale(3n), transcendental: scores }), // softmax: Sub, Exp, Div
      reductionCost('max', scores, rows), reductionCost('sum', scores, rows),
      reductionCost('max', biasN, biasRows), compute({ other: biasRows }), // fully-masked-row guard
    ];
    if (ctx.attrs.float('softcap', 0) !== 0) parts.push(compute({ other: scores.scale(3n), transcendental: scores }));
    if (ctx.attrs.int('is_causal', 0) === 1 && ctx.has(3)) parts.push(compute({ other: maskedBiasN(ctx, d, total) ?? biasN })); // causal + attn_mask
    if (ctx.has(6)) parts.push(compute({ other: productOf([d.b, total])!.add(biasN) })); // Less(Range, nonpad_kv_seqlen), Add of the padding mask
    return addCosts(...parts);
  },
  costNote: 'MACs = B·Hq·Sq·T·(Dk + Dv); + scaling of Q and K, bias add, softmax 5/score, softcap 3/score, row guard over the bias; causal + attn_mask Add, nonpad_kv_seqlen Less over [B, T] + Add over the bias',
};

/**
 * RotaryEmbedding body: on the rotated part (rotary_embedding_dim of each head, default all), Real = cos·x1 − sin·x2
 * and Imag = sin·x1 + cos·x2 over half-width x1, x2: 4 Mul + Sub + Add = 6 per pair = 3 per rotated element.
 */
const rotaryEmbedding: OpRule = {
  domain: 'ai.onnx', opType: 'RotaryEmbedding', since: 23,
  infer: (ctx) => {
    const x = ctx.shape(0);
    if (x && x.length !== 3 && x.length !== 4) ctx.fail(`input rank ${x.length} should be 3 or 4`);
    if (x && x.length === 3 && !ctx.attrs.has('num_heads')) ctx.fail('num_heads is required for 3D input');
    return [tensorType(ctx.dtype(0), x)];
  },
  cost: (ctx) => {
    const x = ctx.shape(0), n = elementsOf(ctx.tensor(0));
    if (!x || !n) return unknownCost('input shape unknown');
    const head = x.length === 4 ? x[3] : dimFloorDiv(x[2], P.n(ctx.attrs.int('num_heads', 1)));
    const rot = ctx.attrs.int('rotary_embedding_dim', 0);
    if (rot === 0) return compute({ other: n.scale(3n) });
    const tokens = dimFloorDiv(n, head);
    if (!tokens) return unknownCost('head size unknown');
    return compute({ other: tokens.scale(BigInt(3 * rot)) });
  },
  costNote: '3 per rotated element (4 Mul + Sub + Add per rotated pair)',
};

/**
 * LinearAttention (27), per the recurrences in its definition, per batch row and token: each KV head updates a
 * dk×dv state — linear: S + k⊗v (dk·dv MACs); gated: + exp(g) (transcendental, per decay element) and exp(g)·S
 * (dk·dv); delta: Sᵀk (dk·dv MACs), v − · and β· (2·dv), k⊗(·) + S (dk·dv MACs); gated_delta: gated + delta — and
 * each query head reads o = scale·qᵀS (dk·dv MACs + dv).
 */
const linearAttention: OpRule = {
  domain: 'ai.onnx', opType: 'LinearAttention', since: 27,
  infer: (ctx) => {
    const q = ctx.shape(0), v = ctx.shape(2);
    const hq = headsAttr(ctx, 'q_num_heads'), hkv = headsAttr(ctx, 'kv_num_heads');
    if (hq % hkv !== 0) ctx.fail(`q_num_heads ${hq} not a multiple of kv_num_heads ${hkv}`);
    const rule = ctx.attrs.string('update_rule', 'gated_delta');
    if (!['linear', 'gated', 'delta', 'gated_delta'].includes(rule)) ctx.fail(`update_rule '${rule}' is not linear, gated, delta or gated_delta`);
    for (const [i, s] of [[0, q], [1, ctx.shape(1)], [2, v]] as const) if (s && s.length !== 3) ctx.fail(`input ${i} rank ${s.length} should be 3 (B, T, H·D)`);
    const dk = q ? perHead(q[2], hq, ctx, 'query hidden size') : null;
    const dv = v ? perHead(v[2], hkv, ctx, 'value hidden size') : null;
    const b = q ? q[0] : v ? v[0] : null;
    return [
      tensorType(ctx.dtype(0), q && v ? [q[0], q[1], dimMul(P.n(hq), dv)] : null),
      tensorType(ctx.has(3) ? ctx.dtype(3) : ctx.dtype(0), [b, P.n(hkv), dk, dv]),
    ];
  },
  cost: (ctx) => {
    const q = ctx.shape(0), v = ctx.shape(2);
    const hq = ctx.attrs.int('q_num_heads', 1), hkv = ctx.attrs.int('kv_num_heads', 1);
    const dk = q ? dimFloorDiv(q[2], P.n(hq)) : null, dv = v ? dimFloorDiv(v[2], P.n(hkv)) : null;
    const steps = q ? productOf([q[0], q[1]]) : null;
    if (!dk || !dv || !steps) return unknownCost('query or value shape unknown');
    const rule = ctx.attrs.string('update_rule', 'gated_delta');
    const gated = rule === 'gated' || rule === 'gated_delta', delta = rule === 'delta' || rule === 'gated_delta';
    const state = dk.mul(dv);
    let macs: Poly = state.scale(BigInt(delta ? 2 : 1)).scale(BigInt(hkv)).add(state.scale(BigInt(hq)));
    let other: Poly = dv.scale(BigInt(hq + (delta ? 2 * hkv : 0)));
    let transcendental: Poly = P.zero;
    if (gated) {
      const decay = ctx.shape(4);
      const perStep = decay ? decay[2] : null;
      if (!perStep) return unknownCost('decay shape unknown');
      other = other.add(state.scale(BigInt(hkv))).add(perStep);
      transcendental = perStep;
    }
    macs = macs.mul(steps);
    return compute({ macs, other: other.mul(steps), transcendental: transcendental.mul(steps) });
  },
  costNote: 'per token: Hkv state updates (dk·dv MACs, ×2 for delta rules, + exp decay) + Hq reads (dk·dv MACs + dv)',
};

export const attentionRules: OpRule[] = [attention, rotaryEmbedding, linearAttention];
