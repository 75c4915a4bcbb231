/** Reading analysis-time values of inputs (shape constants, axes, scalars) in the forms rules need. */
import { Dim } from '../../ir/dim';
import { RuleContext } from '../types';

/** Input i's integer elements as safe JS numbers; undefined when not known or any element is symbolic. */
export function intValues(ctx: RuleContext, i: number): number[] | undefined {
  const v = ctx.value(i);
  return v?.ints ? dimsAsNumbers(v.ints) : undefined;
}

/** Integer elements as safe JS numbers; undefined when any is symbolic, unknown or beyond ±2^53. */
export function dimsAsNumbers(ints: readonly Dim[]): number[] | undefined {
  const out: number[] = [];
  for (const d of ints) {
    const n = d?.toNumber();
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** Input i's integer elements as Dims (symbolic allowed, unknown as null); undefined when not known at all. */
export function dimValues(ctx: RuleContext, i: number): readonly Dim[] | undefined {
  return ctx.value(i)?.ints;
}

/** Input i as one scalar number (int or float); undefined when not known. */
export function scalarValue(ctx: RuleContext, i: number): number | undefined {
  const v = ctx.value(i);
  if (!v) return undefined;
  if (v.floats && v.floats.length === 1) return v.floats[0];
  if (v.ints && v.ints.length === 1) return v.ints[0]?.toNumber();
  return undefined;
}
