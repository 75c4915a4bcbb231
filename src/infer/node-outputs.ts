/**
 * Which node first defines each node output of a graph, and whether any name is defined twice: one pass over a
 * graph's names that both the SSA check (redefinitions.ts) and the in-file-order check (order.ts) need. Each built
 * its own map of every name, a second each on a 1,000,000-node graph (issue #17); the first to ask builds it and
 * the order check, which comes after, takes it (it is not kept beyond that).
 */
import { Graph } from '../ir/model';
import { NameIds, nameIdsOf } from '../io/name-ids';

export interface NodeOutputs {
  /** Index of the first node that names `name` as an output, or undefined. */
  producerOf(name: string): number | undefined;
  /** The same by name id, when the graph has ids (io/name-ids.ts): producer[id] is the node index, or -1. */
  readonly byId?: { readonly ids: NameIds; readonly producer: Int32Array };
  /** No name defined twice: by two nodes, or by a node and a graph input or initializer, or twice among those. */
  readonly ssa: boolean;
}

const built = new WeakMap<Graph, NodeOutputs>();

export function nodeOutputs(graph: Graph): NodeOutputs {
  let r = built.get(graph);
  if (!r) built.set(graph, (r = index(graph)));
  return r;
}

/** nodeOutputs(graph), forgotten after: for the last of its readers. */
export function takeNodeOutputs(graph: Graph): NodeOutputs {
  const r = nodeOutputs(graph);
  built.delete(graph);
  return r;
}

function index(graph: Graph): NodeOutputs {
  const ids = nameIdsOf(graph);
  return ids ? indexIds(graph, ids) : indexNames(graph);
}

function indexNames(graph: Graph): NodeOutputs {
  const producer = new Map<string, number>();
  let ssa = true;
  const nodes = graph.nodes;
  for (let i = 0; i < nodes.length; i++) {
    const outs = nodes[i].outputs;
    for (let k = 0; k < outs.length; k++) {
      const o = outs[k];
      if (o === '') continue;
      const p = producer.get(o);
      if (p === undefined) producer.set(o, i);
      else if (p !== i) ssa = false; // a node naming one output twice defines it once
    }
  }
  if (ssa) ssa = inputsAndInitializersUnique(graph, (name) => producer.has(name));
  return { producerOf: (name) => producer.get(name), ssa };
}

/** indexNames over the decoder's name ids: an Int32Array instead of a Map of every output name. */
function indexIds(graph: Graph, ids: NameIds): NodeOutputs {
  const producer = new Int32Array(ids.count).fill(-1);
  let ssa = true;
  const { outputStart, outputIds } = ids;
  const n = graph.nodes.length;
  for (let i = 0; i < n; i++) {
    for (let j = outputStart[i], end = outputStart[i + 1]; j < end; j++) {
      const id = outputIds[j];
      if (id < 0) continue;
      const p = producer[id];
      if (p < 0) producer[id] = i;
      else if (p !== i) ssa = false;
    }
  }
  const producerOf = (name: string): number | undefined => {
    const id = ids.idOf(name);
    return id < 0 || producer[id] < 0 ? undefined : producer[id];
  };
  if (ssa) ssa = inputsAndInitializersUnique(graph, (name) => producerOf(name) !== undefined);
  return { producerOf, byId: { ids, producer }, ssa };
}

function inputsAndInitializersUnique(graph: Graph, produced: (name: string) => boolean): boolean {
  const initialized = new Set<string>();
  for (const t of [...graph.initializers, ...graph.sparseInitializers]) {
    if (initialized.has(t.name) || produced(t.name)) return false;
    initialized.add(t.name);
  }
  const inputs = new Set<string>();
  for (const v of graph.inputs) {
    if (initialized.has(v.name)) continue; // IR < 4 lists initializers as inputs too: one definition
    if (inputs.has(v.name) || produced(v.name)) return false;
    inputs.add(v.name);
  }
  return true;
}
