/** Bytes of a tensor type, memoized per type object (bytesOf in ops/helpers/cost.ts): the memory analysis's name for it. */
import { ValueType } from '../ir/model';
import { Poly } from '../ir/poly';
import { bytesOf } from '../ops/helpers/cost';

export function tensorBytes(t: ValueType | null | undefined): Poly | null {
  return bytesOf(t);
}
