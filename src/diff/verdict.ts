/**
 * The verdict of a diff, the one place the text, the JSON and the exit code take it from. It gates on the --metric
 * totals (MACs, FLOPs or both) with the tolerance decided exactly on integers (tolerance.ts):
 * - identical: the same graph (identity.ts), weights equal or not comparable — every count is then equal too;
 * - same: the gated totals are equal;
 * - withinTolerance: they differ, by no more than the tolerance;
 * - different: one differs by more, or differs while symbolic (a polynomial is compared only for identity).
 * Exit code 0 for the first three, 1 for different.
 */
import { Identity } from './identity';
import { withinTolerance } from './tolerance';

export type DiffMetric = 'macs' | 'flops' | 'both';
export type VerdictResult = 'identical' | 'same' | 'withinTolerance' | 'different';

export interface Verdict {
  readonly result: VerdictResult;
  /** Which totals decide it. */
  readonly metric: DiffMetric;
  readonly tolerancePct: number;
  /** The exit code of `onnxscope diff` for it: 0, or 1 when different. */
  readonly exitCode: 0 | 1;
}

export interface Totals2 {
  readonly a: string;
  readonly b: string;
}

export function gatedMetrics(metric: DiffMetric): ('macs' | 'flops')[] {
  return metric === 'both' ? ['macs', 'flops'] : [metric];
}

export function decideVerdict(identity: Identity, totals: { readonly macs: Totals2; readonly flops: Totals2 }, metric: DiffMetric, tolerancePct: number): Verdict {
  const gated = gatedMetrics(metric).map((m) => totals[m]);
  const result: VerdictResult = identity.graph && identity.weights !== 'differ' ? 'identical'
    : gated.every((t) => t.a === t.b) ? 'same'
      : gated.every((t) => withinTolerance(t.a, t.b, tolerancePct)) ? 'withinTolerance'
        : 'different';
  return { result, metric, tolerancePct, exitCode: result === 'different' ? 1 : 0 };
}
