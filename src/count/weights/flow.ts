/**
 * Where each stored constant's values go, in every graph of the model (main graph, If/Loop/Scan bodies,
 * BeamSearch encoder/decoder graphs): the best outcome any of its paths reaches.
 *
 * A path follows a constant through the nodes that only prepare weights (nodes that read no activation:
 * Transpose, Cast, DequantizeLinear, Reshape, Identity, ...) and ends
 *   - at a node that reads activation data, through a value slot: the constant is a parameter;
 *   - at a slot whose role (roles.ts) is a state, quantization metadata, configuration or a precomputed table: that
 *     role; a table looked up first (Gather(cos_cache, position_ids) → RotaryEmbedding) is still a table;
 *   - at a tensor of an index type (int32/int64/bool...): shape arithmetic, nothing;
 *   - for a single floating-point element, at elementwise arithmetic that reads activations: a formula's scalar
 *     (an eps, the 1 of 1 − z, a √d_k however computed), unless it is added to a contraction's output (the bias of
 *     a one-unit layer).
 * "Activation data" is structural: graph inputs, subgraph inputs (a Loop's iteration counter and condition
 * excepted) and whatever is computed from their values (Shape and Size read only metadata). Nothing here depends on
 * bound dims or on what folds, so neither do the parameters.
 *
 * Graphs are classified top-down (a body needs to know which outer names are activations) and their paths are
 * followed bottom-up (an outer constant read inside a body ends where the body's nodes take it).
 */
import { DataType, isFloatType } from '../../ir/dtype';
import { Graph, Model, Node } from '../../ir/model';
import { NodeResult } from '../../infer/engine';
import { freeNames, hasBodies, nodeReads, topologicalOrder } from '../../infer/order';
import { resolveRedefinitions } from '../../infer/redefinitions';
import { NameIds, nameIdsOf, NameMap, NameSet } from '../../io/name-ids';
import { packedElements, slotRole, SlotRole } from './roles';
import { Stored, storedConstant, storedSparse, storedTensor } from './stored';

const RANK = { none: 0, scalar: 1, config: 2, table: 3, initialState: 4, quantization: 5, parameter: 6 } as const;
export type Outcome = keyof typeof RANK;
const better = (a: Outcome, b: Outcome): Outcome => (RANK[a] >= RANK[b] ? a : b);
const STOP: Partial<Record<SlotRole, Outcome>> = { state: 'initialState', quantization: 'quantization', config: 'config', table: 'table' };
/** Lookups: a constant read at slot 0 is a table whose rows the indices pick. */
const LOOKUPS = new Set(['Gather', 'GatherElements', 'GatherND']);

const NARROW_INTEGERS = new Set<number>([DataType.INT8, DataType.UINT8, DataType.INT16, DataType.UINT16, DataType.INT4, DataType.UINT4, DataType.INT2, DataType.UINT2]);
/** Element types weights travel as: floats and narrow integers (quantized values), or not known. */
function carriesWeights(dtype: number): boolean {
  return dtype === 0 || isFloatType(dtype) || NARROW_INTEGERS.has(dtype);
}

const METADATA_ONLY = new Set(['Shape', 'Size']);
const RANDOM_SOURCES = new Set(['RandomNormal', 'RandomUniform']);
/** Elementwise arithmetic: a single-element constant read by one of these is a formula's constant. */
const ELEMENTWISE = new Set(['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Max', 'Min', 'Mod', 'Sum', 'Mean', 'Where']);
const isOnnx = (n: Node, ops: ReadonlySet<string>): boolean => n.domain === 'ai.onnx' && ops.has(n.opType);
/** Contractions: a one-element constant added to their output is a bias, a parameter. */
const CONTRACTIONS = new Set(['MatMul', 'Gemm', 'Conv', 'ConvTranspose', 'MatMulInteger', 'ConvInteger', 'QLinearMatMul', 'QLinearConv', 'Einsum',
  'MatMulNBits', 'MatMulBnb4', 'FusedMatMul', 'FusedGemm', 'FusedConv', 'MatMulIntegerToFloat', 'DynamicQuantizeMatMul', 'QGemm']);

export interface Classified {
  readonly stored: Stored;
  /** The graph that stores it. */
  readonly graph: Graph;
  readonly outcome: Outcome;
  /** Logical elements when a direct reader unpacks it (a packed 4-bit weight). */
  readonly packed?: bigint;
}

/** One graph's structure, classified top-down. */
interface Level {
  readonly graph: Graph; // as resolved to SSA (redefinitions.ts)
  readonly parent?: Level;
  /** The node owning this body, and whether it reads activations (then so are its outputs). */
  readonly owner?: Node;
  readonly ownerReadsData: boolean;
  /** Names this graph defines; left empty for the main graph, which has no outer scope to tell its names from. */
  readonly defined: ReadonlySet<string>;
  /** Names that are activations (by the decoder's name ids in a decoded main graph). */
  readonly data: NameSet;
  /** The decoder's name ids when this is a decoded main graph (node i of `graph` is node i as decoded). */
  readonly ids?: NameIds;
  /** By the decoder's ids in a decoded main graph, like the maps below: a Map of each name was most of this module's time. */
  readonly dtypes: NameMap<number>;
  readonly order: readonly number[];
  readonly readsData: Uint8Array;
  /**
   * The nodes whose outputs are not activations (they read none, or are Shape or Size), in `order`: the passes over
   * such names visit these alone, not every node of a large graph to skip most of them.
   */
  readonly notData: readonly number[];
  /** Whether node i has a graph attribute (hasBodies), asked once. */
  readonly bodies: Uint8Array;
  /** What the graph's Constant nodes store, in node order: made once for the element types and the constants. */
  readonly storedConstants: Stored[];
  /** Each stored Constant's name id in a main graph with ids, else -1 (parallel to storedConstants). */
  readonly storedConstantIds: number[];
  /** Who reads each name, as packed reads (see packRead): one number for the usual single reader, else an array. */
  readonly readers: NameMap<number | number[]>;
  /** Outer names this body reads, with the outcome of its reads (plain and as a single-element constant). */
  readonly freeOutcome: Map<string, { plain: Outcome; scalar: Outcome }>;
  /** Each name's outcome, followed as any constant, and as a single floating-point element. */
  readonly outcome: NameMap<Outcome>;
  readonly outcomeScalar: NameMap<Outcome>;
  /** Name → the node producing it (for the bias exception), made when first asked. */
  producer?: NameMap<Node>;
  readonly packedBy: Map<string, Node>;
}

function lookup<T>(level: Level | undefined, name: string, get: (l: Level) => T | undefined): T | undefined {
  // the main graph's maps hold only names it defines: no `defined` check needed there (the last level)
  for (let l = level; l; l = l.parent) if (!l.parent || l.defined.has(name)) return get(l);
  return undefined;
}
function isData(level: Level, name: string): boolean {
  for (let l: Level | undefined = level; l; l = l.parent) if (!l.parent || l.defined.has(name)) return l.data.has(name);
  return false;
}
/**
 * A read (node index, input slot; slot −1 for a read from inside the node's subgraphs) as one number: a Map of a
 * million one-element arrays of small objects was most of this module's time and garbage on huge graphs (issue #17).
 * Exact for slots below 2^21 − 1 and node indexes below 2^32.
 */
const SLOTS = 2 ** 21;
const packRead = (node: number, slot: number): number => node * SLOTS + slot + 1;
function readersOf(level: Level, name: string): { node: number; slot: number }[] {
  const r = level.readers.get(name);
  if (r === undefined) return [];
  return (typeof r === 'number' ? [r] : r).map((x) => ({ node: Math.floor(x / SLOTS), slot: (x % SLOTS) - 1 }));
}
const dtypeOf = (level: Level, name: string): number => lookup(level, name, (l) => l.dtypes.get(name)) ?? 0;
/** readsAnyData for node i of a decoded main graph without bodies: its inputs by id (the main graph's own set). */
function readsAnyDataById(data: NameSet, ids: NameIds, i: number): boolean {
  for (let j = ids.inputStart[i], end = ids.inputStart[i + 1]; j < end; j++) if (data.hasId(ids.inputIds[j])) return true;
  return false;
}
/** Whether any name the node reads is activation data (inputs checked without building nodeReads' array). */
function readsAnyData(level: Level, n: Node): boolean {
  if (hasBodies(n)) return nodeReads(n).some((x) => isData(level, x));
  const ins = n.inputs;
  for (let k = 0; k < ins.length; k++) if (ins[k] !== '' && isData(level, ins[k])) return true;
  return false;
}
const bodiesOf = (n: Node): Graph[] => [...n.attributes.values()].flatMap((a) => (a.type === 'graph' ? [a.value] : a.type === 'graphs' ? [...a.value] : []));

export class WeightFlow {
  private byNodeMap?: Map<Node, NodeResult>;
  private readonly levels: Level[] = [];
  private readonly levelOf = new Map<Graph, Level>();

  constructor(private readonly model: Model, private readonly results: readonly NodeResult[]) {}

  /** Every result, bodies' included, by node: made only for a graph the main walk's order does not line up with. */
  private byNode(): Map<Node, NodeResult> {
    if (this.byNodeMap) return this.byNodeMap;
    const byNode = new Map<Node, NodeResult>();
    const stack = [...this.results];
    while (stack.length) {
      const r = stack.pop()!;
      byNode.set(r.node, r);
      for (const c of r.children) stack.push(c);
    }
    return (this.byNodeMap = byNode);
  }

  /**
   * Node index → its result. The main graph's results are in the walk's order (the same cached topological order):
   * read by position, without a map of a million nodes; any other graph, or results that do not line up, by node.
   */
  private resultsOf(g: Graph, original: ReadonlyMap<Node, Node>, order: readonly number[], main: boolean): (i: number) => NodeResult | undefined {
    const results = this.results;
    if (main && results.length === g.nodes.length && order.length === g.nodes.length) {
      const at = new Array<NodeResult>(g.nodes.length);
      let aligned = true;
      for (let k = 0; k < order.length && aligned; k++) {
        const n = g.nodes[order[k]];
        aligned = results[k].node === (original.size ? original.get(n) ?? n : n);
        at[order[k]] = results[k];
      }
      if (aligned) return (i) => at[i];
    }
    const byNode = this.byNode();
    return (i) => { const n = g.nodes[i]; return byNode.get(n) ?? byNode.get(original.get(n) ?? n); };
  }

  /** Every stored constant of every graph, each once, with the outcome of its paths. */
  classify(): Classified[] {
    // top-down: structure and activations
    const queue: { graph: Graph; parent?: Level; owner?: Node; ownerReadsData: boolean }[] = [{ graph: this.model.graph, ownerReadsData: true }];
    while (queue.length) {
      const q = queue.shift()!;
      if (this.levelOf.has(q.graph)) continue;
      const level = this.structure(q.graph, q.parent, q.owner, q.ownerReadsData);
      this.levels.push(level);
      this.levelOf.set(q.graph, level);
      level.graph.nodes.forEach((n, i) => { if (level.bodies[i]) for (const b of bodiesOf(n)) queue.push({ graph: b, parent: level, owner: n, ownerReadsData: level.readsData[i] === 1 }); });
    }
    // bottom-up: outcomes (a body before the graph that owns it)
    for (let k = this.levels.length - 1; k >= 0; k--) this.outcomes(this.levels[k]);
    // Each stored tensor once. A Constant node is one entry of one graph's node list, so without bodies its key
    // needs no set (hashing 76,000 Constant nodes was a third of this); tensor objects may be listed again.
    const out: Classified[] = [];
    const seen = new Set<object>();
    const single = this.levels.length === 1;
    for (const level of this.levels) {
      for (const c of this.constantsOf(level)) {
        if (single && (c.stored.key as Partial<Node>).opType !== undefined) { out.push(c); continue; } // keyed by its node
        if (!seen.has(c.stored.key)) { seen.add(c.stored.key); out.push(c); }
      }
    }
    return out;
  }

  private structure(fileGraph: Graph, parent: Level | undefined, owner: Node | undefined, ownerReadsData: boolean): Level {
    const ssa = resolveRedefinitions(fileGraph);
    const g = ssa.graph;

    const initialized = new Set([...g.initializers.map((t) => t.name), ...g.sparseInitializers.map((t) => t.name)]);
    const defined = new Set<string>();
    if (parent) {
      for (const v of g.inputs) defined.add(v.name);
      for (const name of initialized) defined.add(name);
      for (const n of g.nodes) for (const o of n.outputs) if (o) defined.add(o);
    }
    // the decoded main graph: its node names have ids (io/name-ids.ts), node i of g is node i as decoded
    const ids = parent ? undefined : nameIdsOf(g);
    const data = new NameSet(ids);
    // a Loop body's first two inputs are its iteration counter and condition: counters, not activations
    const counters = owner?.opType === 'Loop' && owner.domain === 'ai.onnx' ? 2 : 0;
    g.inputs.forEach((v, k) => { if (owner ? k >= counters : !initialized.has(v.name)) data.add(v.name); });

    let order: readonly number[];
    try {
      order = topologicalOrder(g);
    } catch {
      order = g.nodes.map((_, i) => i); // a cycle is the engine's error to report; classify in file order
    }
    const resultOf = this.resultsOf(g, ssa.original, order, !parent);
    const bodies = new Uint8Array(g.nodes.length);
    const notData: number[] = [];
    const level: Level = {
      graph: g, parent, owner, ownerReadsData, defined, data, ids, dtypes: new NameMap(ids), order, readsData: new Uint8Array(g.nodes.length), notData, bodies,
      storedConstants: [], storedConstantIds: [], readers: new NameMap(ids), freeOutcome: new Map(), outcome: new NameMap(ids), outcomeScalar: new NameMap(ids),
      packedBy: new Map(), producer: undefined,
    };
    // order lists every node once: each is asked for bodies here, before anything reads bodies[i]
    for (const i of order) {
      const n = g.nodes[i];
      if (hasBodies(n)) bodies[i] = 1;
      const reads = (ids && !bodies[i] ? readsAnyDataById(data, ids, i) : readsAnyData(level, n)) || isOnnx(n, RANDOM_SOURCES);
      if (reads) level.readsData[i] = 1;
      if (!reads || isOnnx(n, METADATA_ONLY)) { notData.push(i); continue; }
      if (ids) for (let j = ids.outputStart[i], end = ids.outputStart[i + 1]; j < end; j++) data.addId(ids.outputIds[j]);
      else for (const o of n.outputs) if (o) data.add(o);
    }
    // element types, where known (they do not depend on bindings), of the names follow() may be asked about: it
    // answers 'none' for activations without reading a type, so theirs are left out (most names of a large graph)
    const dtypes = level.dtypes;
    for (const v of g.inputs) if (v.type && (v.type.kind === 'tensor' || v.type.kind === 'sparse') && !data.has(v.name)) dtypes.set(v.name, v.type.dtype);
    for (const t of g.initializers) dtypes.set(t.name, t.dtype);
    for (const s of g.sparseInitializers) dtypes.set(s.name, s.dtype);
    // in node order, as the Constants are listed (the outputs of the other nodes are all activations: see above)
    for (const i of Int32Array.from(notData).sort()) {
      const n = g.nodes[i];
      const r = resultOf(i);
      const outs = ids ? undefined : n.outputs; // with ids, by id: no list of names made
      const count = ids ? ids.outputStart[i + 1] - ids.outputStart[i] : outs!.length;
      for (let k = 0; k < count; k++) {
        const id = ids ? ids.outputIds[ids.outputStart[i] + k] : -1;
        const t = r?.outputs[k];
        if ((ids ? id < 0 : !outs![k]) || !t || (t.kind !== 'tensor' && t.kind !== 'sparse') || !t.dtype) continue;
        if (ids) dtypes.setId(id, t.dtype);
        else dtypes.set(outs![k], t.dtype);
      }
      // a Constant never reads an activation: every one is met here, in node order
      if (n.opType === 'Constant' && n.domain === 'ai.onnx') {
        // its name is its first output's (by id: no list of the node's outputs made for it)
        const id = ids && ids.outputStart[i + 1] > ids.outputStart[i] ? ids.outputIds[ids.outputStart[i]] : -1;
        const c = storedConstant(n, ids ? (id >= 0 ? ids.nameOf(id) : '') : n.outputs[0]);
        if (!c) continue;
        level.storedConstants.push(c);
        level.storedConstantIds.push(id);
        if (ids) dtypes.setId(id, c.dtype); else dtypes.set(c.name, c.dtype);
      }
    }
    // who reads each name: (node, input slot), slot −1 for a read from inside the node's subgraphs
    const readers = level.readers;
    // id ≥ 0: the name's id in the main graph (then `name` is not read)
    const add = (name: string, id: number, node: number, slot: number): void => {
      // past 2^21 − 2 inputs only variadic operators remain (Concat, Sum), whose later slots all play one role
      const read = packRead(node, Math.min(slot, SLOTS - 2));
      const list = id >= 0 ? readers.getId(id) : readers.get(name);
      if (typeof list === 'object') { list.push(read); return; }
      const next = list === undefined ? read : [list, read];
      if (id >= 0) readers.setId(id, next);
      else readers.set(name, next);
    };
    // follow() asks only for names that are not activations, and looksUpTable() for a lookup's outputs: the readers
    // of the other names (most of a large graph's) are not listed
    const lookupOutputs = new NameSet(ids);
    for (let i = 0; i < g.nodes.length; i++) {
      const n = g.nodes[i];
      if (!isOnnx(n, LOOKUPS)) continue;
      if (ids) for (let j = ids.outputStart[i], end = ids.outputStart[i + 1]; j < end; j++) lookupOutputs.addId(ids.outputIds[j]);
      else for (const o of n.outputs) if (o) lookupOutputs.add(o);
    }
    const asked = (name: string): boolean => !isData(level, name) || lookupOutputs.has(name);
    for (let i = 0; i < g.nodes.length; i++) {
      const n = g.nodes[i];
      if (ids) {
        // asked() by id: the main graph is the last level, so isData is its own set's answer (no names read)
        for (let slot = 0, at = ids.inputStart[i], end = ids.inputStart[i + 1]; at + slot < end; slot++) {
          const id = ids.inputIds[at + slot];
          if (id >= 0 && (!data.hasId(id) || lookupOutputs.hasId(id))) add('', id, i, slot);
        }
      } else {
        const ins = n.inputs;
        for (let slot = 0; slot < ins.length; slot++) if (ins[slot] && asked(ins[slot])) add(ins[slot], -1, i, slot);
      }
      if (bodies[i]) for (const b of bodiesOf(n)) for (const x of freeNames(b)) if (asked(x)) add(x, -1, i, -1);
    }
    return level;
  }

  /**
   * Follow a name of this level through its readers (outputs of later nodes already done). `id`: the name's id in a
   * main graph with ids (then its maps are read by id), else -1.
   */
  private follow(level: Level, name: string, scalar: boolean, id = -1): Outcome {
    if (id >= 0 ? level.data.hasId(id) : isData(level, name)) return 'none';
    const g = level.graph;
    const dtype = id >= 0 ? level.dtypes.getId(id) ?? 0 : dtypeOf(level, name);
    let best: Outcome = 'none';
    const reads = id >= 0 ? level.readers.getId(id) : level.readers.get(name);
    const count = reads === undefined ? 0 : typeof reads === 'number' ? 1 : reads.length;
    for (let q = 0; q < count; q++) {
      // a packed read (packRead), unpacked without an object per read: follow runs for every constant name
      const read = typeof reads === 'number' ? reads : reads![q];
      const node = Math.floor(read / SLOTS), slot = (read % SLOTS) - 1;
      const n = g.nodes[node];
      if (slot < 0) {
        // read inside n's bodies: where the bodies' nodes take it
        for (const b of bodiesOf(n)) {
          const f = this.levelOf.get(b)?.freeOutcome.get(name);
          if (f) best = better(best, scalar ? f.scalar : f.plain);
        }
        if (best === 'parameter') return best;
        continue;
      }
      const role = slotRole(n, slot, this.model.opsets.get(n.domain) ?? 0);
      const stop = STOP[role];
      if (stop) { best = better(best, stop); continue; }
      if (role === 'value' && !carriesWeights(dtype)) continue;
      if (scalar && role === 'value' && level.readsData[node] && isOnnx(n, ELEMENTWISE) && !this.isBias(level, n, name)) { best = better(best, 'scalar'); continue; }
      if (role === 'packed') level.packedBy.set(name, n);
      if (level.readsData[node]) {
        if (slot === 0 && isOnnx(n, LOOKUPS) && this.looksUpTable(level, n)) { best = better(best, 'table'); continue; }
        return 'parameter';
      }
      const next = scalar ? level.outcomeScalar : level.outcome;
      for (const o of n.outputs) if (o) best = better(best, next.get(o) ?? 'none');
      if (best === 'parameter') return best;
    }
    // a body's output becomes its owner's output: an activation when the owner reads activations
    if (level.owner && level.ownerReadsData && carriesWeights(dtype) && g.outputs.some((v) => v.name === name)) best = 'parameter';
    return best;
  }

  /** A lookup whose every result feeds a table slot (the rows of a rotary cache picked by position ids). */
  private looksUpTable(level: Level, lookup: Node): boolean {
    const edges = lookup.outputs.filter((o) => o).flatMap((o) => readersOf(level, o).map((r) => ({ ...r, n: level.graph.nodes[r.node] })));
    return edges.length > 0 && edges.every(({ n, slot }) => slot >= 0 && slotRole(n, slot, this.model.opsets.get(n.domain) ?? 0) === 'table');
  }

  /** `Add(contraction output, name)`: the bias of a layer, whatever its size. */
  private isBias(level: Level, n: Node, name: string): boolean {
    if (n.opType !== 'Add' || n.inputs.length !== 2) return false;
    const other = n.inputs[0] === name ? n.inputs[1] : n.inputs[0];
    if (!level.producer) {
      const producer = new NameMap<Node>(level.ids);
      const ids = level.ids;
      level.graph.nodes.forEach((x, i) => {
        if (ids) for (let j = ids.outputStart[i], end = ids.outputStart[i + 1]; j < end; j++) { if (ids.outputIds[j] >= 0) producer.setId(ids.outputIds[j], x); }
        else for (const o of x.outputs) if (o) producer.set(o, x);
      });
      level.producer = producer;
    }
    const p = level.producer.get(other);
    return !!p && (p.domain === 'ai.onnx' || p.domain === 'com.microsoft') && CONTRACTIONS.has(p.opType);
  }

  private outcomes(level: Level): void {
    const g = level.graph;
    const ids = level.ids;
    // the other nodes' outputs are activations, for which follow() says 'none'
    for (let k = level.notData.length - 1; k >= 0; k--) {
      const i = level.notData[k];
      if (ids) {
        // follow() says 'none' for activations; an absent entry reads as 'none' (the main graph's set read by id)
        for (let j = ids.outputStart[i]; j < ids.outputStart[i + 1]; j++) {
          const id = ids.outputIds[j];
          if (id < 0 || level.data.hasId(id)) continue;
          const o = ids.nameOf(id);
          level.outcome.setId(id, this.follow(level, o, false, id));
          level.outcomeScalar.setId(id, this.follow(level, o, true, id));
        }
        continue;
      }
      const outs = g.nodes[i].outputs;
      for (let j = 0; j < outs.length; j++) {
        const o = outs[j];
        if (!o) continue;
        if (!isData(level, o)) {
          level.outcome.set(o, this.follow(level, o, false));
          level.outcomeScalar.set(o, this.follow(level, o, true));
        }
      }
    }
    // what a body reads from outside is looked up by its owner's level; the main graph has no owner to ask
    if (!level.parent) return;
    for (const name of freeNames(g)) {
      level.freeOutcome.set(name, { plain: this.follow(level, name, false), scalar: this.follow(level, name, true) });
    }
  }

  private constantsOf(level: Level): Classified[] {
    const g = level.graph;
    const stored: Stored[] = [
      ...g.initializers.map((t) => storedTensor(t)),
      ...g.sparseInitializers.map((s) => storedSparse(s)),
      ...level.storedConstants,
    ];
    const firstConstant = stored.length - level.storedConstants.length;
    return stored.map((s, k) => {
      // a single floating-point element: its elementwise readers make it a formula's constant, not a parameter
      const scalar = s.elements === 1n && isFloatType(s.dtype);
      const outcomes = scalar ? level.outcomeScalar : level.outcome;
      // a main graph's Constant by its output's id (no name lookup)
      const id = k >= firstConstant ? level.storedConstantIds[k - firstConstant] : -1;
      const outcome = (id >= 0 ? outcomes.getId(id) : outcomes.get(s.name)) ?? this.follow(level, s.name, scalar, id);
      const by = level.packedBy.size ? level.packedBy.get(s.name) : undefined;
      const packed = by && outcome === 'parameter' ? packedElements(by, s.elements, s.dtype === DataType.UINT8 || s.dtype === DataType.INT8) : undefined;
      return packed !== undefined ? { stored: s, graph: g, outcome, packed } : { stored: s, graph: g, outcome };
    });
  }
}
