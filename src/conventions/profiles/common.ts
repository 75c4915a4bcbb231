/** Small vocabulary shared by the profiles: shapes of convolutions, contractions and recurrent nodes. */
import { P, Poly } from '../../ir/poly';
import { NodeView, ProfileShapeError } from '../node-view';
import { ProfileCount, ProfileCostFn, ProfileRule } from '../types';

export const ONNX = 'ai.onnx';

export function count(c: Poly, reason?: string): ProfileCount {
  return reason ? { count: c, reason } : { count: c };
}

export function zero(reason: string): ProfileCount {
  return { count: P.zero, reason };
}

/** One rule per op type listed, all with the same cost function, description and citation. */
export function rules(ops: string, cost: ProfileCostFn, what: string, cite: string): ProfileRule[] {
  return ops.split(/\s+/).filter(Boolean).map((opType) => ({ domain: ONNX, opType, cost, what, cite }));
}

export function product(xs: readonly Poly[]): Poly {
  return P.product(xs);
}

/** Conv / ConvTranspose geometry: W is [M, C/g, k...] for Conv and [C, M/g, k...] for ConvTranspose. */
export interface ConvGeometry {
  readonly x: Poly[];
  readonly w: Poly[];
  readonly y: Poly[];
  readonly group: Poly;
  /** prod(kernel) */
  readonly k: Poly;
  readonly hasBias: boolean;
}

export function convGeometry(n: NodeView): ConvGeometry {
  const x = n.shape(0), w = n.shape(1), y = n.outShape(0);
  if (w.length < 3 || x.length !== w.length || y.length !== w.length) throw new ProfileShapeError(`${n.label}: unexpected convolution ranks`);
  return { x, w, y, group: P.n(n.attrs.int('group', 1)), k: product(w.slice(2)), hasBias: n.has(2) };
}

/** True multiply-adds of a Conv: elements(Y) · C/g · prod(kernel). */
export function convMacs(g: ConvGeometry): Poly {
  return product(g.y).mul(g.w[1]).mul(g.k);
}

/** True multiply-adds of a ConvTranspose, from the input side: elements(X) · M/g · prod(kernel). */
export function convTransposeMacs(g: ConvGeometry): Poly {
  return product(g.x).mul(g.w[1]).mul(g.k);
}

/** MatMul: numpy semantics; multiply-adds = elements(Y) · K (K = A's last dim). */
export function matmulMacs(n: NodeView): Poly {
  const a = n.shape(0);
  if (a.length === 0) throw new ProfileShapeError(`${n.label}: scalar MatMul input`);
  return n.outNumel().mul(a[a.length - 1]);
}

/** Gemm: elements(Y) · K. */
export function gemmMacs(n: NodeView): Poly {
  const a = n.shape(0);
  if (a.length !== 2) throw new ProfileShapeError(`${n.label}: Gemm input rank ${a.length}`);
  const k = n.attrs.int('transA', 0) ? a[0] : a[1];
  return n.outNumel().mul(k);
}

/** Gemm's C is given (the Linear had a bias). */
export function gemmHasBias(n: NodeView): boolean {
  return n.has(2);
}

/**
 * Recurrent node geometry from ONNX's W [dirs, gates·H, I], X [T, B, I] (layout 0) or [B, T, I] (layout 1).
 */
export interface RecurrentGeometry {
  readonly steps: Poly;
  readonly batch: Poly;
  readonly dirs: Poly;
  readonly hidden: Poly;
  readonly input: Poly;
  readonly hasBias: boolean;
}

export function recurrentGeometry(n: NodeView): RecurrentGeometry {
  const x = n.shape(0), w = n.shape(1);
  if (x.length !== 3 || w.length !== 3) throw new ProfileShapeError(`${n.label}: unexpected recurrent ranks`);
  const layout = n.attrs.int('layout', 0);
  const hidden = n.attrs.intOrUndefined('hidden_size');
  const gates = n.opType === 'GRU' ? 3n : n.opType === 'LSTM' ? 4n : 1n;
  const h = hidden !== undefined ? P.n(hidden) : w[1].floorDiv(P.n(gates));
  return { steps: layout ? x[1] : x[0], batch: layout ? x[0] : x[1], dirs: w[0], hidden: h, input: w[2], hasBias: n.has(3) };
}

/** Is the other operand of this Add/Mul a constant (a bias or a scale of a module)? */
export function hasConstantOperand(n: NodeView): boolean {
  return n.isConstant(0) || n.isConstant(1);
}

/** The contraction node feeding this Add, when the Add is its bias (MatMul + Add from one nn.Linear scope). */
export function biasOf(n: NodeView): NodeView | undefined {
  if (n.opType !== 'Add' || !hasConstantOperand(n)) return undefined;
  for (const i of [0, 1]) {
    const p = n.producer(i);
    if (p && p.opType === 'MatMul' && p.isConstant(1) && p.scope === n.scope) return p;
  }
  return undefined;
}
