/** Loop: carried and scan-output shapes, trip count from M or recovered from the condition, body × N cost. */
import { inferModel, ModelInference } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { Graph, ValueType } from '../../../src/ir/model';
import { constTensor, f32, graph, i64, model, node, tensorOf } from '../../helpers/builders';
import { testRegistry } from './registry';

const BOOL = (...d: number[]) => tensorOf(DataType.BOOL, ...d);
const shapeOf = (t: ValueType | null | undefined): string => shapeToString(t && t.kind === 'tensor' ? t.shape : null);
const run = (m: ReturnType<typeof model>): ModelInference => inferModel(m, { registry: testRegistry() });
const loopNode = (r: ModelInference) => r.graph.nodes.find((n) => n.node.opType === 'Loop')!;
const computeOf = (r: ModelInference) => {
  const c = loopNode(r).cost;
  if (c.kind !== 'compute') throw new Error(`cost is ${c.kind}: ${JSON.stringify(c)}`);
  return c;
};

/** Body: v_out = v + one ([2, 3]), scan output Relu(v_out). 6 + 6 = 12 FLOPs per iteration. */
const accumulate: Graph = graph([
  node('Identity', ['cond_in'], ['cond_out']),
  node('Add', ['v_in', 'one'], ['v_out']),
  node('Relu', ['v_out'], ['s']),
], { inputs: { iter: i64(), cond_in: BOOL(), v_in: f32(2, 3) }, outputs: ['cond_out', 'v_out', 's'] });

/** tf2onnx's while loop: counter i (from 0) → i_out = i + 1, cond_out = Less(i_out, T) (or Less(iter, T)). */
function whileBody(cond: 'counter' | 'iter'): Graph {
  return graph([
    node('Add', ['i_in', 'one_i'], ['i_out']),
    node('Less', [cond === 'counter' ? 'i_out' : 'iter', 'T'], ['less']),
    node('Identity', ['less'], ['cond_out']),
    node('Relu', ['x_in'], ['x_out']), // 4 FLOPs
  ], { inputs: { iter: i64(), cond_in: BOOL(), i_in: i64(), x_in: f32(4) }, outputs: ['cond_out', 'i_out', 'x_out'] });
}

function whileModel(body: Graph, opset: number, T: 'const' | 'input', cond: 0 | 1 = 1, M = 9223372036854775807n) {
  return model([node('Loop', ['M', 'c0', 'i0', 'x0'], ['i_last', 'x_last'], { body })], {
    opset,
    inputs: { x0: f32(4), ...(T === 'input' ? { T: i64() } : {}) },
    initializers: [
      { name: 'M', dtype: DataType.INT64, dims: [], data: { kind: 'typed', field: 'int64', values: [M] } },
      constTensor('c0', DataType.BOOL, [], [cond]), constTensor('i0', DataType.INT64, [], [0]),
      constTensor('one_i', DataType.INT64, [], [1]), ...(T === 'const' ? [constTensor('T', DataType.INT64, [], [7])] : []),
    ],
  });
}

describe.each([11, 13, 16, 19, 21, 25])('Loop at opset %i', (opset) => {
  it('static M: carried shape kept, scan output stacked, cost = body × M', () => {
    const m = model([node('Loop', ['M', '', 'v0'], ['v_last', 'stacked'], { body: accumulate })], {
      opset, inputs: { v0: f32(2, 3) },
      initializers: [constTensor('M', DataType.INT64, [], [5]), constTensor('one', DataType.FLOAT, [], [1])],
    });
    const r = run(m);
    expect(r.diagnostics).toEqual([]);
    expect(loopNode(r).outputs.map(shapeOf)).toEqual(['[2, 3]', '[5, 2, 3]']);
    // body: Add 2·3 = 6 + Relu 6 = 12 FLOPs; × 5 iterations = 60
    expect(computeOf(r).other.toString()).toBe('60');
    expect(computeOf(r).notes).toContain('Loop: body × 5');
    expect(loopNode(r).children.map((c) => c.node.opType)).toEqual(['Identity', 'Add', 'Relu']);
  });

  it('M = INT64_MAX with cond_out = Less(i + 1, T): T iterations', () => {
    const r = run(whileModel(whileBody('counter'), opset, 'const'));
    expect(r.diagnostics).toEqual([]);
    // per iteration: Add on the counter 1 + Less 1 + Relu 4 = 6; T = 7 iterations → 42
    expect(computeOf(r).other.toString()).toBe('42');
    expect(computeOf(r).notes).toContain('Loop: body × 7');
  });

  it('cond_out = Less(iteration, T): the body runs once more (T + 1)', () => {
    // iterations 0..7 run (cond after iteration j is j < 7) → 8 × 6 = 48
    expect(computeOf(run(whileModel(whileBody('iter'), opset, 'const'))).other.toString()).toBe('48');
  });

  it('M smaller than the condition bound wins', () => {
    // min(M = 3, T = 7) = 3 iterations × 6 = 18
    expect(computeOf(run(whileModel(whileBody('counter'), opset, 'const', 1, 3n))).other.toString()).toBe('18');
  });

  it('cond_in known false: no iteration', () => {
    expect(computeOf(run(whileModel(whileBody('counter'), opset, 'const', 0))).other.toString()).toBe('0');
  });

  it('trip count not recoverable: a symbol, said in a note', () => {
    const r = run(whileModel(whileBody('counter'), opset, 'input'));
    const c = computeOf(r);
    const sym = c.other.symbols();
    expect(sym).toHaveLength(1);
    expect(sym[0]).toMatch(/^loop_trip_/);
    // 6 FLOPs per iteration × the symbol
    expect(c.other.toString()).toBe(`6*${sym[0]}`);
    expect(c.notes?.join()).toMatch(/trip count unknown/);
  });

  it('an uncounted body node makes the Loop a lower bound', () => {
    const body = graph([node('Identity', ['cond_in'], ['cond_out']), node('Frobnicate', ['v_in'], ['v_out'])],
      { inputs: { iter: i64(), cond_in: BOOL(), v_in: f32(2) }, outputs: ['cond_out', 'v_out'] });
    const r = run(model([node('Loop', ['M', '', 'v0'], ['v_last'], { body })], {
      opset, inputs: { v0: f32(2) }, initializers: [constTensor('M', DataType.INT64, [], [3])],
    }));
    expect(computeOf(r).uncounted).toContain('Frobnicate');
  });

  it('error: body inputs do not match the carried values', () => {
    const r = run(model([node('Loop', ['M', '', 'v0', 'w0'], ['v_last', 'w_last'], { body: accumulate })], {
      opset, inputs: { v0: f32(2, 3), w0: f32(2) }, initializers: [constTensor('M', DataType.INT64, [], [5])],
    }));
    expect(r.diagnostics.map((d) => d.message).join()).toMatch(/body has 3 inputs, expected 4/);
    expect(loopNode(r).outputs).toEqual([null, null]);
  });
});

describe('Loop 16: a carried value that starts as an optional and is carried as its element', () => {
  it('the output takes the body\'s type, as ONNX\'s Loop inference does (the backend suite\'s test_loop16_seq_none)', () => {
    // body: seq_out = SequenceInsert(OptionalGetElement(opt_in), x): the carried input is optional(seq(float[2])),
    // the body gives seq(float[2]): no union of the two kinds, so the Loop output is the body's sequence
    const seqOf = (t: ValueType): ValueType => ({ kind: 'sequence', elem: t });
    const body = graph([
      node('Identity', ['cond_in'], ['cond_out']),
      node('OptionalGetElement', ['opt_in'], ['seq']),
      node('SequenceInsert', ['seq', 'x'], ['seq_out']),
    ], { inputs: { iter: i64(), cond_in: BOOL(), opt_in: { kind: 'optional', elem: seqOf(f32(2)) } }, outputs: ['cond_out', 'seq_out'] });
    const r = run(model([node('Loop', ['M', '', 'opt0'], ['seq_last'], { body })], {
      opset: 16, inputs: { x: f32(2), opt0: { kind: 'optional', elem: seqOf(f32(2)) } },
      initializers: [constTensor('M', DataType.INT64, [], [3])],
    }));
    expect(r.diagnostics).toEqual([]);
    const out = loopNode(r).outputs[0];
    expect(out?.kind).toBe('sequence');
    expect(shapeOf(out?.kind === 'sequence' ? out.elem : null)).toBe('[2]');
  });
});
