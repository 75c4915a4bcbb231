/**
 * The cost vocabulary (ARCHITECTURE.md §4). Rules build their Cost with these so that the convention lives in
 * one place: FLOPs = 2 × macs + other, transcendentals tallied apart, data movement 0 FLOPs with bytes moved.
 */
import { Dim, numElements } from '../../ir/dim';
import { dtypeBits } from '../../ir/dtype';
import { ValueType } from '../../ir/model';
import { P, Poly } from '../../ir/poly';
import { ComputeCost, Cost, CostFn, RuleContext } from '../types';

export function compute(parts: { macs?: Poly; other?: Poly; transcendental?: Poly; notes?: string[] }): ComputeCost {
  return {
    kind: 'compute',
    macs: parts.macs ?? P.zero,
    other: parts.other ?? P.zero,
    transcendental: parts.transcendental ?? P.zero,
    ...(parts.notes && parts.notes.length ? { notes: parts.notes } : {}),
  };
}

export const ZERO_COST: ComputeCost = compute({});

export function unknownCost(reason: string): Cost {
  return { kind: 'unknown', reason };
}

/** Sum of compute costs (bodies, decompositions). */
export function addCosts(...costs: ComputeCost[]): ComputeCost {
  return {
    kind: 'compute',
    macs: P.sum(costs.map((c) => c.macs)),
    other: P.sum(costs.map((c) => c.other)),
    transcendental: P.sum(costs.map((c) => c.transcendental)),
    uncounted: costs.flatMap((c) => c.uncounted ?? []),
    notes: costs.flatMap((c) => c.notes ?? []),
  };
}

export function scaleCost(c: ComputeCost, k: Poly): ComputeCost {
  return { ...c, macs: c.macs.mul(k), other: c.other.mul(k), transcendental: c.transcendental.mul(k) };
}

/** Element count of a value type (tensors only); null when unknown. */
export function elementsOf(t: ValueType | null | undefined): Dim {
  if (!t || (t.kind !== 'tensor' && t.kind !== 'sparse') || !t.shape) return null;
  return numElements(t.shape);
}

/**
 * Bytes of a tensor value; null when its shape or element size is unknown. Memoized per type object: a tensor's
 * producer output and its consumers' inputs are one object, and equal types are shared (infer/intern.ts), so the
 * report, lifetimes, traffic and the LLM view compute each size once.
 */
export function bytesOf(t: ValueType | null | undefined): Dim {
  if (!t) return null;
  let b = bytesMemo.get(t);
  if (b === undefined) bytesMemo.set(t, (b = computeBytes(t)));
  return b;
}

const bytesMemo = new WeakMap<object, Dim>();

function computeBytes(t: ValueType): Dim {
  const n = elementsOf(t);
  if (!n || (t.kind !== 'tensor' && t.kind !== 'sparse')) return null;
  const bits = dtypeBits(t.dtype);
  if (bits === undefined) return null;
  return n.mul(P.n(bits)).ceilDiv(P.n(8));
}

/** Output i's element count, or null. */
export function outElements(ctx: RuleContext, i = 0): Dim {
  return elementsOf(ctx.outputs[i]);
}

/** 0 FLOPs; bytes moved = bytes of all outputs. */
export const dataMovement: CostFn = (ctx) => {
  let total: Poly | null = P.zero;
  for (const o of ctx.outputs) {
    const b = bytesOf(o);
    total = total && b ? total.add(b) : null;
  }
  return { kind: 'dataMovement', bytesMoved: total };
};

/**
 * `perElement` arithmetic operations per element of output 0, of which `transcendental` are transcendental.
 * Unknown output shape makes the cost unknown (never a silent zero).
 */
export function perOutputElement(perElement: number, transcendental = 0): CostFn {
  return (ctx) => {
    const n = outElements(ctx, 0);
    if (!n) return unknownCost('output shape unknown');
    return compute({ other: n.mul(P.n(perElement)), transcendental: n.mul(P.n(transcendental)) });
  };
}
