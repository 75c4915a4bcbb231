/**
 * The memory section of the analysis report (`memory` in schemas/report.schema.json): activation peak, arena and
 * timeline, bytes moved per node, the roofline under a hardware profile, and the LLM view. Definitions in
 * docs/MEMORY.md. Byte counts are strings like every count (exact integers or polynomials; "?" unknown); times and
 * ratios are plain numbers.
 */
import type { Count } from '../count/report-types';
import type { HardwareProfile, PeakType } from './hardware';

export interface LiveTensor {
  /** The tensor owning the buffer, or "<node> (body peak)" for a Loop/Scan/If/function body. */
  readonly tensor: string;
  readonly kind: 'input' | 'activation' | 'body';
  readonly bytes: Count;
  /** Step that allocated it (0 for graph inputs) and the last step it is live. */
  readonly from: number;
  readonly to: number;
  /** Views of the buffer (Reshape, Squeeze, Unsqueeze, Flatten, Identity outputs), when any. */
  readonly views?: string[];
}

export interface PeakAt {
  /** Index into the report's `nodes` (the schedule). */
  readonly step: number;
  readonly node: string;
  readonly bytes: Count;
  readonly live: LiveTensor[];
}

export interface ActivationMemory {
  /** Largest live bytes over the steps: an integer when bound, else max(…) over the `at` candidates. */
  readonly peak: Count;
  readonly exact: boolean;
  /** Some activation's size is unknown (listed in `unknown`) or a body's peak is a lower bound. */
  readonly lowerBound: boolean;
  /** Where the peak occurs: one step when bound (the first reaching it); each step that may be largest otherwise. */
  readonly at: PeakAt[];
  /** Greedy best-fit arena; null when sizes are not all known integers. */
  readonly arena: Count | null;
  /** Every buffer its own space. */
  readonly naiveSum: Count;
  readonly buffers: number;
  /** Activations of unknown size (left out of every sum). */
  readonly unknown: string[];
  /** Least values assumed for symbols when ordering symbolic candidates (every dim ≥ 1), e.g. {"time": 4}. */
  readonly assumed?: Record<string, number>;
}

export interface NodeTrafficReport {
  readonly read: Count;
  readonly written: Count;
  /** FLOPs per byte moved; null when a count is symbolic or nothing moves. */
  readonly intensity: number | null;
}

export interface TrafficGroup {
  readonly nodes: number;
  readonly read: Count;
  readonly written: Count;
  readonly intensity: number | null;
  /** Nodes whose bytes are unknown (the sums are then lower bounds). */
  readonly unknown: number;
}

export interface Traffic extends TrafficGroup {
  /** One per entry of the report's `nodes`, same order. */
  readonly perNode: NodeTrafficReport[];
  readonly byOpType: (TrafficGroup & { readonly domain: string; readonly opType: string })[];
  readonly byLayer: (TrafficGroup & { readonly layer: string })[];
}

export interface NodeBoundReport {
  readonly step: number;
  readonly node: string;
  readonly opType: string;
  readonly seconds: number;
  readonly bound: 'compute' | 'memory';
  readonly peakType: PeakType;
  /** Share of the model's bound. */
  readonly share: number;
}

export interface RooflineReport {
  readonly hardware: HardwareProfile;
  /** Sum of the per-node bounds, seconds; null when counts are symbolic (see `unavailable`). */
  readonly seconds: number | null;
  readonly unavailable?: string;
  readonly lowerBound: boolean;
  readonly computeBoundNodes: number;
  readonly memoryBoundNodes: number;
  /** One per entry of the report's `nodes` (null: moves and computes nothing); empty when unavailable. */
  readonly perNode: ({ readonly seconds: number; readonly bound: 'compute' | 'memory'; readonly peakType: PeakType } | null)[];
  /** The nodes with the largest bounds, largest first. */
  readonly top: NodeBoundReport[];
}

export interface LlmReport {
  /** How the view was recognized ("inputs past_key_values.*" / "outputs present.*" / "Attention past"). */
  readonly detectedBy: string;
  readonly layers: number;
  readonly symbols: { readonly batch: string | null; readonly sequence: string | null; readonly past: string | null };
  /** KV cache bytes as a formula of the cache length (the past symbol), per token, and at a given length. */
  readonly kvBytes: Count;
  readonly kvBytesPerToken: Count;
  readonly kvBytesAt?: { readonly length: string; readonly bytes: Count };
  /** Costs of a prefill (no past) as formulas of the sequence length, and of one decode step of the past length. */
  readonly prefill: { readonly macs: Count; readonly flops: Count };
  readonly decode: { readonly macs: Count; readonly flops: Count };
  readonly notes: string[];
}

export interface SweepRow {
  /** The symbol's value for this row. */
  readonly value: string;
  readonly macs: Count;
  readonly flops: Count;
  readonly peak: Count;
  /** KV-cache bytes (models with an LLM view), else null. */
  readonly kvBytes: Count | null;
  /** Roofline bound in seconds (with --hw and exact counts), else null. */
  readonly seconds: number | null;
  /** Every count in the row is an exact integer. */
  readonly exact: boolean;
}

export interface SweepReport {
  readonly symbol: string;
  readonly rows: SweepRow[];
}

export interface MemoryReport {
  /** 'file' when the file's node order is topological (and is the schedule), else 'topological'. */
  readonly schedule: 'file' | 'topological';
  readonly activations: ActivationMemory;
  /** Live activation bytes at each step (one per entry of the report's `nodes`). */
  readonly timeline: Count[];
  readonly traffic: Traffic;
  readonly roofline?: RooflineReport;
  readonly llm?: LlmReport;
  /** One row per value of a symbol (`--sweep SYMBOL=v1,v2,…`). */
  readonly sweep?: SweepReport;
}
