/**
 * Which tensors a run can show, and how to carry each out of the graph: the plan behind verify, diff --run and
 * analyze --runtime-shapes.
 *
 * Every node output is a Site. A top-level one is fetched as a graph output. One inside a Loop or Scan body is
 * carried out as an extra scan output (the runtime stacks it over iterations: one leading axis per enclosing loop),
 * one inside an If branch as an extra output of the If (the other branch outputs an empty tensor of the same dtype,
 * so the dtype must be known statically). Body inputs (loop counter, carried state, scan slices) are carried out the
 * same way: the nodes of a body read them. An If inside a loop body is not expanded (which branch ran can differ per
 * iteration): its tensors are listed as not exposed, with that reason.
 *
 * A Site inside an If branch carries a guard: the branch ran only if the If's condition (itself fetched) had the
 * branch's value. The edit for any subset of exposures is built on demand (editFor), so that a run can fetch them in
 * batches of bounded size.
 */
import { nodeLabel, NodeResult } from '../infer/engine';
import { Graph, Model, Node, ValueType } from '../ir/model';
import { ExtraOutput, GraphEdit, NodeEdit } from '../io/with-outputs';

/** One step from a graph into a subgraph of one of its nodes. */
interface Step {
  readonly nodeIndex: number;
  readonly node: Node;
  readonly attr: string;
  readonly kind: 'loop' | 'if';
  /** For an If: the dtype the other branch's empty stand-in needs. */
  readonly dtype?: number;
  /** For an If: the names of the other branch attribute. */
  readonly otherAttr?: string;
}

/** The branch of an If that must have run for a tensor to exist: the condition's top-level name and its value. */
export interface Guard {
  readonly cond: string;
  readonly value: boolean;
}

export interface Site {
  /** The tensor's name in its own graph. */
  readonly tensor: string;
  /** The node that produces it (null: a body input). */
  readonly result: NodeResult | null;
  readonly outputIndex: number;
  /** The static type (from the node result, or the body input's inferred/declared type). */
  readonly inferred: ValueType | null;
  /** Enclosing Loop/Scan bodies: the runtime shape has this many leading iteration axes. */
  readonly iterAxes: number;
  readonly guards: readonly Guard[];
  /** The name fetched from the run (the tensor itself at top level), or undefined when it cannot be carried out. */
  readonly fetch?: string;
  /** Why it cannot be carried out. */
  readonly unexposable?: string;
  /** Where it lives, for messages: '' at top level, else "inside <node>.<attr> > ...". */
  readonly where: string;
  /** The chain of subgraph steps from the main graph (empty at top level). */
  readonly path: readonly Step[];
  /** The control-flow node whose subgraph holds it (absent at top level). */
  readonly owner?: NodeResult;
}

/** A node at any depth, with where it runs. */
export interface NodeSite {
  readonly result: NodeResult;
  readonly iterAxes: number;
  readonly guards: readonly Guard[];
  readonly where: string;
  /** For nodes inside a subgraph: the owning control-flow node's result. */
  readonly owner?: NodeResult;
  /** The graph attribute of the owner this node lives in. */
  readonly ownerAttr?: string;
}

export interface ExposurePlan {
  readonly sites: readonly Site[];
  readonly nodes: readonly NodeSite[];
  /** Condition tensors whose values decide guards (top-level names). */
  readonly conditions: readonly string[];
}

const LOOPS = new Set(['Loop', 'Scan']);

/** The plan for a model and its inference (the top-level node results). */
export function planExposure(model: Model, top: readonly NodeResult[]): ExposurePlan {
  const sites: Site[] = [];
  const nodes: NodeSite[] = [];
  const conditions = new Set<string>();
  let fresh = 0;

  const walk = (graph: Graph, results: readonly NodeResult[], path: Step[], iterAxes: number, guards: Guard[], where: string,
    blockIf: string | undefined, owner?: NodeResult, ownerAttr?: string, bodyInputs?: readonly (ValueType | null)[]): void => {
    const byNode = new Map(results.map((r) => [r.node, r]));
    const nested = path.length > 0;
    const fetchName = (): string => `onnxscope_expose_${fresh++}`;
    if (nested && bodyInputs) {
      graph.inputs.forEach((vi, i) => {
        if (!vi.name) return;
        sites.push({ tensor: vi.name, result: null, outputIndex: i, inferred: bodyInputs[i] ?? vi.type, iterAxes, guards, fetch: blockIf ? undefined : fetchName(), unexposable: blockIf, where, path, owner });
      });
    }
    graph.nodes.forEach((node, index) => {
      const r = byNode.get(node);
      if (!r) return;
      nodes.push({ result: r, iterAxes, guards, where, owner, ownerAttr });
      node.outputs.forEach((o, k) => {
        if (!o) return;
        const inferred = r.outputs[k] ?? null;
        const base = { tensor: o, result: r, outputIndex: k, inferred, iterAxes, guards, where, path, owner };
        // a subgraph the runtime runs itself (BeamSearch's decoder...) keeps the empty path of its owner's graph
        const site: Site = blockIf ? { ...base, unexposable: blockIf } : nested ? { ...base, fetch: fetchName() } : { ...base, fetch: o };
        sites.push(site);
      });
      for (const a of node.attributes.values()) {
        if (a.type !== 'graph') continue;
        const label = nodeLabel(node);
        const inner = `${where ? `${where} > ` : 'inside '}${label}.${a.name}`;
        const children = r.children.filter((c) => a.value.nodes.includes(c.node));
        if (LOOPS.has(node.opType)) {
          if (node.opType === 'Scan' && !node.attributes.has('num_scan_inputs')) continue;
          walk(a.value, children, [...path, { nodeIndex: index, node, attr: a.name, kind: 'loop' }], iterAxes + 1, guards, inner, blockIf, r, a.name, bodyTypes(r, a.value));
        } else if (node.opType === 'If') {
          const cond = node.inputs[0];
          // the condition is a tensor of this graph, or of the main graph (a name from the outer scope)
          const condSite = nested ? sites.find((s) => s.tensor === cond && s.where === where) ?? sites.find((s) => s.tensor === cond && s.path.length === 0) : undefined;
          const condFetch = nested ? condSite?.fetch : cond;
          const block = blockIf ?? (iterAxes > 0 ? `inside ${label}, an If within a loop body (the branch taken can differ per iteration)` : condFetch === undefined ? `the condition of ${label} cannot be fetched` : undefined);
          if (condFetch) conditions.add(condFetch);
          const value = a.name === 'then_branch';
          const g = block ? guards : [...guards, { cond: condFetch!, value }];
          walk(a.value, children, [...path, { nodeIndex: index, node, attr: a.name, kind: 'if', otherAttr: value ? 'else_branch' : 'then_branch' }], iterAxes, g, inner, block, r, a.name);
        } else {
          walk(a.value, children, path, iterAxes, guards, inner, `inside ${label}.${a.name}: onnxruntime runs this subgraph itself (${node.opType})`, r, a.name);
        }
      }
    });
  };
  walk(model.graph, top, [], 0, [], '', undefined);
  return { sites, nodes, conditions: [...conditions] };
}

/** The static types of a loop body's inputs, from its first child that reads them, else unknown. */
function bodyTypes(r: NodeResult, body: Graph): (ValueType | null)[] {
  return body.inputs.map((vi) => {
    for (const c of r.children) {
      const k = c.node.inputs.indexOf(vi.name);
      if (k >= 0 && c.inputs[k]) return c.inputs[k];
    }
    return null;
  });
}

/**
 * The edit that carries the given sites out of the graph (each site's `fetch` becomes a main-graph output).
 * Sites inside If branches need their dtype known: others are dropped and returned in `dropped`.
 */
export function editFor(sites: readonly Site[]): { edit: GraphEdit; dropped: Site[] } {
  interface MutableGraphEdit { outputs: ExtraOutput[]; nodes: Map<number, MutableNodeEdit> }
  interface MutableNodeEdit { outputs: string[]; bodies: Map<string, MutableGraphEdit> }
  const root: MutableGraphEdit = { outputs: [], nodes: new Map() };
  const dropped: Site[] = [];
  let k = 0;
  for (const s of sites) {
    if (!s.fetch) continue;
    if (s.path.length === 0) { root.outputs.push({ tensor: s.fetch }); continue; }
    const dtype = s.inferred && s.inferred.kind === 'tensor' ? s.inferred.dtype : 0;
    if (s.path.some((st) => st.kind === 'if') && !dtype) { dropped.push(s); continue; }
    // names at each level: level 0 is the main graph output (s.fetch); deeper levels get their own names
    const names = s.path.map((_, level) => (level === 0 ? s.fetch! : `${s.fetch!}_l${level}_${k++}`));
    root.outputs.push({ tensor: s.fetch });
    let g = root;
    s.path.forEach((st, level) => {
      let ne = g.nodes.get(st.nodeIndex);
      if (!ne) g.nodes.set(st.nodeIndex, (ne = { outputs: [], bodies: new Map() }));
      ne.outputs.push(names[level]);
      const body = (attr: string): MutableGraphEdit => {
        let b = ne!.bodies.get(attr);
        if (!b) ne!.bodies.set(attr, (b = { outputs: [], nodes: new Map() }));
        return b;
      };
      const inner = body(st.attr);
      const innerName = level + 1 < s.path.length ? names[level + 1] : s.tensor;
      inner.outputs.push({ tensor: innerName, as: `${names[level]}_out` });
      if (st.kind === 'if') body(st.otherAttr!).outputs.push({ emptyOf: dtype, name: `${names[level]}_empty` });
      g = inner;
    });
  }
  const freeze = (g: MutableGraphEdit): GraphEdit => ({ outputs: g.outputs, nodes: new Map([...g.nodes].map(([i, n]) => [i, freezeNode(n)])) });
  const freezeNode = (n: MutableNodeEdit): NodeEdit => ({ outputs: n.outputs, bodies: new Map([...n.bodies].map(([a, b]) => [a, freeze(b)])) });
  return { edit: freeze(root), dropped };
}
