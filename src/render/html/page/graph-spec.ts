/**
 * What the graph view draws for an analysis report: one box per ONNX node, or, above GRAPH_NODE_LIMIT nodes (dagre's
 * layout takes seconds beyond that in a browser: ~3 s for 500 nodes on a loaded 2-core machine), one box per layer
 * (name scope, the report's byLayer). Edges follow the tensors: a box points at each box that reads one of its
 * outputs. Between layers, tensors made by folded nodes (shape arithmetic on constants) are left out: they tie every
 * block to the shape of the input and multiply dagre's work tenfold without saying anything about the data flow.
 */
import type { Report } from '../../../count/report-types';
import { approx, short } from './format';
import type { GraphSpec } from './graph';

export const GRAPH_NODE_LIMIT = 600;

export interface ReportGraph extends GraphSpec {
  readonly collapsed: boolean;
  /** For each box: the node index (per node) or the layer name (collapsed). */
  readonly keys: readonly (number | string)[];
}

function tail(name: string, max = 28): string {
  const last = name.split('/').filter(Boolean).pop() ?? name;
  return last.length > max ? `…${last.slice(last.length - max + 1)}` : last;
}

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
      if (a === b || seen.has(key)) continue;
      seen.add(key);
      edges.push([a, b]);
    }
  });
  return edges;
}

export function reportGraph(r: Report): ReportGraph {
  const total = approx(r.totals.flops);
  if (r.nodes.length <= GRAPH_NODE_LIMIT) {
    return {
      collapsed: false,
      keys: r.nodes.map((_, i) => i),
      boxes: r.nodes.map((n) => ({
        label: n.opType,
        sub: n.flops !== '0' ? `${short(n.flops)} FLOPs` : tail(n.name || n.outputs[0]?.name || ''),
        share: total > 0 ? approx(n.flops) / total : 0,
        uncounted: n.status === 'uncounted',
        folded: n.status === 'folded',
        title: `${n.name} (${n.opType}) · ${n.status} · FLOPs ${n.flops}`,
      })),
      edges: edgesBetween(r, (i) => i, false),
    };
  }
  const layers = r.byLayer.map((l) => l.layer);
  const index = new Map(layers.map((l, i) => [l, i]));
  const uncounted = new Set(r.nodes.filter((n) => n.status === 'uncounted').map((n) => n.layer));
  return {
    collapsed: true,
    keys: layers,
    boxes: r.byLayer.map((l) => ({
      label: tail(l.layer, 34),
      sub: `${l.nodes} nodes · ${short(l.flops)} FLOPs`,
      share: total > 0 ? approx(l.flops) / total : 0,
      uncounted: uncounted.has(l.layer),
      folded: false,
      title: `${l.layer}: ${l.nodes} nodes, FLOPs ${l.flops}`,
    })),
    edges: edgesBetween(r, (i) => index.get(r.nodes[i].layer) ?? 0, true),
  };
}
