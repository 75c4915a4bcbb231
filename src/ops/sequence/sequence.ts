/**
 * Sequence construction and access (opset 11): pure data movement, 0 FLOPs. A sequence's element type is the
 * union of what was put in: equal dims kept, differing dims a fresh symbol (per-element sizes), and an element of
 * unknown rank — an empty sequence's — takes the shape of the first tensor inserted. While every step is static
 * (construction, inserts and erases at known positions) the elements are also tracked by position: SequenceAt
 * then gives the exact element and SequenceLength a known value.
 */
import { DataType } from '../../ir/dtype';
import { ValueType } from '../../ir/model';
import { P } from '../../ir/poly';
import { dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { intValues } from '../helpers/values';
import { OpRule, RuleContext } from '../types';
import { mergeTypes } from '../controlflow/merge';
import { sequenceElem, sequenceItems, sequenceOf } from './elements';

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

/**
 * Input i's position in a sequence of n elements, counted from the front: `fallback` when the input is absent,
 * undefined when its value is not known. Negative positions count from the back; an insert may also go at n.
 */
function positionAt(ctx: RuleContext, i: number, n: number, fallback: number, insert: boolean): number | undefined {
  if (!ctx.has(i)) return fallback;
  const p = intValues(ctx, i)?.[0];
  if (p === undefined) return undefined;
  const last = insert ? n : n - 1;
  if (p < -n || p > last) ctx.fail(`position ${p} is out of range [${-n}, ${last}] for a sequence of ${n}`);
  return p < 0 ? p + n : p;
}

const rule = (opType: string, infer: OpRule['infer'], costNote = 'data movement', propagate?: OpRule['propagate']): OpRule => ({
  domain: 'ai.onnx', opType, since: 11, infer, cost: dataMovement, costNote, ...(propagate ? { propagate } : {}),
});

export const sequenceRules: OpRule[] = [
  rule('SequenceEmpty', (ctx) => [sequenceOf(tensorType(ctx.attrs.int('dtype', DataType.FLOAT), null), [])]),
  rule('SequenceConstruct', (ctx) => {
    if (ctx.inputCount === 0) ctx.fail('SequenceConstruct needs at least one input');
    let elem: ValueType | null = ctx.tensor(0);
    for (let i = 1; i < ctx.inputCount; i++) elem = union(ctx, elem, ctx.tensor(i));
    return [sequenceOf(elem, Array.from({ length: ctx.inputCount }, (_, i) => ctx.tensor(i)))];
  }),
  rule('SequenceAt', (ctx) => {
    position(ctx, 1);
    const items = sequenceItems(ctx, 0);
    const at = items && positionAt(ctx, 1, items.length, 0, false);
    // a known element is exact; otherwise the union of all of them
    return [items && at !== undefined && items[at] ? items[at] : sequenceElem(ctx, 0)];
  }),
  rule('SequenceErase', (ctx) => {
    if (ctx.has(1)) position(ctx, 1);
    const elem = sequenceElem(ctx, 0);
    const items = sequenceItems(ctx, 0);
    if (items && items.length === 0) ctx.fail('SequenceErase on an empty sequence');
    const at = items && positionAt(ctx, 1, items.length, items.length - 1, false);
    return [sequenceOf(elem, items && at !== undefined ? items.filter((_, k) => k !== at) : undefined)];
  }),
  rule('SequenceInsert', (ctx) => {
    if (ctx.has(2)) position(ctx, 2);
    const items = sequenceItems(ctx, 0);
    const at = items && positionAt(ctx, 2, items.length, items.length, true);
    const next = items && at !== undefined ? [...items.slice(0, at), ctx.tensor(1), ...items.slice(at)] : undefined;
    return [sequenceOf(union(ctx, sequenceElem(ctx, 0), ctx.tensor(1)), next)];
  }),
  rule('SequenceLength', (ctx) => {
    sequenceElem(ctx, 0);
    return [tensorType(DataType.INT64, [])];
  }, 'data movement', (ctx) => {
    const items = sequenceItems(ctx, 0);
    return items ? [{ dtype: DataType.INT64, shape: [], ints: [P.n(items.length)] }] : [];
  }),
];
