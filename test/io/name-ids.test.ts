/**
 * The decoder's name ids (src/io/name-ids.ts) and the fast paths that use them: the SSA and in-file-order checks
 * (infer/node-outputs.ts, infer/order.ts) and the main graph's scope (infer/scope.ts). Each keeps a by-name path
 * for graphs without ids (built in memory, rewritten for SSA); issue #17 asks that a fast path give identical
 * reports, so every fixture, corpus and conformance model is analyzed both ways: as decoded (ids) and as a copy of
 * its graph object (no ids, the by-name path), and the reports must be the same.
 */
import { analyzeModel } from '../../src/analyze';
import { decodeModelBytes, decodeModelFile } from '../../src/io/decode';
import { nameIdsOf, NameSet } from '../../src/io/name-ids';
import { Model, Node, plainNode } from '../../src/ir/model';
import { IdNode } from '../../src/io/id-node';
import path from 'path';
import { Poly } from '../../src/ir/poly';
import { findPreset } from '../../src/memory/hardware';
import { topologicalOrder } from '../../src/infer/order';
import { nodeOutputs } from '../../src/infer/node-outputs';
import { CORPUS, FIXTURES } from '../helpers/cli';
import { filesUnder } from '../helpers/files';
import { SUITE_ROOT } from '../conformance/harness';
import { encodeModel } from '../../src/io/build-model';

const onnx = (f: string): boolean => f.endsWith('.onnx');
const files = [...filesUnder(FIXTURES, onnx), ...filesUnder(CORPUS, onnx), ...filesUnder(SUITE_ROOT, onnx)];

function decoded(f: string): Model | undefined {
  try { return decodeModelFile(f); } catch { return undefined; } // unreadable fixtures are other tests' business
}

/** The same model with a new graph object: the decoder's ids are attached to the decoded one only. */
const withoutIds = (m: Model): Model => ({ ...m, graph: { ...m.graph } });

const text = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Poly ? `P:${v.key}` : v));

describe('name ids of a decoded main graph', () => {
  it('give equal names equal ids and different names different ids, on every model', () => {
    let models = 0;
    let names = 0;
    for (const f of files) {
      const m = decoded(f);
      if (!m) continue;
      const ids = nameIdsOf(m.graph)!;
      expect({ f, has: ids !== undefined }).toEqual({ f, has: true });
      expect(nameIdsOf(withoutIds(m).graph)).toBeUndefined();
      const idOfName = new Map<string, number>();
      const nameOfId = new Map<number, string>();
      const check = (name: string, id: number): void => {
        if (name === '') { expect({ f, name, id }).toEqual({ f, name, id: -1 }); return; }
        expect({ f, name, ok: id >= 0 && id < ids.count && ids.idOf(name) === id }).toEqual({ f, name, ok: true });
        expect({ f, name, id: idOfName.get(name) ?? id }).toEqual({ f, name, id });
        expect({ f, id, name: nameOfId.get(id) ?? name }).toEqual({ f, id, name });
        idOfName.set(name, id);
        nameOfId.set(id, name);
        names++;
      };
      m.graph.nodes.forEach((n, i) => {
        expect(ids.inputStart[i + 1] - ids.inputStart[i]).toBe(n.inputs.length);
        expect(ids.outputStart[i + 1] - ids.outputStart[i]).toBe(n.outputs.length);
        n.inputs.forEach((name, k) => check(name, ids.inputIds[ids.inputStart[i] + k]));
        n.outputs.forEach((name, k) => check(name, ids.outputIds[ids.outputStart[i] + k]));
      });
      expect(ids.idOf('no such tensor \u0000')).toBe(-1);
      models++;
    }
    expect(models).toBeGreaterThan(1000);
    expect(names).toBeGreaterThan(40_000); // name occurrences in node inputs and outputs (50,399 in this sweep)
  }, 120_000);

  it('answer the SSA and in-file-order checks as the by-name path does', () => {
    let models = 0;
    let notSsa = 0;
    let notInOrder = 0;
    for (const f of files) {
      const m = decoded(f);
      if (!m) continue;
      const plain = withoutIds(m).graph;
      const fast = nodeOutputs(m.graph);
      const slow = nodeOutputs(plain);
      expect({ f, fast: fast.byId !== undefined, slow: slow.byId !== undefined }).toEqual({ f, fast: true, slow: false });
      expect({ f, ssa: fast.ssa }).toEqual({ f, ssa: slow.ssa });
      for (const n of m.graph.nodes) for (const name of [...n.inputs, ...n.outputs]) {
        if (name !== '') expect({ f, name, p: fast.producerOf(name) }).toEqual({ f, name, p: slow.producerOf(name) });
      }
      let a: unknown, b: unknown;
      try { a = topologicalOrder(m.graph); } catch (e) { a = (e as Error).message; }
      try { b = topologicalOrder(plain); } catch (e) { b = (e as Error).message; }
      expect({ f, order: a }).toEqual({ f, order: b });
      if (!fast.ssa) notSsa++;
      if (Array.isArray(a) && a.some((x, i) => x !== i)) notInOrder++;
      models++;
    }
    expect(models).toBeGreaterThan(1000);
    expect(notSsa).toBeGreaterThan(0); // the sweep holds redefinitions (fixtures/real) ...
    expect(notInOrder).toBeGreaterThan(0); // ... and graphs not written in topological order
  }, 120_000);

  it('give the same whole report (memory section and roofline included) as the by-name path, on every model', () => {
    const hardware = findPreset('a100-sxm-80gb')!;
    let compared = 0;
    for (const f of files) {
      const m = decoded(f);
      if (!m) continue;
      let fast: string, slow: string;
      try { fast = text(analyzeModel(m, { hardware }).report); } catch (e) { fast = `error: ${(e as Error).message}`; }
      try { slow = text(analyzeModel(withoutIds(m), { hardware }).report); } catch (e) { slow = `error: ${(e as Error).message}`; }
      if (fast !== slow) expect({ f, fast }).toEqual({ f, fast: slow });
      compared++;
    }
    expect(compared).toBeGreaterThan(1000);
  }, 300_000);

  it('keeps a name defined twice apart: the walk reads the SSA-renamed graph by name, the scope by id', () => {
    // x → Relu → y; y → Neg → y (redefined); y → Abs → z. onnxruntime reads the second y for Abs.
    const bytes = encodeModel({
      opset: 17,
      inputs: [{ name: 'x', dtype: 1, shape: [2, 3] }],
      outputs: [{ name: 'z', dtype: 1, shape: [2, 3] }],
      nodes: [{ opType: 'Relu', inputs: ['x'], outputs: ['y'] }, { opType: 'Neg', inputs: ['y'], outputs: ['y'] }, { opType: 'Abs', inputs: ['y'], outputs: ['z'] }],
    });
    const m = decodeModelBytes(bytes, 'redefined.onnx');
    expect(nameIdsOf(m.graph)).toBeDefined();
    const fast = analyzeModel(m, {}).report;
    const slow = analyzeModel(withoutIds(m), {}).report;
    expect(text(fast)).toEqual(text(slow));
    expect(fast.diagnostics.map((d) => d.message).join('\n')).toMatch(/'y'.*defined|defined.*'y'/);
    // 3 elementwise nodes over 2×3 = 6 elements: Relu 6, Neg 6, Abs 6 other ops; FLOPs 18, MACs 0
    expect(fast.totals.flops).toBe('18');
  });

  it('NameSet: a name is a member by text or by id alike; names without an id are kept by text', () => {
    const m = decodeModelFile(files.find((f) => f.includes('shared/corpus'))!);
    const ids = nameIdsOf(m.graph)!;
    const set = new NameSet(ids);
    const [a, b] = m.graph.nodes.slice(0, 2).map((n) => n.outputs[0]);
    set.add(a);
    set.addId(ids.idOf(b));
    set.add('not a name of this model');
    expect([set.has(a), set.hasId(ids.idOf(a)), set.has(b), set.has('not a name of this model'), set.hasId(-1)]).toEqual([true, true, true, true, false]);
    expect(set.has(m.graph.nodes[2].outputs[0])).toBe(false);
  });
});

describe('decoded main-graph nodes read their names from the id columns (io/id-node.ts)', () => {
  // fixtures/seed_tf_loop.onnx: a tf2onnx export whose Loop holds a body graph
  const m = decodeModelFile(path.join(FIXTURES, 'seed_tf_loop.onnx'));
  const ids = nameIdsOf(m.graph)!;

  it('every main-graph node is one, with the names its ids stand for; body nodes are plain objects', () => {
    expect(m.graph.nodes.length).toBeGreaterThan(10);
    m.graph.nodes.forEach((n, i) => {
      expect(n).toBeInstanceOf(IdNode);
      const byId = (start: Int32Array, list: Int32Array) => Array.from(list.subarray(start[i], start[i + 1]), (id) => (id < 0 ? '' : ids.nameOf(id)));
      expect(n.inputs).toEqual(byId(ids.inputStart, ids.inputIds));
      expect(n.outputs).toEqual(byId(ids.outputStart, ids.outputIds));
    });
    const loop = m.graph.nodes.find((n) => n.opType === 'Loop')!;
    const body = loop.attributes.get('body')!;
    expect(body.type).toBe('graph');
    if (body.type === 'graph') for (const n of body.value.nodes) expect(n).not.toBeInstanceOf(IdNode);
  });

  it('plainNode copies them where a spread would not (getters are not own properties)', () => {
    const n = m.graph.nodes.find((x) => x.inputs.length > 0)!;
    expect(({ ...n } as Partial<Node>).inputs).toBeUndefined();
    const copy = plainNode(n, { attributes: new Map() });
    expect([copy.name, copy.opType, copy.domain, copy.inputs, copy.outputs, copy.attributes.size]).toEqual([n.name, n.opType, n.domain, n.inputs, n.outputs, 0]);
    expect(copy).not.toBeInstanceOf(IdNode);
  });
});
