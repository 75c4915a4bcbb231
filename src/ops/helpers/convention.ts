/**
 * The counting convention's shared constants (ARCHITECTURE.md §4, docs/COUNTING.md). Every family prices
 * reductions and transcendentals through here, so a fused operator and its decomposition agree by construction.
 */
import { Poly, P } from '../../ir/poly';
import { ComputeCost } from '../types';
import { compute } from './cost';

export const CONVENTION_VERSION = '1';

/** Elementwise operators whose one FLOP is also tallied as transcendental. */
export const TRANSCENDENTAL_OPS: ReadonlySet<string> = new Set([
  'Exp', 'Log', 'Pow', 'Sqrt', 'Tanh', 'Sigmoid', 'Erf', 'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan',
  'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh',
]);

export type ReductionKind = 'sum' | 'max' | 'min' | 'prod' | 'mean' | 'sumSquare' | 'l1' | 'l2' | 'logSum' | 'logSumExp' | 'arg';

/**
 * A reduction of `inN` input elements to `outN` output elements. One FLOP per input element per accumulation
 * (n, not n − 1: the polynomial stays clean and a reduce over one element is not free), plus the per-output
 * finishing operation: ReduceMean divides, ReduceL2 takes a square root, ReduceLogSum a log.
 */
export function reductionCost(kind: ReductionKind, inN: Poly, outN: Poly): ComputeCost {
  switch (kind) {
    case 'sum': case 'max': case 'min': case 'prod': case 'arg':
      return compute({ other: inN });
    case 'mean':
      return compute({ other: inN.add(outN) });
    case 'sumSquare': case 'l1':
      return compute({ other: inN.scale(2n) });
    case 'l2':
      return compute({ other: inN.scale(2n).add(outN), transcendental: outN });
    case 'logSum':
      return compute({ other: inN.add(outN), transcendental: outN });
    case 'logSumExp':
      // function body (opset 18): Exp, ReduceSum, Log
      return compute({ other: inN.scale(2n).add(outN), transcendental: inN.add(outN) });
  }
}

export { P };
