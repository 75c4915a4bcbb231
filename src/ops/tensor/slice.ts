/**
 * Slice: `starts`/`ends`/`axes` attributes before opset 10, inputs (with `steps`) from 10. Starts and ends are
 * read as bigint so the INT64_MAX / INT64_MIN "to the end" sentinels survive. Data movement.
 *
 * Symbolic dims: constant bounds are assumed to lie inside the dim (as onnxruntime's symbolic shape inference
 * does), so x[:, 1:] on [B, T] gives [B, T - 1] rather than an opaque clamp.
 */
import { Dim } from '../../ir/dim';
import { P, Poly } from '../../ir/poly';
import { normalizeAxes } from '../helpers/axes';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { DataType } from '../../ir/dtype';
import { OpRule, RuleContext, TensorValue } from '../types';
import { elements, strides as stridesOf, withElements } from './util';

/** |v| at or beyond this is a "to the end" sentinel (INT32/INT64 extremes exporters write). */
const SENTINEL = (1n << 31n) - 1n;

interface SliceArgs {
  starts: readonly Dim[];
  ends: readonly Dim[];
  axes: readonly number[] | undefined; // undefined: axes given but not known
  steps: readonly Dim[];
}

function readArgs(ctx: RuleContext, since: number): SliceArgs | undefined {
  if (since < 10) {
    // bigints: PyTorch writes ends = INT64_MAX for x[:, 2:], which the clamping below turns into the dim
    const starts = ctx.attrs.bigints('starts');
    const ends = ctx.attrs.bigints('ends');
    if (!starts || !ends) ctx.fail(`Slice-1 needs 'starts' and 'ends'`);
    const axes = ctx.attrs.ints('axes') ?? starts.map((_, i) => i);
    return { starts: starts.map((v) => P.n(v)), ends: ends.map((v) => P.n(v)), axes, steps: starts.map(() => P.one) };
  }
  const starts = ctx.value(1)?.ints;
  const ends = ctx.value(2)?.ints;
  if (!starts || !ends) return undefined;
  let axes: number[] | undefined = starts.map((_, i) => i);
  if (ctx.has(3)) {
    const a = ctx.value(3)?.ints?.map((d) => d?.toNumber());
    axes = a && a.every((x) => x !== undefined) ? (a as number[]) : undefined;
  }
  const steps = ctx.has(4) ? ctx.value(4)?.ints : starts.map(() => P.one);
  if (!steps) return { starts, ends, axes, steps: starts.map(() => null) };
  return { starts, ends, axes, steps };
}

/** Output length of one sliced axis; null when it cannot be known. */
export function sliceLength(ctx: RuleContext, dim: Dim, start: Dim, end: Dim, step: Dim): Dim {
  const k = step?.value;
  if (k === undefined || start === null || end === null || dim === null) return null;
  if (k === 0n) ctx.fail('Slice step 0');
  const n = dim.value;
  const s = start.value, e = end.value;
  if (n !== undefined && s !== undefined && e !== undefined) {
    // ONNX's clamping, exactly
    const clamp = (v: bigint, lo: bigint, hi: bigint): bigint => (v < lo ? lo : v > hi ? hi : v);
    let a = s < 0n ? s + n : s;
    let b = e < 0n ? e + n : e;
    if (k > 0n) { a = clamp(a, 0n, n); b = clamp(b, 0n, n); } else { a = clamp(a, 0n, n - 1n); b = clamp(b, -1n, n - 1n); }
    const len = k > 0n ? (b - a + k - 1n) / k : (a - b + (-k) - 1n) / -k;
    return P.n(len > 0n ? len : 0n);
  }
  // Symbolic: bounds are taken to lie inside the dim; sentinels mean "to the end".
  const resolve = (v: Poly, forEnd: boolean): Poly => {
    const c = v.value;
    if (c === undefined) return v; // symbolic index: assumed non-negative and ≤ dim
    if (c >= SENTINEL) return k > 0n ? dim : dim.sub(P.one);
    if (c <= -SENTINEL) return k > 0n ? P.zero : forEnd ? P.n(-1) : P.zero;
    return c < 0n ? dim.add(v) : v;
  };
  const a = resolve(start, false), b = resolve(end, true);
  const len = k > 0n ? b.sub(a).ceilDiv(P.n(k)) : a.sub(b).ceilDiv(P.n(-k));
  return len.value !== undefined && len.value < 0n ? P.zero : len;
}

/** The indices ONNX's Slice selects along one axis of length n, with its clamping. */
function sliceIndices(n: bigint, s: bigint, e: bigint, k: bigint): number[] {
  const clamp = (x: bigint, lo: bigint, hi: bigint): bigint => (x < lo ? lo : x > hi ? hi : x);
  let a = s < 0n ? s + n : s;
  let b = e < 0n ? e + n : e;
  if (k > 0n) { a = clamp(a, 0n, n); b = clamp(b, 0n, n); } else { a = clamp(a, 0n, n - 1n); b = clamp(b, -1n, n - 1n); }
  const out: number[] = [];
  for (let i = a; k > 0n ? i < b : i > b; i += k) out.push(Number(i));
  return out;
}

/** Elements of a row-major tensor at the cartesian product of per-axis index lists. */
function gather<T>(el: readonly T[], shape: readonly number[], picks: readonly number[][]): T[] {
  const strides = stridesOf(shape);
  const out: T[] = [];
  if (picks.some((p) => p.length === 0)) return out;
  const idx = picks.map(() => 0);
  for (;;) {
    out.push(el[idx.reduce((off, j, ax) => off + picks[ax][j] * strides[ax], 0)]);
    let ax = idx.length - 1;
    while (ax >= 0 && ++idx[ax] === picks[ax].length) idx[ax--] = 0;
    if (ax < 0) return out;
  }
}

/** The most elements a slice of unknown integers is given symbols for (box indices, a token id: a few). */
const MAX_OPAQUE_ELEMENTS = 8;

/**
 * A few integers sliced out of data whose values no analysis sees (a box index read from an input inside a Loop):
 * each element becomes a symbol standing for its runtime value (opaque: nothing computed from it folds), so that
 * arithmetic on it cancels where it does at run time — Slice(image, b, b + 1) has length 1 whatever b is.
 */
function pickedFromData(ctx: RuleContext): (TensorValue | undefined)[] {
  const dtype = ctx.dtype(0);
  const out = ctx.outputs[0];
  if (dtype !== DataType.INT64 && dtype !== DataType.INT32) return [];
  if (!out || out.kind !== 'tensor' || !out.shape || !out.shape.every((d) => d?.isConst())) return [];
  const shape = out.shape.map((d) => Number(d!.value));
  const n = shape.reduce((a, b) => a * b, 1);
  if (n === 0 || n > MAX_OPAQUE_ELEMENTS) return [];
  return [{ dtype, shape, ints: Array.from({ length: n }, () => ctx.fresh('value')), opaque: true }];
}

export const slice = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Slice', since,
  infer: (ctx) => {
    const s = ctx.shape(0);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    if (s.length === 0) ctx.fail('Slice input is a scalar: it has no axis to slice');
    const args = readArgs(ctx, since);
    if (!args || !args.axes) {
      // which axes shrink is unknown; the rank stays
      return [tensorType(ctx.dtype(0), s.map(() => null))];
    }
    const { starts, ends, steps } = args;
    if (starts.length !== ends.length || args.axes.length !== starts.length || steps.length !== starts.length) {
      ctx.fail(`Slice starts/ends/axes/steps lengths differ: ${starts.length}, ${ends.length}, ${args.axes.length}, ${steps.length}`);
    }
    const axes = normalizeAxes(args.axes, s.length);
    const out = [...s];
    axes.forEach((a, i) => { out[a] = sliceLength(ctx, s[a], starts[i], ends[i], steps[i]); });
    return [tensorType(ctx.dtype(0), out)];
  },
  propagate: (ctx) => {
    // Values of any rank: PyTorch's reflect-pad export reverses a [2, 2] pads matrix with Slice(step −1).
    const v = ctx.value(0);
    if (!v) return pickedFromData(ctx);
    const el = elements(v);
    if (!el) return [];
    const args = readArgs(ctx, since);
    if (!args || !args.axes || args.axes.length !== args.starts.length) return [];
    let axes: number[];
    try { axes = normalizeAxes(args.axes, v.shape.length); } catch { return []; }
    const picks = v.shape.map((n) => Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < axes.length; i++) {
      const [s, e, k] = [args.starts[i]?.value, args.ends[i]?.value, args.steps[i]?.value];
      if (s === undefined || e === undefined || k === undefined || k === 0n) return [];
      picks[axes[i]] = sliceIndices(BigInt(v.shape[axes[i]]), s, e, k);
    }
    return [withElements(v, picks.map((p) => p.length), gather(el, v.shape, picks))];
  },
  cost: dataMovement,
  costNote: 'data movement: 0 FLOPs, output bytes moved',
});

export const sliceRules: OpRule[] = [slice(1), slice(10)];
