import { Poly } from './poly';

/**
 * A tensor dimension has three states: a known integer (a constant Poly), a symbolic expression (a Poly over
 * named dims), or unknown (null). Arithmetic with an unknown operand is unknown, never an invented number.
 */
export type Dim = Poly | null;

export function dimAdd(a: Dim, b: Dim): Dim {
  return a && b ? a.add(b) : null;
}
export function dimSub(a: Dim, b: Dim): Dim {
  return a && b ? a.sub(b) : null;
}
export function dimMul(a: Dim, b: Dim): Dim {
  return a && b ? a.mul(b) : null;
}
/** floor(a / b); unknown when b is zero (the rule decides whether that is an error). */
export function dimFloorDiv(a: Dim, b: Dim): Dim {
  if (!a || !b || b.value === 0n) return null;
  return a.floorDiv(b);
}
export function dimCeilDiv(a: Dim, b: Dim): Dim {
  if (!a || !b || b.value === 0n) return null;
  return a.ceilDiv(b);
}

/** Product of dims (the element count); unknown if any dim is. */
export function numElements(shape: readonly Dim[]): Dim {
  let acc: Dim = Poly.const(1);
  for (const d of shape) {
    acc = dimMul(acc, d);
    if (!acc) return null;
  }
  return acc;
}

export function dimEquals(a: Dim, b: Dim): boolean {
  return a !== null && b !== null && a.equals(b);
}

/** JSON/human form of a dim: a number when known and safe, the expression text when symbolic, '?' when unknown. */
export function dimToJson(d: Dim): number | string {
  if (d === null) return '?';
  const n = d.toNumber();
  return n !== undefined ? n : d.toString();
}

export function shapeToString(shape: readonly Dim[] | null | undefined): string {
  if (!shape) return '?';
  return `[${shape.map((d) => dimToJson(d)).join(', ')}]`;
}
