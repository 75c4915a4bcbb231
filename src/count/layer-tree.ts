/**
 * The layers as a tree: every name-scope prefix of the layers in byLayer ('/encoder', '/encoder/layer.0', …) with
 * the nodes, MACs and FLOPs of everything under it, so a text or HTML view can show a scope's total without adding
 * counts itself. Children keep the order of their first node in the graph; views sort them by cost.
 */
import { P, Poly } from '../ir/poly';
import { LayerTreeNode } from './report-types';

interface Building {
  readonly name: string;
  readonly layer: string;
  nodes: number;
  macs: Poly;
  flops: Poly;
  /** Made on the first child: most scopes of a large graph are leaves (250,000 empty Maps for the 1M-node bench). */
  children?: Map<string, Building>;
}

/** The layer of nodes without a scope (layerOf). */
export const NO_SCOPE = '(root)';

export function layerTree(layers: Iterable<[string, { nodes: number; macs: Poly; flops: Poly }]>): LayerTreeNode {
  const root: Building = { name: '', layer: '', nodes: 0, macs: P.zero, flops: P.zero };
  for (const [layer, t] of layers) {
    const path: Building[] = [root];
    if (layer === NO_SCOPE) path.push(child(root, NO_SCOPE, NO_SCOPE));
    else {
      const leading = layer.startsWith('/') ? '/' : '';
      const segments = layer.split('/').filter((s) => s !== '');
      segments.forEach((s, i) => path.push(child(path[path.length - 1], s, leading + segments.slice(0, i + 1).join('/'))));
    }
    for (const b of path) {
      b.nodes += t.nodes;
      b.macs = b.macs.add(t.macs);
      b.flops = b.flops.add(t.flops);
    }
  }
  return freeze(root);
}

function child(parent: Building, name: string, layer: string): Building {
  const children = (parent.children ??= new Map());
  let c = children.get(name);
  if (!c) children.set(name, (c = { name, layer, nodes: 0, macs: P.zero, flops: P.zero }));
  return c;
}

function freeze(b: Building): LayerTreeNode {
  return { name: b.name, layer: b.layer, nodes: b.nodes, macs: b.macs.toString(), flops: b.flops.toString(), children: b.children ? [...b.children.values()].map(freeze) : [] };
}
