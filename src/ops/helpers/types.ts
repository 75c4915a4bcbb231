/** Building output types. */
import { Dim } from '../../ir/dim';
import { TensorType, ValueType } from '../../ir/model';

export function tensorType(dtype: number, shape: readonly Dim[] | null): TensorType {
  return { kind: 'tensor', dtype, shape };
}

export function isTensor(t: ValueType | null): t is TensorType {
  return t !== null && t.kind === 'tensor';
}

/** The same element type as `t` with a new shape. */
export function withShape(t: TensorType | null, shape: readonly Dim[] | null, dtype?: number): TensorType {
  return tensorType(dtype ?? t?.dtype ?? 0, shape);
}
