/** The diff report (schemas/diff.schema.json). Counts are exact strings as in the analysis report. */
import { Count } from '../count/report-types';
import type { Envelope, ModelInfo } from '../envelope';
import { Family } from './families';
import type { Alignment } from './hints';
import type { Identity } from './identity';
import type { Verdict } from './verdict';

export interface MetricRow {
  readonly metric: 'macs' | 'flops' | 'transcendentals' | 'params' | 'weightBytes';
  readonly a: Count;
  readonly b: Count;
  readonly delta: Count;
  /** (b − a) / |a| in percent, a double (not rounded); null when not numeric or a is 0. The verdict is decided on the exact integers. */
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
  /**
   * The group differs: no counterpart, other MACs or FLOPs, other operators (folded nodes aside: shape arithmetic on
   * constants), or other attributes or weights named in its explanations.
   */
  readonly differs: boolean;
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
  /** Each total within the tolerance (equal when symbolic), whatever --metric gates. */
  readonly agree: { readonly macs: boolean; readonly flops: boolean };
  /** The verdict on the gated totals; the CLI's exit code is verdict.exitCode. */
  readonly verdict: Verdict;
  /** Whether the two models are the same graph (and weights). */
  readonly identity: Identity;
  /** How many aligned groups correspond. */
  readonly alignment: Alignment;
  /** Things that make the diff itself doubtful (the models look like different networks). */
  readonly warnings: string[];
  /** What to do next (bind symbolic dims to compare a dynamic export with a static one). */
  readonly hints: string[];
  /** True when either side's totals are a lower bound (some node uncounted). */
  readonly lowerBound: boolean;
  /** With `diff --run`: both models run in onnxruntime-node and compared at the boundaries of aligned groups. */
  readonly run?: DiffRun;
}

/** One aligned group's boundary tensors compared (src/verify/diff-run.ts). */
export interface GroupComparison {
  /** Index into `groups`. */
  readonly group: number;
  /** The boundary tensor on each side. */
  readonly a: string;
  readonly b: string;
  /** How B's tensor was laid onto A's: "same shape", "B transposed [0, 3, 1, 2]", "B reshaped", or why not comparable. */
  readonly mapping: string;
  readonly elements: number;
  /** Largest |a − b|; null when not compared. */
  readonly maxAbs: number | null;
  /** Largest |a − b| / |a|. */
  readonly maxRel: number | null;
  /** Cosine similarity of the two tensors as vectors. */
  readonly cosine: number | null;
  /** Every element within atol + rtol·|a|. */
  readonly within: boolean;
}

export interface DiffRun {
  readonly runtime: { readonly name: 'onnxruntime-node'; readonly version: string };
  readonly seed: number;
  readonly atol: number;
  readonly rtol: number;
  /** The inputs of each run (B's say which input of A they come from, and how). */
  readonly inputs: { readonly a: readonly RunInput[]; readonly b: readonly RunInput[] };
  readonly comparisons: GroupComparison[];
  /** Index into `groups` of the first group, in A's order, not within tolerance; null when all are. */
  readonly firstDivergentGroup: number | null;
  /** Batches of boundary tensors (one run of each model per batch), the budget, the largest batch's estimate, and the process's peak resident memory seen. */
  readonly memory: { readonly batches: number; readonly batchBytes: string; readonly largestBatchBytes: string; readonly peakRssBytes: string };
}

export interface RunInput {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly values: string;
}
