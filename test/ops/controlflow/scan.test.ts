/** Scan: opset 8 (batch axis, sequence_lens) and 9+ (scan axes and directions); cost = body × scan length. */
import { inferModel, ModelInference } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { ValueType } from '../../../src/ir/model';
import { constTensor, f32, graph, model, node, tensorOf } from '../../helpers/builders';
import { testRegistry } from './registry';

const shapeOf = (t: ValueType | null | undefined): string => shapeToString(t && t.kind === 'tensor' ? t.shape : null);
const run = (m: ReturnType<typeof model>): ModelInference => inferModel(m, { registry: testRegistry() });
const other = (r: ModelInference): string => {
  const c = r.graph.nodes[0].cost;
  if (c.kind !== 'compute') throw new Error(`cost is ${c.kind}`);
  return c.other.toString();
};

/** Running sum: s_out = s_in + x ([2]); y = Relu(s_out). 2 + 2 = 4 FLOPs per run. */
const runningSum = graph([node('Add', ['s_in', 'x'], ['s_out']), node('Relu', ['s_out'], ['y'])],
  { inputs: { s_in: f32(2), x: f32(2) }, outputs: ['s_out', 'y'] });

describe.each([9, 11, 16, 19, 21, 25])('Scan at opset %i', (opset) => {
  const scan = (x: ValueType, attrs: Record<string, number | number[]> = {}) =>
    run(model([node('Scan', ['s0', 'X'], ['s_last', 'Y'], { body: runningSum, num_scan_inputs: 1, ...attrs })], {
      opset, inputs: { s0: f32(2), X: x },
    }));

  it.each<[string, ValueType, Record<string, number | number[]>, string[], string]>([
    // 6 runs × 4 FLOPs = 24
    ['axis 0', f32(6, 2), {}, ['[2]', '[6, 2]'], '24'],
    ['scan_input_axes [1], scan_output_axes [1]', f32(2, 6), { scan_input_axes: [1], scan_output_axes: [1] }, ['[2]', '[2, 6]'], '24'],
    ['negative axes', f32(2, 6), { scan_input_axes: [-1], scan_output_axes: [-1] }, ['[2]', '[2, 6]'], '24'],
    ['reverse directions change nothing countable', f32(6, 2), { scan_input_directions: [1], scan_output_directions: [1] }, ['[2]', '[6, 2]'], '24'],
    // T runs × 4
    ['symbolic length', f32('T', 2), {}, ['[2]', '[T, 2]'], '4*T'],
  ])('%s', (_n, x, attrs, shapes, cost) => {
    const r = scan(x, attrs);
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.nodes[0].outputs.map(shapeOf)).toEqual(shapes);
    expect(other(r)).toBe(cost);
    expect(r.graph.nodes[0].children.map((c) => c.node.opType)).toEqual(['Add', 'Relu']);
  });

  it('unnamed length: one symbol shared by the output dim and the cost', () => {
    const r = scan(f32(null, 2));
    const lead = shapeOf(r.graph.nodes[0].outputs[1]).slice(1).split(",")[0];
    expect(lead).toMatch(/^[a-z_]+\d+$/);
    expect(other(r)).toBe(`4*${lead}`);
  });

  it.each<[string, Record<string, number | number[]>, ValueType, RegExp]>([
    ['num_scan_inputs missing', { num_scan_inputs: 0 }, f32(6, 2), /num_scan_inputs 0/],
    ['axis out of range', { scan_input_axes: [2] }, f32(6, 2), /scan_input_axes 2 out of range/],
    ['too many axes', { scan_input_axes: [0, 1] }, f32(6, 2), /scan_input_axes has 2 entries/],
  ])('error: %s', (_n, attrs, x, message) => {
    const r = scan(x, attrs);
    expect(r.diagnostics.map((d) => d.message).join()).toMatch(message);
    expect(r.graph.nodes[0].outputs).toEqual([null, null]);
  });

  it('error: scan inputs of different lengths', () => {
    const body = graph([node('Add', ['a', 'b'], ['y'])], { inputs: { a: f32(2), b: f32(2) }, outputs: ['y'] });
    const r = run(model([node('Scan', ['A', 'B'], ['Y'], { body, num_scan_inputs: 2 })], { opset, inputs: { A: f32(6, 2), B: f32(5, 2) } }));
    expect(r.diagnostics.map((d) => d.message).join()).toMatch(/disagree/);
  });
});

describe('Scan at opset 8 (batch axis 0, sequence axis 1)', () => {
  const scan8 = (lens?: 'known' | 'unknown') => run(model([node('Scan', [lens ? 'L' : '', 's0', 'X'], ['s_last', 'Y'], { body: runningSum, num_scan_inputs: 1 })], {
    opset: 8,
    inputs: { s0: f32(3, 2), X: f32(3, 6, 2), ...(lens === 'unknown' ? { L: tensorOf(DataType.INT32, 3) } : {}) },
    initializers: lens === 'known' ? [constTensor('L', DataType.INT32, [3], [1, 2, 3])] : [],
  }));

  it('states keep the batch dim; scan outputs get [batch, seq]', () => {
    const r = scan8();
    expect(r.diagnostics).toEqual([]);
    expect(r.graph.nodes[0].outputs.map(shapeOf)).toEqual(['[3, 2]', '[3, 6, 2]']);
    // 3 batch rows × 6 steps × 4 FLOPs = 72
    expect(other(r)).toBe('72');
  });
  it('known sequence_lens run Σ lengths', () => {
    // (1 + 2 + 3) runs × 4 = 24
    expect(other(scan8('known'))).toBe('24');
  });
  it('unknown sequence_lens: batch × seq as the upper bound', () => {
    const r = scan8('unknown');
    expect(other(r)).toBe('72');
    const c = r.graph.nodes[0].cost;
    expect(c.kind === 'compute' && c.notes?.join()).toMatch(/upper bound/);
  });
});
