/**
 * SplitToSequence (11; 24 only widened types) and ConcatFromSequence (11): data movement. A concatenated length
 * is the sum of the elements' dims when the sequence's elements are known by position (SequenceConstruct...), else
 * a fresh symbol, as is the number of elements.
 */
import { Dim } from '../../ir/dim';
import { ValueType } from '../../ir/model';
import { P } from '../../ir/poly';
import { normalizeAxis } from '../helpers/axes';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { OpRule, RuleContext } from '../types';
import { sequenceElem, sequenceItems, sequenceOf } from './elements';

/** The size of each chunk along the axis: one number when every chunk has it, else a fresh symbol. */
function chunkDim(ctx: RuleContext, whole: Dim): Dim {
  const splitShape = ctx.shape(1);
  const values = intValues(ctx, 1);
  if (!values) return ctx.fresh('split');
  if (values.some((v) => v < 0)) ctx.fail(`split [${values.join(', ')}] has a negative length`);
  const scalar = splitShape ? splitShape.length === 0 : values.length === 1 && ctx.value(1)!.shape.length === 0;
  if (scalar) {
    const s = values[0];
    if (s === 0) ctx.fail('split 0: chunks must be positive');
    // the last chunk is smaller unless the axis divides evenly
    return whole && whole.isConst() && whole.value! % BigInt(s) === 0n ? P.n(s) : ctx.fresh('split');
  }
  const sum = values.reduce((a, b) => a + b, 0);
  if (whole && whole.isConst() && whole.value !== BigInt(sum)) ctx.fail(`split [${values.join(', ')}] sums to ${sum}, the axis has ${whole}`);
  return values.every((v) => v === values[0]) && values.length ? P.n(values[0]) : ctx.fresh('split');
}

/** The sum of the elements' dims along the axis, when the sequence's elements are known by position. */
function concatLength(ctx: RuleContext, items: readonly (ValueType | null)[], axis: number, rank: number): Dim | undefined {
  if (items.length === 0) ctx.fail('ConcatFromSequence of an empty sequence');
  let sum: Dim = P.zero;
  for (const t of items) {
    if (!t || t.kind !== 'tensor' || !t.shape) return undefined;
    if (t.shape.length !== rank) ctx.fail(`sequence elements of rank ${t.shape.length} and ${rank}`);
    const d: Dim = t.shape[axis];
    if (d === null) return undefined;
    sum = sum.add(d);
  }
  return sum;
}

export const splitConcatRules: OpRule[] = [
  {
    domain: 'ai.onnx', opType: 'SplitToSequence', since: 11, cost: dataMovement, costNote: 'data movement',
    infer: (ctx) => {
      const s = ctx.shape(0);
      if (!s) return [sequenceOf(tensorType(ctx.dtype(0), null))];
      const axis = normalizeAxis(ctx.attrs.int('axis', 0), s.length);
      const shape = [...s];
      if (ctx.has(1)) shape[axis] = chunkDim(ctx, s[axis]);
      else if (ctx.attrs.int('keepdims', 1)) shape[axis] = P.one;
      else shape.splice(axis, 1);
      return [sequenceOf(tensorType(ctx.dtype(0), shape))];
    },
  },
  {
    domain: 'ai.onnx', opType: 'ConcatFromSequence', since: 11, cost: dataMovement, costNote: 'data movement',
    infer: (ctx) => {
      const elem = sequenceElem(ctx, 0);
      if (!ctx.attrs.has('axis')) ctx.fail(`attribute 'axis' is required`);
      const newAxis = ctx.attrs.int('new_axis', 0) !== 0;
      const dtype = elem && elem.kind === 'tensor' ? elem.dtype : 0;
      if (!elem || elem.kind !== 'tensor' || !elem.shape) return [tensorType(dtype, null)];
      const shape = [...elem.shape];
      const axis = normalizeAxis(ctx.attrs.int('axis', 0), shape.length + (newAxis ? 1 : 0));
      const items = sequenceItems(ctx, 0);
      if (newAxis) shape.splice(axis, 0, items ? P.n(items.length) : ctx.fresh('seq_len'));
      else shape[axis] = (items && concatLength(ctx, items, axis, shape.length)) ?? ctx.fresh('concat');
      return [tensorType(dtype, shape)];
    },
  },
];
