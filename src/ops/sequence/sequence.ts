/**
 * Sequence construction and access (opset 11): pure data movement, 0 FLOPs. A sequence's element type is the
 * union of what was put in: equal dims kept, differing dims a fresh symbol (per-element sizes), and an element of
 * unknown rank — an empty sequence's — takes the shape of the first tensor inserted.
 */
import { DataType } from '../../ir/dtype';
import { ValueType } from '../../ir/model';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule, RuleContext } from '../types';
import { mergeTypes } from '../controlflow/merge';
import { sequenceElem, sequenceOf } from './elements';

function union(ctx: RuleContext, a: ValueType | null, b: ValueType | null): ValueType | null {
  if (a && b && a.kind === 'tensor' && b.kind === 'tensor' && a.dtype && b.dtype && a.dtype !== b.dtype) {
    ctx.fail(`sequence elements of element types ${a.dtype} and ${b.dtype}`);
  }
  return mergeTypes(a, b, { fresh: (h) => ctx.fresh(h), unknownRankIsOpen: true });
}

/** The spec asks for a scalar; the backend suite itself passes a one-element vector, which runtimes accept. */
function position(ctx: RuleContext, i: number): void {
  const s = ctx.shape(i);
  const single = s && (s.length === 0 || (s.length === 1 && (s[0] === null || s[0].value === 1n)));
  if (s && !single) ctx.fail(`position must be a scalar, got shape [${s.map((d) => d?.toString() ?? '?').join(', ')}]`);
}

const rule = (opType: string, infer: OpRule['infer'], costNote = 'data movement'): OpRule => ({
  domain: 'ai.onnx', opType, since: 11, infer, cost: dataMovement, costNote,
});

export const sequenceRules: OpRule[] = [
  rule('SequenceEmpty', (ctx) => [sequenceOf(tensorType(ctx.attrs.int('dtype', DataType.FLOAT), null))]),
  rule('SequenceConstruct', (ctx) => {
    if (ctx.inputCount === 0) ctx.fail('SequenceConstruct needs at least one input');
    let elem: ValueType | null = ctx.tensor(0);
    for (let i = 1; i < ctx.inputCount; i++) elem = union(ctx, elem, ctx.tensor(i));
    return [sequenceOf(elem)];
  }),
  rule('SequenceAt', (ctx) => {
    position(ctx, 1);
    return [sequenceElem(ctx, 0)];
  }),
  rule('SequenceErase', (ctx) => {
    if (ctx.has(1)) position(ctx, 1);
    sequenceElem(ctx, 0);
    return [ctx.type(0)];
  }),
  rule('SequenceInsert', (ctx) => {
    if (ctx.has(2)) position(ctx, 2);
    return [sequenceOf(union(ctx, sequenceElem(ctx, 0), ctx.tensor(1)))];
  }),
  rule('SequenceLength', (ctx) => {
    sequenceElem(ctx, 0);
    return [tensorType(DataType.INT64, [])];
  }),
];
