/**
 * Text and token operators:
 *   Tokenizer          string operation: data movement (as ai.onnx StringSplit); the tokens per string D is a
 *                      fresh symbol, so the TfIdfVectorizer and classifier after it still count
 *   NGramHashMapping   per token, for n in 2..m: n Mul + (n − 1) Xor to mix = m² − 1 in all; per output head a Mod
 *                      (+ Add with head_offsets)
 *   VarlenNGramHashMapping  the same over packed tokens
 *   NGramRepeatBlock   per batch row, each of the S − n + 1 windows compares its n − 1 leading tokens with the last
 *                      n − 1 (Equal) and all-reduces them: 2·(n − 1)·(S − n + 1); banning is a write
 *   WordConvEmbedding  ≡ Gather char embeddings + Conv(kernel k × E, valid) + bias + Tanh + ReduceMax over the
 *                      L − k + 1 positions of the (padded) word: MACs S·P·F·k·E; 3·S·P·F other (bias, Tanh, Max)
 *   BifurcationDetector  matching lengths are data-dependent: shape rule, cost unknown
 */
import { Dim, dimAdd, dimMul, dimSub, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P, Poly } from '../../ir/poly';
import { addCosts, compute, dataMovement, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { MS, elementwise } from './formulas';

const tokenizerInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  if (ctx.dtype(0) && ctx.dtype(0) !== DataType.STRING) ctx.fail('X must be a string tensor');
  if (x && x.length !== 1 && x.length !== 2) ctx.fail(`X has rank ${x.length}; expected [C] or [N, C]`);
  const mincharnum = ctx.attrs.int('mincharnum', 1);
  if (mincharnum < 1) ctx.fail(`mincharnum ${mincharnum} must be ≥ 1`);
  return [tensorType(DataType.STRING, x ? [...x, ctx.fresh('tokens')] : null)];
};

interface NGram { m: number; heads: number }

function ngramAttrs(ctx: RuleContext): NGram {
  const m = ctx.attrs.intOrUndefined('max_ngram_size');
  if (m === undefined || m < 2) ctx.fail(`max_ngram_size ${m ?? '(missing)'} must be ≥ 2`);
  const heads = ctx.attrs.intOrUndefined('n_head_per_ngram');
  if (heads === undefined || heads < 1) ctx.fail(`n_head_per_ngram ${heads ?? '(missing)'} must be ≥ 1`);
  if (!ctx.attrs.has('pad_id')) ctx.fail('pad_id is required');
  return { m: m!, heads: heads! };
}

/** Per-token hashing cost: m² − 1 to mix, a Mod per head (+ Add with head_offsets at `offsetsInput`). */
function ngramCost(tokens: Poly, g: NGram, withOffsets: boolean) {
  const outHeads = (g.m - 1) * g.heads;
  return elementwise(tokens, g.m * g.m - 1 + outHeads * (withOffsets ? 2 : 1));
}

const ngramInfer: InferFn = (ctx) => {
  const g = ngramAttrs(ctx);
  const ids = ctx.shape(0);
  if (ids && ids.length !== 2) ctx.fail(`input_ids has rank ${ids.length}; expected [batch, sequence]`);
  const t = ctx.dtype(0);
  return [tensorType(t, ids ? [...ids, P.n((g.m - 1) * g.heads)] : null), tensorType(t, [ids?.[0] ?? null, P.n(g.m - 1)])];
};

const ngramCostFn: CostFn = (ctx) => {
  const ids = ctx.shape(0);
  const tokens = ids ? numElements(ids) : null;
  return tokens ? ngramCost(tokens, ngramAttrs(ctx), ctx.has(4)) : unknownCost('input_ids shape unknown');
};

const varlenNgramInfer: InferFn = (ctx) => {
  const g = ngramAttrs(ctx);
  const ids = ctx.shape(0), cu = ctx.shape(3);
  if (ids && ids.length !== 1) ctx.fail(`input_ids has rank ${ids.length}; expected [total_tokens]`);
  const t = ctx.dtype(0);
  const batch: Dim = cu && cu[0] ? dimSub(cu[0], P.one) : null;
  const hist = [batch, P.n(g.m - 1)];
  return [tensorType(t, ids ? [ids[0], P.n((g.m - 1) * g.heads)] : null), tensorType(t, hist), tensorType(DataType.INT32, hist)];
};

const varlenNgramCost: CostFn = (ctx) => {
  const ids = ctx.shape(0);
  return ids?.[0] ? ngramCost(ids[0], ngramAttrs(ctx), ctx.has(5)) : unknownCost('input_ids shape unknown');
};

const repeatBlockCost: CostFn = (ctx) => {
  const ids = ctx.shape(0);
  const n = ctx.attrs.int('ngram_size', 0);
  if (!ids || !ids[0] || !ids[1]) return unknownCost('input_ids shape unknown');
  const windows = ids[1].sub(P.n(n - 1));
  if (windows.isConst() && windows.value! <= 0n) return compute({});
  return elementwise(ids[0].mul(windows), 2 * (n - 1));
};

/** Sequence [S, L] int32, W [F, 1, k, E], B [F], C [V, E] → Y [S, F]. */
function wordConvPlan(ctx: RuleContext): { s: Dim; positions: Dim; f: Dim; k: Dim; e: Dim } {
  const seq = ctx.shape(0), w = ctx.shape(1), c = ctx.shape(3);
  if (seq && seq.length !== 2) ctx.fail(`Sequence has rank ${seq.length}; expected [sequence_length, word_length]`);
  if (w && w.length !== 4) ctx.fail(`W has rank ${w.length}; expected [filters, 1, window, char_embedding_size]`);
  const e: Dim = w?.[3] ?? c?.[1] ?? null;
  if (w && c && w[3]?.isConst() && c[1]?.isConst() && !w[3].equals(c[1])) ctx.fail(`char embedding size ${c[1]} differs from the kernel's ${w[3]}`);
  const f: Dim = w?.[0] ?? (ctx.attrs.has('embedding_size') ? P.n(ctx.attrs.int('embedding_size', 0)) : null);
  const k: Dim = w?.[2] ?? (ctx.attrs.has('conv_window_size') ? P.n(ctx.attrs.int('conv_window_size', 0)) : null);
  return { s: seq?.[0] ?? null, positions: dimAdd(dimSub(seq?.[1] ?? null, k), P.one), f, k, e };
}

const wordConvCost: CostFn = (ctx) => {
  const p = wordConvPlan(ctx);
  const outs = dimMul(dimMul(p.s, p.positions), p.f);
  const macs = dimMul(dimMul(outs, p.k), p.e);
  if (!outs || !macs) return unknownCost('input shapes unknown');
  return addCosts(compute({ macs }), elementwise(outs, 3, 1));
};

export const textRules: OpRule[] = [
  { domain: MS, opType: 'Tokenizer', since: 1, infer: tokenizerInfer, cost: dataMovement, costNote: 'string operation: data movement (tokens per string: fresh symbol)' },
  { domain: MS, opType: 'NGramHashMapping', since: 1, infer: ngramInfer, cost: ngramCostFn, costNote: 'per token: m² − 1 to mix n-grams 2..m, + 1 Mod per output head (+1 Add with head_offsets)' },
  { domain: MS, opType: 'VarlenNGramHashMapping', since: 1, infer: varlenNgramInfer, cost: varlenNgramCost, costNote: 'as NGramHashMapping over the packed tokens' },
  {
    domain: MS, opType: 'NGramRepeatBlock', since: 1,
    infer: (ctx) => {
      if (ctx.attrs.int('ngram_size', 0) < 1) ctx.fail('ngram_size must be ≥ 1');
      const ids = ctx.shape(0), sc = ctx.shape(1);
      if (ids && ids.length !== 2) ctx.fail(`input_ids has rank ${ids.length}; expected [batch, sequence]`);
      if (sc && sc.length !== 2) ctx.fail(`scores has rank ${sc.length}; expected [batch, vocab]`);
      return [tensorType(ctx.dtype(1), sc)];
    },
    cost: repeatBlockCost, costNote: 'per batch row: 2·(n − 1) per window (Equal, all-reduce) over S − n + 1 windows; banning is a write',
  },
  {
    domain: MS, opType: 'WordConvEmbedding', since: 1,
    infer: (ctx) => { const p = wordConvPlan(ctx); return [tensorType(ctx.dtype(1) || DataType.FLOAT, [p.s, p.f])]; },
    cost: wordConvCost, costNote: '≡ Gather + Conv(k × E) + bias + Tanh + ReduceMax over L − k + 1 positions: MACs S·P·F·k·E, 3·S·P·F other',
  },
  {
    domain: MS, opType: 'BifurcationDetector', since: 1,
    infer: (ctx) => [tensorType(ctx.dtype(0) || DataType.INT64, [ctx.fresh('bifurcation_tokens')]), tensorType(ctx.dtype(0) || DataType.INT64, [])],
    cost: () => unknownCost('BifurcationDetector: matching lengths depend on the token values'),
    costNote: 'unknown: suffix and bifurcation matching lengths depend on the token values',
  },
];
