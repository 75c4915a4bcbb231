/**
 * Tensors defined more than once in one graph. ONNX graphs are in SSA form, so such a graph is invalid; exporters
 * and graph surgery still write them. onnxruntime (graph.cc, checked with onnxruntime-node 1.30 on built models)
 * treats two cases differently, and so does this module:
 *
 * - **Constants only** (initializers and `Constant` nodes): onnxruntime turns Constant nodes into initializers at
 *   load time, appended after the file's initializers, and keeps "the latest encountered initializer" (its
 *   warning's words) for *every* reader, wherever it sits in the file. Same here: the other definitions are renamed
 *   apart (`x@1`) and read by nobody.
 * - **Anything else** (two computing nodes; a node redefining a graph input, an initializer or a Constant's
 *   output): onnxruntime refuses the model ("Duplicate definition of name"). Such a graph is read as a program
 *   would read it: a node reads the latest definition before it in file order (`x = f(x)` updates x in place), a
 *   node before every definition reads the last one, the graph outputs read the last one.
 *
 * Either way the walk, the topological order and the parameter tally see an SSA graph, and each redefinition is
 * reported with the tensor and its definitions.
 */
import { Attribute, Graph, Node, plainNode, Tensor } from '../ir/model';
import { freeNames } from './order';
import { nodeOutputs } from './node-outputs';

export interface Redefinition {
  /** The last definition's node label, or undefined (an initializer, or the summary line). */
  readonly node?: string;
  readonly tensor?: string;
  readonly message: string;
}

export interface Resolution {
  /** The graph in SSA form (the same object when nothing is redefined). */
  readonly graph: Graph;
  /** Rewritten node → the node as the file has it (reports show the file's names). */
  readonly original: ReadonlyMap<Node, Node>;
  /** [renamed, name]: a graph input or initializer that a computing node redefines, as the nodes before it read it. */
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
const isConstantNode = (n: Node): boolean => n.opType === 'Constant' && n.domain === 'ai.onnx';

/** One definition of a name: a graph input, an initializer (dense or sparse, by index) or a node output. */
type Definition =
  | { readonly kind: 'input' }
  | { readonly kind: 'initializer'; readonly index: number }
  | { readonly kind: 'sparse'; readonly index: number }
  | { readonly kind: 'node'; readonly index: number };

function definitions(graph: Graph): Map<string, Definition[]> {
  const defs = new Map<string, Definition[]>();
  const add = (name: string, d: Definition): void => {
    const list = defs.get(name);
    if (list) list.push(d); else defs.set(name, [d]);
  };
  const initialized = new Set<string>([...graph.initializers.map((t) => t.name), ...graph.sparseInitializers.map((t) => t.name)]);
  // an input that has an initializer is that initializer's default-overriding declaration (IR < 4), one definition
  for (const v of graph.inputs) if (!initialized.has(v.name)) add(v.name, { kind: 'input' });
  graph.initializers.forEach((t, index) => add(t.name, { kind: 'initializer', index }));
  graph.sparseInitializers.forEach((t, index) => add(t.name, { kind: 'sparse', index }));
  graph.nodes.forEach((n, index) => {
    const seen = new Set<string>(); // a node naming one output twice defines it once
    for (const o of n.outputs) if (o !== '' && !seen.has(o)) { seen.add(o); add(o, { kind: 'node', index }); }
  });
  return defs;
}

const NO_RENAMES: ReadonlyMap<Node, Node> = new Map();

/** The general path without the SSA shortcut (exported for the test that compares both). */
export function resolveWithoutShortcut(graph: Graph): Resolution {
  return resolveGeneral(graph);
}

function resolve(graph: Graph): Resolution {
  // no name with two definitions (the common case): checked without per-name objects
  if (nodeOutputs(graph).ssa) return { graph, original: NO_RENAMES, inputAliases: [], redefinitions: [] };
  return resolveGeneral(graph);
}

function resolveGeneral(graph: Graph): Resolution {
  const defs = definitions(graph);
  const redefinedNames = [...defs].filter(([, d]) => d.length > 1);
  if (!redefinedNames.length) return { graph, original: new Map(), inputAliases: [], redefinitions: [] };

  const taken = new Set<string>(defs.keys());
  const unique = (base: string): string => {
    let k = 1;
    while (taken.has(`${base}@${k}`)) k++;
    taken.add(`${base}@${k}`);
    return `${base}@${k}`;
  };
  const describe = (d: Definition): string => (d.kind === 'input' ? 'a graph input' : d.kind === 'node' ? `'${label(graph.nodes[d.index])}'` : 'an initializer');

  const initializerNames = graph.initializers.map((t) => t.name);
  const sparseNames = graph.sparseInitializers.map((t) => t.name);
  /** Node index → output name → its new name. */
  const renamedOutputs = new Map<number, Map<string, string>>();
  /** Sequentially read names: name → definition positions (-1: input/initializer) and the name each reads as. */
  const sequential = new Map<string, { at: number[]; names: string[] }>();
  const inputAliases: [string, string][] = [];
  const redefinitions: Redefinition[] = [];
  const renameOutput = (index: number, from: string, to: string): void => {
    let m = renamedOutputs.get(index);
    if (!m) renamedOutputs.set(index, (m = new Map()));
    m.set(from, to);
  };

  for (const [name, list] of redefinedNames) {
    const constantsOnly = list.every((d) => d.kind === 'initializer' || d.kind === 'sparse' || (d.kind === 'node' && isConstantNode(graph.nodes[d.index])));
    if (constantsOnly) {
      // onnxruntime's order: the file's initializers, then Constant nodes as they come; the last one is read.
      const ordered = [...list.filter((d) => d.kind !== 'node'), ...list.filter((d) => d.kind === 'node')];
      const kept = ordered[ordered.length - 1];
      for (const d of ordered.slice(0, -1)) {
        if (d.kind === 'initializer') initializerNames[d.index] = unique(name);
        else if (d.kind === 'sparse') sparseNames[d.index] = unique(name);
        else if (d.kind === 'node') renameOutput(d.index, name, unique(name));
      }
      redefinitions.push({
        ...(kept.kind === 'node' ? { node: label(graph.nodes[kept.index]) } : {}), tensor: name,
        message: `tensor '${name}' is defined ${list.length} times (${ordered.map(describe).join(', then ')}): invalid ONNX; as onnxruntime does ("the model will use the latest encountered initializer"), every node reads the last`,
      });
      continue;
    }
    // Sequential reading. An input or initializer comes first (position -1); several of them are one definition.
    const nodeDefs = list.filter((d): d is Extract<Definition, { kind: 'node' }> => d.kind === 'node').map((d) => d.index);
    if (!nodeDefs.length) continue; // graph inputs named twice: nothing to order
    const hasExternal = list.some((d) => d.kind !== 'node');
    const at = hasExternal ? [-1, ...nodeDefs] : nodeDefs;
    const names = at.map((_, k) => (k === at.length - 1 ? name : unique(name)));
    sequential.set(name, { at, names });
    if (hasExternal) inputAliases.push([names[0], name]);
    at.forEach((i, k) => { if (i >= 0 && names[k] !== name) renameOutput(i, name, names[k]); });
    const last = at[at.length - 1];
    const shown = [...(hasExternal ? [describe(list.find((d) => d.kind !== 'node')!)] : []), ...nodeDefs.map((i) => describe({ kind: 'node', index: i }))];
    redefinitions.push({
      node: label(graph.nodes[last]), tensor: name,
      message: `tensor '${name}' is defined ${at.length} times (${shown.join(', then ')}): invalid ONNX, which onnxruntime refuses to load ("Duplicate definition of name"); each node reads the latest definition before it, the graph outputs the last`,
    });
  }

  /** The name node i reads for `name`: the latest definition before i, else the last one. */
  const readAs = (name: string, i: number): string => {
    const v = sequential.get(name);
    if (!v) return name;
    for (let k = v.at.length - 1; k >= 0; k--) if (v.at[k] < i) return v.names[k];
    return name;
  };

  const original = new Map<Node, Node>();
  const nodes = graph.nodes.map((n, i) => {
    let changed = false;
    const inputs = n.inputs.map((x) => { const y = x === '' ? x : readAs(x, i); changed ||= y !== x; return y; });
    const renames = renamedOutputs.get(i);
    const outputs = renames ? n.outputs.map((o) => { const y = renames.get(o) ?? o; changed ||= y !== o; return y; }) : n.outputs;
    let attributes = n.attributes;
    if (sequential.size) {
      for (const [key, a] of n.attributes) {
        const renamed = renameInAttribute(a, (x) => readAs(x, i));
        if (renamed === a) continue;
        if (attributes === n.attributes) attributes = new Map(n.attributes);
        (attributes as Map<string, Attribute>).set(key, renamed);
        changed = true;
      }
    }
    if (!changed) return n;
    const m = plainNode(n, { inputs, outputs, attributes });
    original.set(m, n);
    return m;
  });
  const rename = <T extends Tensor | Graph['sparseInitializers'][number]>(ts: readonly T[], names: string[]): readonly T[] =>
    ts.some((t, k) => t.name !== names[k]) ? ts.map((t, k) => (t.name === names[k] ? t : { ...t, name: names[k] })) : ts;
  if (redefinitions.length > MAX_REPORTED) {
    const more = redefinitions.length - MAX_REPORTED;
    redefinitions.splice(MAX_REPORTED, more, { message: `${more} more tensors are defined more than once` });
  }
  return {
    graph: { ...graph, nodes, initializers: rename(graph.initializers, initializerNames), sparseInitializers: rename(graph.sparseInitializers, sparseNames) },
    original, inputAliases, redefinitions,
  };
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
      if (renamed === a) continue;
      if (attributes === n.attributes) attributes = new Map(n.attributes);
      (attributes as Map<string, Attribute>).set(key, renamed);
      changed = true;
    }
    return changed ? plainNode(n, { inputs, attributes }) : n;
  });
  return { ...body, nodes };
}
