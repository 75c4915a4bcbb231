/** Reading sequence and optional inputs: their element types, with a clear failure for a wrong kind. */
import { SequenceType, ValueType } from '../../ir/model';
import { RuleContext } from '../types';

/** Input i's element type when it is a sequence; null when unknown; fails when it is known to be something else. */
export function sequenceElem(ctx: RuleContext, i: number): ValueType | null {
  const t = ctx.type(i);
  if (t === null) return null;
  if (t.kind !== 'sequence') ctx.fail(`input ${i} ('${ctx.node.inputs[i]}') is a ${t.kind}, not a sequence`);
  return t.elem;
}

export function sequenceOf(elem: ValueType | null, items?: readonly (ValueType | null)[]): SequenceType {
  return items ? { kind: 'sequence', elem, items } : { kind: 'sequence', elem };
}

/** Input i's element types by position, when the sequence was built statically; undefined otherwise. */
export function sequenceItems(ctx: RuleContext, i: number): readonly (ValueType | null)[] | undefined {
  const t = ctx.type(i);
  return t?.kind === 'sequence' ? t.items : undefined;
}
