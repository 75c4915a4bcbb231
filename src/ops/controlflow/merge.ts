/** Joining the types two paths may produce (If branches, loop-carried values across iterations, sequence elements). */
import { Dim } from '../../ir/dim';
import { ValueType } from '../../ir/model';
import { Poly } from '../../ir/poly';

export interface MergeOptions {
  /** Fresh symbol for a dim the two sides disagree on: the size depends on which path ran. */
  readonly fresh: (hint: string) => Poly;
  /**
   * Treat an element of unknown rank as "no information yet" and take the other side's shape (an empty
   * sequence's element type). Default: unknown rank wins, as in ONNX's UnionShapeInfo.
   */
  readonly unknownRankIsOpen?: boolean;
}

export function sameType(a: ValueType | null, b: ValueType | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'tensor' && b.kind === 'tensor') {
    if (a.dtype !== b.dtype) return false;
    if (!a.shape || !b.shape) return a.shape === b.shape;
    return a.shape.length === b.shape.length && a.shape.every((d, i) => sameDim(d, b.shape![i]));
  }
  if ((a.kind === 'sequence' || a.kind === 'optional') && (b.kind === 'sequence' || b.kind === 'optional')) return sameType(a.elem, b.elem);
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameDim(a: Dim, b: Dim): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}

/** Equal dims kept, differing dims → a fresh symbol, differing ranks → unknown rank, differing kinds → unknown. */
export function mergeTypes(a: ValueType | null, b: ValueType | null, o: MergeOptions): ValueType | null {
  if (a === null || b === null) return null;
  if (a.kind === 'tensor' && b.kind === 'tensor') {
    const dtype = a.dtype === b.dtype ? a.dtype : a.dtype && b.dtype ? 0 : a.dtype || b.dtype;
    if (!a.shape || !b.shape) {
      const open = o.unknownRankIsOpen ? a.shape ?? b.shape : null;
      return { kind: 'tensor', dtype, shape: open };
    }
    if (a.shape.length !== b.shape.length) return { kind: 'tensor', dtype, shape: null };
    const shape = a.shape.map((d, i) => (sameDim(d, b.shape![i]) ? d : o.fresh('merged')));
    return { kind: 'tensor', dtype, shape };
  }
  if (a.kind === 'sequence' && b.kind === 'sequence') return { kind: 'sequence', elem: mergeTypes(a.elem, b.elem, o) };
  if (a.kind === 'optional' && b.kind === 'optional') return { kind: 'optional', elem: mergeTypes(a.elem, b.elem, o) };
  return sameType(a, b) ? a : null;
}
