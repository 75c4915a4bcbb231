import { P, Poly } from '../../src/ir/poly';
import { ListSums } from '../../src/ir/poly-tally';
import { layerTree, NO_SCOPE } from '../../src/count/layer-tree';
import { LayerTreeNode } from '../../src/count/report-types';

const b = P.sym('batch');
const layer = (nodes: number, macs: Poly, flops: Poly): { nodes: number; macs: Poly; flops: Poly } => ({ nodes, macs, flops });
const strip = (t: LayerTreeNode): unknown => ({ name: t.name, layer: t.layer, nodes: t.nodes, macs: t.macs, flops: t.flops, children: t.children.map(strip) });

describe('layerTree', () => {
  it('nests every scope prefix and sums the layers under it', () => {
    const tree = layerTree([
      ['/enc/l0', layer(2, P.n(10), P.n(21))],
      ['/enc/l1', layer(3, b.scale(4n), b.scale(8n).add(P.n(1)))],
      [NO_SCOPE, layer(1, P.zero, P.n(5))],
      ['/enc', layer(1, P.n(7), P.n(14))],
      ['dec//x', layer(4, P.n(1), P.n(2))],
    ]);
    // root: nodes 2+3+1+1+4 = 11; MACs 10 + 4*batch + 0 + 7 + 1 = 4*batch + 18; FLOPs 21 + 8*batch+1 + 5 + 14 + 2 = 8*batch + 43
    // '/enc': 2+3+1 = 6 nodes; MACs 10 + 4*batch + 7; FLOPs 21 + 8*batch + 1 + 14
    // 'dec//x': empty segments dropped, so scopes 'dec' and 'dec/x'
    expect(strip(tree)).toEqual({
      name: '', layer: '', nodes: 11, macs: '4*batch + 18', flops: '8*batch + 43', children: [
        { name: 'enc', layer: '/enc', nodes: 6, macs: '4*batch + 17', flops: '8*batch + 36', children: [
          { name: 'l0', layer: '/enc/l0', nodes: 2, macs: '10', flops: '21', children: [] },
          { name: 'l1', layer: '/enc/l1', nodes: 3, macs: '4*batch', flops: '8*batch + 1', children: [] },
        ] },
        { name: NO_SCOPE, layer: NO_SCOPE, nodes: 1, macs: '0', flops: '5', children: [] },
        { name: 'dec', layer: 'dec', nodes: 4, macs: '1', flops: '2', children: [
          { name: 'x', layer: 'dec/x', nodes: 4, macs: '1', flops: '2', children: [] },
        ] },
      ],
    });
  });

  it('sums past the short-list limit to the same polynomial as adding one by one', () => {
    // 200 layers under one scope: the root's and the scope's sums go through a tally, not a list
    const layers: [string, { nodes: number; macs: Poly; flops: Poly }][] = [];
    for (let i = 0; i < 200; i++) layers.push([`/blk/l${i}`, layer(1, b.scale(BigInt(i)), P.n(i))]);
    const tree = layerTree(layers);
    // 0 + 1 + … + 199 = 199·200/2 = 19,900
    expect(tree.macs).toBe('19900*batch');
    expect(tree.flops).toBe('19900');
    expect(tree.children[0].macs).toBe('19900*batch');
    expect(tree.children[0].children).toHaveLength(200);
    expect(tree.children[0].children[199].flops).toBe('199');
    expect(ListSums.MAX_LENGTH).toBeLessThan(200);
  });

  it('a graph without layers is the root alone', () => {
    expect(strip(layerTree([]))).toEqual({ name: '', layer: '', nodes: 0, macs: '0', flops: '0', children: [] });
  });
});
