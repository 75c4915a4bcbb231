/**
 * Topological order of a graph's nodes. Kahn's algorithm, iterative: @dagrejs/graphlib's topsort and findCycles
 * recurse per node and overflow the stack on a 200,000-node chain (measured), so graphlib only names the cycle
 * once we know there is one.
 */
import { Graph as GraphLib, alg } from '@dagrejs/graphlib';
import { Graph, Node } from '../ir/model';
import { takeNodeOutputs } from './node-outputs';
import { isSharedAttributeMap } from '../io/decode';

export class CycleError extends Error {
  constructor(readonly nodes: readonly string[]) {
    super(`graph has a cycle through ${nodes.slice(0, 6).map((n) => `'${n}'`).join(' → ')}${nodes.length > 6 ? ' …' : ''}`);
    this.name = 'CycleError';
  }
}

/** Names a node reads: its inputs plus, for nodes with subgraphs, the outer names those bodies use. */
export function nodeReads(node: Node): string[] {
  const reads = node.inputs.filter((n) => n !== '');
  for (const a of node.attributes.values()) {
    // Loops, not push(...names): a body reading 200,000 outer names would overflow the stack as call arguments.
    if (a.type === 'graph') for (const n of freeNames(a.value)) reads.push(n);
    else if (a.type === 'graphs') for (const g of a.value) for (const n of freeNames(g)) reads.push(n);
  }
  return reads;
}

const freeCache = new WeakMap<Graph, string[]>();

/**
 * Names a subgraph reads from its enclosing scopes, cached per graph. Iterative over nesting: the nested bodies are
 * listed first (an explicit stack) and solved innermost first, so nodeReads only ever meets cached bodies — a model
 * built in memory may nest 10,000 deep (the decoder stops files at 64).
 */
export function freeNames(graph: Graph): string[] {
  const cached = freeCache.get(graph);
  if (cached) return cached;
  const pending: Graph[] = [];
  const seen = new Set<Graph>();
  const stack = [graph];
  while (stack.length) {
    const g = stack.pop()!;
    if (seen.has(g) || freeCache.has(g)) continue;
    seen.add(g);
    pending.push(g);
    for (const n of g.nodes) {
      for (const a of n.attributes.values()) {
        if (a.type === 'graph') stack.push(a.value);
        else if (a.type === 'graphs') for (const b of a.value) stack.push(b);
      }
    }
  }
  // Pre-order reversed: every body comes after the bodies nested in it.
  for (let i = pending.length - 1; i >= 0; i--) freeCache.set(pending[i], freeOf(pending[i]));
  return freeCache.get(graph)!;
}

/**
 * Whether a node has a graph attribute (a Loop, Scan or If body). The Maps the decoder shares between nodes hold
 * none (io/decode.ts): most nodes of a large graph are answered without iterating their attributes.
 */
export function hasBodies(n: Node): boolean {
  if (n.attributes.size === 0 || isSharedAttributeMap(n.attributes)) return false;
  for (const a of n.attributes.values()) if (a.type === 'graph' || a.type === 'graphs') return true;
  return false;
}

function freeOf(graph: Graph): string[] {
  const defined = new Set<string>([...graph.inputs.map((v) => v.name), ...graph.initializers.map((t) => t.name),
    ...graph.sparseInitializers.map((t) => t.name)]);
  for (const n of graph.nodes) for (const o of n.outputs) defined.add(o);
  const free = new Set<string>();
  for (const n of graph.nodes) {
    if (hasBodies(n)) { for (const r of nodeReads(n)) if (!defined.has(r)) free.add(r); continue; }
    const ins = n.inputs; // nodeReads without its array: the common node has no body
    for (let k = 0; k < ins.length; k++) if (ins[k] !== '' && !defined.has(ins[k])) free.add(ins[k]);
  }
  return [...free];
}

const orderCache = new WeakMap<Graph, readonly number[]>();

/**
 * Node indices in an order where every producer precedes its consumers; throws CycleError. Cached per graph (the
 * engine, the parameter tally and the memory analysis all ask): callers must not modify the array.
 */
export function topologicalOrder(graph: Graph): readonly number[] {
  let order = orderCache.get(graph);
  if (!order) orderCache.set(graph, (order = inFileOrder(graph) ?? kahnOrder(graph)));
  return order;
}

/**
 * 0..n-1 when the file is already in topological order (exporters write nodes that way): every name a node reads
 * is produced by an earlier node or by none. Kahn's algorithm with a min-heap returns exactly this order then (it
 * takes the smallest ready index, and node i is ready once 0..i-1 are done), so this is a shortcut, not a change.
 */
function inFileOrder(graph: Graph): number[] | undefined {
  const nodes = graph.nodes;
  const outputs = takeNodeOutputs(graph);
  const byId = outputs.byId;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i];
    if (byId) {
      const { inputStart, inputIds } = byId.ids;
      for (let j = inputStart[i], end = inputStart[i + 1]; j < end; j++) {
        const id = inputIds[j];
        if (id >= 0 && byId.producer[id] >= i) return undefined;
      }
    } else {
      const ins = n.inputs;
      for (let k = 0; k < ins.length; k++) {
        const p = ins[k] === '' ? undefined : outputs.producerOf(ins[k]);
        if (p !== undefined && p >= i) return undefined;
      }
    }
    if (!hasBodies(n)) continue;
    for (const r of nodeReads(n)) { const p = outputs.producerOf(r); if (p !== undefined && p >= i) return undefined; }
  }
  const order = new Array<number>(nodes.length);
  for (let i = 0; i < nodes.length; i++) order[i] = i;
  return order;
}

/** Kahn's algorithm with a min-heap over node indices: the general path (exported for the test that compares both). */
export function kahnOrder(graph: Graph): number[] {
  const nodes = graph.nodes;
  const producer = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) {
    for (const o of nodes[i].outputs) if (o !== '' && !producer.has(o)) producer.set(o, i);
  }
  const indegree = new Int32Array(nodes.length);
  const consumers: number[][] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) consumers[i] = [];
  // lastReader[p] === i + 1 marks producer p as already counted for node i (a per-node Set cost 100,000 allocations).
  const lastReader = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    for (const r of nodeReads(nodes[i])) {
      const p = producer.get(r);
      if (p === undefined || lastReader[p] === i + 1) continue;
      lastReader[p] = i + 1;
      if (p === i) { indegree[i]++; continue; } // a node reading its own output: a cycle of one
      consumers[p].push(i);
      indegree[i]++;
    }
  }
  // Stable: among ready nodes keep file order (exporters write nodes topologically; reports follow the file).
  const order: number[] = [];
  const ready: number[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) if (indegree[i] === 0) ready.push(i);
  const heap = new MinHeap(ready);
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(i);
    for (const c of consumers[i]) if (--indegree[c] === 0) heap.push(c);
  }
  if (order.length !== nodes.length) throw new CycleError(nameCycle(graph, indegree));
  return order;
}

function nameCycle(graph: Graph, indegree: Int32Array): string[] {
  const left = graph.nodes.map((n, i) => ({ n, i })).filter(({ i }) => indegree[i] > 0);
  const label = (n: Node, i: number): string => n.name || `${n.opType}#${i}`;
  try {
    const g = new GraphLib();
    const producer = new Map<string, string>();
    for (const { n, i } of left) { g.setNode(label(n, i)); n.outputs.forEach((o) => producer.set(o, label(n, i))); }
    for (const { n, i } of left) for (const r of nodeReads(n)) { const p = producer.get(r); if (p) g.setEdge(p, label(n, i)); }
    const cycles = alg.findCycles(g);
    if (cycles.length) return cycles[0].reverse();
  } catch {
    // a huge leftover can overflow graphlib's recursion; fall back to naming the stuck nodes
  }
  return left.map(({ n, i }) => label(n, i));
}

/** Binary min-heap of node indices. */
class MinHeap {
  private readonly a: number[] = [];
  constructor(items: number[]) { for (const x of items) this.push(x); }
  get size(): number { return this.a.length; }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= a[i]) break;
      const t = a[p]; a[p] = a[i]; a[i] = t;
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0];
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && a[l] < a[m]) m = l;
        if (r < a.length && a[r] < a[m]) m = r;
        if (m === i) break;
        const t = a[m]; a[m] = a[i]; a[i] = t;
        i = m;
      }
    }
    return top;
  }
}
