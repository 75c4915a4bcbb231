/**
 * What the graph view draws for an analysis report. dagre's layout takes seconds beyond a few hundred boxes in a
 * browser (~3 s for 500 nodes on a loaded 2-core machine), so, with `limit` boxes at most (GRAPH_NODE_LIMIT unless
 * the page's address says #graph-limit=N):
 *   nodes      one box per ONNX node, when they fit;
 *   computing  else one box per node that is not folded (shape arithmetic on constants is left out), when they fit;
 *   layers     else one box per layer (name scope, the report's byLayer), when there are at least two;
 *   none       else no drawing (the table still lists every node).
 * Edges follow the tensors: a box points at each box that reads one of its outputs; except in `nodes`, tensors made
 * by folded nodes are left out (they tie every block to the input's shape and say nothing about the data flow).
 */
import type { Report } from '../../../count/report-types';
import { approx, short } from './format';

/** One box of the drawing (an ONNX node or a layer). */
export interface GraphBox {
  readonly label: string;
  readonly sub: string;
  /** Share of the model's FLOPs, 0..1. */
  readonly share: number;
  readonly uncounted: boolean;
  readonly folded: boolean;
  readonly title: string;
}

export interface GraphSpec {
  readonly boxes: readonly GraphBox[];
  /** [from, to] indices into boxes. */
  readonly edges: readonly (readonly [number, number])[];
}

export const GRAPH_NODE_LIMIT = 600;

export type GraphMode = 'nodes' | 'computing' | 'layers' | 'none';

export interface ReportGraph extends GraphSpec {
  readonly mode: GraphMode;
  /** For each box: the node index, or the layer name. */
  readonly keys: readonly (number | string)[];
}

function tail(name: string, max = 28): string {
  const last = name.split('/').filter(Boolean).pop() ?? name;
  return last.length > max ? `…${last.slice(last.length - max + 1)}` : last;
}

/** Edges between boxes; boxOf(node) is the node's box, or -1 when it is not drawn. */
function edgesBetween(r: Report, boxOf: (node: number) => number, dataOnly: boolean): [number, number][] {
  const producer = new Map<string, number>();
  r.nodes.forEach((n, i) => { for (const t of n.outputs) if (t.name) producer.set(t.name, i); });
  const seen = new Set<string>();
  const edges: [number, number][] = [];
  r.nodes.forEach((n, i) => {
    for (const t of n.inputs) {
      const p = producer.get(t.name);
      if (p === undefined || (dataOnly && r.nodes[p].status === 'folded')) continue;
      const a = boxOf(p), b = boxOf(i);
      const key = `${a}>${b}`;
      if (a < 0 || b < 0 || a === b || seen.has(key)) continue;
      seen.add(key);
      edges.push([a, b]);
    }
  });
  return edges;
}

function nodeBox(r: Report, i: number, total: number): GraphBox {
  const n = r.nodes[i];
  return {
    label: n.opType,
    sub: n.flops !== '0' ? `${short(n.flops)} FLOPs` : tail(n.name || n.outputs[0]?.name || ''),
    share: total > 0 ? approx(n.flops) / total : 0,
    uncounted: n.status === 'uncounted',
    folded: n.status === 'folded',
    title: `${n.name} (${n.opType}) · ${n.status} · FLOPs ${n.flops}`,
  };
}

export function reportGraph(r: Report, limit = GRAPH_NODE_LIMIT): ReportGraph {
  const total = approx(r.totals.flops);
  if (r.nodes.length <= limit) {
    return { mode: 'nodes', keys: r.nodes.map((_, i) => i), boxes: r.nodes.map((_, i) => nodeBox(r, i, total)), edges: edgesBetween(r, (i) => i, false) };
  }
  const drawn = r.nodes.map((n, i) => (n.status === 'folded' ? -1 : i)).filter((i) => i >= 0);
  if (drawn.length <= limit) {
    const box = new Map(drawn.map((node, b) => [node, b]));
    return { mode: 'computing', keys: drawn, boxes: drawn.map((i) => nodeBox(r, i, total)), edges: edgesBetween(r, (i) => box.get(i) ?? -1, true) };
  }
  if (r.byLayer.length < 2 || r.byLayer.length > limit) return { mode: 'none', keys: [], boxes: [], edges: [] };
  const index = new Map(r.byLayer.map((l, i) => [l.layer, i]));
  const uncounted = new Set(r.nodes.filter((n) => n.status === 'uncounted').map((n) => n.layer));
  return {
    mode: 'layers',
    keys: r.byLayer.map((l) => l.layer),
    boxes: r.byLayer.map((l) => ({
      label: tail(l.layer, 34),
      sub: `${l.nodes} nodes · ${short(l.flops)} FLOPs`,
      share: total > 0 ? approx(l.flops) / total : 0,
      uncounted: uncounted.has(l.layer),
      folded: false,
      title: `${l.layer}: ${l.nodes} nodes, FLOPs ${l.flops}`,
    })),
    edges: edgesBetween(r, (i) => index.get(r.nodes[i].layer) ?? -1, true),
  };
}

/** The sentence above the drawing: what a box is, and why when it is not one per node. */
export function graphNote(r: Report, g: ReportGraph, limit: number): string {
  const why = `${r.nodes.length} nodes is more than ${limit}, the most this page lays out (open it with #graph-limit=N to change that)`;
  const colour = 'Colour: share of the model\'s FLOPs (yellow small, red large); red dashed outline: uncounted. Wheel zooms, drag pans, click for details.';
  switch (g.mode) {
    case 'nodes': return `One box per node; grey: folded. ${colour}`;
    case 'computing': return `${why}: one box per node that computes or moves data (${g.boxes.length}); the ${r.nodes.length - g.boxes.length} folded nodes (shape arithmetic on constants) are left out. ${colour}`;
    case 'layers': return `${why}: one box per layer (name scope), ${g.boxes.length} layers; arrows leave out shape arithmetic on constants (folded nodes). Click a layer to filter the node table. ${colour}`;
    case 'none': return `${why}, and it has ${r.byLayer.length < 2 ? 'no name scopes' : `${r.byLayer.length} layers`} to group them by: no drawing. The table lists every node.`;
  }
}
