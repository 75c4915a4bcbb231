/**
 * Analysis-time evaluation of elementwise math on small known tensors. This is what resolves exporters' shape
 * arithmetic (PyTorch's Shape → Gather → Mul → Concat → Reshape): integer elements are Dims, so they may be
 * symbolic ("2*seq"), and an element that cannot be decided stays unknown (null) rather than invented.
 * Float elements are evaluated too, so constant-only subexpressions (Sqrt of a constant 2 inside Gelu's body)
 * fold to 0 FLOPs exactly as the fused operator counts them.
 */
import { dimsAsNumbers } from '../helpers/values';
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { PropagateFn, RuleContext, TensorValue } from '../types';

/** Above this many output elements a value is not propagated (small tensors only, like tensorToValue's 64 KiB). */
export const MAX_PROPAGATED_ELEMENTS = 16384;

const INT_LIKE: ReadonlySet<number> = new Set([
  DataType.INT8, DataType.INT16, DataType.INT32, DataType.INT64, DataType.UINT8, DataType.UINT16,
  DataType.UINT32, DataType.UINT64, DataType.BOOL,
]);

export function isIntLike(dtype: number): boolean {
  return INT_LIKE.has(dtype);
}

export interface ElementOps {
  /** Integer/bool elements (bool as 0/1). Return null when the element cannot be decided. */
  int?: (xs: readonly Dim[]) => Dim;
  /** Float elements; a boolean result becomes a 0/1 int element (comparisons). */
  float?: (xs: readonly number[]) => number | boolean;
}

/** numpy broadcast of concrete shapes; undefined when incompatible. */
function broadcastConcrete(shapes: readonly (readonly number[])[]): number[] | undefined {
  const rank = shapes.reduce((r, s) => Math.max(r, s.length), 0); // no spread: variadic ops may have 10^5 inputs
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const x = s[s.length - rank + i];
      if (x === undefined || x === 1) continue;
      if (d !== 1 && d !== x) return undefined;
      d = x;
    }
    out.push(d);
  }
  return out;
}

/** For each output flat index, the flat index into an input of shape `s` broadcast to `out`. */
function broadcastIndex(s: readonly number[], out: readonly number[]): (flat: number) => number {
  const rank = out.length;
  const strides: number[] = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    const axis = rank - s.length + i;
    strides[axis] = s[i] === 1 ? 0 : acc;
    acc *= s[i];
  }
  return (flat) => {
    let idx = 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const d = out[axis];
      idx += (flat % d) * strides[axis];
      flat = Math.floor(flat / d);
    }
    return idx;
  };
}

function asNumbers(v: TensorValue): number[] | undefined {
  if (v.floats) return [...v.floats];
  return v.ints ? dimsAsNumbers(v.ints) : undefined;
}

/**
 * Evaluate `ops` elementwise over the given values with numpy broadcasting. `outDtype` picks the result form:
 * int-like → ints (Dims), else floats. Undefined when a value is missing, shapes do not broadcast, the result
 * is too large, or the element type has no evaluator.
 */
export function evalElementwise(values: readonly (TensorValue | undefined)[], outDtype: number, ops: ElementOps): TensorValue | undefined {
  if (values.length === 0 || values.some((v) => v === undefined)) return undefined;
  const vs = values as TensorValue[];
  const shape = broadcastConcrete(vs.map((v) => v.shape));
  if (!shape) return undefined;
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > MAX_PROPAGATED_ELEMENTS) return undefined;
  const index = vs.map((v) => broadcastIndex(v.shape, shape));
  const allInts = vs.every((v) => v.ints !== undefined);
  if (allInts && ops.int && (isIntLike(outDtype) || outDtype === 0)) {
    const ints: Dim[] = [];
    for (let i = 0; i < n; i++) ints.push(ops.int(vs.map((v, k) => v.ints![index[k](i)])));
    return { dtype: outDtype || vs[0].dtype, shape, ints };
  }
  if (!ops.float) return undefined;
  const nums = vs.map(asNumbers);
  if (nums.some((x) => x === undefined)) return undefined;
  const results: (number | boolean)[] = [];
  for (let i = 0; i < n; i++) results.push(ops.float(nums.map((x, k) => x![index[k](i)])));
  if (isIntLike(outDtype)) {
    const ints = results.map((r) => (typeof r === 'boolean' ? P.n(r ? 1 : 0) : Number.isFinite(r) ? P.n(Math.trunc(r)) : null));
    return { dtype: outDtype, shape, ints };
  }
  if (results.some((r) => typeof r === 'boolean')) return undefined;
  return { dtype: outDtype, shape, floats: results as number[] };
}

/** Output 0's element type as inferred (falls back to input 0's). */
function outDtype(ctx: RuleContext): number {
  const o = ctx.outputs[0];
  return o && o.kind === 'tensor' && o.dtype ? o.dtype : ctx.dtype(0);
}

const NO_VALUES: readonly (TensorValue | undefined)[] = [undefined];

/** A propagate function over every given input of the node. */
export function elementwisePropagate(ops: ElementOps): PropagateFn {
  return (ctx) => {
    const n = ctx.inputCount;
    if (n === 0) return NO_VALUES;
    // without every input's value nothing folds: a runtime input is seen before a weight beside it is decoded
    // (GPT-2-small's Add and Mul of biases and norm weights read ~8 ms of them from the file, for nothing)
    for (let i = 0; i < n; i++) if (!ctx.mayHaveValue(i)) return NO_VALUES;
    const values = new Array<TensorValue | undefined>(n);
    for (let i = 0; i < n; i++) if ((values[i] = ctx.value(i)) === undefined) return NO_VALUES;
    return [evalElementwise(values, outDtype(ctx), ops)];
  };
}

// --- integer element operations (Dims, possibly symbolic) --------------------------------------------------------

const both = (f: (a: NonNullable<Dim>, b: NonNullable<Dim>) => Dim) => (xs: readonly Dim[]): Dim =>
  (xs[0] && xs[1] ? f(xs[0], xs[1]) : null);

export const intAdd = both((a, b) => a.add(b));
export const intSub = both((a, b) => a.sub(b));
export const intMul = both((a, b) => a.mul(b));

/** ONNX integer Div truncates toward zero: exact for constants; symbolic shape arithmetic is non-negative, so floor. */
export const intDiv = both((a, b) => {
  const av = a.value, bv = b.value;
  if (bv === 0n) return null;
  if (av !== undefined && bv !== undefined) return P.n(av / bv); // bigint division truncates
  return a.floorDiv(b);
});

/** Mod with fmod=0: the result takes the divisor's sign (floor modulo), which is Poly.mod. */
export const intMod = both((a, b) => (b.value === 0n ? null : a.mod(b)));

/** Mod with fmod=1: C fmod (the dividend's sign), decided for constants only. */
export const intFmod = both((a, b) => {
  const av = a.value, bv = b.value;
  if (av === undefined || bv === undefined || bv === 0n) return null;
  return P.n(av % bv);
});

export function intVariadic(f: (a: NonNullable<Dim>, b: NonNullable<Dim>) => NonNullable<Dim>): (xs: readonly Dim[]) => Dim {
  return (xs) => {
    let acc: Dim = xs[0];
    for (let i = 1; i < xs.length && acc; i++) acc = xs[i] ? f(acc, xs[i]!) : null;
    return acc;
  };
}

export const intNeg = (xs: readonly Dim[]): Dim => (xs[0] ? xs[0].neg() : null);

/** |x| for constants; a symbolic element's sign is not known. */
export const intAbs = (xs: readonly Dim[]): Dim => {
  const v = xs[0]?.value;
  return v === undefined ? null : P.n(v < 0n ? -v : v);
};

export const intSign = (xs: readonly Dim[]): Dim => {
  const v = xs[0]?.value;
  return v === undefined ? null : P.n(v > 0n ? 1 : v < 0n ? -1 : 0);
};

const bool = (b: boolean): Dim => P.n(b ? 1 : 0);

/** a − b when it is a known constant (decides comparisons of symbolic dims like T and T + 1). */
function constDiff(a: Dim, b: Dim): bigint | undefined {
  return a && b ? a.sub(b).value : undefined;
}

export const intEqual = (xs: readonly Dim[]): Dim => {
  const d = constDiff(xs[0], xs[1]);
  return d === undefined ? null : bool(d === 0n);
};
export const intLess = (xs: readonly Dim[]): Dim => {
  const d = constDiff(xs[0], xs[1]);
  return d === undefined ? null : bool(d < 0n);
};
export const intGreater = (xs: readonly Dim[]): Dim => {
  const d = constDiff(xs[0], xs[1]);
  return d === undefined ? null : bool(d > 0n);
};
export const intLessOrEqual = (xs: readonly Dim[]): Dim => {
  const d = constDiff(xs[0], xs[1]);
  return d === undefined ? null : bool(d <= 0n);
};
export const intGreaterOrEqual = (xs: readonly Dim[]): Dim => {
  const d = constDiff(xs[0], xs[1]);
  return d === undefined ? null : bool(d >= 0n);
};

/** Bool elements are 0/1 Dims; an unknown operand decides the result only when the other one does (0 for And). */
function truth(d: Dim): boolean | undefined {
  const v = d?.value;
  return v === undefined ? undefined : v !== 0n;
}
export const boolNot = (xs: readonly Dim[]): Dim => {
  const t = truth(xs[0]);
  return t === undefined ? null : bool(!t);
};
export const boolAnd = (xs: readonly Dim[]): Dim => {
  const a = truth(xs[0]), b = truth(xs[1]);
  if (a === false || b === false) return bool(false);
  return a === undefined || b === undefined ? null : bool(true);
};
export const boolOr = (xs: readonly Dim[]): Dim => {
  const a = truth(xs[0]), b = truth(xs[1]);
  if (a === true || b === true) return bool(true);
  return a === undefined || b === undefined ? null : bool(false);
};
export const boolXor = (xs: readonly Dim[]): Dim => {
  const a = truth(xs[0]), b = truth(xs[1]);
  return a === undefined || b === undefined ? null : bool(a !== b);
};
