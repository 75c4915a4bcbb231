/**
 * inference.types answers for every top-level tensor, though it records only the names the analysis asks about as
 * the walk goes and indexes the rest from the results on first need (src/infer/top-types.ts). On every fixture and
 * corpus model, both kinds of name must give the type the node that made it reports, and graph inputs and
 * initializers theirs.
 */
import { decodeModelFile } from '../../src/io/decode';
import { inferDecoded } from '../../src/analyze';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';

const files = [...filesUnder(FIXTURES, (f) => f.endsWith('.onnx')), ...filesUnder(CORPUS, (f) => f.endsWith('.onnx'))];

describe('top-level types by name', () => {
  it('every node output, graph output, input and initializer of every model', () => {
    let models = 0;
    let outputsChecked = 0;
    for (const f of files) {
      let model;
      try { model = decodeModelFile(f); } catch { continue; } // unreadable fixtures are other tests' business
      let inf;
      try { inf = inferDecoded(model, {}); } catch { continue; } // refused models (cycles, limits) are tested elsewhere
      const renamed = inf.diagnostics.some((d) => /is defined \d+ times|defined more than once/.test(d.message));
      if (renamed) continue; // a redefined name's type is the last definition's: recorded eagerly, not this path
      const byName = new Map<string, unknown>();
      for (const r of inf.graph.nodes) r.node.outputs.forEach((o, k) => { if (o) byName.set(o, r.outputs[k] ?? null); });
      // graph outputs first (recorded during the walk), then every other node output (indexed on demand)
      for (const o of model.graph.outputs) if (byName.has(o.name)) expect({ f, name: o.name, type: inf.types.get(o.name) }).toEqual({ f, name: o.name, type: byName.get(o.name) });
      for (const [name, type] of byName) { expect({ f, name, type: inf.types.get(name) }).toEqual({ f, name, type }); outputsChecked++; }
      for (const t of model.graph.initializers) expect(inf.types.get(t.name)).toMatchObject({ kind: 'tensor', dtype: t.dtype });
      for (const v of model.graph.inputs) expect({ f, input: v.name, known: inf.types.get(v.name) !== undefined }).toEqual({ f, input: v.name, known: true });
      expect(inf.types.get('no such tensor \u0000')).toBeUndefined();
      models++;
    }
    expect(models).toBeGreaterThan(50);
    expect(outputsChecked).toBeGreaterThan(10_000);
  }, 120_000);
});
