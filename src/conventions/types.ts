/**
 * Convention profiles (ARCHITECTURE.md §6): how another tool would count the graph the engine already inferred.
 * A profile is a readonly table keyed like the operator registry, (domain, opType) → cost function + one-line
 * reason + citation; it never re-infers shapes.
 */
import { Poly } from '../ir/poly';
import { NodeView } from './node-view';

export type ProfileId = 'thop' | 'ptflops' | 'ptflops-aten' | 'fvcore' | 'tfprof' | 'onnx-tool';

/** The tool's own unit: thop, ptflops, fvcore and onnx-tool count one multiply-add as 1, tfprof as 2 FLOPs. */
export type ProfileUnit = 'MACs' | 'FLOPs';

/** What the tool would count for one node. */
export interface ProfileCount {
  /** In the profile's unit. */
  readonly count: Poly;
  /** FLOP profiles: the multiply-adds inside the contractions counted (count/2 of a MatMul, Conv...). */
  readonly macs?: Poly;
  /** Why the tool counts this differently from onnxscope (one line, shown by `explain`). */
  readonly reason?: string;
}

/** The profile cannot say what the tool would count for this node (the node becomes uncounted under it). */
export interface ProfileUnknown {
  readonly unknown: string;
}

export type ProfileResult = ProfileCount | ProfileUnknown;

export function isUnknown(r: ProfileResult): r is ProfileUnknown {
  return (r as ProfileUnknown).unknown !== undefined;
}

export type ProfileCostFn = (n: NodeView) => ProfileResult;

export interface ProfileRule {
  readonly domain: string;
  readonly opType: string;
  readonly cost: ProfileCostFn;
  /** What the tool counts for this op, in one line (docs/CONVENTIONS.md's rule tables are generated from it). */
  readonly what: string;
  /** repository@commit:file:function of the tool code this rule follows. */
  readonly cite: string;
}

export interface ToolSource {
  readonly repository: string;
  readonly commit: string;
}

export interface Profile {
  readonly id: ProfileId;
  /** The tool as users know it ("thop", "ptflops (aten backend)"). */
  readonly tool: string;
  readonly unit: ProfileUnit;
  readonly source: ToolSource;
  /**
   * How If/Loop/Scan count: 'once' — the body's nodes once (tfprof walks the static graph); 'zero' — the tool
   * has no profiler for them (onnx-tool); 'not-modelled' — the tool never meets an ONNX control-flow node (it
   * counts PyTorch modules), so the node is uncounted under the profile.
   */
  readonly subgraphs: 'once' | 'zero' | 'not-modelled';
  /**
   * Nodes whose outputs the engine folded to constants (shape arithmetic): onnx-tool and tfprof walk graphs
   * that contain them; the PyTorch-side tools never see them (they were Python integers at trace time).
   */
  readonly folded: 'count' | 'skip';
  /**
   * Operators outside the default domain: onnx-tool looks its profilers up by op type alone ('by-op-type', so a
   * com.microsoft Gelu meets its Gelu rule); the other tools never meet an ONNX contrib or ML op ('not-modelled').
   */
  readonly otherDomains: 'by-op-type' | 'not-modelled';
  readonly rules: readonly ProfileRule[];
  /** Operators without a rule: what the tool does with them (it counts them as 0, or it has no such node). */
  readonly fallback: ProfileCostFn;
  /** The fallback in words, for docs/CONVENTIONS.md. */
  readonly otherwise: string;
}
