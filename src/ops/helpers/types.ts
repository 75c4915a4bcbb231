/** Building output types. */
import { Dim } from '../../ir/dim';
import { TensorType } from '../../ir/model';

export function tensorType(dtype: number, shape: readonly Dim[] | null): TensorType {
  return { kind: 'tensor', dtype, shape };
}
