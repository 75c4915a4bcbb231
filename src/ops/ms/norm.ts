/**
 * Normalization fusions, held equal to ai.onnx function bodies (see formulas.ts) over N elements in R rows
 * (normalized over the last axis unless `axis` says otherwise):
 *   SkipLayerNormalization           ≡ Add(input, skip) [+ Add bias] + LayerNormalization   N (+N) + 6N + 7R (+N with beta)
 *   SkipSimplifiedLayerNormalization ≡ Add(input, skip) [+ Add bias] + RMSNormalization     N (+N) + 4N + 3R
 *   SimplifiedLayerNormalization     ≡ RMSNormalization                                      4N + 3R
 *   EmbedLayerNormalization          ≡ Gather×(2|3) + Add(word, position) [+ Add segment] + LayerNormalization(with beta)
 *                                       [+ ReduceSum of the mask for mask_index]
 *   QEmbedLayerNormalization         ≡ EmbedLayerNormalization over DequantizeLinear'd gathered rows: + 2N per table
 *                                       (gamma and beta are constants: their dequantization folds)
 */
import { Dim, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { Poly } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { broadcastShapes } from '../helpers/broadcast';
import { reductionCost } from '../helpers/convention';
import { addCosts, compute, elementsOf, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { CostFn, InferFn, OpRule, RuleContext } from '../types';
import { checkBias } from './activation';
import { MS, P, elementwise, layerNormCost, rmsNormCost } from './formulas';

/** Elements and rows of input 0 normalized from `axis` on; null when the shape is unknown. */
function rowsOf(ctx: RuleContext, axis = -1): { n: Poly; rows: Poly } | null {
  const x = ctx.shape(0);
  if (!x) return null;
  if (x.length === 0) ctx.fail('input must have rank ≥ 1');
  const a = normalizeAxis(axis, x.length);
  const n = numElements(x), rows = numElements(x.slice(0, a));
  return n && rows ? { n, rows } : null;
}

/** Statistics outputs (mean, inv_std_var): the input shape with the normalized dims set to 1, float. */
function statsShape(x: readonly Dim[] | null, axis: number): Dim[] | null {
  if (!x) return null;
  const a = normalizeAxis(axis, x.length);
  return x.map((d, i) => (i < a ? d : P.n(1)));
}

/** input, skip (broadcastable: [B,S,H], [1,S,H] or [S,H]), gamma, …: outputs output, mean, inv_std_var, input_skip_bias_sum. */
function skipInfer(biasInput: number, betaInput?: number): InferFn {
  return (ctx) => {
    const x = ctx.shape(0), skip = ctx.shape(1);
    if (x && skip) {
      if (skip.length > x.length) ctx.fail(`skip has rank ${skip.length} above the input's ${x.length}`);
      const b = broadcastShapes([x, skip]);
      if (b && b.some((d, i) => d && x[i] && d.isConst() && x[i]!.isConst() && !d.equals(x[i]!))) ctx.fail('skip does not broadcast to the input');
    }
    checkBias(ctx, 0, 2, 'gamma');
    if (betaInput !== undefined) checkBias(ctx, 0, betaInput, 'beta');
    checkBias(ctx, 0, biasInput);
    const t = ctx.dtype(0);
    return [tensorType(t, x), tensorType(DataType.FLOAT, statsShape(x, -1)), tensorType(DataType.FLOAT, statsShape(x, -1)), tensorType(t, x)];
  };
}

function skipCost(biasInput: number, norm: (n: Poly, rows: Poly, ctx: RuleContext) => ReturnType<typeof rmsNormCost>): CostFn {
  return (ctx) => {
    const r = rowsOf(ctx);
    if (!r) return unknownCost('input shape unknown');
    return addCosts(elementwise(r.n, ctx.has(biasInput) ? 2 : 1), norm(r.n, r.rows, ctx));
  };
}

/** SimplifiedLayerNormalization(X, scale; axis): Y like X, inv_std_var with the normalized dims set to 1. */
const simplifiedInfer: InferFn = (ctx) => {
  const x = ctx.shape(0);
  const axis = ctx.attrs.int('axis', -1);
  if (x) normalizeAxis(axis, x.length);
  const stash = ctx.attrs.int('stash_type', 1);
  return [tensorType(ctx.dtype(0), x), tensorType(stash, statsShape(x, axis))];
};

const simplifiedCost: CostFn = (ctx) => {
  const r = rowsOf(ctx, ctx.attrs.int('axis', -1));
  return r ? rmsNormCost(r.n, r.rows) : unknownCost('input shape unknown');
};

/** input_ids [B,S] → output [B,S,H], mask_index [B], embedding_sum [B,S,H]. */
export const embedInfer: InferFn = (ctx) => {
  const ids = ctx.shape(0), word = ctx.shape(2);
  if (ids && ids.length !== 2) ctx.fail(`input_ids has rank ${ids.length}; expected [batch, sequence]`);
  if (word && word.length !== 2) ctx.fail(`word_embedding has rank ${word.length}; expected [vocab, hidden]`);
  const seg = ctx.shape(1);
  if (ids && seg && seg.length !== 2) ctx.fail(`segment_ids has rank ${seg.length}; expected [batch, sequence]`);
  checkBias(ctx, 2, 5, 'gamma');
  const h: Dim = word ? word[1] : ctx.shape(5)?.[0] ?? null;
  const b: Dim = ids ? ids[0] : null, s: Dim = ids ? ids[1] : null;
  const t = ctx.dtype(2);
  const out = ids ? [b, s, h] : null;
  return [tensorType(t, out), tensorType(DataType.INT32, ids ? [b] : null), tensorType(t, out)];
};

export const embedCost: CostFn = (ctx) => {
  const n = elementsOf(ctx.outputs[0]);
  const ids = ctx.shape(0);
  const rows = ids ? numElements(ids) : null;
  if (!n || !rows) return unknownCost('output shape unknown');
  const adds = ctx.has(4) ? 2 : 1; // word + position (+ segment)
  const mask = ctx.has(7) ? reductionCost('sum', rows, ids![0] ?? rows) : compute({});
  return addCosts(elementwise(n, adds), layerNormCost(n, rows, true), mask);
};

/** QEmbedLayerNormalization: the EmbedLayerNormalization layout; float output typed by the word embedding's scale. */
const qembedInfer: InferFn = (ctx) => {
  const [out, mask] = embedInfer(ctx);
  return [tensorType(ctx.dtype(8) || DataType.FLOAT, out && out.kind === 'tensor' ? out.shape : null), mask];
};

const qembedCost: CostFn = (ctx) => {
  const base = embedCost(ctx);
  const n = elementsOf(ctx.outputs[0]);
  if (base.kind !== 'compute' || !n) return base;
  return addCosts(base, elementwise(n, 2 * (ctx.has(4) ? 3 : 2)));
};

export const normRules: OpRule[] = [
  {
    domain: MS, opType: 'SkipLayerNormalization', since: 1, infer: skipInfer(4, 3),
    cost: skipCost(4, (n, rows, ctx) => layerNormCost(n, rows, ctx.has(3))),
    costNote: '≡ Add(input, skip) [+ Add bias] + LayerNormalization body: N (+N) + 6N + 7R (+N with beta), R transcendental',
  },
  {
    domain: MS, opType: 'SkipSimplifiedLayerNormalization', since: 1, infer: skipInfer(3),
    cost: skipCost(3, (n, rows) => rmsNormCost(n, rows)),
    costNote: '≡ Add(input, skip) [+ Add bias] + RMSNormalization body: N (+N) + 4N + 3R, R transcendental',
  },
  // onnxruntime registers SimplifiedLayerNormalization in the default domain; both spellings occur in models
  ...['com.microsoft', 'ai.onnx'].map((domain): OpRule => ({
    domain, opType: 'SimplifiedLayerNormalization', since: 1, infer: simplifiedInfer, cost: simplifiedCost,
    costNote: '≡ RMSNormalization body (Mul, ReduceMean, Add ε, Sqrt, Div, Mul scale): 4N + 3R, R transcendental',
  })),
  {
    domain: MS, opType: 'EmbedLayerNormalization', since: 1, infer: embedInfer, cost: embedCost,
    costNote: '≡ Gathers + Add(word, position) [+ Add segment] + LayerNormalization(with beta) [+ ReduceSum mask]',
  },
  {
    domain: MS, opType: 'QEmbedLayerNormalization', since: 1, infer: qembedInfer, cost: qembedCost,
    costNote: '≡ DequantizeLinear of each gathered table (2N each) + EmbedLayerNormalization',
  },
];
