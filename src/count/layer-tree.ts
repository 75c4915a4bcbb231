/**
 * The layers as a tree: every name-scope prefix of the layers in byLayer ('/encoder', '/encoder/layer.0', …) with
 * the nodes, MACs and FLOPs of everything under it, so a text or HTML view can show a scope's total without adding
 * counts itself. Children keep the order of their first node in the graph; views sort them by cost.
 */
import { Poly } from '../ir/poly';
import { LayerTreeNode } from './report-types';

interface Building {
  readonly name: string;
  readonly layer: string;
  nodes: number;
  /** The counts of the layers under it, summed once when the tree is frozen (one Poly.add per layer and level made a new polynomial each). */
  readonly macs: Poly[];
  readonly flops: Poly[];
  readonly children: Map<string, Building>;
}

/** The layer of nodes without a scope (layerOf). */
export const NO_SCOPE = '(root)';

export function layerTree(layers: Iterable<[string, { nodes: number; macs: Poly; flops: Poly }]>): LayerTreeNode {
  const root = building('', '');
  const path: Building[] = [];
  for (const [layer, t] of layers) {
    path.length = 0;
    path.push(root);
    if (layer === NO_SCOPE) path.push(child(root, NO_SCOPE, NO_SCOPE));
    else {
      // '/a/b' → '/a', '/a/b' (a leading '/' kept, empty segments dropped)
      let prefix = layer.startsWith('/') ? '/' : '';
      let first = true;
      for (const s of layer.split('/')) {
        if (s === '') continue;
        prefix = first ? prefix + s : `${prefix}/${s}`;
        first = false;
        path.push(child(path[path.length - 1], s, prefix));
      }
    }
    for (const b of path) {
      b.nodes += t.nodes;
      b.macs.push(t.macs);
      b.flops.push(t.flops);
    }
  }
  return freeze(root, textMemo());
}

function building(name: string, layer: string): Building {
  return { name, layer, nodes: 0, macs: [], flops: [], children: new Map() };
}

function child(parent: Building, name: string, layer: string): Building {
  let c = parent.children.get(name);
  if (!c) parent.children.set(name, (c = building(name, layer)));
  return c;
}

/** A count's text, rendered once per distinct value (a large graph's leaves mostly repeat a few counts). */
function textMemo(): (p: Poly) => string {
  const memo = new Map<string, string>();
  return (p) => {
    if (p.isConst()) return p.toString();
    let t = memo.get(p.key);
    if (t === undefined) memo.set(p.key, (t = p.toString()));
    return t;
  };
}

function freeze(b: Building, text: (p: Poly) => string): LayerTreeNode {
  return {
    name: b.name, layer: b.layer, nodes: b.nodes, macs: text(Poly.sumAll(b.macs)), flops: text(Poly.sumAll(b.flops)),
    children: [...b.children.values()].map((c) => freeze(c, text)),
  };
}
