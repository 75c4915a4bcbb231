/**
 * Tensors defined more than once in one graph: by two nodes, or by a node and a graph input or initializer.
 *
 * ONNX graphs are in SSA form, so such a graph is invalid, and onnxruntime refuses to load it ("This is an invalid
 * model. Error: Duplicate definition of name (x)", onnxruntime graph.cc VerifyNoDuplicateName; checked with
 * onnxruntime-node 1.30 on built models). Exporters and graph surgery still write them, and the user wants the
 * rest of the model counted, so they are read as a program would read them: a node reads the latest definition
 * before it in file order (`x = f(x)` updates x in place), a node before every definition reads the last one (the
 * later definition wins), and the graph outputs read the last one. Earlier definitions are renamed apart
 * (`x@1`), so the walk, the topological order and the parameter tally see an SSA graph; every redefinition is
 * reported with the tensor and both definitions.
 */
import { Attribute, Graph, Node } from '../ir/model';
import { freeNames } from './order';

export interface Redefinition {
  /** The node that redefines the tensor (its label), or undefined when the report summarises the rest. */
  readonly node?: string;
  readonly tensor?: string;
  readonly message: string;
}

export interface Resolution {
  /** The graph in SSA form (the same object when nothing is redefined). */
  readonly graph: Graph;
  /** Rewritten node → the node as the file has it (reports show the file's names). */
  readonly original: ReadonlyMap<Node, Node>;
  /** [renamed, name]: a graph input or initializer that a node redefines, as the nodes before it read it. */
  readonly inputAliases: readonly (readonly [string, string])[];
  readonly redefinitions: readonly Redefinition[];
}

/** Redefinitions reported one by one; the rest are summarised in one line. */
export const MAX_REPORTED = 20;

const cache = new WeakMap<Graph, Resolution>();

export function resolveRedefinitions(graph: Graph): Resolution {
  let r = cache.get(graph);
  if (!r) cache.set(graph, (r = resolve(graph)));
  return r;
}

const label = (n: Node): string => n.name || `${n.opType}(${n.outputs[0] ?? ''})`;

function resolve(graph: Graph): Resolution {
  const external = new Set<string>([...graph.inputs.map((v) => v.name), ...graph.initializers.map((t) => t.name),
    ...graph.sparseInitializers.map((t) => t.name)]);
  const producers = new Map<string, number[]>();
  let redefined = false;
  graph.nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      if (o === '') continue;
      const p = producers.get(o);
      if (!p) producers.set(o, [i]);
      else if (p[p.length - 1] !== i) { p.push(i); redefined = true; } // (a node naming one output twice is one definition)
      if (external.has(o)) redefined = true;
    }
  });
  if (!redefined) return { graph, original: new Map(), inputAliases: [], redefinitions: [] };

  const taken = new Set<string>(external);
  for (const n of graph.nodes) for (const o of n.outputs) taken.add(o);
  const unique = (base: string): string => {
    let k = 1;
    while (taken.has(`${base}@${k}`)) k++;
    taken.add(`${base}@${k}`);
    return `${base}@${k}`;
  };

  // Per redefined name: its definitions in order (-1 = the graph input or initializer) and the name each reads as.
  interface Versions { readonly at: number[]; readonly names: string[] }
  const versions = new Map<string, Versions>();
  const inputAliases: [string, string][] = [];
  const redefinitions: Redefinition[] = [];
  for (const [name, at] of producers) {
    const isExternal = external.has(name);
    if (at.length < 2 && !isExternal) continue;
    const all = isExternal ? [-1, ...at] : at;
    const names = all.map((_, k) => (k === all.length - 1 ? name : unique(name)));
    versions.set(name, { at: all, names });
    if (isExternal) inputAliases.push([names[0], name]);
    const defs = all.map((i) => (i < 0 ? (graph.initializers.some((t) => t.name === name) ? 'an initializer' : 'a graph input') : `'${label(graph.nodes[i])}'`));
    const last = all[all.length - 1];
    redefinitions.push({
      node: label(graph.nodes[last]), tensor: name,
      message: `tensor '${name}' is defined ${all.length} times (${defs.join(', then ')}): invalid ONNX, which onnxruntime refuses to load ("Duplicate definition of name"); each node reads the latest definition before it, the graph outputs the last`,
    });
  }

  /** The name node i reads for `name`: the latest definition before i, else the last one. */
  const readAs = (name: string, i: number): string => {
    const v = versions.get(name);
    if (!v) return name;
    for (let k = v.at.length - 1; k >= 0; k--) if (v.at[k] < i) return v.names[k];
    return name;
  };

  const original = new Map<Node, Node>();
  const nodes = graph.nodes.map((n, i) => {
    let changed = false;
    const inputs = n.inputs.map((x) => { const y = x === '' ? x : readAs(x, i); changed ||= y !== x; return y; });
    const outputs = n.outputs.map((o) => {
      const v = versions.get(o);
      if (!v) return o;
      const y = v.names[v.at.lastIndexOf(i)];
      changed ||= y !== o;
      return y;
    });
    let attributes = n.attributes;
    for (const [key, a] of n.attributes) {
      const renamed = renameInAttribute(a, (x) => readAs(x, i));
      if (renamed !== a) {
        if (attributes === n.attributes) attributes = new Map(n.attributes);
        (attributes as Map<string, Attribute>).set(key, renamed);
        changed = true;
      }
    }
    if (!changed) return n;
    const m: Node = { ...n, inputs, outputs, attributes };
    original.set(m, n);
    return m;
  });
  if (redefinitions.length > MAX_REPORTED) {
    const more = redefinitions.length - MAX_REPORTED;
    redefinitions.splice(MAX_REPORTED, more, { message: `${more} more tensors are defined more than once` });
  }
  return { graph: { ...graph, nodes }, original, inputAliases, redefinitions };
}

function renameInAttribute(a: Attribute, readAs: (name: string) => string): Attribute {
  if (a.type === 'graph') {
    const g = renameFree(a.value, readAs);
    return g === a.value ? a : { ...a, value: g };
  }
  if (a.type === 'graphs') {
    const gs = a.value.map((g) => renameFree(g, readAs));
    return gs.every((g, k) => g === a.value[k]) ? a : { ...a, value: gs };
  }
  return a;
}

/** A body whose reads of enclosing-scope names are renamed by `readAs` (names the body defines itself stay). */
function renameFree(body: Graph, readAs: (name: string) => string): Graph {
  const free = freeNames(body).filter((x) => readAs(x) !== x);
  if (!free.length) return body;
  const map = new Map(free.map((x) => [x, readAs(x)]));
  const inner = (x: string): string => map.get(x) ?? x;
  const nodes = body.nodes.map((n) => {
    let changed = false;
    const inputs = n.inputs.map((x) => { const y = inner(x); changed ||= y !== x; return y; });
    let attributes = n.attributes;
    for (const [key, a] of n.attributes) {
      const renamed = renameInAttribute(a, inner);
      if (renamed !== a) {
        if (attributes === n.attributes) attributes = new Map(n.attributes);
        (attributes as Map<string, Attribute>).set(key, renamed);
        changed = true;
      }
    }
    return changed ? { ...n, inputs, attributes } : n;
  });
  return { ...body, nodes };
}
