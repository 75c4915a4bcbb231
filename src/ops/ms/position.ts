/**
 * Position encodings and attention biases:
 *   GemmaRotaryEmbedding   its onnxscript body: Sin, Cos of emb (2|emb|, transcendental) and q·cos + q_rot·sin,
 *                          k·cos + k_rot·sin (3 per element of q and of k)
 *   MRotaryEmbedding       RotaryEmbedding's rotation (3 per rotated element); assembling cos/sin per section from
 *                          the three position streams is a gather
 *   RelativePositionBias   T5's bucketing per (query, key) pair, from its definition: Sub; [bidirectional: Greater,
 *                          Mul, Add]; Abs (or Min, Neg one-sided); Less; Div, Log, Div, Mul, Add for the large branch;
 *                          Min; Add — 13 bidirectional, 10 one-sided, 1 transcendental; the table lookup is a gather
 *   GatedRelativePositionBias  query + bias (N·h·d), the gate projection (N·h·d·D MACs + N·h·D bias), the pairwise
 *                          sum to 2 (N·h·D), Sigmoid (2·N·h), gate_u·(gate_r·eco_a − 1) + 2 (4·N·h), × rel_pos
 *                          (B·h·S·S), N = tokens
 */
import { Dim, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { addCosts, compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { scalarValue } from '../helpers/values';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { heads, perHead, rank, rotaryEmbeddingCost, rotaryInfer } from './attention';
import { MS, P, elementwise } from './formulas';

const gemmaInfer: InferFn = (ctx) => {
  const emb = rank(ctx, 0, [3], 'emb');
  const q = rank(ctx, 1, [4], 'q'), k = rank(ctx, 3, [4], 'k');
  if (emb && q && emb[2]?.isConst() && q[3]?.isConst() && !emb[2].equals(q[3])) ctx.fail(`emb dim ${emb[2]} differs from the head dim ${q[3]}`);
  return [tensorType(ctx.dtype(1), q), tensorType(ctx.dtype(3), k)];
};

const gemmaCost: CostFn = (ctx) => {
  const e = elementsOf(ctx.type(0)), q = elementsOf(ctx.type(1)), k = elementsOf(ctx.type(3));
  if (!e || !q || !k) return unknownCost('input shapes unknown');
  return addCosts(elementwise(e, 2, 2), elementwise(q.add(k), 3));
};

const mropeInfer: InferFn = (ctx) => {
  const s = ctx.attrs.ints('mrope_section');
  if (!s || s.length !== 3 || s.some((v) => v < 0)) ctx.fail('mrope_section must hold 3 non-negative values');
  const layout = ctx.attrs.int('mrope_layout', 0);
  if (layout !== 0 && layout !== 1) ctx.fail(`mrope_layout ${layout} is not 0 or 1`);
  const pos = ctx.shape(1);
  if (pos && (pos.length !== 3 || (pos[0]?.isConst() && pos[0].value !== 3n))) ctx.fail('position_ids must be [3, batch, sequence]');
  return rotaryInfer(ctx);
};

/** A scalar length input: its value, or a fresh symbol. */
function lengthOf(ctx: RuleContext, i: number, hint: string): Dim {
  const v = scalarValue(ctx, i);
  return v !== undefined ? P.n(v) : ctx.fresh(hint);
}

const relPosInfer: InferFn = (ctx) => {
  if (!ctx.attrs.has('max_distance')) ctx.fail('max_distance is required');
  const t = rank(ctx, 0, [2], 'bias_table');
  return [tensorType(ctx.dtype(0), [P.one, t?.[1] ?? null, lengthOf(ctx, 1, 'query_length'), lengthOf(ctx, 2, 'key_length')])];
};

const relPosCost: CostFn = (ctx) => {
  const y = ctx.outputs[0];
  const q = y && y.kind === 'tensor' ? y.shape?.[2] : null, k = y && y.kind === 'tensor' ? y.shape?.[3] : null;
  if (!q || !k) return unknownCost('lengths unknown');
  return elementwise(q.mul(k), ctx.attrs.int('is_bidirectional', 0) ? 13 : 10, 1);
};

/** GatedRelativePositionBias: query_layer 0 ([B, S, h·d] or [T, h·d]), query_bias 1, rel_pos 2, weight 3, bias 4, eco_a 5, token_offset 6. */
function gatedPlan(ctx: RuleContext) {
  const h = heads(ctx);
  const q = rank(ctx, 0, [2, 3], 'query_layer'), rel = rank(ctx, 2, [4], 'rel_pos'), w = rank(ctx, 3, [2], 'weight');
  const off = ctx.has(6) ? rank(ctx, 6, [2], 'token_offset') : null;
  const b: Dim = q?.length === 3 ? q[0] : off?.[0] ?? null;
  const s: Dim = q?.length === 3 ? q[1] : off?.[1] ?? rel?.[2] ?? null;
  const tokens: Dim = q ? numElements(q.slice(0, -1)) : null;
  const d = perHead(ctx, q?.[q.length - 1] ?? null, h, 'query hidden size');
  const dd: Dim = w?.[1] ?? ctx.shape(4)?.[0] ?? null;
  if (dd?.isConst() && dd.value! % 2n !== 0n) ctx.fail(`gate width D = ${dd} is odd; it splits in two`);
  return { h, b, s, tokens, d, dd };
}

const gatedCost: CostFn = (ctx) => {
  const p = gatedPlan(ctx);
  if (!p.b || !p.s || !p.tokens || !p.d || !p.dd) return unknownCost('input shapes unknown');
  const rows = p.tokens.scale(BigInt(p.h));
  return addCosts(
    elementwise(rows.mul(p.d), 1),
    compute({ macs: rows.mul(p.d).mul(p.dd), other: rows.mul(p.dd) }),
    elementwise(rows.mul(p.dd), 1),
    elementwise(rows, 2, 2),
    elementwise(rows, 4),
    elementwise(p.b.mul(p.s).mul(p.s).scale(BigInt(p.h)), 1),
  );
};

export const positionRules: OpRule[] = [
  { domain: MS, opType: 'GemmaRotaryEmbedding', since: 1, infer: gemmaInfer, cost: gemmaCost, costNote: 'Sin, Cos of emb (2|emb|, transcendental) + 3 per element of q and k' },
  { domain: MS, opType: 'MRotaryEmbedding', since: 1, infer: mropeInfer, cost: rotaryEmbeddingCost, costNote: '≡ RotaryEmbedding with sectioned cos/sin (a gather): 3 per rotated element' },
  { domain: MS, opType: 'RelativePositionBias', since: 1, infer: relPosInfer, cost: relPosCost, costNote: "T5 bucketing per (query, key) pair: 13 bidirectional, 10 one-sided, 1 transcendental; table lookup a gather" },
  {
    domain: MS, opType: 'GatedRelativePositionBias', since: 1,
    infer: (ctx) => { const p = gatedPlan(ctx); return [tensorType(ctx.dtype(0) || DataType.FLOAT, [p.b, P.n(p.h), p.s, p.s])]; },
    cost: gatedCost, costNote: 'query + bias, gate projection (N·h·d·D MACs + bias), pair sums, Sigmoid, gate arithmetic (4), × rel_pos',
  },
];
