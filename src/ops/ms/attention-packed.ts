/**
 * Packed, paged, sparse and long-sequence attention (tokens packed without padding; h heads, d head size):
 *   PackedAttention          ≡ RestorePadding + Attention + RemovePadding: the projection on the T packed tokens
 *                            (T·Hin·W MACs + T·W bias), the core over the padded [B, S] of token_offset
 *   PackedMultiHeadAttention ≡ the same for MultiHeadAttention: T·W bias adds + the core over [B, S]
 *   PagedAttention           each of the T tokens attends its sequence's cache: the attended length is a fresh
 *                            symbol per node; [RMS norm of Q, K heads] + [rotary] + the core (+ softcap 3 per score)
 *   SparseAttention          block-sparse: the keys a query attends depend on the block layout: a fresh symbol;
 *                            [rotary] + the core
 *   LongformerAttention      local and global QKV projections (2·B·S·H·3H MACs + biases) + the core over
 *                            2W + 1 window keys and G global tokens both ways (G: a fresh symbol): T = 2W + 1 + 2G
 *   QOrderedAttention / QOrderedLongformerAttention ≡ DequantizeLinear(input) + the float op + QuantizeLinear(output)
 */
import { Dim, dimAdd, dimMul } from '../../ir/dim';
import { addCosts, compute, elementsOf, outElements, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { DEQUANTIZE_OPS_PER_ELEMENT, QUANTIZE_OPS_PER_ELEMENT } from '../quantization/linear';
import { ComputeCost, CostFn, InferFn, OpRule, RuleContext } from '../types';
import { heads, perHead, rank } from './attention';
import { MS, P, attentionCoreCost, elementwise, rmsNormCost, rotaryCost } from './formulas';

/** Q, K, V widths from qkv_hidden_sizes or a width split in three. */
function qkvWidths(ctx: RuleContext, width: Dim): [Dim, Dim, Dim] {
  const sizes = ctx.attrs.ints('qkv_hidden_sizes');
  if (sizes) {
    if (sizes.length !== 3) ctx.fail(`qkv_hidden_sizes has ${sizes.length} entries; expected 3`);
    return [P.n(sizes[0]), P.n(sizes[1]), P.n(sizes[2])];
  }
  if (width?.isConst() && width.value! % 3n !== 0n) ctx.fail(`weights width ${width} is not 3 × hidden size`);
  const third = width ? width.floorDiv(P.n(3)) : null;
  return [third, third, third];
}

// --- PackedAttention: input [T, Hin] 0, weights 1, bias 2, token_offset [B, S] 3, cumulative_sequence_length 4,
//     attention_bias 5 ---------------------------------------------------------------------------------------------

function packedPlan(ctx: RuleContext) {
  const h = heads(ctx);
  const x = rank(ctx, 0, [2], 'input'), w = rank(ctx, 1, [2], 'weights'), off = rank(ctx, 3, [2], 'token_offset');
  const width: Dim = w?.[1] ?? ctx.shape(2)?.[0] ?? null;
  const [hq, hk, hv] = qkvWidths(ctx, width);
  perHead(ctx, hq, h, 'Q hidden size');
  return { h, tokens: x?.[0] ?? null, hin: x?.[1] ?? w?.[0] ?? null, width, dk: perHead(ctx, hk, h, 'K hidden size'), dv: perHead(ctx, hv, h, 'V hidden size'), hv, b: off?.[0] ?? null, s: off?.[1] ?? null };
}

const packedCost: CostFn = (ctx) => {
  const p = packedPlan(ctx);
  if (!p.tokens || !p.hin || !p.width || !p.dk || !p.dv || !p.b || !p.s) return unknownCost('input shapes unknown');
  const proj = p.tokens.mul(p.width);
  return addCosts(compute({ macs: proj.mul(p.hin), other: proj }), attentionCoreCost(p.b.mul(P.n(p.h)), p.s, p.s, p.dk, p.dv, ctx.has(5) ? 1 : 0));
};

// --- PackedMultiHeadAttention: query 0 ([T, H] or [T, h, 3, d]), key 1, value 2, bias 3, token_offset 4,
//     cumulative_sequence_length 5, attention_bias 6 --------------------------------------------------------------

function packedMhaPlan(ctx: RuleContext) {
  const h = heads(ctx);
  const q = rank(ctx, 0, [2, 4], 'query');
  const off = rank(ctx, 4, [2], 'token_offset');
  let dk: Dim, dv: Dim;
  if (q && q.length === 4) dk = dv = q[3];
  else {
    dk = perHead(ctx, q?.[1] ?? null, h, 'query hidden size');
    const v = ctx.has(2) ? rank(ctx, 2, [2], 'value') : null;
    dv = v ? perHead(ctx, v[1], h, 'value hidden size') : dk;
  }
  return { h, tokens: q?.[0] ?? null, dk, dv, b: off?.[0] ?? null, s: off?.[1] ?? null };
}

const packedMhaCost: CostFn = (ctx) => {
  const p = packedMhaPlan(ctx);
  if (!p.tokens || !p.dk || !p.dv || !p.b || !p.s) return unknownCost('input shapes unknown');
  const bias = ctx.has(3) ? p.tokens.mul(p.dk.add(p.dk).add(p.dv).scale(BigInt(p.h))) : P.zero;
  return addCosts(compute({ other: bias }), attentionCoreCost(p.b.mul(P.n(p.h)), p.s, p.s, p.dk, p.dv, ctx.has(6) ? 1 : 0));
};

// --- PagedAttention: query 0, key 1, value 2, key_cache 3, value_cache 4, cumulative_sequence_length 5,
//     past_seqlens 6, block_table 7, cos_cache 8, sin_cache 9, slot_mapping 10, head_sink 11, q_norm_weight 12,
//     k_norm_weight 13, k_scale 14, v_scale 15, attention_metadata 16 ------------------------------------------------

function pagedPlan(ctx: RuleContext) {
  const h = heads(ctx), kvh = heads(ctx, 'kv_num_heads');
  const q = rank(ctx, 0, [2], 'query');
  const packed = !ctx.has(1);
  const d = q ? perHead(ctx, q[1], packed ? h + 2 * kvh : h, packed ? 'packed QKV width' : 'query hidden size') : null;
  const vHead = ctx.attrs.int('v_head_size', 0);
  const dv: Dim = vHead > 0 ? P.n(vHead) : d;
  return { h, kvh, tokens: q?.[0] ?? null, d, dv };
}

const pagedInfer: InferFn = (ctx) => {
  const p = pagedPlan(ctx);
  const dt = ctx.dtype(0);
  return [tensorType(dt, [p.tokens, dimMul(p.dv, P.n(p.h))]), tensorType(ctx.dtype(3), ctx.shape(3)), tensorType(ctx.dtype(4), ctx.has(4) ? ctx.shape(4) : null)];
};

const pagedCost: CostFn = (ctx) => {
  const p = pagedPlan(ctx);
  if (!p.tokens || !p.d || !p.dv) return unknownCost('input shapes unknown');
  const attended = ctx.fresh('paged_attended_length');
  const qElems = p.tokens.mul(p.d).scale(BigInt(p.h)), kElems = p.tokens.mul(p.d).scale(BigInt(p.kvh));
  const parts: ComputeCost[] = [attentionCoreCost(p.tokens.scale(BigInt(p.h)), P.one, attended, p.d, p.dv, 0)];
  if (ctx.attrs.float('softcap', 0) !== 0) parts.push(elementwise(p.tokens.scale(BigInt(p.h)).mul(attended), 3, 1));
  if (ctx.has(12) && ctx.has(13)) parts.push(rmsNormCost(qElems, p.tokens.scale(BigInt(p.h))), rmsNormCost(kElems, p.tokens.scale(BigInt(p.kvh))));
  if (ctx.attrs.int('do_rotary', 0)) parts.push(rotaryCost(qElems.add(kElems)));
  return addCosts(...parts);
};

// --- SparseAttention: query 0, key 1, value 2, past_key 3, past_value 4, block_row_indices 5, block_col_indices 6,
//     total_sequence_length 7, key_total_sequence_lengths 8, cos_cache 9, sin_cache 10 ---------------------------------

function sparsePlan(ctx: RuleContext) {
  const h = heads(ctx), kvh = heads(ctx, 'kv_num_heads');
  if (!ctx.attrs.has('sparse_block_size')) ctx.fail('sparse_block_size is required');
  const q = rank(ctx, 0, [3], 'query');
  const packed = !ctx.has(1);
  const d = q ? perHead(ctx, q[2], packed ? h + 2 * kvh : h, packed ? 'packed QKV width' : 'query hidden size') : null;
  return { h, kvh, b: q?.[0] ?? null, s: q?.[1] ?? null, d };
}

const sparseCost: CostFn = (ctx) => {
  const p = sparsePlan(ctx);
  if (!p.b || !p.s || !p.d) return unknownCost('input shapes unknown');
  const parts: ComputeCost[] = [attentionCoreCost(p.b.scale(BigInt(p.h)), p.s, ctx.fresh('sparse_attended_length'), p.d, p.d, 0)];
  if (ctx.attrs.int('do_rotary', 0)) parts.push(rotaryCost(p.b.mul(p.s).mul(p.d).scale(BigInt(p.h + p.kvh))));
  return addCosts(...parts);
};

// --- LongformerAttention: input 0, weight 1, bias 2, mask 3, global_weight 4, global_bias 5, global 6 --------------

interface LongPlan { h: number; b: Dim; s: Dim; hid: Dim; d: Dim; window: number }

function longPlan(ctx: RuleContext, input: number): LongPlan {
  const h = heads(ctx);
  const w = ctx.attrs.intOrUndefined('window');
  if (w === undefined || w < 1) ctx.fail(`window ${w ?? '(missing)'} must be ≥ 1`);
  const x = rank(ctx, input, [3], 'input');
  return { h, b: x?.[0] ?? null, s: x?.[1] ?? null, hid: x?.[2] ?? null, d: perHead(ctx, x?.[2] ?? null, h, 'hidden size'), window: w! };
}

function longCost(p: LongPlan, ctx: RuleContext): ComputeCost | null {
  if (!p.b || !p.s || !p.hid || !p.d) return null;
  const tokens = p.b.mul(p.s);
  const proj = tokens.mul(p.hid).scale(3n);
  const global = ctx.fresh('global_tokens');
  const attended = global.scale(2n).add(P.n(2 * p.window + 1));
  return addCosts(compute({ macs: proj.mul(p.hid).scale(2n), other: proj.scale(2n) }), attentionCoreCost(p.b.scale(BigInt(p.h)), p.s, attended, p.d, p.d, 1));
}

const longInfer = (input: number, dtype: (ctx: RuleContext) => number): InferFn => (ctx) => {
  const p = longPlan(ctx, input);
  return [tensorType(dtype(ctx), [p.b, p.s, p.hid])];
};

/** DequantizeLinear(input) + … + QuantizeLinear(output) around a float attention's cost. */
function requantized(ctx: RuleContext, inner: ComputeCost | null, input: number): ComputeCost | null {
  const x = elementsOf(ctx.type(input)), y = outElements(ctx);
  return inner && x && y ? addCosts(inner, elementwise(x, DEQUANTIZE_OPS_PER_ELEMENT), elementwise(y, QUANTIZE_OPS_PER_ELEMENT)) : null;
}

// --- QOrderedAttention: input 0, scale_input 1, scale_Q/K/V_gemm 2–4, Q/K/V_weight 5–7, scale_Q/K/V_weight 8–10,
//     Q/K/V_bias 11–13, scale_QKT_gemm 14, scale_QKT_softmax 15, scale_values_gemm 16, mask_index 17, past 18,
//     attention_bias 19 ----------------------------------------------------------------------------------------------

function orderedPlan(ctx: RuleContext) {
  const h = heads(ctx);
  const x = rank(ctx, 0, [3], 'input');
  const widths = [5, 6, 7].map((i) => rank(ctx, i, [2], 'weight')?.[1] ?? ctx.shape(i + 6)?.[0] ?? null);
  const dk = perHead(ctx, widths[1], h, 'K hidden size'), dv = perHead(ctx, widths[2], h, 'V hidden size');
  return { h, b: x?.[0] ?? null, s: x?.[1] ?? null, hin: x?.[2] ?? null, widths, dk, dv };
}

const orderedCost: CostFn = (ctx) => {
  const p = orderedPlan(ctx);
  const total = p.widths.reduce<Dim>((a, w) => dimAdd(a, w), P.zero);
  if (!p.b || !p.s || !p.hin || !total || !p.dk || !p.dv) return unknownCost('input shapes unknown');
  const proj = p.b.mul(p.s).mul(total);
  const inner = addCosts(compute({ macs: proj.mul(p.hin), other: proj }),
    attentionCoreCost(p.b.scale(BigInt(p.h)), p.s, p.s, p.dk, p.dv, (ctx.has(17) ? 1 : 0) + (ctx.has(19) ? 1 : 0)));
  return requantized(ctx, inner, 0) ?? unknownCost('input shapes unknown');
};

export const packedAttentionRules: OpRule[] = [
  {
    domain: MS, opType: 'PackedAttention', since: 1,
    infer: (ctx) => { const p = packedPlan(ctx); return [tensorType(ctx.dtype(0), [p.tokens, p.hv])]; },
    cost: packedCost, costNote: '≡ RestorePadding + Attention + RemovePadding: projection on packed tokens, core over the padded [B, S]',
  },
  {
    domain: MS, opType: 'PackedMultiHeadAttention', since: 1,
    infer: (ctx) => { const p = packedMhaPlan(ctx); return [tensorType(ctx.dtype(0), [p.tokens, dimMul(p.dv, P.n(p.h))])]; },
    cost: packedMhaCost, costNote: '≡ RestorePadding + MultiHeadAttention + RemovePadding: bias adds on packed tokens, core over the padded [B, S]',
  },
  {
    domain: MS, opType: 'PagedAttention', since: 1, infer: pagedInfer, cost: pagedCost,
    costNote: 'per token: core over its attended cache length (fresh symbol) [+ Q/K RMS norm] [+ rotary] [+ softcap 3 per score]',
  },
  {
    domain: MS, opType: 'SparseAttention', since: 1,
    infer: (ctx) => {
      const p = sparsePlan(ctx);
      const dt = ctx.dtype(0);
      return [tensorType(dt, [p.b, p.s, dimMul(p.d, P.n(p.h))]), tensorType(dt, ctx.shape(3)), tensorType(dt, ctx.shape(4))];
    },
    cost: sparseCost, costNote: 'core over the keys the block layout admits (fresh symbol) [+ rotary]',
  },
  {
    domain: MS, opType: 'LongformerAttention', since: 1, infer: longInfer(0, (ctx) => ctx.dtype(0)),
    cost: (ctx) => longCost(longPlan(ctx, 0), ctx) ?? unknownCost('input shapes unknown'),
    costNote: 'local + global QKV projections (2·B·S·H·3H MACs + biases) + core over 2W + 1 + 2G keys (G global tokens: fresh symbol)',
  },
  {
    domain: MS, opType: 'QOrderedLongformerAttention', since: 1, infer: longInfer(0, (ctx) => ctx.dtype(0)),
    cost: (ctx) => requantized(ctx, longCost(longPlan(ctx, 0), ctx), 0) ?? unknownCost('input shapes unknown'),
    costNote: '≡ DequantizeLinear(input) + LongformerAttention + QuantizeLinear(output)',
  },
  {
    domain: MS, opType: 'QOrderedAttention', since: 1,
    infer: (ctx) => { const p = orderedPlan(ctx); return [tensorType(ctx.dtype(0), [p.b, p.s, p.widths[2]])]; },
    cost: orderedCost, costNote: '≡ DequantizeLinear(input) + Attention (separate Q, K, V weights) + QuantizeLinear(output)',
  },
];

