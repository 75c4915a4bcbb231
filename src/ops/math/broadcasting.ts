/**
 * Output shapes of elementwise operators. Opset 7 replaced the legacy `broadcast`/`axis` attributes (input 1
 * stretched onto input 0, output = input 0's shape) with multidirectional (numpy) broadcasting.
 */
import { Dim } from '../../ir/dim';
import { broadcastShapes } from '../helpers/broadcast';
import { tensorType } from '../helpers/types';
import { InferFn, RuleContext } from '../types';

const show = (s: readonly Dim[]): string => `[${s.map((d) => d?.toString() ?? '?').join(', ')}]`;

/** Two dims that are both known constants and differ. */
function conflict(a: Dim, b: Dim): boolean {
  return a !== null && b !== null && a.isConst() && b.isConst() && !a.equals(b);
}

/** Output = numpy broadcast of every given input; element type of input 0 unless `dtype` (BOOL for comparisons). */
export function broadcastInfer(dtype?: number): InferFn {
  return (ctx) => {
    const shapes = Array.from({ length: ctx.inputCount }, (_, i) => (ctx.has(i) ? ctx.shape(i) : null));
    return [tensorType(dtype ?? ctx.dtype(0), broadcastShapes(shapes))];
  };
}

/**
 * Opset < 7 binary operators. broadcast=0: B has A's shape. broadcast=1: B is one element, or its shape is a
 * contiguous run of A's dims starting at `axis` (suffix matching when axis is absent), a size-1 dim of B matching
 * anything. Output = A's shape.
 */
export function checkLegacyBroadcast(ctx: RuleContext, a: readonly Dim[] | null, b: readonly Dim[] | null, what = 'B'): void {
  if (!a || !b) return;
  if (ctx.attrs.int('broadcast', 0) === 0) {
    if (a.length !== b.length || a.some((d, i) => conflict(d, b[i]))) {
      ctx.fail(`${what} ${show(b)} differs from A ${show(a)} and broadcast=0`);
    }
    return;
  }
  if (b.every((d) => d !== null && d.value === 1n)) return; // one element
  const axis = ctx.attrs.intOrUndefined('axis');
  const start = axis === undefined ? a.length - b.length : axis < 0 ? axis + a.length : axis;
  if (b.length > a.length || start < 0 || start + b.length > a.length) {
    ctx.fail(`${what} ${show(b)} does not fit A ${show(a)} at axis ${axis ?? '(suffix)'}`);
  }
  b.forEach((d, i) => {
    // A size-1 dim of B broadcasts, as the runtimes of that era did (PyTorch's test_operator_add_size1_* run
    // B [2, 1] and [1, 3] against A [2, 3] at opset 6), though the opset-6 text only speaks of contiguous subsets.
    if (d !== null && d.value === 1n) return;
    if (conflict(d, a[start + i])) ctx.fail(`${what} ${show(b)} does not match A ${show(a)} at axis ${start}`);
  });
}

/** Opset < 7 binary operators: output has input 0's shape (after checking B fits). */
export function legacyBroadcastInfer(dtype?: number): InferFn {
  return (ctx) => {
    checkLegacyBroadcast(ctx, ctx.shape(0), ctx.shape(1));
    return [tensorType(dtype ?? ctx.dtype(0), ctx.shape(0))];
  };
}

/** Unary operators: output has input 0's type and shape. */
export const sameShapeInfer: InferFn = (ctx) => [tensorType(ctx.dtype(0), ctx.shape(0))];

/** Unary predicates (IsNaN, IsInf): input 0's shape, BOOL. */
export function sameShapeAs(dtype: number): InferFn {
  return (ctx) => [tensorType(dtype, ctx.shape(0))];
}

/** Variadic operators before opset 8 (Sum/Max/Min/Mean): every input has the same shape. */
export const sameShapesInfer: InferFn = (ctx) => {
  let out: readonly Dim[] | null = null;
  for (let i = 0; i < ctx.inputCount; i++) {
    const s = ctx.shape(i);
    if (!s) continue;
    if (!out) { out = s; continue; }
    if (s.length !== out.length || s.some((d, k) => conflict(d, out![k]))) {
      ctx.fail(`input ${i} ${show(s)} differs from ${show(out)} (no broadcasting before opset 8)`);
    }
  }
  return [tensorType(ctx.dtype(0), ctx.shape(0) ?? out)];
};

/**
 * Unidirectional broadcasting of `b` onto `a` (PRelu slope, Gemm C): b's dims, right-aligned, are 1 or equal.
 */
export function checkUnidirectional(ctx: RuleContext, a: readonly Dim[] | null, b: readonly Dim[] | null, what: string): void {
  if (!a || !b) return;
  if (b.length > a.length) ctx.fail(`${what} ${show(b)} has more dims than ${show(a)}`);
  b.forEach((d, i) => {
    const t = a[a.length - b.length + i];
    if (d !== null && d.value === 1n) return;
    if (conflict(d, t)) ctx.fail(`${what} ${show(b)} does not broadcast to ${show(a)}`);
  });
}
