/**
 * The verify report: onnxscope's static shapes, dtypes and MACs checked against a real onnxruntime run
 * (JSON contract: schemas/verify.schema.json). Shapes are plain integers here: every symbol is bound before the run.
 */

import type { Envelope, ModelInfo } from '../envelope';

/** A tensor's type as one side saw it. `shape` null = unknown rank; a dim the static side left open is a string. */
export interface TensorTypeText {
  readonly dtype: string;
  readonly shape: (number | string)[] | null;
}

/** One top-level node output compared with the runtime. */
export interface TensorCheck {
  readonly tensor: string;
  readonly node: string;
  readonly opType: string;
  readonly inferred: TensorTypeText;
  readonly actual: TensorTypeText;
  /** What disagrees (mismatch), or which dims the static side left open (unresolved). */
  readonly problem: string;
}

export interface UnexposedTensor {
  readonly tensor: string;
  readonly node: string;
  readonly opType: string;
  readonly reason: string;
}

export interface CountCheck {
  readonly node: string;
  readonly opType: string;
  /** Static MACs under the binding ("?" when the rule could not count). */
  readonly staticMacs: string;
  /** MACs recomputed from the runtime shapes (src/verify/recount.ts); "?" when an input shape was not exposed. */
  readonly runtimeMacs: string;
  /** unresolved: the static side could not count the node (shapes it left unknown), so there is nothing to contradict. */
  readonly status: 'match' | 'mismatch' | 'unresolved' | 'skipped';
  readonly reason?: string;
}

export interface GeneratedInput {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  /** How the values were drawn ("uniform [-1, 1)", "integers [0, 512)", ...). */
  readonly values: string;
}

export interface OpTiming {
  readonly opType: string;
  /** Kernels of this op type the profile showed per run. */
  readonly kernels: number;
  /** Mean measured kernel time per run, milliseconds. */
  readonly ms: number;
  /** Counted FLOPs of the nodes the profile's kernels were mapped to ("?" when none could be mapped). */
  readonly flops: string;
  /** Achieved GFLOP/s (FLOPs / measured time), null when no FLOPs or no time. */
  readonly gflops: number | null;
}

export interface TimingReport {
  readonly runs: number;
  readonly graphOptimizationLevel: string;
  /** Mean wall time of one session.run, milliseconds. */
  readonly meanRunMs: number;
  /** Mean sum of the profiled kernel times per run, milliseconds. */
  readonly kernelMs: number;
  readonly byOpType: OpTiming[];
  /** Kernels whose node name is not a node of the model (fused or renamed by the runtime), by the runtime's op type. */
  readonly unmapped: { readonly opType: string; readonly kernels: number; readonly ms: number }[];
}

export interface VerifyReport extends Envelope<'verify'> {
  readonly model: ModelInfo;
  readonly runtime: { readonly name: 'onnxruntime-node'; readonly version: string; readonly graphOptimizationLevel: 'disabled' };
  readonly seed: number;
  readonly bindings: {
    /** Every symbol of the graph inputs with the value used. */
    readonly dims: Record<string, number>;
    /** The symbols that took a default value (not given with --dim or --input). */
    readonly defaulted: string[];
  };
  readonly inputs: GeneratedInput[];
  readonly summary: {
    /** Top-level node outputs the runtime exposed and that were compared. */
    readonly checked: number;
    readonly matched: number;
    readonly mismatched: number;
    /** Exposed, but the static side left the rank, a dim or the dtype unknown: nothing to contradict. */
    readonly unresolved: number;
    readonly unexposed: number;
    readonly countsChecked: number;
    readonly countMismatches: number;
    readonly countsUnresolved: number;
    readonly countsSkipped: number;
  };
  readonly mismatches: TensorCheck[];
  readonly unresolved: TensorCheck[];
  readonly unexposed: UnexposedTensor[];
  readonly counts: CountCheck[];
  readonly timing?: TimingReport;
  /** No tensor and no count disagree. */
  readonly ok: boolean;
}
