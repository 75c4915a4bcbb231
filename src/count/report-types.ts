/**
 * The analysis report: onnxscope's JSON contract (schemas/report.schema.json).
 * Counts are strings so that they stay exact at any size: a decimal integer ("124904960"), or, when dims stay
 * symbolic, a polynomial over the symbols ("2383872*batch + 6307328"; grammar in docs/COUNTING.md).
 */
export type Count = string;

import type { Envelope, ModelInfo } from '../envelope';

export interface TensorSummary {
  readonly name: string;
  readonly dtype: string;
  /** Integers for known dims, strings for symbolic ones ("T - 3"), "?" for unknown; null for unknown rank. */
  readonly shape: (number | string)[] | null;
}

export interface NodeReport {
  readonly name: string;
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
  /** Elements of floating-point initializers and constants that feed non-folded nodes, each tensor once. */
  readonly params: Count;
  /** Elements of integer constants (shapes, indices), reported apart from parameters. */
  readonly intConstants: Count;
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

export interface Diagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  readonly node?: string;
  readonly message: string;
}

export interface Report extends Envelope<'report'> {
  readonly model: ModelInfo;
  /** Symbol bindings applied (--dim) and input shape overrides (--input). */
  readonly bindings: { readonly dims: Record<string, number>; readonly inputs: Record<string, (number | string)[]> };
  readonly inputs: TensorSummary[];
  readonly outputs: TensorSummary[];
  readonly totals: Totals;
  readonly uncounted: { readonly domain: string; readonly opType: string; readonly nodes: number; readonly reason: string }[];
  readonly byOpType: OpTypeReport[];
  readonly byLayer: LayerReport[];
  /** byLayer as a tree of scopes with inclusive totals. */
  readonly layerTree: LayerTreeNode;
  readonly nodes: NodeReport[];
  readonly diagnostics: Diagnostic[];
}
