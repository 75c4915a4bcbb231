/**
 * coverage blames the cause (issue #18 item 8): an operator without a rule is the root; Conv, Relu and MaxPool after
 * it, uncounted only because their input's shape is unknown, are marked "blocked", not "not covered".
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { encodeModel } from '../io/helpers';
import { cli } from '../helpers/cli';
import { validate } from '../helpers/schema';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'onnxscope-causes-'));
const float = (dims: number[]) => ({ tensor_type: { elem_type: 1, shape: { dim: dims.map((d) => ({ dim_value: d })) } } });

/** x [1,3,8,8] → example.custom::Frobnicate (no rule) → Conv (4 filters 3×3) → Relu → MaxPool 2×2. */
const upstream = path.join(tmp, 'upstream.onnx');
fs.writeFileSync(upstream, encodeModel({
  opset_import: [{ domain: '', version: 13 }, { domain: 'example.custom', version: 1 }],
  graph: {
    name: 'g',
    node: [
      { op_type: 'Frobnicate', domain: 'example.custom', input: ['x'], output: ['f'], name: 'frob' },
      { op_type: 'Conv', input: ['f', 'W'], output: ['c'], name: 'conv' },
      { op_type: 'Relu', input: ['c'], output: ['r'], name: 'relu' },
      { op_type: 'MaxPool', input: ['r'], output: ['m'], name: 'pool', attribute: [{ name: 'kernel_shape', type: 7, ints: [2, 2] }] },
    ],
    initializer: [{ name: 'W', data_type: 1, dims: [4, 3, 3, 3], float_data: new Array(108).fill(0.5) }],
    input: [{ name: 'x', type: float([1, 3, 8, 8]) }],
    output: [{ name: 'm' }],
  },
}));

describe('coverage names the root cause, and marks what it blocked', () => {
  it('text: one operator not covered (Frobnicate), Conv/Relu/MaxPool blocked after it', () => {
    const r = cli(['coverage', upstream]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: 1 operator not covered, 3 nodes blocked after it;/);
    for (const op of ['Conv', 'Relu', 'MaxPool']) expect(r.stdout).toMatch(new RegExp(`^${op} .* yes +blocked `, 'm'));
    expect(r.stdout).toMatch(/^example\.custom::Frobnicate .* no +no /m);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain("· example.custom::Frobnicate 'frob': no rule; blocks 3 nodes after it: conv, relu, pool");
  });

  it('JSON: rootCauses, downstream counts; --strict still fails (the model is not fully counted)', () => {
    const r = cli(['coverage', upstream, '--json', '--strict']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout);
    expect(validate('coverage.schema.json', c)).toEqual([]);
    expect(c.uncovered).toBe(1);
    expect(c.covered).toBe(false);
    expect(c.rootCauses).toEqual([{ node: 'frob', domain: 'example.custom', opType: 'Frobnicate', reason: 'no rule', downstream: ['conv', 'relu', 'pool'] }]);
    const conv = c.ops.find((o: { opType: string }) => o.opType === 'Conv');
    expect([conv.costRule, conv.uncounted, conv.downstream]).toEqual(['blocked', 1, 1]);
  });

  it('a graph input without a shape is the root when nothing else is', () => {
    const file = path.join(tmp, 'noshape.onnx');
    fs.writeFileSync(file, encodeModel({
      opset_import: [{ domain: '', version: 13 }],
      graph: {
        name: 'g',
        node: [{ op_type: 'Conv', input: ['x', 'W'], output: ['c'], name: 'conv' }],
        initializer: [{ name: 'W', data_type: 1, dims: [4, 3, 3, 3], float_data: new Array(108).fill(0.5) }],
        input: [{ name: 'x', type: { tensor_type: { elem_type: 1 } } }],
        output: [{ name: 'c' }],
      },
    }));
    const c = JSON.parse(cli(['coverage', file, '--json']).stdout);
    expect(c.uncovered).toBe(0);
    expect(c.covered).toBe(false);
    expect(c.rootCauses).toEqual([{ node: null, domain: null, opType: null, reason: "'x' has no shape (a graph input declared without one)", downstream: ['conv'] }]);
    expect(cli(['coverage', file]).stdout).toMatch(/every operator has rules, but 1 node uncounted: their input shapes are unknown/);
  });

  it('LayerNormalization at opset 14 (standard from 17; onnxruntime runs it at any opset): covered and counted', () => {
    const file = path.join(tmp, 'ln14.onnx');
    fs.writeFileSync(file, encodeModel({
      opset_import: [{ domain: '', version: 14 }],
      graph: {
        name: 'g',
        node: [{ op_type: 'LayerNormalization', input: ['x', 's', 'b'], output: ['y'], name: 'ln' }],
        initializer: [{ name: 's', data_type: 1, dims: [4], float_data: [1, 1, 1, 1] }, { name: 'b', data_type: 1, dims: [4], float_data: [0, 0, 0, 0] }],
        input: [{ name: 'x', type: float([2, 4]) }],
        output: [{ name: 'y' }],
      },
    }));
    const r = cli(['coverage', file, '--json', '--strict']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.ops).toEqual([expect.objectContaining({ opType: 'LayerNormalization', shapeRule: true, costRule: 'yes', uncounted: 0 })]);
    expect(c.rootCauses).toEqual([]);
  });
});
