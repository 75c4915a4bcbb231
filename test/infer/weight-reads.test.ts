/**
 * Counting does not need the weights: the decoder leaves every payload over 1 KiB unread (deferred), and the analysis
 * reads one only when a rule folds a value from it. An elementwise node beside a runtime tensor (a LayerNorm's
 * Mul by its weight, a bias Add) folds nothing, so its weight stays unread: GPT-2-small's analyze read its 50
 * LayerNorm weights and biases from the 623 MiB file, ~5 ms of a 0.15 s run, for nothing.
 */
import path from 'path';
import { analyzeModel } from '../../src/analyze';
import { decodeModelFile } from '../../src/io/decode';
import { DataType } from '../../src/ir/dtype';
import { Model, Tensor } from '../../src/ir/model';
import { constTensor, f32, graph, model, node, tensorOf } from '../helpers/builders';
import { CORPUS, FIXTURES } from '../helpers/cli';

/** Wraps every deferred initializer's loader of the main graph; the names of those read, in order. */
function recordReads(m: Model): { deferred: number; reads: string[] } {
  const reads: string[] = [];
  let deferred = 0;
  for (const t of m.graph.initializers as Tensor[]) {
    const data = t.data;
    if (data.kind !== 'deferred') continue;
    deferred++;
    (t as { data: Tensor['data'] }).data = { ...data, load: () => { reads.push(t.name); return data.load(); } };
  }
  return { deferred, reads };
}

describe('weights read by the analysis', () => {
  // real exports whose weights feed only runtime work (Add/Mul beside activations, MatMul, Conv, GRU, LSTM)
  const models = [
    path.join(CORPUS, 'dtln_stage1_keras.onnx'),
    path.join(CORPUS, 'dtln_stage1_pytorch.onnx'),
    path.join(CORPUS, 'gtcrn.onnx'),
    path.join(FIXTURES, 'seed_tf_loop.onnx'),
  ];

  it.each(models)('%s: no node reading a deferred weight folds, and no weight is read', (file) => {
    const m = decodeModelFile(file);
    const { deferred, reads } = recordReads(m);
    const { inference } = analyzeModel(m);
    // the expectation from the graph: a deferred weight read by a node that folds would have to be read; none is
    const weights = new Set(m.graph.initializers.filter((t) => t.data.kind === 'deferred').map((t) => t.name));
    const results = inference.graph.nodes;
    expect(results).toHaveLength(m.graph.nodes.length);
    const folding = results.filter((r) => r.node.inputs.some((x) => weights.has(x)) && r.status === 'folded');
    expect(folding.map((r) => r.node.name)).toEqual([]);
    expect(deferred).toBeGreaterThan(0); // the file does hold weights left unread at decode time
    expect(reads).toEqual([]);
  });

  it('GPT-2 (tiny, with past): the embedding tables beside runtime ids are not read', () => {
    const m = decodeModelFile(path.join(FIXTURES, 'gpt2_tiny_past.onnx'));
    const { reads } = recordReads(m);
    const { inference } = analyzeModel(m);
    const gathers = inference.graph.nodes.filter((r) => r.node.opType === 'Gather' && ['wte.weight', 'wpe.weight'].includes(r.node.inputs[0]));
    expect(gathers.map((r) => [r.node.inputs[0], r.status])).toEqual([['wte.weight', 'dataMovement'], ['wpe.weight', 'dataMovement']]);
    expect(reads.filter((n) => n.endsWith('te.weight') || n.endsWith('pe.weight'))).toEqual([]);
  });

  // x [N, 300] + W [300] (1,200 bytes: deferred) ; C [300] + W folds. W = 0.5 everywhere, C = 0, 1, …, 299.
  const W_BYTES = Buffer.alloc(300 * 4);
  for (let i = 0; i < 300; i++) W_BYTES.writeFloatLE(0.5, 4 * i);
  const deferredW = (): Tensor & { reads: number } => {
    const t = { name: 'W', dtype: DataType.FLOAT, dims: [300n], reads: 0, data: undefined as unknown as Tensor['data'] };
    t.data = { kind: 'deferred', field: 'raw', offset: 0, length: W_BYTES.length, load: () => { t.reads++; return new Uint8Array(W_BYTES); } };
    return t;
  };

  it('an Add of an activation and a weight reads no weight, and counts one FLOP per element', () => {
    const w = deferredW();
    const r = analyzeModel(model([node('Add', ['x', 'W'], ['y'], {}, { name: 'add' })], { inputs: { x: f32('N', 300) }, initializers: [w], outputs: ['y'] })).report;
    expect(w.reads).toBe(0);
    expect(r.nodes[0].status).toBe('counted');
    expect(r.totals.flops).toBe('300*N'); // N·300 elements, 1 FLOP each
  });

  it('inside an If\'s branches (names looked up through the outer scope), an Add and a Sub of an outer weight and an activation read nothing', () => {
    const w = deferredW();
    const thenBranch = graph([node('Add', ['W', 'x'], ['t'], {}, { name: 'then_add' })], { outputs: ['t'] });
    const elseBranch = graph([node('Sub', ['W', 'x'], ['e'], {}, { name: 'else_sub' })], { outputs: ['e'] });
    const r = analyzeModel(model([node('If', ['cond'], ['y'], { then_branch: thenBranch, else_branch: elseBranch }, { name: 'if' })], {
      inputs: { x: f32('N', 300), cond: tensorOf(DataType.BOOL) }, initializers: [w], outputs: ['y'],
    })).report;
    expect(w.reads).toBe(0);
    expect(r.outputs).toEqual([{ name: 'y', dtype: 'float', shape: ['N', 300] }]);
  });

  it('an Add of two constants still reads the weight, once, and folds to its values', () => {
    const w = deferredW();
    const c = constTensor('C', DataType.FLOAT, [300], Array.from({ length: 300 }, (_, i) => i));
    // s = C + W; s[299] = 299 + 0.5 = 299.5; Range(0, 299.5, 1) has ceil(299.5 / 1) = 300 elements: its shape is
    // known only if W's values were read (with W taken as 0 it would be 299)
    const r = analyzeModel(model([
      node('Add', ['C', 'W'], ['s'], {}, { name: 'add' }),
      node('Gather', ['s', 'last'], ['g'], {}, { name: 'gather' }),
      node('Range', ['zero', 'g', 'one'], ['r'], {}, { name: 'range' }),
    ], {
      inputs: {},
      initializers: [c, w, constTensor('last', DataType.INT64, [], [299]), constTensor('zero', DataType.FLOAT, [], [0]), constTensor('one', DataType.FLOAT, [], [1])],
      outputs: ['r'],
    })).report;
    expect(w.reads).toBe(1);
    expect(r.nodes.map((n) => n.status)).toEqual(['folded', 'folded', 'folded']);
    expect(r.outputs).toEqual([{ name: 'r', dtype: 'float', shape: [300] }]);
  });
});
