/** A scalar integer input (a length, a size, a step) as a Dim: its value when known, else a fresh symbol. */
import { Dim } from '../../ir/dim';
import { Node } from '../../ir/model';
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
 * One fresh symbol per node and purpose: `infer` and `cost` both re-derive a plan, and must name the same
 * data-dependent size the same way.
 */
const symbols = new WeakMap<Node, Map<string, Poly>>();

export function nodeSymbol(ctx: RuleContext, hint: string): Poly {
  let m = symbols.get(ctx.node);
  if (!m) symbols.set(ctx.node, (m = new Map()));
  let s = m.get(hint);
  if (!s) m.set(hint, (s = ctx.fresh(hint)));
  return s;
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
