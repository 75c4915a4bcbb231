/**
 * MACs of contraction nodes recomputed from the shapes the runtime produced, with formulas written here on
 * purpose independently of the rules in src/ops (same convention, ARCHITECTURE.md §4, different code), so that a
 * wrong shape or a wrong cost formula in a rule shows up as a disagreement.
 *
 *   MatMul, MatMulInteger, QLinearMatMul   elements(Y) · K            K = last dim of A
 *   Gemm                                   M · N · K                  from Y [M, N] and A (transA)
 *   Conv, ConvInteger, QLinearConv         elements(Y) · prod(W[1:])  W = [M, C/group, k...]
 *   ConvTranspose                          elements(X) · prod(W[1:])  W = [C, M/group, k...]
 *   RNN, GRU, LSTM                         dirs · steps · batch · gates · H · (I + H)
 *   Einsum (two or more operands)          product of every label's size (ellipsis dims broadcast)
 */
import { Node } from '../ir/model';

export type ShapeOf = (name: string) => readonly number[] | undefined;

export const CONTRACTIONS: ReadonlySet<string> = new Set([
  'MatMul', 'MatMulInteger', 'QLinearMatMul', 'Gemm', 'Conv', 'ConvInteger', 'QLinearConv', 'ConvTranspose',
  'RNN', 'GRU', 'LSTM', 'Einsum',
]);

const prod = (xs: readonly number[]): bigint => xs.reduce((a, b) => a * BigInt(b), 1n);

function intAttr(node: Node, name: string, dflt: number): number {
  const a = node.attributes.get(name);
  return a && a.type === 'int' ? Number(a.value) : dflt;
}

/** MACs from runtime shapes, or a reason why they cannot be recomputed. */
export function recountMacs(node: Node, shapeOf: ShapeOf): { macs: bigint } | { reason: string } {
  const need = (i: number, what: string): readonly number[] => {
    const name = i < 0 ? node.outputs[-i - 1] : node.inputs[i];
    const s = name ? shapeOf(name) : undefined;
    if (!s) throw new Missing(`${what} '${name ?? ''}' shape not available at run time`);
    return s;
  };
  try {
    switch (node.opType) {
      case 'MatMul': case 'MatMulInteger': {
        const a = need(0, 'A'), y = need(-1, 'Y');
        return { macs: prod(y) * BigInt(a[a.length - 1] ?? 1) };
      }
      case 'QLinearMatMul': {
        const a = need(0, 'A'), y = need(-1, 'Y');
        return { macs: prod(y) * BigInt(a[a.length - 1] ?? 1) };
      }
      case 'Gemm': {
        const a = need(0, 'A'), y = need(-1, 'Y');
        const k = intAttr(node, 'transA', 0) ? a[0] : a[1];
        return { macs: prod(y) * BigInt(k) };
      }
      case 'Conv': case 'ConvInteger': {
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
      default: return { reason: `${node.opType} is not a contraction verify recounts` };
    }
  } catch (e) {
    if (e instanceof Missing) return { reason: e.message };
    throw e;
  }
}

class Missing extends Error {}

function einsum(node: Node, need: (i: number, what: string) => readonly number[]): { macs: bigint } | { reason: string } {
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
