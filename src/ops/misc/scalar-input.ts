/** A scalar integer input (a length, a size, a step) as a Dim: its value when known, else a fresh symbol. */
import { Dim } from '../../ir/dim';
import { Poly } from '../../ir/poly';
import { dimValues } from '../helpers/values';
import { RuleContext } from '../types';

/** The value of scalar input i (symbolic allowed); undefined when not known at analysis time. */
export function knownScalarDim(ctx: RuleContext, i: number): Dim | undefined {
  const v = dimValues(ctx, i);
  if (!v || v.length !== 1 || v[0] === null) return undefined;
  return v[0];
}

/**
 * The node's fresh symbol for a data-dependent size named after `hint`. `infer` and `cost` both re-derive a plan and
 * must name the same size the same way: Context.fresh gives the k-th symbol of a hint in every phase the same, so the
 * plans agree. (A cache keyed by node outlived the analysis: a second analysis of the same model, as `--sweep` runs
 * one per value, got the first one's symbol, made without its `--dim` binding, and stayed symbolic.)
 */
export function nodeSymbol(ctx: RuleContext, hint: string): Poly {
  return ctx.fresh(hint);
}

/** Scalar input i's value, or this node's symbol named after `hint` (the size is data-dependent). */
export function scalarDim(ctx: RuleContext, i: number, hint: string): Dim {
  const d = knownScalarDim(ctx, i);
  if (d !== undefined) {
    if (d && d.value !== undefined && d.value < 0n) ctx.fail(`${hint} ${d.value} is negative`);
    return d;
  }
  return nodeSymbol(ctx, hint);
}
