/**
 * The shortcuts taken for speed on large graphs (issue #17) must give what the general paths give, on real models:
 * the file-order shortcut of topologicalOrder against Kahn's algorithm, and the one-Set SSA check of
 * resolveRedefinitions against the per-name definitions, for every graph (subgraphs included) of the fixtures, the
 * shared corpus and the ONNX backend test data.
 */
import { kahnOrder, topologicalOrder } from '../../src/infer/order';
import { resolveRedefinitions, resolveWithoutShortcut } from '../../src/infer/redefinitions';
import { decodeModelFile } from '../../src/io/decode';
import { Graph } from '../../src/ir/model';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';

const BACKEND = '/usr/share/libonnx-testdata';

const onnxFiles = (dir: string): string[] => filesUnder(dir, (f) => f.endsWith('.onnx'));

function allGraphs(g: Graph, out: Graph[] = []): Graph[] {
  out.push(g);
  for (const n of g.nodes) {
    for (const a of n.attributes.values()) {
      if (a.type === 'graph') allGraphs(a.value, out);
      else if (a.type === 'graphs') for (const b of a.value) allGraphs(b, out);
    }
  }
  return out;
}

describe('fast paths equal the general paths on real models', () => {
  const files = [...onnxFiles(FIXTURES), ...onnxFiles(CORPUS), ...onnxFiles(BACKEND)];

  it('covers the real corpus (fixtures, shared corpus, backend test data)', () => {
    expect(onnxFiles(FIXTURES).length).toBeGreaterThan(50);
    expect(onnxFiles(CORPUS).length).toBeGreaterThan(5);
    expect(onnxFiles(BACKEND).length).toBeGreaterThan(1000);
  });

  it('topologicalOrder (file-order shortcut) = Kahn; resolveRedefinitions (SSA shortcut) = the per-name path', () => {
    let graphs = 0, shortcutOrders = 0;
    for (const f of files) {
      let model;
      try { model = decodeModelFile(f); } catch { continue; } // unreadable fixtures are other tests' business
      for (const g of allGraphs(model.graph)) {
        graphs++;
        const general = resolveWithoutShortcut(g);
        const fast = resolveRedefinitions(g);
        expect({ file: f, graph: g.name, redefinitions: fast.redefinitions, aliases: fast.inputAliases, renamed: fast.original.size })
          .toEqual({ file: f, graph: g.name, redefinitions: general.redefinitions, aliases: general.inputAliases, renamed: general.original.size });
        expect(fast.graph === g).toBe(general.graph === g);
        let kahn: number[] | undefined;
        try { kahn = kahnOrder(fast.graph); } catch { kahn = undefined; } // a cycle: the engine reports it
        if (kahn) {
          const order = topologicalOrder(fast.graph);
          if (order.every((x, i) => x === i)) shortcutOrders++;
          expect({ file: f, graph: g.name, order: [...order] }).toEqual({ file: f, graph: g.name, order: kahn });
        }
      }
    }
    expect(graphs).toBeGreaterThan(1100);
    expect(shortcutOrders).toBeGreaterThan(1000); // the shortcut is what real files take
  });
});
