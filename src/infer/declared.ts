/** Merging a declared type (value_info, graph outputs) with the inferred one. */
import { Dim, shapeToString } from '../ir/dim';
import { ValueType } from '../ir/model';

/**
 * Inferred dims win; a declared dim fills an unknown one. Known dims that differ, a rank mismatch or a dtype
 * mismatch are reported through `report` (naming both shapes) and the inferred type is kept.
 */
export function mergeDeclared(inferred: ValueType | null, declared: ValueType, name: string, report: (m: string) => void): ValueType | null {
  if (!inferred) return declared;
  if (inferred.kind !== 'tensor' || declared.kind !== 'tensor') return inferred;
  if (inferred.dtype && declared.dtype && inferred.dtype !== declared.dtype) {
    report(`tensor '${name}': declared element type ${declared.dtype} conflicts with inferred ${inferred.dtype}`);
  }
  const dtype = inferred.dtype || declared.dtype;
  if (!declared.shape) return { ...inferred, dtype };
  if (!inferred.shape) return { ...inferred, dtype, shape: declared.shape };
  if (inferred.shape.length !== declared.shape.length) {
    report(`tensor '${name}': declared shape ${shapeToString(declared.shape)} conflicts with inferred ${shapeToString(inferred.shape)}`);
    return { ...inferred, dtype };
  }
  let conflict = false;
  const shape: Dim[] = inferred.shape.map((d, i) => {
    const e = declared.shape![i];
    if (d === null) return e;
    if (e !== null && d.isConst() && e.isConst() && !d.equals(e)) conflict = true;
    return d;
  });
  if (conflict) report(`tensor '${name}': declared shape ${shapeToString(declared.shape)} conflicts with inferred ${shapeToString(inferred.shape)}`);
  return { kind: 'tensor', dtype, shape };
}
