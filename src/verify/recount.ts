/**
 * MACs of every operator that has them, recomputed from the shapes (and a few small values) the runtime produced,
 * with formulas written here on purpose independently of the rules in src/ops (same convention, ARCHITECTURE.md §4
 * and docs/COUNTING.md, different code), so that a wrong shape or a wrong cost formula in a rule shows up as a
 * disagreement. A node whose static count has MACs and whose op has no formula here is reported, never passed.
 *
 *   MatMul, MatMulInteger, QLinearMatMul, FusedMatMul,     elements(Y) · K      K = the contracted dim of A
 *   MatMulIntegerToFloat, DynamicQuantizeMatMul,
 *   MatMulNBits (K attribute), QOrderedMatMul
 *   Gemm, FusedGemm, QGemm                                 elements(Y) · K      from A (transA)
 *   Conv, ConvInteger, QLinearConv, FusedConv, NhwcConv,   elements(Y) · prod(W[1:])
 *   DeformConv                                                                  W = [M, C/group, k...]
 *   ConvTranspose                                          elements(X) · prod(W[1:])   W = [C, M/group, k...]
 *   RNN, GRU, LSTM                                         dirs · steps · batch · gates · H · (I + H)
 *   Einsum (two or more operands)                          product of every label's size (ellipsis dims broadcast)
 *   Attention (com.microsoft), QAttention                  B·S·In·W (projection) + B·heads·S·T·(dqk + dv)
 *   MultiHeadAttention                                     B·heads·S·T·(dqk + dv)
 *   GroupQueryAttention                                    B·Hq·S·T·2·dh        T = total_sequence_length's value
 *   Attention (ai.onnx, opset 23)                          B·Hq·Sq·T·(dk + dv)  T = present_key's length, else K's
 *   Det                                                    per matrix (n−1)·n·(2n−1)/6 (LU)
 *   Inverse (com.microsoft)                                per matrix n³ (Gauss–Jordan)
 *   LinearClassifier, LinearRegressor (ai.onnx.ml)         N · features(X) · width(scores)
 *   AffineGrid                                             elements(grid) · (r + 1)
 */
import { Node } from '../ir/model';

export type ShapeOf = (name: string) => readonly number[] | undefined;
/** Small integer values the runtime produced (total_sequence_length...), when kept. */
export type ValueOf = (name: string) => readonly bigint[] | undefined;

const prod = (xs: readonly number[]): bigint => xs.reduce((a, b) => a * BigInt(b), 1n);

function intAttr(node: Node, name: string, dflt: number): number {
  const a = node.attributes.get(name);
  return a && a.type === 'int' ? Number(a.value) : dflt;
}

function intsAttr(node: Node, name: string): number[] | undefined {
  const a = node.attributes.get(name);
  return a && a.type === 'ints' ? a.value.map(Number) : undefined;
}

class Missing extends Error {}

/** Op types (any domain) whose MACs this module recounts. */
export const RECOUNTED: ReadonlySet<string> = new Set([
  'MatMul', 'MatMulInteger', 'QLinearMatMul', 'FusedMatMul', 'MatMulIntegerToFloat', 'DynamicQuantizeMatMul', 'MatMulNBits',
  'QOrderedMatMul', 'Gemm', 'FusedGemm', 'QGemm', 'Conv', 'ConvInteger', 'QLinearConv', 'FusedConv', 'NhwcConv', 'DeformConv',
  'ConvTranspose', 'RNN', 'GRU', 'LSTM', 'Einsum', 'Attention', 'QAttention', 'MultiHeadAttention', 'GroupQueryAttention',
  'Det', 'Inverse', 'LinearClassifier', 'LinearRegressor', 'AffineGrid',
]);

/** The contraction ops of the main ONNX domain and their quantized forms: a static count of 0 MACs is still checked. */
export const CONTRACTIONS: ReadonlySet<string> = new Set([
  'MatMul', 'MatMulInteger', 'QLinearMatMul', 'Gemm', 'Conv', 'ConvInteger', 'QLinearConv', 'ConvTranspose',
  'RNN', 'GRU', 'LSTM', 'Einsum',
]);

/** MACs from runtime shapes, or a reason why they cannot be recomputed. */
export function recountMacs(node: Node, shapeOf: ShapeOf, valueOf: ValueOf = () => undefined): { macs: bigint } | { reason: string } {
  const need = (i: number, what: string): readonly number[] => {
    const name = i < 0 ? node.outputs[-i - 1] : node.inputs[i];
    const s = name ? shapeOf(name) : undefined;
    if (!s) throw new Missing(`${what} '${name ?? ''}' shape not available at run time`);
    return s;
  };
  const has = (i: number): boolean => Boolean(node.inputs[i]);
  const outShape = (k: number): readonly number[] | undefined => (node.outputs[k] ? shapeOf(node.outputs[k]) : undefined);
  const last = (s: readonly number[], k = 1): number => s[s.length - k] ?? 1;
  try {
    switch (node.opType) {
      case 'MatMul': case 'MatMulInteger': case 'QLinearMatMul': case 'MatMulIntegerToFloat': case 'DynamicQuantizeMatMul': case 'QOrderedMatMul': {
        const a = need(0, 'A'), y = need(-1, 'Y');
        return { macs: prod(y) * BigInt(last(a)) };
      }
      case 'FusedMatMul': {
        const a = need(0, 'A'), y = need(-1, 'Y');
        const transA = intAttr(node, 'transA', 0) || intAttr(node, 'transBatchA', 0);
        return { macs: prod(y) * BigInt(transA && a.length >= 2 ? last(a, 2) : last(a)) };
      }
      case 'MatMulNBits': {
        const y = need(-1, 'Y');
        return { macs: prod(y) * BigInt(intAttr(node, 'K', last(need(0, 'A')))) };
      }
      case 'Gemm': case 'FusedGemm': case 'QGemm': {
        const a = need(0, 'A'), y = need(-1, 'Y');
        return { macs: prod(y) * BigInt(intAttr(node, 'transA', 0) ? a[0] : a[1]) };
      }
      case 'Conv': case 'ConvInteger': case 'FusedConv': case 'NhwcConv': case 'DeformConv': {
        const w = need(1, 'W'), y = need(-1, 'Y');
        return { macs: prod(y) * prod(w.slice(1)) };
      }
      case 'QLinearConv': {
        const w = need(3, 'W'), y = need(-1, 'Y');
        return { macs: prod(y) * prod(w.slice(1)) };
      }
      case 'ConvTranspose': {
        const x = need(0, 'X'), w = need(1, 'W');
        return { macs: prod(x) * prod(w.slice(1)) };
      }
      case 'RNN': case 'GRU': case 'LSTM': {
        const x = need(0, 'X'), r = need(2, 'R');
        const gates = { RNN: 1, GRU: 3, LSTM: 4 }[node.opType]!;
        const layout = intAttr(node, 'layout', 0);
        const [steps, batch] = layout === 1 ? [x[1], x[0]] : [x[0], x[1]];
        const dirs = r[0], hidden = r[2], inputSize = x[2];
        return { macs: BigInt(dirs) * BigInt(steps) * BigInt(batch) * BigInt(gates) * BigInt(hidden) * BigInt(inputSize + hidden) };
      }
      case 'Einsum': return einsum(node, need);
      case 'Attention':
        return node.domain === 'com.microsoft' ? msAttention(node, need, outShape) : onnxAttention(node, need, outShape, has);
      case 'QAttention': return msAttention(node, need, outShape);
      case 'MultiHeadAttention': return multiHead(node, need, outShape, has);
      case 'GroupQueryAttention': {
        const q = need(0, 'query'), y = need(-1, 'output');
        const heads = intAttr(node, 'num_heads', 0);
        const total = node.inputs[6] ? valueOf(node.inputs[6]) : undefined;
        if (!heads) return { reason: 'GroupQueryAttention without num_heads' };
        if (!total || total.length !== 1) return { reason: `total_sequence_length '${node.inputs[6] ?? ''}' value not available at run time` };
        const dh = last(y) / heads;
        return { macs: BigInt(q[0]) * BigInt(heads) * BigInt(q[1]) * total[0] * BigInt(2 * dh) };
      }
      case 'Det': {
        const x = need(0, 'X');
        const n = BigInt(last(x));
        return { macs: prod(x.slice(0, -2)) * ((n - 1n) * n * (2n * n - 1n) / 6n) };
      }
      case 'Inverse': {
        const x = need(0, 'X');
        const n = BigInt(last(x));
        return { macs: prod(x.slice(0, -2)) * n * n * n };
      }
      case 'LinearClassifier': case 'LinearRegressor': {
        // onnxruntime's GEMM takes K from X and the output width from the scores, not from |coefficients|
        // (ort_logreg_iris: 12 coefficients, yet X [3, 2] and scores [3, 3]: 3·2·3 = 18 MACs)
        const x = need(0, 'X');
        const scores = need(node.opType === 'LinearClassifier' ? -2 : -1, 'scores');
        return { macs: BigInt(x.length > 1 ? x[0] : 1) * BigInt(last(x)) * BigInt(last(scores)) };
      }
      case 'AffineGrid': {
        const g = need(-1, 'grid');
        return { macs: prod(g) * BigInt(last(g) + 1) };
      }
      default: return { reason: `no independent recount formula for ${node.domain === 'ai.onnx' ? '' : node.domain + '::'}${node.opType}` };
    }
  } catch (e) {
    if (e instanceof Missing) return { reason: e.message };
    throw e;
  }
}

type Need = (i: number, what: string) => readonly number[];

function einsum(node: Node, need: Need): { macs: bigint } | { reason: string } {
  const eq = node.attributes.get('equation');
  if (!eq || eq.type !== 'string') return { reason: 'Einsum without an equation' };
  const lhs = eq.value.replace(/\s+/g, '').split('->')[0].split(',');
  if (lhs.length < 2) return { reason: 'one-operand Einsum has no MACs' };
  const sizes = new Map<string, number>();
  let ellipsis: number[] = [];
  lhs.forEach((term, i) => {
    const shape = need(i, `operand ${i}`);
    const parts = term.split('...');
    const head = [...parts[0]], tail = parts.length > 1 ? [...parts[1]] : [];
    head.forEach((l, k) => sizes.set(l, Math.max(sizes.get(l) ?? 1, shape[k])));
    tail.forEach((l, k) => sizes.set(l, Math.max(sizes.get(l) ?? 1, shape[shape.length - tail.length + k])));
    if (parts.length > 1) {
      const mid = shape.slice(head.length, shape.length - tail.length);
      const n = Math.max(ellipsis.length, mid.length);
      const a = [...Array(n - ellipsis.length).fill(1), ...ellipsis], b = [...Array(n - mid.length).fill(1), ...mid];
      ellipsis = a.map((v, k) => Math.max(v, b[k]));
    }
  });
  return { macs: prod([...sizes.values()]) * prod(ellipsis) };
}

/**
 * com.microsoft Attention / QAttention: input [B, S, In] × weights [In, Dq + Dk + Dv] (qkv_hidden_sizes, else three
 * equal parts), then per head Q·Kᵀ over T = S + past and P·V. T from `present` [2, B, heads, T, dh] when exposed.
 */
function msAttention(node: Node, need: Need, outShape: (k: number) => readonly number[] | undefined): { macs: bigint } | { reason: string } {
  const x = need(0, 'input'), w = need(1, 'weights');
  const heads = intAttr(node, 'num_heads', 0);
  if (!heads) return { reason: `${node.opType} without num_heads` };
  const [b, s] = x, inSize = x[2];
  const sizes = intsAttr(node, 'qkv_hidden_sizes') ?? [w[1] / 3, w[1] / 3, w[1] / 3];
  const present = outShape(1);
  const t = present && present.length === 5 ? present[3] : s;
  const projection = BigInt(b) * BigInt(s) * BigInt(inSize) * BigInt(w[1]);
  return { macs: projection + BigInt(b) * BigInt(s) * BigInt(t) * BigInt(sizes[0] + sizes[2]) };
}

/**
 * MultiHeadAttention: query [B, S, D] (or packed QKV [B, S, heads, 3, dh]), output [B, S, Dv]; T from present_key
 * [B, heads, T, dh] when exposed, else from key ([B, L, D] or [B, heads, L, dh]).
 */
function multiHead(node: Node, need: Need, outShape: (k: number) => readonly number[] | undefined, has: (i: number) => boolean): { macs: bigint } | { reason: string } {
  const q = need(0, 'query'), y = need(-1, 'output');
  const heads = intAttr(node, 'num_heads', 0);
  if (!heads) return { reason: 'MultiHeadAttention without num_heads' };
  const [b, s] = q;
  const dqk = q.length === 5 ? q[4] : q[2] / heads;
  const dv = y[2] / heads;
  let t: number;
  const present = outShape(1);
  if (present && present.length === 4) t = present[2];
  else if (q.length === 5 || !has(1)) t = s;
  else {
    const k = need(1, 'key');
    t = k.length === 4 ? k[2] : k[1];
  }
  return { macs: BigInt(b) * BigInt(heads) * BigInt(s) * BigInt(t) * BigInt(dqk + dv) };
}

/**
 * ai.onnx Attention (opset 23): Q [B, Hq, Sq, dk] or [B, Sq, Hq·dk] (q_num_heads), V's last dim dv (per head);
 * T = present_key's length when exposed, else K's length plus past_key's.
 */
function onnxAttention(node: Node, need: Need, outShape: (k: number) => readonly number[] | undefined, has: (i: number) => boolean): { macs: bigint } | { reason: string } {
  const q = need(0, 'Q'), k = need(1, 'K'), v = need(2, 'V');
  let b: number, hq: number, sq: number, dk: number, dv: number, t: number;
  if (q.length === 4) {
    [b, hq, sq, dk] = q;
    dv = v[3];
  } else {
    hq = intAttr(node, 'q_num_heads', 0);
    const hkv = intAttr(node, 'kv_num_heads', 0);
    if (!hq || !hkv) return { reason: 'Attention with 3-D inputs without q_num_heads/kv_num_heads' };
    [b, sq] = q;
    dk = q[2] / hq;
    dv = v[2] / hkv;
  }
  const present = outShape(1);
  if (present && present.length === 4) t = present[2];
  else {
    t = k.length === 4 ? k[2] : k[1];
    if (has(4)) t += need(4, 'past_key')[2];
  }
  return { macs: BigInt(b) * BigInt(hq) * BigInt(sq) * BigInt(t) * BigInt(dk + dv) };
}
