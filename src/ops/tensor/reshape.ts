/**
 * Ops that change only the shape, never the data order: Reshape, Flatten, Squeeze, Unsqueeze.
 * All data movement; their values propagate unchanged under the new shape.
 */
import { Dim, numElements } from '../../ir/dim';
import { P } from '../../ir/poly';
import { axesFrom, normalizeAxes } from '../helpers/axes';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, PropagateFn, RuleContext } from '../types';
import { concreteShape, countOf, dimList, MAX_RANK, vectorLength } from './util';

const MOVE = 'data movement: 0 FLOPs, output bytes moved';

/** Same elements under the inferred output shape (when it is concrete). */
export const reshapeValue: PropagateFn = (ctx) => {
  const v = ctx.value(0);
  const out = ctx.outputs[0];
  const shape = out?.kind === 'tensor' ? concreteShape(out.shape) : undefined;
  if (!v || !shape || countOf(shape) !== countOf(v.shape)) return [];
  return [{ ...v, shape }];
};

/** Reshape's target: the `shape` attribute (opset 1) or input 1 (opset ≥ 5). */
function targetShape(ctx: RuleContext): Dim[] | null {
  if (ctx.opset < 5) {
    const s = ctx.attrs.ints('shape');
    if (!s) ctx.fail(`Reshape-1 needs the 'shape' attribute`);
    return s.map((d) => P.n(d));
  }
  return dimList(ctx, 1);
}

/** 0 copies the input dim (unless allowzero), −1 is what remains of the element count. */
export function reshapeDims(ctx: RuleContext, input: readonly Dim[] | null, target: readonly Dim[], allowZero: boolean): Dim[] {
  let inferAt = -1;
  const out: Dim[] = target.map((d, i) => {
    const v = d?.value;
    if (d === null || v === undefined) return d;
    if (v === 0n && !allowZero) {
      if (!input) return null;
      if (i >= input.length) ctx.fail(`Reshape copies dim ${i} (0) but the input has rank ${input.length}`);
      return input[i];
    }
    if (v === -1n) {
      if (inferAt >= 0) ctx.fail(`Reshape shape [${target.map((x) => x ?? '?').join(', ')}] has more than one -1`);
      inferAt = i;
      return null;
    }
    if (v < -1n) ctx.fail(`Reshape shape has invalid dim ${v}`);
    return d;
  });
  if (allowZero && inferAt >= 0 && out.some((d) => d?.value === 0n)) ctx.fail('Reshape with allowzero=1 has both 0 and -1');
  if (inferAt >= 0 && input) {
    const total = numElements(input);
    const rest = numElements(out.filter((_, i) => i !== inferAt));
    if (total && rest) {
      if (rest.value === 0n) {
        if (total.value !== 0n) ctx.fail(`Reshape cannot infer -1: the other dims multiply to 0`);
      } else if (total.isConst() && rest.isConst()) {
        if (total.value! % rest.value! !== 0n) ctx.fail(`Reshape cannot split ${total} elements into [${out.map((d, i) => (i === inferAt ? -1 : d)).join(', ')}]`);
        out[inferAt] = P.n(total.value! / rest.value!);
      } else {
        out[inferAt] = total.floorDiv(rest);
      }
    }
  } else if (input && out.every((d) => d?.isConst())) {
    const total = numElements(input);
    const n = numElements(out)!;
    if (total?.isConst() && !total.equals(n)) ctx.fail(`Reshape of ${total} elements into [${out.join(', ')}] (${n} elements)`);
  }
  return out;
}

const reshape = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Reshape', since,
  infer: (ctx) => {
    const target = targetShape(ctx);
    const allowZero = since >= 14 && ctx.attrs.int('allowzero', 0) !== 0;
    return [tensorType(ctx.dtype(0), target ? reshapeDims(ctx, ctx.shape(0), target, allowZero) : null)];
  },
  propagate: reshapeValue,
  cost: dataMovement,
  costNote: MOVE,
});

const flatten: OpRule = {
  domain: 'ai.onnx', opType: 'Flatten', since: 1,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const axis = ctx.attrs.int('axis', 1);
    if (!s) return [tensorType(ctx.dtype(0), [null, null])];
    if (axis < -s.length || axis > s.length) ctx.fail(`Flatten axis ${axis} out of range for rank ${s.length}`);
    const a = axis < 0 ? axis + s.length : axis;
    return [tensorType(ctx.dtype(0), [numElements(s.slice(0, a)), numElements(s.slice(a))])];
  },
  propagate: reshapeValue,
  cost: dataMovement,
  costNote: MOVE,
};

/** Squeeze: `axes` attribute before 13, input from 13; no axes removes every dim known to be 1. */
const squeeze = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Squeeze', since,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const axes = axesFrom(ctx, 'axes', since >= 13 ? 1 : -1);
    if (!s) return [tensorType(ctx.dtype(0), null)];
    if (axes === undefined) {
      // axes given at run time: the rank drops by their count, which dims go is unknown
      const k = vectorLength(ctx, 1);
      if (k !== undefined && k > s.length) ctx.fail(`Squeeze of ${k} axes on a rank-${s.length} input`);
      return [tensorType(ctx.dtype(0), k === undefined ? null : new Array<Dim>(s.length - k).fill(null))];
    }
    if (axes === null) {
      if (s.some((d) => !d?.isConst())) return [tensorType(ctx.dtype(0), null)]; // which dims are 1 is unknown
      return [tensorType(ctx.dtype(0), s.filter((d) => d!.value !== 1n))];
    }
    const drop = normalizeAxes(axes, s.length);
    for (const a of drop) {
      const d = s[a];
      if (d?.isConst() && d.value !== 1n) ctx.fail(`Squeeze axis ${a} has dim ${d}, not 1`);
    }
    return [tensorType(ctx.dtype(0), s.filter((_, i) => !drop.includes(i)))];
  },
  propagate: reshapeValue,
  cost: dataMovement,
  costNote: MOVE,
});

/** Unsqueeze: axes index the output (rank + number of axes). */
const unsqueeze = (since: number): OpRule => ({
  domain: 'ai.onnx', opType: 'Unsqueeze', since,
  infer: (ctx) => {
    const s = ctx.shape(0);
    const axes = axesFrom(ctx, 'axes', since >= 13 ? 1 : -1);
    if (axes === null) return ctx.fail('Unsqueeze needs axes');
    if (!s) return [tensorType(ctx.dtype(0), null)];
    if (axes === undefined) {
      const k = vectorLength(ctx, 1);
      if (k !== undefined && s.length + k > MAX_RANK) ctx.fail(`Unsqueeze to rank ${s.length + k} is beyond the largest supported rank (${MAX_RANK})`);
      return [tensorType(ctx.dtype(0), k === undefined ? null : new Array<Dim>(s.length + k).fill(null))];
    }
    const rank = s.length + axes.length;
    const at = normalizeAxes(axes, rank);
    const out: Dim[] = [];
    let k = 0;
    for (let i = 0; i < rank; i++) out.push(at.includes(i) ? P.one : s[k++]);
    return [tensorType(ctx.dtype(0), out)];
  },
  propagate: reshapeValue,
  cost: dataMovement,
  costNote: MOVE,
});

export const reshapeRules: OpRule[] = [reshape(1), reshape(5), reshape(14), flatten, squeeze(1), squeeze(13), unsqueeze(1), unsqueeze(13)];
