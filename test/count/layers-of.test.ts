/**
 * layersOf (count/layer.ts) makes every node's layer once for the report, its rows and the memory sections; it must
 * give what layerOf gives node by node, at every depth, on real exports (PyTorch '/a/b/Op', tf2onnx 'a/b/Op',
 * unnamed and '//' names), with one string per distinct layer.
 */
import { layerOf, layersOf } from '../../src/count/layer';
import { decodeModelFile } from '../../src/io/decode';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';

const files = [...filesUnder(FIXTURES, (f) => f.endsWith('.onnx')), ...filesUnder(CORPUS, (f) => f.endsWith('.onnx'))];
const asResults = (names: string[]) => names.map((name) => ({ node: { name } }));

describe('layersOf', () => {
  it('equals layerOf node by node on every fixture and corpus model, at depth none, 1 and 2', () => {
    let nodes = 0;
    for (const f of files) {
      let names: string[];
      try { names = decodeModelFile(f).graph.nodes.map((n) => n.name); } catch { continue; } // unreadable fixtures: other tests
      const results = asResults(names);
      for (const depth of [undefined, 1, 2]) expect(layersOf(results, depth)).toEqual(names.map((n) => layerOf(n, depth)));
      nodes += names.length;
    }
    expect(nodes).toBeGreaterThan(10000);
  });

  it('handles the cases the shortcut must not take: a layer of the same length, (root), "//", a leading name without "/"', () => {
    const names = ['/a/b/Op', '/a/b/Op2', '/a/c/Op', '/a/b/x/Op', 'x', '/Op', 'a//b/Op', 'a/b/Op', 'a/b', '', '/a/b//Op', '/a/b/Op3'];
    expect(layersOf(asResults(names))).toEqual(names.map((n) => layerOf(n)));
    // hand-checked: the same scope after '/a/b/Op' is '/a/b'; '/a/c' is not taken for it (same length, other text)
    expect(layersOf(asResults(names)).slice(0, 4)).toEqual(['/a/b', '/a/b', '/a/c', '/a/b/x']);
  });

  it('gives the same list when asked again for the same results and depth, another for another depth', () => {
    const results = asResults(['/enc/l0/MatMul', '/dec/Add', '/enc/l0/Add', '/dec/Mul']);
    const layers = layersOf(results);
    expect(layers).toEqual(['/enc/l0', '/dec', '/enc/l0', '/dec']);
    expect(layersOf(results)).toBe(layers);
    expect(layersOf(results, 1)).toEqual(['/enc', '/dec', '/enc', '/dec']);
  });
});
