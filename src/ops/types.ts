/**
 * The operator rule record and the context a rule sees. Rules are pure functions of their context; the inference
 * engine (src/infer) owns all state. See ARCHITECTURE.md §3.
 */
import { Dim } from '../ir/dim';
import { Graph, Node, Tensor, TensorType, ValueType } from '../ir/model';
import { Poly } from '../ir/poly';

/** A rule's way of saying "this node is invalid or beyond static inference"; the engine adds node context. */
export class InferenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InferenceError';
  }
}

/**
 * A small tensor whose elements are known at analysis time (shapes, axes, sizes, scalars).
 * Integer and bool elements are Dims, so a Shape of a [batch, 3] tensor is [batch, 3] symbolically.
 */
export interface TensorValue {
  readonly dtype: number;
  readonly shape: readonly number[];
  /** Integer and bool tensors (bool as 0/1). An element may be symbolic or unknown (null). */
  readonly ints?: readonly Dim[];
  /** Floating-point tensors. */
  readonly floats?: readonly number[];
  /** String tensors. */
  readonly strings?: readonly string[];
  /**
   * The elements stand for runtime data (a Loop's iteration counter, integers picked from an input's values): shape
   * arithmetic may use them — Slice(x, b, b + 1) has length 1 whatever b is — but what computes them never folds.
   */
  readonly opaque?: boolean;
}

/** Arithmetic cost of one node. FLOPs = 2 × macs + other (ARCHITECTURE.md §4). */
export interface ComputeCost {
  readonly kind: 'compute';
  readonly macs: Poly;
  /** Every arithmetic operation that is not part of a MAC (bias adds, elementwise, reductions, activations). */
  readonly other: Poly;
  /** The part of `other` that is transcendental (exp, log, tanh, sigmoid, erf, sin, ...), tallied apart. */
  readonly transcendental: Poly;
  /** Bytes moved by the data-movement part, when the rule knows (optional for compute ops). */
  readonly bytesMoved?: Poly;
  /** Nodes inside subgraphs (Loop/Scan/If bodies, functions) that had no cost; makes totals a lower bound. */
  readonly uncounted?: readonly string[];
  /** One-line notes the report shows (e.g. "If: larger branch taken", "Loop: body × 100"). */
  readonly notes?: readonly string[];
}

export type Cost =
  | ComputeCost
  /** 0 FLOPs; the bytes written (output bytes), unknown when shapes are. */
  | { readonly kind: 'dataMovement'; readonly bytesMoved: Poly | null }
  /** The rule exists but cannot count this node (say why). The node is uncounted, the total a lower bound. */
  | { readonly kind: 'unknown'; readonly reason: string };

/** What a subgraph (If/Loop/Scan body, function body) came to. */
export interface SubgraphResult {
  readonly outputs: readonly (ValueType | null)[];
  readonly outputValues: readonly (TensorValue | undefined)[];
  /** The body's summed cost for one execution. */
  readonly cost: ComputeCost;
  /** Per-node results of the body, for reports. */
  readonly nodes: readonly unknown[];
}

export interface AttrReader {
  has(name: string): boolean;
  int(name: string, dflt: number): number;
  /** For int attributes that may exceed 2^53 (INT64_MAX sentinels). */
  bigint(name: string, dflt: bigint): bigint;
  /** For ints attributes whose elements may exceed 2^53 (Slice-1's INT64_MAX ends). */
  bigints(name: string): readonly bigint[] | undefined;
  intOrUndefined(name: string): number | undefined;
  ints(name: string, dflt?: readonly number[]): readonly number[] | undefined;
  float(name: string, dflt: number): number;
  floats(name: string): readonly number[] | undefined;
  string(name: string, dflt: string): string;
  strings(name: string): readonly string[] | undefined;
  tensor(name: string): Tensor | undefined;
  graph(name: string): Graph | undefined;
}

export interface RuleContext {
  readonly node: Node;
  /** The model's opset import for the node's domain. */
  readonly opset: number;
  readonly attrs: AttrReader;
  /** Number of inputs as written (including '' placeholders). */
  readonly inputCount: number;
  /** True when input i is given (not omitted with '' and within range). */
  has(i: number): boolean;
  /** Input i's type, null when unknown or omitted. */
  type(i: number): ValueType | null;
  /** Input i as a tensor type; throws InferenceError when it is not a tensor. null when unknown/omitted. */
  tensor(i: number): TensorType | null;
  /** Input i's shape; null when the input or its rank is unknown. */
  shape(i: number): readonly Dim[] | null;
  /** Input i's element type; 0 when unknown. */
  dtype(i: number): number;
  /** Input i's value when known at analysis time (small constants, shape arithmetic). */
  value(i: number): TensorValue | undefined;
  /** False when input i surely has no value; asks nothing to be decoded (a weight's deferred data stays unread). */
  mayHaveValue(i: number): boolean;
  /** Output types inferred for this node (set for `propagate` and `cost`; empty during `infer`). */
  readonly outputs: readonly (ValueType | null)[];
  /** A fresh symbol for a data-dependent dim (NonZero count, Unique size...), unique in the analysis. */
  fresh(hint: string): Poly;
  /**
   * Infer (and cost) a graph attribute's body with the outer scope visible and the given input types/values.
   * Cached per node and body, so calling it from `infer` and again from `cost` does the work once.
   */
  subgraph(body: Graph, inputs: readonly (ValueType | null)[], values?: readonly (TensorValue | undefined)[]): SubgraphResult;
  /** Throw an InferenceError with this message. */
  fail(message: string): never;
  /** Record a warning diagnostic for this node without failing. */
  warn(message: string): void;
}

export type InferFn = (ctx: RuleContext) => readonly (ValueType | null)[];
export type PropagateFn = (ctx: RuleContext) => readonly (TensorValue | undefined)[];
export type CostFn = (ctx: RuleContext) => Cost;

/** One rule per (domain, opType, since): `since` is the opset where shape or cost semantics changed. */
export interface OpRule {
  readonly domain: string;
  readonly opType: string;
  readonly since: number;
  readonly infer: InferFn;
  readonly propagate?: PropagateFn;
  readonly cost: CostFn;
  /** Short text for docs/COUNTING.md and coverage: the cost formula or decomposition held equal to. */
  readonly costNote?: string;
}
