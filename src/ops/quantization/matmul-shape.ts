/** numpy matmul shape semantics (ONNX MatMul), for the quantized matrix products of this family. */
import { Dim, dimEquals, numElements } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { InferenceError } from '../types';

export interface MatMulShape {
  /** Output shape, null when either rank is unknown. */
  readonly shape: Dim[] | null;
  /** batch·M·N·K multiply-accumulates, null when any of them is unknown. */
  readonly macs: Poly | null;
}

const show = (s: readonly Dim[]): string => `[${s.map((d) => d?.toString() ?? '?').join(', ')}]`;

export function matmulShape(a: readonly Dim[] | null, b: readonly Dim[] | null): MatMulShape {
  if (!a || !b) return { shape: null, macs: null };
  if (a.length === 0 || b.length === 0) throw new InferenceError(`MatMul inputs must not be scalars: ${show(a)} × ${show(b)}`);
  // Rank-1 operands are promoted (prepend / append a 1) and the promoted dim is dropped afterwards.
  const a2 = a.length === 1 ? [P.one, a[0]] : a;
  const b2 = b.length === 1 ? [b[0], P.one] : b;
  const k1 = a2[a2.length - 1], k2 = b2[b2.length - 2];
  if (k1 && k2 && k1.isConst() && k2.isConst() && !dimEquals(k1, k2)) {
    throw new InferenceError(`MatMul inner dims differ: ${show(a)} × ${show(b)}`);
  }
  const batch = broadcastShapes([a2.slice(0, -2), b2.slice(0, -2)])!;
  const m = a2[a2.length - 2], n = b2[b2.length - 1];
  const shape: Dim[] = [...batch];
  if (a.length !== 1) shape.push(m);
  if (b.length !== 1) shape.push(n);
  const k = k1 ?? k2;
  const count = numElements([...batch, m, n, k]);
  return { shape, macs: count };
}
