/**
 * Bytes of a tensor type, memoized per type object: a tensor's producer output and each consumer's input are the
 * same object, so lifetimes, traffic and the LLM view compute each size once.
 */
import { ValueType } from '../ir/model';
import { Poly } from '../ir/poly';
import { bytesOf } from '../ops/helpers/cost';

const memo = new WeakMap<object, Poly | null>();

export function tensorBytes(t: ValueType | null | undefined): Poly | null {
  if (!t) return null;
  let b = memo.get(t);
  if (b === undefined) memo.set(t, (b = bytesOf(t)));
  return b;
}
