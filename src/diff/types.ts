/** The diff report (schemas/diff.schema.json). Counts are exact strings as in the analysis report. */
import { Count } from '../count/report-types';
import type { Envelope, ModelInfo } from '../envelope';
import { Family } from './families';

export interface MetricRow {
  readonly metric: 'macs' | 'flops' | 'transcendentals' | 'params' | 'weightBytes';
  readonly a: Count;
  readonly b: Count;
  readonly delta: Count;
  /** (b − a) / a in percent with two decimals; null when not numeric or a is 0. */
  readonly deltaPct: number | null;
}

export interface SideCounts {
  readonly nodes: number;
  readonly macs: Count;
  readonly flops: Count;
}

export interface FamilyRow {
  readonly family: Family;
  readonly a: SideCounts;
  readonly b: SideCounts;
  readonly deltaFlops: Count;
}

export interface GroupSide {
  /** Node names (op type and output when unnamed). */
  readonly nodes: string[];
  readonly opTypes: Record<string, number>;
  readonly macs: Count;
  readonly flops: Count;
}

export interface GroupRow {
  readonly kind: 'matched' | 'changed' | 'onlyA' | 'onlyB' | 'prologue';
  /** The contraction that anchors the group on each side ("GRU 'gru'"), if any. */
  readonly anchorA: string | null;
  readonly anchorB: string | null;
  readonly a: GroupSide;
  readonly b: GroupSide;
  readonly deltaMacs: Count;
  readonly deltaFlops: Count;
  readonly explanations: string[];
}

export interface DiffReport extends Envelope<'diff'> {
  readonly a: ModelInfo;
  readonly b: ModelInfo;
  readonly tolerancePct: number;
  /** Amounts (counts, as strings) side by side. */
  readonly summary: MetricRow[];
  /** Node tallies side by side (numbers, as every tally of nodes). */
  readonly nodes: { readonly a: number; readonly b: number };
  readonly byFamily: FamilyRow[];
  readonly groups: GroupRow[];
  readonly unmatched: { readonly a: string[]; readonly b: string[] };
  /** Model-level explanations (input shapes, uncounted operators, folding), one line each. */
  readonly explanations: string[];
  readonly agree: { readonly macs: boolean; readonly flops: boolean };
  /** True when either side's totals are a lower bound (some node uncounted). */
  readonly lowerBound: boolean;
}
