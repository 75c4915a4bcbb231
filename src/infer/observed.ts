/**
 * Merging a shape observed in a real run (analyze --runtime-shapes) into the inferred type: the observed value
 * fills every dim that inference left unknown or symbolic (a fresh symbol: after binding, the input symbols are all
 * numbers), and an unknown dtype or rank. Known dims are never replaced: a disagreement is verify's business, and
 * a filled dim is announced through `filled`, so that a report never passes off an observed shape as inferred.
 */
import { shapeToString } from '../ir/dim';
import { ValueType } from '../ir/model';
import { P } from '../ir/poly';

export interface ObservedType {
  readonly dtype: number;
  readonly shape: readonly number[];
}

export function mergeObserved(inferred: ValueType | null, observed: ObservedType, name: string, filled: (m: string) => void): ValueType | null {
  if (inferred && inferred.kind !== 'tensor') return inferred;
  const shape = observed.shape.map((d) => P.n(BigInt(d)));
  if (!inferred || !inferred.shape || inferred.shape.length !== observed.shape.length) {
    if (inferred?.shape && inferred.shape.length !== observed.shape.length) return inferred;
    filled(`tensor '${name}': shape ${shapeToString(shape)} observed at run time (inference could not tell the rank)`);
    return { kind: 'tensor', dtype: inferred?.dtype || observed.dtype, shape };
  }
  const open = inferred.shape.map((d, i) => (d === null || !d.isConst() ? i : -1)).filter((i) => i >= 0);
  if (open.length === 0 && inferred.dtype) return inferred;
  const merged = inferred.shape.map((d, i) => (open.includes(i) ? shape[i] : d));
  if (open.length) filled(`tensor '${name}': dim${open.length === 1 ? '' : 's'} ${open.join(', ')} of ${shapeToString(inferred.shape)} observed at run time: ${shapeToString(merged)}`);
  return { kind: 'tensor', dtype: inferred.dtype || observed.dtype, shape: merged };
}
