/**
 * Ops whose output size depends on the data: NonZero, Unique, TopK (runtime k), Compress. An unknown count
 * becomes a fresh symbol (never unknown, never invented); a known input value gives the exact count.
 * Cost: data movement (selection and indexing; the comparisons are not counted as arithmetic).
 */
import { Dim, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';
import { elements } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved (data-dependent size: fresh symbol)';

/** Nonzero elements of input i when its value is fully known, else undefined. */
function nonzeroCount(ctx: RuleContext, i: number): number | undefined {
  const v = ctx.value(i);
  const el = v && elements(v);
  if (!el || v!.strings) return undefined;
  let n = 0;
  for (const e of el) {
    if (e === null) return undefined;
    if (typeof e === 'number') { if (e !== 0) n++; continue; }
    if (typeof e === 'string') return undefined;
    if (e.value === undefined) return undefined;
    if (e.value !== 0n) n++;
  }
  return n;
}

const nonZero: OpRule = {
  domain: 'ai.onnx', opType: 'NonZero', since: 9,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const known = nonzeroCount(ctx, 0);
    const count = known !== undefined ? P.n(known) : ctx.fresh('nonzero');
    return [tensorType(DataType.INT64, [s ? P.n(s.length) : null, count])];
  },
  cost: dataMovement,
  costNote: MOVE,
};

/**
 * Distinct elements (no axis) or distinct slices along `axis` of input i when its value is fully known and its
 * shape concrete, else undefined.
 */
function uniqueCount(ctx: RuleContext, i: number, axis: number | undefined): number | undefined {
  const v = ctx.value(i);
  const el = v && elements(v);
  if (!v || !el) return undefined;
  const key = (e: (typeof el)[number]): string | undefined =>
    e === null ? undefined : typeof e === 'number' || typeof e === 'string' ? JSON.stringify(e) : e.value === undefined ? undefined : e.value.toString();
  const keys = el.map(key);
  if (keys.some((k) => k === undefined)) return undefined;
  if (axis === undefined) return new Set(keys).size;
  const shape = v.shape;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const slices = new Set<string>();
  for (let j = 0; j < shape[axis]; j++) {
    const parts: string[] = [];
    for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) parts.push(keys[(o * shape[axis] + j) * inner + k]!);
    slices.add(parts.join(','));
  }
  return slices.size;
}

/** Unique: Y, indices, inverse_indices, counts. Without `axis` the input is flattened. */
const unique: OpRule = {
  domain: 'ai.onnx', opType: 'Unique', since: 11,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const axisGiven = ctx.attrs.intOrUndefined('axis');
    const known = uniqueCount(ctx, 0, axisGiven === undefined || !s ? undefined : normalizeAxis(axisGiven, s.length));
    const u = known !== undefined && (axisGiven === undefined || s) ? P.n(known) : ctx.fresh('unique');
    const i64 = (shape: Dim[] | null) => tensorType(DataType.INT64, shape);
    const axisAttr = ctx.attrs.intOrUndefined('axis');
    if (axisAttr === undefined) {
      return [tensorType(ctx.dtype(0), [u]), i64([u]), i64([s ? numElements(s) : null]), i64([u])];
    }
    if (!s) return [tensorType(ctx.dtype(0), null), i64([u]), i64([null]), i64([u])];
    const axis = normalizeAxis(axisAttr, s.length);
    return [tensorType(ctx.dtype(0), s.map((d, i) => (i === axis ? u : d))), i64([u]), i64([s[axis]]), i64([u])];
  },
  cost: dataMovement,
  costNote: MOVE,
};

/** TopK: `k` attribute before 10, a 1-element input from 10; Values and Indices take k on `axis`. */
const topK = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'TopK', since,
  infer: (ctx) => {
    const s = ctx.shape(0);
    let k: Dim;
    if (since < 10) {
      if (!ctx.attrs.has('k')) ctx.fail(`TopK-1 needs the 'k' attribute`);
      k = P.n(ctx.attrs.bigint('k', 0n)); // 64-bit: an oversized k is refused below for exceeding the axis
    } else {
      const v = ctx.value(1)?.ints;
      if (v && v.length !== 1) ctx.fail(`TopK k must hold one element, has ${v.length}`);
      k = v?.[0] ?? ctx.fresh('topk');
    }
    if (k?.value !== undefined && k.value < 0n) ctx.fail(`TopK k = ${k} is negative`);
    if (!s) return [tensorType(ctx.dtype(0), null), tensorType(DataType.INT64, null)];
    const axis = normalizeAxis(ctx.attrs.int('axis', -1), s.length);
    const d = s[axis];
    if (d?.isConst() && k?.isConst() && k.value! > d.value!) ctx.fail(`TopK k = ${k} exceeds axis dim ${d}`);
    const out = s.map((x, i) => (i === axis ? k : x));
    return [tensorType(ctx.dtype(0), out), tensorType(DataType.INT64, out)];
  },
  cost: dataMovement,
  costNote: 'data movement: 0 FLOPs, output bytes moved (selection, comparisons not counted)',
});

/** Compress: keeps the slices where the 1-D condition is true; without `axis` the input is flattened. */
const compress: OpRule = {
  domain: 'ai.onnx', opType: 'Compress', since: 9,
  infer: (ctx) => {
    const s = ctx.shape(0), c = ctx.shape(1);
    if (c && c.length !== 1) ctx.fail(`Compress condition must be 1-D, got rank ${c.length}`);
    const known = nonzeroCount(ctx, 1);
    const count = known !== undefined ? P.n(known) : ctx.fresh('compress');
    const axisAttr = ctx.attrs.intOrUndefined('axis');
    if (axisAttr === undefined) return [tensorType(ctx.dtype(0), [count])];
    if (!s) return [tensorType(ctx.dtype(0), null)];
    const axis = normalizeAxis(axisAttr, s.length);
    const len = c?.[0], d = s[axis];
    if (len?.isConst() && d?.isConst() && len.value! > d.value!) ctx.fail(`Compress condition has ${len} entries for axis dim ${d}`);
    return [tensorType(ctx.dtype(0), s.map((x, i) => (i === axis ? count : x)))];
  },
  cost: dataMovement,
  costNote: MOVE,
};

export const dataDependentRules: OpRule[] = [nonZero, unique, topK(1), topK(10), compress];
