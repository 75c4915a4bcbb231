/**
 * The layers as a tree: every name-scope prefix of the layers in byLayer ('/encoder', '/encoder/layer.0', …) with
 * the nodes, MACs and FLOPs of everything under it, so a text or HTML view can show a scope's total without adding
 * counts itself. Children keep the order of their first node in the graph; views sort them by cost.
 */
import { P, Poly } from '../ir/poly';
import { PolyBag, addToBag, sumOfBag } from '../ir/poly-tally';
import { LayerTreeNode } from './report-types';

interface Building {
  readonly name: string;
  readonly layer: string;
  nodes: number;
  /**
   * The counts of the layers under it, summed once at the end (the root of 10,000 layers: one sum, not 10,000
   * intermediate polynomials); a scope with one layer under it (most of them) keeps that count, no list.
   */
  macs: Poly | PolyBag | undefined;
  flops: Poly | PolyBag | undefined;
  /** Made on the first child: most scopes of a large graph are leaves (250,000 empty Maps for the 1M-node bench). */
  children?: Map<string, Building>;
}

/** The layer of nodes without a scope (layerOf). */
export const NO_SCOPE = '(root)';

const SLASH = 47;

export function layerTree(layers: Iterable<[string, { nodes: number; macs: Poly; flops: Poly }]>): LayerTreeNode {
  const root = building('', '');
  for (const [layer, t] of layers) {
    add(root, t);
    if (layer === NO_SCOPE) { add(child(root, NO_SCOPE, NO_SCOPE), t); continue; }
    // each non-empty '/'-separated segment, with its prefix: the leading '/' kept, empty segments dropped
    const leading = layer.charCodeAt(0) === SLASH ? '/' : '';
    let at = root;
    let prefix = '';
    for (let start = 0; start <= layer.length;) {
      let end = layer.indexOf('/', start);
      if (end < 0) end = layer.length;
      if (end > start) {
        const segment = layer.slice(start, end);
        prefix = prefix === '' ? leading + segment : `${prefix}/${segment}`;
        at = child(at, segment, prefix);
        add(at, t);
      }
      start = end + 1;
    }
  }
  return freeze(root);
}

function building(name: string, layer: string): Building {
  return { name, layer, nodes: 0, macs: undefined, flops: undefined };
}

function add(b: Building, t: { nodes: number; macs: Poly; flops: Poly }): void {
  b.nodes += t.nodes;
  b.macs = gather(b.macs, t.macs);
  b.flops = gather(b.flops, t.flops);
}

function gather(sum: Poly | PolyBag | undefined, p: Poly): Poly | PolyBag {
  if (sum === undefined) return p;
  return addToBag(sum instanceof Poly ? [sum] : sum, p);
}

function child(parent: Building, name: string, layer: string): Building {
  const children = (parent.children ??= new Map());
  let c = children.get(name);
  if (!c) children.set(name, (c = building(name, layer)));
  return c;
}

function freeze(b: Building): LayerTreeNode {
  return { name: b.name, layer: b.layer, nodes: b.nodes, macs: sumText(b.macs), flops: sumText(b.flops), children: b.children ? [...b.children.values()].map(freeze) : [] };
}

function sumText(sum: Poly | PolyBag | undefined): string {
  if (sum === undefined) return P.zero.toString();
  return (sum instanceof Poly ? sum : sumOfBag(sum)).toString();
}
