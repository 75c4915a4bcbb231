/**
 * The inference walk: nodes in topological order, each asking the registry for the rule that applies at the
 * model's opset, recording output types, small constant values, and the node's cost. All state lives here; rules
 * are pure. Rule errors become diagnostics with node context and unknown outputs; the walk always continues.
 */
import { Dim } from '../ir/dim';
import { FunctionDef, Graph, Model, Node, ValueInfo, ValueType, normalizeDomain, plainNode } from '../ir/model';
import { P, Poly } from '../ir/poly';
import { tensorToValue } from '../ir/tensor-values';
import { ZERO_COST } from '../ops/helpers/cost';
import { PolyTally } from '../ir/poly-tally';
import { defaultRegistry, Registry } from '../ops/registry';
import { ComputeCost, Cost, InferenceError, OpRule, SubgraphResult, TensorValue } from '../ops/types';
import { Context, EngineCallbacks } from './context';
import { mergeDeclared } from './declared';
import { mergeObserved, ObservedType } from './observed';
import { freeNames, hasBodies, topologicalOrder } from './order';
import { resolveRedefinitions } from './redefinitions';
import { Entry, Scope } from './scope';
import { Interner } from './intern';
import { TopTypes, TypeLookup } from './top-types';
import { resolveOpset } from '../opset/resolve';
import { MAX_NODES } from '../ir/limits';
import { NameIds, NameMap, nameIdsOf } from '../io/name-ids';
import { InputKey, MEMO_KEY_INPUTS, memoKey, ResultMemo } from './result-memo';

export type NodeStatus = 'counted' | 'dataMovement' | 'folded' | 'uncounted';

export interface Diagnostic {
  readonly severity: 'error' | 'warning' | 'info';
  /** The node it is about (its name, or `OpType(first output)`). */
  readonly node?: string;
  /** The tensor it is about, when there is one (the message names it too). */
  readonly tensor?: string;
  readonly message: string;
}

export interface NodeResult {
  readonly node: Node;
  /** The rule applied, or undefined when none matched. */
  readonly rule?: { readonly domain: string; readonly opType: string; readonly since: number };
  readonly inputs: readonly (ValueType | null)[];
  readonly outputs: readonly (ValueType | null)[];
  readonly cost: Cost;
  readonly status: NodeStatus;
  /** Nested results of If/Loop/Scan bodies and function calls. */
  readonly children: readonly NodeResult[];
}

export interface GraphResult {
  readonly nodes: readonly NodeResult[];
  readonly outputs: readonly (ValueType | null)[];
  readonly outputValues: readonly (TensorValue | undefined)[];
  /** Summed compute of the graph's nodes for one execution (uncounted nodes listed). */
  readonly cost: ComputeCost;
}

export interface InferOptions {
  /** Replace graph input shapes (`--input NAME=1x3x224x224`). */
  readonly inputShapes?: ReadonlyMap<string, readonly Dim[]>;
  /** Bind symbolic dims by name (`--dim batch=1`). */
  readonly dims?: ReadonlyMap<string, bigint>;
  /** Known values of graph inputs (`--value pads=0,1,0,1`): shapes that follow from them become exact. */
  readonly inputValues?: ReadonlyMap<string, TensorValue>;
  readonly registry?: Registry;
  /** Called every PROGRESS_EVERY top-level nodes and at the end, with nodes done and the top-level total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Types observed in a real run (analyze --runtime-shapes), by tensor name: they fill what inference left open. */
  readonly observed?: ReadonlyMap<string, ObservedType>;
  /** false: keep every output type and cost as its rule made it (src/infer/intern.ts; tests compare both ways). */
  readonly shareEqual?: boolean;
  /** false: run every node's rule, never reusing an equal node's result (src/infer/result-memo.ts; tests compare both). */
  readonly memoize?: boolean;
}

const PROGRESS_EVERY = 1024;

export interface ModelInference {
  readonly graph: GraphResult;
  readonly diagnostics: readonly Diagnostic[];
  /** Every tensor's type at the top level, by name (graph inputs, initializers, node outputs). */
  readonly types: TypeLookup;
  /** Names of top-level initializers and Constant outputs (for parameter counting). */
  readonly constants: ReadonlySet<string>;
  /**
   * Every symbol the analysis met, bound or not: dim_params of the declared types it read (inputs, value_info,
   * outputs, at any depth) and the fresh symbols it made. A `--dim` naming none of these changes nothing.
   */
  readonly symbols: ReadonlySet<string>;
  /** `dims` bindings that named no symbol of `symbols` (each also has a warning diagnostic). */
  readonly unusedDims: readonly string[];
}

/**
 * Subgraph and function-call nesting beyond this is refused with a diagnostic. The decoder refuses graph nesting
 * past the same depth (MAX_GRAPH_DEPTH in io/decode.ts); this bound also covers model-local functions calling each
 * other, which the decoder cannot see.
 */
export const MAX_SUBGRAPH_DEPTH = 64;
/** Nodes one analysis accepts (src/ir/limits.ts); a model built in memory is checked here, a file by the decoder too. */
export { MAX_NODES };
/** Uncounted nodes a graph's cost lists (a lower bound past it). */
export const MAX_UNCOUNTED_LISTED = 10_000;
/** Node inferences one analysis may spend, subgraph bodies counted at every walk. */
export const MAX_NODE_INFERENCES = 1_000_000;

/**
 * Every node of a model: graph, subgraphs at any depth (iteratively) and function bodies, each distinct graph once
 * (a model built in memory may share one body between branches: counting paths would be exponential).
 */
export function countNodes(model: Model): number {
  let n = 0;
  const stack: Graph[] = [model.graph];
  const seen = new Set<Graph>();
  const visitNodes = (nodes: readonly Node[]): void => {
    n += nodes.length;
    for (let i = 0; i < nodes.length; i++) { // indexed: no iterator result per node
      const node = nodes[i];
      if (!hasBodies(node)) continue; // nor a Map iterator for the common node (no attributes, or shared ones)
      for (const a of node.attributes.values()) {
        if (a.type === 'graph') stack.push(a.value);
        else if (a.type === 'graphs') for (const g of a.value) stack.push(g);
      }
    }
  };
  for (const f of model.functions) visitNodes(f.nodes);
  while (stack.length) {
    const g = stack.pop()!;
    if (seen.has(g)) continue;
    seen.add(g);
    visitNodes(g.nodes);
  }
  return n;
}

/** A tensor type with more than 2^MAX_ELEMENT_BITS elements has its shape treated as unknown. */
export const MAX_ELEMENT_BITS = 256;
const INT64_LIMIT = 1n << 64n;

function bitLength(v: bigint): number {
  if (v < 0n) v = -v;
  if (v <= 0xffffffffn) return v === 0n ? 0 : Math.ceil((32 - Math.clz32(Number(v))) / 4) * 4; // no string per dim
  return v.toString(16).length * 4;
}

/** NodeResult.rule, one object per rule (not per node). */
const ruleRefs = new WeakMap<OpRule, NonNullable<NodeResult['rule']>>();
function ruleRef(rule: OpRule): NonNullable<NodeResult['rule']> {
  let r = ruleRefs.get(rule);
  if (!r) ruleRefs.set(rule, (r = { domain: rule.domain, opType: rule.opType, since: rule.since }));
  return r;
}

export class InferenceEngine implements EngineCallbacks {
  private readonly registry: Registry;
  private readonly diagnostics: Diagnostic[] = [];
  private freshCounter = 0;
  private depth = 0;
  private readonly subgraphCache = new Map<Node, Map<string, { key: string; result: SubgraphResult }>>();
  private readonly functions = new Map<string, FunctionDef>();
  private topTypes = new TopTypes();
  /** Top-level initializer names, and the Constant outputs once constantNames() has added them. */
  private readonly constants = new Set<string>();
  /**
   * The top-level Constant nodes as walked, their outputs added to `constants` only when it is read (the conventions,
   * with --convention): a Set of gpt2_blocks_100k's 39,209 such names, each hashed for the first time, was ~2 % of
   * analyzing it, which otherwise never reads them.
   */
  private constantNodes: Node[] = [];
  /** Symbols met so far (see ModelInference.symbols). */
  private readonly symbols = new Set<string>();
  /** Shared instances of equal output types and costs (every node result stays alive until the report). */
  private readonly interned: Interner | undefined;

  constructor(private readonly model: Model, private readonly options: InferOptions = {}) {
    this.registry = options.registry ?? defaultRegistry();
    this.interned = options.shareEqual === false ? undefined : new Interner();
    for (const f of model.functions) this.functions.set(`${normalizeDomain(f.domain)}::${f.name}`, f);
  }

  run(): ModelInference {
    const total = countNodes(this.model);
    if (total > MAX_NODES) {
      throw new InferenceError(`the model has ${total} nodes (subgraphs and functions included), more than the ${MAX_NODES} one analysis handles within its memory bound`);
    }
    const graph = this.model.graph;
    const scope = new Scope(undefined, nameIdsOf(graph));
    this.bindInputs(graph, scope);
    const result = this.walk(graph, scope, this.model.opsets, true);
    const unusedDims = [...this.options.dims?.keys() ?? []].filter((k) => !this.symbols.has(k));
    for (const k of unusedDims) {
      const known = [...this.symbols].sort();
      this.diag('warning', undefined, `--dim ${k}: the analysis has no symbol of that name, so the binding changed nothing (its symbols: ${known.length ? known.slice(0, 20).join(', ') + (known.length > 20 ? ', …' : '') : 'none'})`);
    }
    const constantNames = (): ReadonlySet<string> => this.constantNames();
    return {
      graph: result, diagnostics: this.diagnostics, types: this.topTypes, get constants() { return constantNames(); }, symbols: this.symbols, unusedDims,
    };
  }

  /** Names of top-level initializers and Constant outputs, in the order the walk met them. */
  private constantNames(): ReadonlySet<string> {
    for (const n of this.constantNodes) for (const o of n.outputs) this.constants.add(o);
    this.constantNodes = [];
    return this.constants;
  }

  // --- EngineCallbacks -------------------------------------------------------------------------------------

  /**
   * A new symbol for a size the model does not name (data-dependent, or unknown here). The report lists it among the
   * symbols to bind, so `--dim NAME=VALUE` binds it like a dim_param: a bound fresh symbol is that constant.
   */
  fresh(hint: string): Poly {
    const name = `${hint}_${this.freshCounter++}`;
    this.symbols.add(name);
    const bound = this.options.dims?.get(name);
    return bound !== undefined ? P.n(bound) : P.sym(name);
  }

  warn(node: Node, message: string): void {
    this.diagnostics.push({ severity: 'warning', node: nodeLabel(node), message });
  }

  subgraph(node: Node, body: Graph, outer: Scope, inputs: readonly (ValueType | null)[],
    values?: readonly (TensorValue | undefined)[]): SubgraphResult {
    const key = JSON.stringify([inputs, values ?? []], (_k, v) => (v instanceof Poly ? v.key : v));
    let perNode = this.subgraphCache.get(node);
    if (!perNode) this.subgraphCache.set(node, (perNode = new Map()));
    const cacheKey = `${body.name}#${this.graphId(body)}`;
    const hit = perNode.get(cacheKey);
    if (hit && hit.key === key) return hit.result;
    if (this.depth >= MAX_SUBGRAPH_DEPTH) throw new InferenceError(`subgraphs nested deeper than ${MAX_SUBGRAPH_DEPTH} levels`);
    this.spend(body);
    const scope = new Scope(outer);
    body.inputs.forEach((vi, i) => {
      const declared = vi.type ? this.declaredType(vi.type, vi.name) : null;
      scope.set(vi.name, { type: inputs[i] ?? declared, value: values?.[i], opaque: values?.[i]?.opaque });
    });
    this.depth++;
    try {
      const r = this.walk(body, scope, this.model.opsets, false);
      const result: SubgraphResult = { outputs: r.outputs, outputValues: r.outputValues, cost: r.cost, nodes: r.nodes };
      perNode.set(cacheKey, { key, result });
      return result;
    } finally {
      this.depth--;
    }
  }

  /** Node inferences so far, subgraph bodies counted each time they are walked. */
  private work = 0;

  /**
   * Charge a body walk to the budget. Loop infers its body twice when a carried shape changes, so Loops nested 60
   * deep would walk the innermost body 2^60 times (measured: 16 levels take 3 s, each level doubles): past
   * MAX_NODE_INFERENCES every further subgraph fails at once with a diagnostic, so the walk stays linear.
   */
  private spend(body: Graph): void {
    this.work += body.nodes.length;
    if (this.work > MAX_NODE_INFERENCES) {
      throw new InferenceError(`inference budget exhausted (${MAX_NODE_INFERENCES} node inferences): subgraphs re-inferred too often (deeply nested Loops?)`);
    }
  }

  private readonly graphIds = new WeakMap<Graph, number>();
  private graphId(g: Graph): number {
    let id = this.graphIds.get(g);
    if (id === undefined) this.graphIds.set(g, (id = this.freshCounter++));
    return id;
  }

  // --- walking ---------------------------------------------------------------------------------------------

  private bindInputs(graph: Graph, scope: Scope): void {
    const init = new Set(graph.initializers.map((t) => t.name));
    for (const vi of graph.inputs) {
      if (init.has(vi.name)) continue; // IR < 4 lists initializers as inputs too: the initializer wins
      const override = this.options.inputShapes?.get(vi.name);
      let type = vi.type ? this.declaredType(vi.type, vi.name, true) : null;
      if (override) {
        const dtype = type && type.kind === 'tensor' ? type.dtype : 0;
        // an override may use symbols too (`--input x=Bx3 --dim B=1`): they are bound like declared ones
        type = { kind: 'tensor', dtype, shape: override.map((d) => this.bindDim(d)) };
      }
      // shared like node outputs: the readers' input lists can be too (intern.ts, result-memo.ts)
      scope.set(vi.name, { type: this.interned ? this.interned.type(type) : type, value: this.options.inputValues?.get(vi.name) });
    }
  }

  /** A dim with the `--dim` bindings substituted; its symbols are recorded as met. */
  private bindDim(d: Dim): Dim {
    if (d === null || d.isConst()) return d;
    for (const s of d.symbols()) this.symbols.add(s);
    const dims = this.options.dims;
    return dims && dims.size ? d.substitute(dims) : d;
  }

  /** A declared type of tensor `name` with symbols bound (`--dim`); unnamed dims of graph inputs become fresh symbols. */
  private declaredType(t: ValueType, name: string, freshForUnnamed = false): ValueType {
    if (t.kind !== 'tensor' || !t.shape) return t;
    if (!this.bounded(t, undefined, name)) return { ...t, shape: null };
    const shape = t.shape.map((d, i) => {
      if (d !== null && d.value !== undefined && d.value < 0n) {
        // Some exporters write -1 for a dynamic dim; no size is negative. Unknown, never a negative count.
        this.diag('warning', undefined, `tensor '${name}': declared dim ${i} is ${d.value}, not a size; treated as unknown`, name);
        d = null;
      }
      if (d === null) return freshForUnnamed ? this.fresh('unk') : null;
      return this.bindDim(d);
    });
    return this.bounded({ ...t, shape }, undefined, name)!;
  }

  private walk(fileGraph: Graph, scope: Scope, opsets: ReadonlyMap<string, number>, top: boolean): GraphResult {
    // A tensor defined twice is read as onnxruntime reads it, or in file order (redefinitions.ts): the walk sees SSA.
    const ssa = resolveRedefinitions(fileGraph);
    const graph = ssa.graph;
    for (const d of ssa.redefinitions) this.diag('warning', d.node, d.message, d.tensor);
    if (top) this.topTypes = new TopTypes(ssa.original.size || ssa.inputAliases.length ? undefined : askedTopNames(graph));
    for (const t of graph.initializers) {
      const type = this.bounded({ kind: 'tensor', dtype: t.dtype, shape: t.dims.some((d) => d < 0n) ? null : t.dims.map((d) => P.n(d)) }, undefined, t.name);
      scope.set(t.name, {
        type: this.interned ? this.interned.type(type) : type, // shared: the readers' input lists can be too
        value: () => tensorToValue(t),
        isConstant: true,
      });
      if (top) { this.topTypes.setDeclared(t.name, scope.get(t.name)!.type); this.constants.add(t.name); }
    }
    for (const s of graph.sparseInitializers) {
      scope.set(s.name, { type: this.bounded({ kind: 'tensor', dtype: s.dtype, shape: s.dims.some((d) => d < 0n) ? null : s.dims.map((d) => P.n(d)) }, undefined, s.name), isConstant: true });
      if (top) { this.topTypes.setDeclared(s.name, scope.get(s.name)!.type); this.constants.add(s.name); }
    }
    if (top) for (const vi of graph.inputs) if (!this.topTypes.hasDeclared(vi.name)) this.topTypes.setDeclared(vi.name, scope.get(vi.name)?.type ?? null);

    // the main graph as decoded: its nodes' names have ids, and the scope (made with them in run()) is indexed by id
    const ids = top && graph === fileGraph ? nameIdsOf(graph) : undefined;
    const declared = new NameMap<ValueInfo>(ids);
    for (const vi of [...graph.valueInfo, ...graph.outputs]) if (vi.type) declared.set(vi.name, vi);

    for (const [alias, name] of ssa.inputAliases) { const e = scope.get(name); if (e) scope.set(alias, e); }
    let order: readonly number[];
    try {
      order = topologicalOrder(graph);
    } catch (e) {
      if (e instanceof Error && e.name === 'CycleError') throw new InferenceError(e.message);
      throw e;
    }
    // one slot per node up front (order lists every node): grown by push, a million results' array was reallocated
    // ~30 times, ~30 MB of fresh memory
    const results: NodeResult[] = new Array(order.length);
    let done = 0;
    if (top) this.topTypes.resultsFrom(results);
    const onProgress = top ? this.options.onProgress : undefined;
    const memo = ids && this.interned && this.options.memoize !== false ? new ResultMemo() : undefined;
    for (const i of order) {
      const walked = graph.nodes[i];
      const inferred = this.inferNode(walked, scope, opsets, declared, ids, i, memo);
      const asFiled = ssa.original.size ? ssa.original.get(walked) : undefined; // no hash of every node without redefinitions
      const r = asFiled ? { ...inferred, node: asFiled } : inferred;
      results[done++] = r;
      if (onProgress && done % PROGRESS_EVERY === 0) onProgress(done, order.length);
      if (top) {
        if (ids) {
          // the graph as decoded (walked is r.node): its output names from the ids, no list made
          for (let j = ids.outputStart[i], k = 0; j < ids.outputStart[i + 1]; j++, k++) {
            if (ids.outputIds[j] >= 0) this.topTypes.setOutput(ids.nameOf(ids.outputIds[j]), r.outputs[k] ?? null);
          }
        } else {
          // renamed earlier definitions stay out of the top-level types by their new names
          const outs = walked.outputs, filed = r.node.outputs;
          for (let k = 0; k < outs.length; k++) if (outs[k] && outs[k] === filed[k]) this.topTypes.setOutput(outs[k], r.outputs[k] ?? null);
        }
        if (r.node.opType === 'Constant' && r.node.domain === 'ai.onnx') this.constantNodes.push(walked);
      }
    }
    onProgress?.(done, order.length);
    const outputs = graph.outputs.map((o) => scope.get(o.name)?.type ?? (o.type ? this.declaredType(o.type, o.name) : null));
    const outputValues = graph.outputs.map((o) => scope.valueOf(o.name));
    return { nodes: results, outputs, outputValues, cost: sumGraphCost(results) };
  }

  /** `ids` given: `node` is node `at` of a graph with name ids, and `scope` is indexed by them. */
  private inferNode(node: Node, scope: Scope, opsets: ReadonlyMap<string, number>, declared: NameMap<ValueInfo>,
    ids?: NameIds, at = -1, memo?: ResultMemo): NodeResult {
    const label = nodeLabel(node);
    const firstIn = ids ? ids.inputStart[at] : 0;
    // One scope lookup per input: the types are handed on to the rule's Context, and what the node reads decides
    // what may fold (constants only) and what stays a runtime value (opaque inputs).
    // with ids the names are not read at all (a decoded node makes a new list each time: id-node.ts)
    const names = ids ? undefined : node.inputs;
    const inputCount = ids ? ids.inputStart[at + 1] - firstIn : names!.length;
    const outputCount = ids ? ids.outputStart[at + 1] - ids.outputStart[at] : node.outputs.length;
    const inputs: (ValueType | null)[] = new Array(inputCount);
    let missing: string | undefined;
    let read = 0, allConstant = true, anyOpaque = false;
    // what identifies the node for the result memo (result-memo.ts), while every input is a shared type, a constant or
    // a shared entry
    let keys: (InputKey | string | number)[] | undefined = memo ? memoKey(node, inputCount, outputCount) : undefined;
    for (let k = 0; k < inputCount; k++) {
      if (ids) {
        // by id: no Entry object for the plain entries most tensors have
        const id = ids.inputIds[firstIn + k];
        if (id < 0) { inputs[k] = null; continue; } // an omitted input ('')
        read++;
        if (!scope.hasId(id) && missing === undefined) missing = ids.nameOf(id);
        inputs[k] = scope.typeById(id);
        if (keys) {
          const t = inputs[k];
          if (scope.isPlainById(id)) {
            if (t === null || this.interned!.isShared(t)) keys[MEMO_KEY_INPUTS + k] = t;
            else keys = undefined;
          } else {
            const e = scope.richById(id);
            if (e && ((scope.isConstantById(id) && !scope.isOpaqueById(id)) || memo!.isShared(e))) keys[MEMO_KEY_INPUTS + k] = e;
            else keys = undefined;
          }
        }
        if (!scope.isConstantById(id)) allConstant = false;
        if (scope.isOpaqueById(id)) anyOpaque = true;
        continue;
      }
      const n = names![k];
      if (n === '') { inputs[k] = null; continue; }
      read++;
      keys = undefined; // by name: no memo
      const e = scope.get(n);
      if (!e && missing === undefined) missing = n;
      inputs[k] = e?.type ?? null;
      if (!e?.isConstant) allConstant = false;
      if (e?.opaque) anyOpaque = true;
    }
    if (missing !== undefined) this.diag('warning', label, `input '${missing}' is produced by no node, initializer or graph input`, missing);
    const constantOnly = readsOnlyConstants(node, read, allConstant);
    const opaqueIn = readsOpaque(node, anyOpaque);

    // a node whose result is its operator's, attributes' and inputs' alone: reused when seen before (result-memo.ts)
    const diagnosticsBefore = this.diagnostics.length;
    if (keys && (read !== inputCount || this.functions.size || !allNamed(ids!, at))) keys = undefined;
    if (keys) {
      const hit = memo!.get(keys);
      if (hit) {
        return this.finishNode(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at,
          hit.outputs as (ValueType | null)[], hit.values as (TensorValue | undefined)[], hit.cost, hit.status, hit.rule, NO_CHILDREN, memo);
      }
    }

    const fn = this.functions.size ? this.functions.get(`${node.domain}::${node.opType}`) : undefined; // no key string per node without functions
    if (fn) return this.inferFunctionCall(node, fn, scope, inputs, this.finisher(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at));
    const resolved = resolveOpset(node.domain, opsets);
    if (resolved === undefined) {
      this.diag('error', label, `domain '${node.domain}' has no opset import`);
      return this.finishNode(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at,
        unknownOutputs(node), [], { kind: 'unknown', reason: `domain '${node.domain}' not imported` }, 'uncounted');
    }
    const opset = resolved.version;
    if (resolved.implicit) this.diag('warning', label, `domain '${node.domain}' has no opset import; read at version ${opset}, as onnxruntime does`);
    const rule = this.registry.lookup(node.domain, node.opType, opset);
    if (!rule) {
      this.diag('warning', label, `no rule for ${node.domain === 'ai.onnx' ? '' : node.domain + '::'}${node.opType} at opset ${opset}`);
      return this.finishNode(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at,
        unknownOutputs(node), [], { kind: 'unknown', reason: 'no rule' }, 'uncounted');
    }
    const ctx = new Context(node, opset, scope, this, inputs, ids, firstIn);
    let outputs: (ValueType | null)[];
    try {
      ctx.beginPhase();
      const inferred = rule.infer(ctx);
      outputs = new Array(inferred.length);
      // shared instances before propagate and cost read them: per-type caches (bytesOf's) then hit, not a fresh
      // WeakMap entry for every node's output (finishNode's interning finds them shared)
      const shared = this.interned;
      for (let k = 0; k < inferred.length; k++) {
        const t = this.bounded(inferred[k], label, undefined, node, k);
        outputs[k] = shared ? shared.type(t) : t;
      }
    } catch (e) {
      const message = this.ruleFailure(e, rule, 'infer', label);
      const internal = !(e instanceof InferenceError);
      if (!internal) this.diag('error', label, message);
      return this.finishNode(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at, unknownOutputs(node), [],
        { kind: 'unknown', reason: internal ? `internal error: ${message}` : `inference failed: ${message}` }, 'uncounted', rule);
    }
    while (outputs.length < outputCount) outputs.push(null);
    ctx.outputs = outputs;
    let values: (TensorValue | undefined)[] = NO_VALUES;
    if (rule.propagate) {
      try {
        ctx.beginPhase();
        const propagated = rule.propagate(ctx);
        values = new Array(propagated.length);
        for (let k = 0; k < propagated.length; k++) values[k] = this.boundedValue(propagated[k], label, node, k);
      } catch (e) {
        const message = this.ruleFailure(e, rule, 'propagate', label);
        if (e instanceof InferenceError) this.diag('warning', label, `value propagation: ${message}`);
        values = NO_VALUES;
      }
    }
    let cost: Cost;
    try {
      ctx.beginPhase();
      cost = rule.cost(ctx);
    } catch (e) {
      const message = this.ruleFailure(e, rule, 'cost', label);
      cost = { kind: 'unknown', reason: e instanceof InferenceError ? message : `internal error: ${message}` };
    }
    const folded = outputCount > 0 && ((allValuesKnown(node, values, ids, at) && !opaqueIn) || constantOnly);
    const status: NodeStatus = folded ? 'folded' : cost.kind === 'compute' ? 'counted' : cost.kind === 'dataMovement' ? 'dataMovement' : 'uncounted';
    const children = this.subgraphCache.size ? this.subgraphCache.get(node) : undefined;
    const nested = children ? [...children.values()].flatMap((c) => c.result.nodes as NodeResult[]) : NO_CHILDREN;
    // the shared instance (finishNode asks for it anyway): the memo then hands out one that the interner knows at once
    const finalCost = this.interned ? this.interned.cost(folded ? ZERO_COST : cost) : folded ? ZERO_COST : cost;
    if (keys && !children && this.diagnostics.length === diagnosticsBefore && !ctx.madeFresh && memo!.shareable(values)) {
      memo!.set(keys, { outputs, values, cost: finalCost, status, rule });
    }
    return this.finishNode(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at, outputs, values, finalCost, status, rule, nested, memo);
  }

  /** finishNode bound to one node, for a function call's body walk (a closure only on that path). */
  private finisher(node: Node, scope: Scope, declared: NameMap<ValueInfo>, label: string, inputs: (ValueType | null)[],
    constantOnly: boolean, opaqueIn: boolean, ids: NameIds | undefined, at: number) {
    return (outputs: (ValueType | null)[], values: (TensorValue | undefined)[], cost: Cost, status: NodeStatus,
      rule?: OpRule, children?: readonly NodeResult[]): NodeResult =>
      this.finishNode(node, scope, declared, label, inputs, constantOnly, opaqueIn, ids, at, outputs, values, cost, status, rule, children);
  }

  /**
   * A node's result, once its rule (or the lack of one) has given output types, values and cost: declared and
   * observed types merged in, outputs bound in the scope (by id where the graph has ids). A method, not a closure per
   * node: on a 1,000,000-node graph each closure and its context was ~0.2 KB of garbage.
   */
  private finishNode(node: Node, scope: Scope, declared: NameMap<ValueInfo>, label: string, inputs: (ValueType | null)[],
    constantOnly: boolean, opaqueIn: boolean, ids: NameIds | undefined, at: number,
    outputs: (ValueType | null)[], values: (TensorValue | undefined)[], cost: Cost, status: NodeStatus,
    rule?: OpRule, children: readonly NodeResult[] = NO_CHILDREN, memo?: ResultMemo): NodeResult {
    const observed = this.options.observed;
    // with ids, the names only for observed types (verify) and to name a declared type's tensor
    const names = ids && !observed ? undefined : node.outputs;
    const firstOut = ids ? ids.outputStart[at] : 0;
    const count = ids ? ids.outputStart[at + 1] - firstOut : names!.length;
    const merged: (ValueType | null)[] = new Array(count);
    for (let k = 0; k < count; k++) {
      const inferred = outputs[k] ?? null;
      const id = ids ? ids.outputIds[firstOut + k] : -1;
      const d = declared.isEmpty ? undefined : ids ? declared.getId(id) : declared.get(names![k]);
      const o = observed?.get(names![k]);
      const m = d?.type || o ? this.withKnownTypes(inferred, d?.type ?? null, o, names ? names[k] : ids!.nameOf(id), label) : inferred;
      merged[k] = this.interned ? this.interned.type(m) : m;
    }
    // what folds from constants alone is a constant too, so what reads only such values folds in turn; values
    // folded from shapes (Shape of an input, symbolic dims) stay runtime values: a Range over them still counts
    const isConstant = (status === 'folded' && constantOnly) || undefined;
    for (let k = 0; k < count; k++) {
      if (ids ? ids.outputIds[firstOut + k] < 0 : !names![k]) continue;
      const type = merged[k] ?? null;
      const opaque = opaqueIn || values[k]?.opaque || undefined;
      if (ids && values[k] === undefined && !isConstant && !opaque) { scope.setTypeById(ids.outputIds[firstOut + k], type); continue; }
      // one entry for equal small values of shared types, that readers' memo keys can name (result-memo.ts)
      const entry: Entry = memo && ids
        ? memo.entry(type, values[k], isConstant, opaque, type === null || this.interned!.isShared(type))
        : { type, value: values[k], isConstant, opaque };
      if (ids) scope.setById(ids.outputIds[firstOut + k], entry);
      else scope.set(names![k], entry);
    }
    const shared = this.interned;
    return {
      node, inputs: shared ? shared.list(inputs) : inputs, outputs: shared ? shared.list(merged) : merged,
      cost: shared ? shared.cost(cost) : cost, status, children, rule: rule ? ruleRef(rule) : undefined,
    };
  }

  /** An output's inferred type merged with its declared type (value_info, graph outputs) and an observed one. */
  private withKnownTypes(inferred: ValueType | null, declaredType: ValueType | null, o: ObservedType | undefined, name: string, label: string): ValueType | null {
    const t = declaredType
      ? mergeDeclared(inferred, this.declaredType(declaredType, name), name, (m) => this.diag('warning', label, m, name), (m) => this.diag('info', label, m, name))
      : inferred;
    return o ? mergeObserved(t, o, name, (msg) => this.diag('info', label, msg, name)) : t;
  }

  /** A call of a model-local function: its body is inferred with the call's inputs and attributes. */
  private inferFunctionCall(node: Node, fn: FunctionDef, scope: Scope, inputs: (ValueType | null)[],
    finish: (o: (ValueType | null)[], v: (TensorValue | undefined)[], c: Cost, s: NodeStatus, r?: OpRule, ch?: readonly NodeResult[]) => NodeResult): NodeResult {
    const body: Graph = {
      name: `${fn.name}`,
      nodes: fn.nodes.map((n) => bindRefAttributes(n, node, fn)),
      inputs: fn.inputs.map((name) => ({ name, type: null })),
      outputs: fn.outputs.map((name) => ({ name, type: null })),
      valueInfo: fn.valueInfo,
      initializers: [],
      sparseInitializers: [],
    };
    const values = node.inputs.map((n) => (n === '' ? undefined : scope.valueOf(n)));
    const opsets = new Map([...this.model.opsets, ...fn.opsets]);
    const fnScope = new Scope();
    body.inputs.forEach((vi, i) => fnScope.set(vi.name, { type: inputs[i] ?? null, value: values[i] }));
    if (this.depth >= MAX_SUBGRAPH_DEPTH) {
      this.diag('error', nodeLabel(node), `functions nested deeper than ${MAX_SUBGRAPH_DEPTH} levels`);
      return finish(node.outputs.map(() => null), [], { kind: 'unknown', reason: 'nesting too deep' }, 'uncounted');
    }
    this.depth++;
    try {
      this.spend(body);
      const r = this.walk(body, fnScope, opsets, false);
      const status: NodeStatus = r.cost.uncounted?.length ? 'uncounted' : 'counted';
      return finish([...r.outputs], [...r.outputValues], r.cost, status, undefined, r.nodes);
    } catch (e) {
      if (!(e instanceof InferenceError)) throw e;
      this.diag('error', nodeLabel(node), `function ${fn.name}: ${e.message}`);
      return finish(node.outputs.map(() => null), [], { kind: 'unknown', reason: e.message }, 'uncounted');
    } finally {
      this.depth--;
    }
  }

  /**
   * The message of an exception thrown by a rule. An InferenceError is the rule refusing the input (the caller turns
   * it into a diagnostic); anything else — a TypeError, a RangeError from a stack overflow or an allocation — is a
   * bug in the rule. It is contained here as an 'internal' error diagnostic naming the rule, so one bad rule cannot
   * crash a whole analysis.
   */
  private ruleFailure(e: unknown, rule: OpRule, phase: 'infer' | 'propagate' | 'cost', label: string): string {
    if (e instanceof InferenceError) return e.message;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const ruleName = `${rule.domain === 'ai.onnx' ? '' : rule.domain + '::'}${rule.opType} (since ${rule.since})`;
    const message = `internal error in rule ${ruleName}, ${phase}: ${what.split('\n')[0].slice(0, 300)}`;
    this.diag('error', label, message);
    return message;
  }

  /**
   * A type whose constant dims multiply to more than MAX_ELEMENT_BITS bits is no real tensor (ONNX sizes are int64);
   * its shape becomes unknown, with a warning, so later arithmetic on it (element counts, bytes) stays cheap.
   */
  private bounded(t: ValueType | null | undefined, label: string | undefined, tensor: string | undefined, node?: Node, k = 0): ValueType | null {
    if (!t || (t.kind !== 'tensor' && t.kind !== 'sparse') || !t.shape) return t ?? null;
    let bits = 0;
    for (const d of t.shape) {
      const v = d?.value;
      if (v === undefined) continue;
      bits += bitLength(v);
      if (bits > MAX_ELEMENT_BITS) {
        tensor ??= node?.outputs[k]; // a node's output k, named only for the warning
        const what = tensor ? `tensor '${tensor}': a` : 'a';
        this.diag('warning', label, `${what} shape of rank ${t.shape.length} has more than 2^${MAX_ELEMENT_BITS} elements; treated as unknown`, tensor);
        return { ...t, shape: null };
      }
    }
    return t;
  }

  /** Propagated integer values beyond 64 bits are dropped (ONNX integers wrap; exact bigints could grow without bound). */
  private boundedValue(v: TensorValue | undefined, label: string, node: Node, k: number): TensorValue | undefined {
    if (!v?.ints) return v;
    for (const x of v.ints) {
      const c = x?.value;
      if (c !== undefined && (c >= INT64_LIMIT || c < -INT64_LIMIT)) {
        const tensor = node.outputs[k];
        this.diag('warning', label, `value propagation: tensor '${tensor ?? '?'}' holds an integer beyond int64; its value is treated as unknown`, tensor);
        return undefined;
      }
    }
    return v;
  }

  private diag(severity: Diagnostic['severity'], node: string | undefined, message: string, tensor?: string): void {
    this.diagnostics.push({ severity, ...(node === undefined ? {} : { node }), ...(tensor === undefined ? {} : { tensor }), message });
  }
}

/** Replace a function body's attribute references (ref_attr_name) with the caller's attributes or defaults. */
function bindRefAttributes(n: Node, call: Node, fn: FunctionDef): Node {
  let changed = false;
  const attrs = new Map(n.attributes);
  for (const [name, a] of n.attributes) {
    if (a.type !== 'ref') continue;
    changed = true;
    const given = call.attributes.get(a.refAttrName) ?? fn.attributeDefaults.get(a.refAttrName);
    if (given) attrs.set(name, { ...given, name });
    else attrs.delete(name);
  }
  return changed ? plainNode(n, { attributes: attrs }) : n;
}

const NO_CHILDREN: readonly NodeResult[] = [];

/** Operators whose output is not a function of their inputs: never folded, whatever they read. */
const NONDETERMINISTIC = new Set(['RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Multinomial', 'Bernoulli', 'Dropout']);

/**
 * A node that reads nothing but constants (initializers, Constant outputs and what folded from them), whether or
 * not its values are materialized: it runs once at load time (onnxruntime's constant folding, the dequantization of
 * a constant weight), so it counts 0 — the convention that lets a QDQ weight, a MatMulNBits and a pre-dequantized
 * float weight count the same. Nodes with bodies are walked, never folded whole: a body may read outer values.
 */
function readsOnlyConstants(node: Node, read: number, allConstant: boolean): boolean {
  if (node.domain === 'ai.onnx' && node.opType === 'Constant') return true;
  if (NONDETERMINISTIC.has(node.opType)) return false;
  if (!allConstant || read === 0) return false;
  if (hasBodies(node)) return false;
  return true;
}

/** Reads a value standing for runtime data (TensorValue.opaque): computed at run time, whatever analysis knows of it. */
function readsOpaque(node: Node, anyOpaque: boolean): boolean {
  if (node.domain === 'ai.onnx' && (node.opType === 'Shape' || node.opType === 'Size')) return false; // metadata only
  return anyOpaque;
}

/** Every named output's value fully known, and none of them opaque: the node folds (given it reads nothing opaque). */
function allValuesKnown(node: Node, values: readonly (TensorValue | undefined)[], ids: NameIds | undefined, at: number): boolean {
  if (ids) {
    for (let j = ids.outputStart[at], k = 0; j < ids.outputStart[at + 1]; j++, k++) if (ids.outputIds[j] >= 0 && !isFullyKnown(values[k])) return false;
  } else {
    const outs = node.outputs;
    for (let k = 0; k < outs.length; k++) if (outs[k] !== '' && !isFullyKnown(values[k])) return false;
  }
  for (let k = 0; k < values.length; k++) if (values[k]?.opaque) return false;
  return true;
}

const unknownOutputs = (node: Node): (ValueType | null)[] => node.outputs.map(() => null);

/** Node `at` of a graph with ids names every output (no '' among them). */
function allNamed(ids: NameIds, at: number): boolean {
  for (let j = ids.outputStart[at]; j < ids.outputStart[at + 1]; j++) if (ids.outputIds[j] < 0) return false;
  return true;
}

/** No propagated values (shared: the engine never writes into it). */
const NO_VALUES: (TensorValue | undefined)[] = [];

function isFullyKnown(v: TensorValue | undefined): boolean {
  if (!v) return false;
  if (v.ints) return v.ints.every((d) => d !== null);
  return v.floats !== undefined || v.strings !== undefined;
}

export function nodeLabel(node: Node): string {
  return node.name || `${node.opType}(${node.outputs[0] ?? ''})`;
}

/**
 * Sum of the compute costs of a graph's nodes; nodes that could not be counted are listed by op type. Counts are
 * tallied per shared object (ir/poly-tally.ts: most nodes of a large graph share a few cost objects), the same sums
 * as adding node by node.
 */
export function sumGraphCost(results: readonly NodeResult[]): ComputeCost {
  const macs = new PolyTally(), other = new PolyTally(), transcendental = new PolyTally();
  let computed = 0;
  const nested: string[] = []; // the nodes' own uncounted lists, in order, capped
  const notes: string[] = [];
  const uncounted: string[] = [];
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    const c = r.cost;
    if (c.kind === 'compute') {
      computed++;
      macs.add(c.macs);
      other.add(c.other);
      transcendental.add(c.transcendental);
      // Capped: an If lists the uncounted nodes of both branches, so nested Ifs double the list at every level.
      if (c.uncounted) for (let k = 0; k < c.uncounted.length && nested.length < MAX_UNCOUNTED_LISTED; k++) nested.push(c.uncounted[k]);
      if (c.notes) for (const n of c.notes) notes.push(n);
    } else if (c.kind === 'unknown' && uncounted.length < MAX_UNCOUNTED_LISTED) uncounted.push(r.node.opType);
  }
  const sum: ComputeCost = computed === 0 ? ZERO_COST
    : { kind: 'compute', macs: macs.sum(), other: other.sum(), transcendental: transcendental.sum(), uncounted: nested, notes };
  const all = [...nested, ...uncounted];
  return { ...sum, uncounted: all.length > MAX_UNCOUNTED_LISTED ? all.slice(0, MAX_UNCOUNTED_LISTED) : all };
}

export function inferModel(model: Model, options: InferOptions = {}): ModelInference {
  return new InferenceEngine(model, options).run();
}

/** The top-level names the analysis looks up by name: the graph's outputs and the outer names its nodes' bodies read. */
function askedTopNames(graph: Graph): Set<string> {
  const names = new Set<string>(graph.outputs.map((o) => o.name));
  for (const n of graph.nodes) {
    if (!hasBodies(n)) continue;
    for (const a of n.attributes.values()) {
      if (a.type === 'graph') for (const x of freeNames(a.value)) names.add(x);
      else if (a.type === 'graphs') for (const g of a.value) for (const x of freeNames(g)) names.add(x);
    }
  }
  return names;
}
