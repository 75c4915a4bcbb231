/**
 * Helpers shared by the tensor family: reading index-like inputs (as bigint, so INT64_MAX sentinels survive),
 * unifying dims, and small N-d value arithmetic for analysis-time propagation (shape tensors are tiny).
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { InferenceError, RuleContext, TensorValue } from '../types';

/** Values larger than this are not propagated (they are data, not shape arithmetic). */
export const MAX_PROPAGATED_ELEMENTS = 4096;

/** A known integer scalar (or one-element tensor) at input i. */
export function intScalar(ctx: RuleContext, i: number): Dim | undefined {
  const v = ctx.value(i);
  if (v?.ints && v.ints.length === 1) return v.ints[0];
  if (v?.floats && v.floats.length === 1 && Number.isInteger(v.floats[0])) return P.n(v.floats[0]);
  return undefined;
}

/** The length of a 1-D input (e.g. a shape or axes tensor) when its own shape is known. */
export function vectorLength(ctx: RuleContext, i: number): number | undefined {
  const v = ctx.value(i);
  if (v) return v.shape.length === 0 ? 1 : v.shape.reduce((a, b) => a * b, 1);
  const s = ctx.shape(i);
  if (!s || s.length > 1) return undefined;
  if (s.length === 0) return 1;
  return s[0]?.toNumber();
}

/** Two dims that must be equal: the more informative one; throws when both are known and differ. */
export function unifyDims(a: Dim, b: Dim, what: string): Dim {
  if (a === null) return b;
  if (b === null) return a;
  if (a.isConst() && b.isConst() && !a.equals(b)) throw new InferenceError(`${what}: ${a} ≠ ${b}`);
  return a.isConst() ? a : b.isConst() ? b : a;
}

export function isIntDtype(dtype: number): boolean {
  return [DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16,
    DataType.UINT32, DataType.UINT64, DataType.BOOL].includes(dtype);
}

/** Element count of a concrete shape. */
export function countOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A concrete (all-constant, safe) shape, or undefined. */
export function concreteShape(shape: readonly Dim[] | null | undefined): number[] | undefined {
  if (!shape) return undefined;
  const out: number[] = [];
  for (const d of shape) {
    const n = d?.toNumber();
    if (n === undefined || n < 0) return undefined;
    out.push(n);
  }
  return out;
}

type Elem = Dim | number | string;

/** The flat element list of a value, whichever kind it holds. */
export function elements(v: TensorValue): readonly Elem[] | undefined {
  return v.ints ?? v.floats ?? v.strings;
}

/** A value of the same kind as `like` holding `elems`. */
export function withElements(like: TensorValue, shape: readonly number[], elems: readonly Elem[], dtype = like.dtype): TensorValue {
  if (like.ints) return { dtype, shape, ints: elems as Dim[] };
  if (like.floats) return { dtype, shape, floats: elems as number[] };
  return { dtype, shape, strings: elems as string[] };
}

export function strides(shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = out[i + 1] * shape[i + 1];
  return out;
}

/** Gathers a new flat array of `outShape` where each output multi-index maps to a flat input index. */
export function mapIndices(outShape: readonly number[], source: (index: number[]) => number): number[] {
  const n = countOf(outShape);
  const out: number[] = [];
  const idx = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < n; k++) {
    out.push(source(idx));
    for (let a = outShape.length - 1; a >= 0; a--) {
      if (++idx[a] < outShape[a]) break;
      idx[a] = 0;
    }
  }
  return out;
}

/** Numpy broadcast of a value to a concrete target shape (the shapes must be broadcast-compatible). */
export function broadcastValue(v: TensorValue, target: readonly number[]): TensorValue | undefined {
  const el = elements(v);
  if (!el || countOf(target) > MAX_PROPAGATED_ELEMENTS) return undefined;
  const rank = target.length;
  const inShape = [...new Array<number>(Math.max(0, rank - v.shape.length)).fill(1), ...v.shape];
  if (inShape.length !== rank) return undefined;
  const st = strides(inShape);
  const flat = mapIndices(target, (idx) => idx.reduce((acc, x, a) => acc + (inShape[a] === 1 ? 0 : x) * st[a], 0));
  return withElements(v, target, flat.map((k) => el[k]));
}

/**
 * A shape given as a 1-D int tensor at input i (Reshape, Expand, ConstantOfShape...): its Dims when the value is
 * known (elements may be symbolic or unknown), else unknown dims of the right count, else null (unknown rank).
 */
/** The largest tensor rank a shape input may give (ONNX sets none; real models stay far below). */
export const MAX_RANK = 4096;

export function dimList(ctx: RuleContext, i: number): Dim[] | null {
  const v = ctx.value(i);
  if (v?.ints) return [...v.ints];
  const n = vectorLength(ctx, i);
  // The length of a shape tensor is the output's rank: a hostile [2^40] shape input must not allocate that.
  if (n !== undefined && n > MAX_RANK) ctx.fail(`a shape of ${n} dims is beyond the largest supported rank (${MAX_RANK})`);
  return n === undefined ? null : new Array<Dim>(n).fill(null);
}
