/** Merging a declared type (value_info, graph outputs) with the inferred one. */
import { Dim, shapeToString } from '../ir/dim';
import { ValueType } from '../ir/model';

/**
 * Inferred dims win; a declared dim fills an unknown one. Known dims that differ, a rank mismatch or a dtype
 * mismatch are reported through `report` (naming both shapes) and the inferred type is kept. `filled` hears when a
 * declaration supplied what inference could not, so a report never passes off a declared shape as inferred.
 */
export function mergeDeclared(inferred: ValueType | null, declared: ValueType, name: string, report: (m: string) => void,
  filled: (m: string) => void = () => undefined): ValueType | null {
  if (!inferred) {
    filled(`tensor '${name}': type taken from its declaration (inference could not tell)`);
    return declared;
  }
  if (inferred.kind !== 'tensor' || declared.kind !== 'tensor') return inferred;
  if (inferred.dtype && declared.dtype && inferred.dtype !== declared.dtype) {
    report(`tensor '${name}': declared element type ${declared.dtype} conflicts with inferred ${inferred.dtype}`);
  }
  const dtype = inferred.dtype || declared.dtype;
  if (!declared.shape) return { ...inferred, dtype };
  if (!inferred.shape) {
    filled(`tensor '${name}': shape ${shapeToString(declared.shape)} taken from its declaration (inference could not tell the rank)`);
    return { ...inferred, dtype, shape: declared.shape };
  }
  if (inferred.shape.length !== declared.shape.length) {
    report(`tensor '${name}': declared shape ${shapeToString(declared.shape)} conflicts with inferred ${shapeToString(inferred.shape)}`);
    return { ...inferred, dtype };
  }
  let conflict = false;
  let fromDeclaration = false;
  const shape: Dim[] = inferred.shape.map((d, i) => {
    const e = declared.shape![i];
    if (d === null) {
      if (e !== null) fromDeclaration = true;
      return e;
    }
    if (e !== null && d.isConst() && e.isConst() && !d.equals(e)) conflict = true;
    return d;
  });
  if (fromDeclaration) filled(`tensor '${name}': unknown dims of ${shapeToString(inferred.shape)} taken from its declaration ${shapeToString(declared.shape)}`);
  if (conflict) report(`tensor '${name}': declared shape ${shapeToString(declared.shape)} conflicts with inferred ${shapeToString(inferred.shape)}`);
  return { kind: 'tensor', dtype, shape };
}
