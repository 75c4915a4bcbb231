/**
 * The analysis report: onnxscope's JSON contract (schemas/report.schema.json).
 * Counts are strings so that they stay exact at any size: a decimal integer ("124904960"), or, when dims stay
 * symbolic, a polynomial over the symbols ("2383872*batch + 6307328"; grammar in docs/COUNTING.md).
 */
import type { MemoryReport } from '../memory/report-types';

export type Count = string;

import type { Envelope, ModelInfo } from '../envelope';

export interface TensorSummary {
  readonly name: string;
  readonly dtype: string;
  /** Integers for known dims, strings for symbolic ones ("T - 3"), "?" for unknown; null for unknown rank. */
  readonly shape: (number | string)[] | null;
  /** Bytes of the tensor (elements × element width), on node outputs and graph inputs of a report; "?" unknown. */
  readonly bytes?: Count;
}

export interface NodeReport {
  /** The node's name, or for a node the model leaves unnamed its first output's name (then `unnamed` is true). */
  readonly name: string;
  readonly unnamed?: true;
  readonly opType: string;
  readonly domain: string;
  /** Opset version of the rule applied (its `since`), null when no rule matched. */
  readonly ruleSince: number | null;
  readonly status: 'counted' | 'dataMovement' | 'folded' | 'uncounted';
  readonly counted: boolean;
  readonly layer: string;
  readonly inputs: TensorSummary[];
  readonly outputs: TensorSummary[];
  readonly macs: Count;
  readonly flops: Count;
  readonly transcendentals: Count;
  readonly bytesMoved?: Count;
  readonly reason?: string;
  readonly notes?: string[];
}

export interface OpTypeReport {
  readonly domain: string;
  readonly opType: string;
  /** Nodes of this operator type (tallies of nodes are named `nodes` everywhere). */
  readonly nodes: number;
  readonly uncounted: number;
  readonly macs: Count;
  readonly flops: Count;
}

export interface LayerReport {
  readonly layer: string;
  readonly nodes: number;
  readonly macs: Count;
  readonly flops: Count;
}

/** A name scope and everything under it (count/layer-tree.ts); the root is the whole model (name and layer ""). */
export interface LayerTreeNode {
  /** The scope's last segment ("layer.0"); "(root)" for nodes without a scope. */
  readonly name: string;
  /** The full scope, as in byLayer ("/encoder/layer.0"). */
  readonly layer: string;
  readonly nodes: number;
  readonly macs: Count;
  readonly flops: Count;
  readonly children: LayerTreeNode[];
}

export interface Totals {
  readonly macs: Count;
  readonly flops: Count;
  readonly transcendentals: Count;
  /** Parameter elements: stored constants whose values reach the computation, each tensor once (params.ts). */
  readonly params: Count;
  /** Elements of integer constants that are not parameters (shapes, axes, indices). */
  readonly intConstants: Count;
  /** Bytes of every stored constant, at its stored width. */
  readonly weightBytes: Count;
  /** Bytes of every tensor produced by a non-folded node at the top level. */
  readonly activationBytes: Count;
  readonly nodes: number;
  readonly countedNodes: number;
  readonly dataMovementNodes: number;
  readonly foldedNodes: number;
  readonly uncountedNodes: number;
  /** False when any node is uncounted (the totals are a lower bound) or a count stays symbolic. */
  readonly exact: boolean;
  readonly lowerBound: boolean;
  /** Free symbols the counts still depend on. */
  readonly symbols: string[];
}

/** Stored constants of one element type (report.weights.byDtype). */
export interface WeightsByDtype {
  readonly dtype: string;
  readonly tensors: number;
  /** Stored elements. */
  readonly elements: Count;
  readonly bytes: Count;
  /** Parameter elements stored as this type (logical: a packed 4-bit K×N weight counts K·N). */
  readonly parameters: Count;
}

/** Stored constants of one role (report.weights.byRole; src/count/params.ts). */
export interface WeightsByRole {
  readonly role: 'parameter' | 'copy' | 'quantization' | 'initialState' | 'table' | 'config' | 'scalar' | 'integer' | 'other';
  readonly tensors: number;
  /** Logical elements for parameters, stored elements otherwise. */
  readonly elements: Count;
  readonly bytes: Count;
}

export interface Diagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly node?: string;
  /** The tensor it is about, when there is one (the message names it too). */
  readonly tensor?: string;
  readonly message: string;
}

/** The tool a report counts like, under `analyze --convention NAME` (src/conventions, docs/CONVENTIONS.md). */
export interface ProfileInfo {
  readonly tool: string;
  readonly repository: string;
  readonly commit: string;
  /**
   * The tool's own unit. 'MACs' (thop, ptflops, fvcore, onnx-tool count one multiply-add as 1): `macs` is the
   * tool's number and `flops` twice it. 'FLOPs' (tfprof): `flops` is the tool's number and `macs` the
   * multiply-adds of the contractions it counts.
   */
  readonly unit: 'MACs' | 'FLOPs';
}

/** `convention` is 'onnxscope-v1', or under `--convention` the profile id (and `profile` says which tool). */
export interface Report extends Envelope<'report'> {
  readonly profile?: ProfileInfo;
  readonly model: ModelInfo;
  /** Symbol bindings applied (--dim) and input shape overrides (--input). */
  readonly bindings: { readonly dims: Record<string, number>; readonly inputs: Record<string, (number | string)[]> };
  readonly inputs: TensorSummary[];
  readonly outputs: TensorSummary[];
  readonly totals: Totals;
  /** Every stored constant once, by element type and by role (what `params` counts and what it leaves out). */
  readonly weights: { readonly byDtype: WeightsByDtype[]; readonly byRole: WeightsByRole[] };
  readonly uncounted: { readonly domain: string; readonly opType: string; readonly nodes: number; readonly reason: string }[];
  readonly byOpType: OpTypeReport[];
  readonly byLayer: LayerReport[];
  /** byLayer as a tree of scopes with inclusive totals. */
  readonly layerTree: LayerTreeNode;
  readonly nodes: NodeReport[];
  readonly diagnostics: Diagnostic[];
  /** Activation peak, arena, timeline, bytes per node, roofline and LLM view (docs/MEMORY.md). */
  readonly memory?: MemoryReport;
  /** Present with `analyze --runtime-shapes`: the run whose shapes filled what inference left open. */
  readonly runtimeShapes?: RuntimeShapes;
}

/** The real run behind `analyze --runtime-shapes` and the tensors whose dims it supplied. */
export interface RuntimeShapes {
  readonly runtime: { readonly name: 'onnxruntime-node'; readonly version: string };
  readonly seed: number;
  /** The inputs of the run, as verify describes them. */
  readonly inputs: { readonly name: string; readonly dtype: string; readonly shape: number[]; readonly values: string }[];
  /** Each tensor with a dim static inference left open: its observed shape and which axes were filled. */
  readonly observed: {
    readonly tensor: string;
    readonly node: string;
    readonly where?: string;
    readonly shape: number[];
    readonly filledAxes: number[];
  }[];
}
