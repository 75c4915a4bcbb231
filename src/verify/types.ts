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

/** One node output compared with the runtime (a tensor inside a loop body: its shape in one iteration). */
export interface TensorCheck {
  readonly tensor: string;
  readonly node: string;
  readonly opType: string;
  /** The subgraph it lives in ("inside Loop_3.body > ..."); absent at top level. */
  readonly where?: string;
  readonly inferred: TensorTypeText;
  readonly actual: TensorTypeText;
  /** What disagrees (mismatch). */
  readonly problem: string;
}

/** A tensor that could not be confirmed: left open statically (actual shown), or not exposed by the runtime. */
export interface UnresolvedTensor {
  readonly tensor: string;
  readonly node: string;
  readonly opType: string;
  readonly where?: string;
  readonly inferred: TensorTypeText;
  /** The runtime's type, when the tensor was exposed. */
  readonly actual?: TensorTypeText;
  readonly reason: string;
}

/** A tensor outside the check: in an If branch the run did not take, or not a tensor (a sequence, a map). */
export interface SkippedTensor {
  readonly tensor: string;
  readonly node: string;
  readonly opType: string;
  readonly where?: string;
  readonly reason: string;
}

export interface CountCheck {
  readonly node: string;
  readonly opType: string;
  readonly where?: string;
  /** Static MACs under the binding ("?" when the rule could not count). For a node in a loop body: one iteration. */
  readonly staticMacs: string;
  /** MACs recomputed from the runtime shapes (src/verify/recount.ts); "?" when they could not be. */
  readonly runtimeMacs: string;
  /**
   * match / mismatch; unresolved: one side could not count (no static count, a shape not exposed, no independent
   * formula); not executed: inside an If branch the run did not take.
   */
  readonly status: 'match' | 'mismatch' | 'unresolved' | 'not executed';
  readonly reason?: string;
}

export interface GeneratedInput {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  /** How the values were drawn ("uniform [-1, 1)", "integers [0, 512)", ...). */
  readonly values: string;
}

import type { MeasuredJoin } from '../memory/measured';

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

/** One node's measured kernel time (per run) beside its counted FLOPs. */
export interface NodeTiming {
  /** The node's name in the report (its name, else its first output, else its op type). */
  readonly node: string;
  readonly opType: string;
  readonly kernels: number;
  readonly ms: number;
  readonly flops: string;
  readonly gflops: number | null;
}

export interface TimingReport {
  readonly runs: number;
  readonly graphOptimizationLevel: string;
  /** Mean wall time of one session.run, milliseconds. */
  readonly meanRunMs: number;
  /** Mean sum of the profiled kernel times per run, milliseconds. */
  readonly kernelMs: number;
  /** How kernels were joined to nodes, in words. */
  readonly mapping: string;
  /** Percent of the kernel time joined to a node of the model. */
  readonly mappedShare: number;
  readonly byOpType: OpTiming[];
  /** Every node that ran a kernel, slowest first. */
  readonly nodes: NodeTiming[];
  /** Kernels whose node name is not a node of the model (fused or renamed by the runtime), by the runtime's op type. */
  readonly unmapped: { readonly opType: string; readonly kernels: number; readonly ms: number }[];
  /** The measured node times against their roofline bounds under a hardware profile (src/memory/measured.ts). */
  readonly roofline?: MeasuredJoin | { readonly unavailable: string };
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
    /** Node outputs in scope: every output at every depth, less the skipped ones. */
    readonly tensors: number;
    /** Compared with the runtime: matched + mismatched. */
    readonly tensorsChecked: number;
    readonly tensorsMatched: number;
    readonly tensorsMismatched: number;
    /** Left open statically, or not exposed by the runtime. */
    readonly tensorsUnresolved: number;
    readonly tensorsSkipped: number;
    /** Nodes with MACs (and nodes the static side could not count), at every depth. */
    readonly computeNodes: number;
    /** Recounted from runtime shapes: matched + mismatched. */
    readonly computeRecounted: number;
    readonly computeMatched: number;
    readonly computeMismatched: number;
    readonly computeUnresolved: number;
    readonly computeNotExecuted: number;
    /** "checked X of Y tensors, recounted A of B compute nodes; ..." as the text output prints it. */
    readonly line: string;
  };
  readonly mismatches: TensorCheck[];
  readonly unresolved: UnresolvedTensor[];
  readonly skipped: SkippedTensor[];
  readonly counts: CountCheck[];
  /** How the intermediate tensors were fetched: runs (one per batch) and the batch budget. */
  readonly exposure: { readonly batches: number; readonly batchBytes: string };
  readonly timing?: TimingReport;
  /** No tensor and no count disagree. */
  readonly ok: boolean;
  /** Nothing was left unresolved: every tensor in scope compared, every compute node recounted. */
  readonly complete: boolean;
}
