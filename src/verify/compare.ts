/**
 * One tensor's inferred type against the runtime's. A known dim, rank or dtype that differs is a mismatch; a dim,
 * rank or dtype the static side left open (symbolic after binding, or unknown) is "unresolved": nothing to
 * contradict, but not confirmed either.
 */
import { summarize } from '../count/aggregate';
import { ValueType } from '../ir/model';
import { TensorTypeText } from './types';

export interface Actual {
  readonly dtype: string;
  readonly shape: readonly number[];
}

export type Verdict = { readonly kind: 'match' } | { readonly kind: 'mismatch' | 'unresolved'; readonly problem: string };

export function inferredText(name: string, t: ValueType | null): TensorTypeText {
  const s = summarize(name, t);
  return { dtype: s.dtype, shape: s.shape };
}

export function compareTensor(inferred: ValueType | null, actual: Actual): Verdict {
  const wrong: string[] = [];
  const open: string[] = [];
  if (!inferred) return { kind: 'unresolved', problem: 'type unknown' };
  if (inferred.kind !== 'tensor') return { kind: 'mismatch', problem: `inferred a ${inferred.kind}, the runtime returned a tensor` };
  const dtype = inferredText('', inferred).dtype;
  if (dtype === '?') open.push('dtype unknown');
  else if (dtype !== actual.dtype) wrong.push(`dtype ${dtype} vs ${actual.dtype}`);
  const shape = inferred.shape;
  if (!shape) open.push('rank unknown');
  else if (shape.length !== actual.shape.length) wrong.push(`rank ${shape.length} vs ${actual.shape.length}`);
  else {
    shape.forEach((d, i) => {
      const v = d?.value;
      if (d === null) open.push(`dim ${i} unknown`);
      else if (v === undefined) open.push(`dim ${i} symbolic (${d})`);
      else if (v !== BigInt(actual.shape[i])) wrong.push(`dim ${i}: ${v} vs ${actual.shape[i]}`);
    });
  }
  if (wrong.length) return { kind: 'mismatch', problem: wrong.join('; ') };
  if (open.length) return { kind: 'unresolved', problem: open.join('; ') };
  return { kind: 'match' };
}
