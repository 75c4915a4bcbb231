/**
 * onnxruntime's dialect: what its optimizer and converters write and onnxruntime runs. Com.microsoft (and
 * ai.onnx.ml) nodes in a model that does not import the domain resolve at onnxruntime's latest version with a
 * warning naming the node; LayerNormalization in the default domain is accepted below opset 17.
 */
import { inferModel } from '../../src/infer/engine';
import { shapeToString } from '../../src/ir/dim';
import { DataType } from '../../src/ir/dtype';
import { f32, model, node, tensorOf } from '../helpers/builders';

function infer(nodes: ReturnType<typeof node>[], inputs: Record<string, ReturnType<typeof f32>>, opsets: Record<string, number>) {
  const m = model(nodes, { inputs, opset: opsets['ai.onnx'] ?? 13, opsets: Object.fromEntries(Object.entries(opsets).filter(([d]) => d !== 'ai.onnx')) });
  const r = inferModel(m);
  const n = r.graph.nodes[r.graph.nodes.length - 1];
  const c = n.cost;
  return {
    shape: n.outputs[0] && n.outputs[0].kind === 'tensor' ? shapeToString(n.outputs[0].shape) : '?',
    status: n.status,
    counts: c.kind === 'compute' ? [c.macs.toString(), c.other.toString(), c.transcendental.toString()] : c.kind,
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.node ?? ''}: ${d.message}`),
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
  };
}

describe('com.microsoft without an opset import', () => {
  it('FusedMatMul resolves at contrib version 1 and warns naming the node', () => {
    const r = infer([node('FusedMatMul', ['a', 'b'], ['y'], {}, { domain: 'com.microsoft', name: 'fmm_0' })], { a: f32(2, 3), b: f32(3, 4) }, { 'ai.onnx': 13 });
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe('[2, 4]');
    // 2·3·4 = 24 MACs
    expect(r.counts).toEqual(['24', '0', '0']);
    expect(r.warnings.join('\n')).toMatch(/fmm_0.*domain 'com\.microsoft' has no opset import; read at version 1, as onnxruntime does/);
  });

  it('an imported domain does not warn', () => {
    const r = infer([node('FusedMatMul', ['a', 'b'], ['y'], {}, { domain: 'com.microsoft' })], { a: f32(2, 3), b: f32(3, 4) }, { 'ai.onnx': 13, 'com.microsoft': 1 });
    expect(r.warnings).toEqual([]);
  });

  it('ai.onnx.ml without an import resolves at its latest version and warns', () => {
    const r = infer([node('Normalizer', ['x'], ['y'], { norm: 'MAX' }, { domain: 'ai.onnx.ml', name: 'norm' })], { x: f32(2, 3) }, { 'ai.onnx': 13 });
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe('[2, 3]');
    expect(r.warnings.join()).toMatch(/norm.*'ai\.onnx\.ml' has no opset import/);
  });

  it('a domain onnxruntime does not register stays an error', () => {
    const r = infer([node('Frobnicate', ['x'], ['y'], {}, { domain: 'example.custom' })], { x: f32(2) }, { 'ai.onnx': 13 });
    expect(r.errors.join()).toMatch(/domain 'example\.custom' has no opset import/);
    expect(r.status).toBe('uncounted');
  });
});

describe.each([11, 13, 16])('LayerNormalization in the default domain at opset %i (onnxruntime registers it from 1)', (opset) => {
  it('counts as the LayerNormalization-17 body', () => {
    const r = infer([node('LayerNormalization', ['x', 'g', 'b'], ['y'], { axis: -1 })], { x: f32(2, 3, 4), g: f32(4), b: f32(4) }, { 'ai.onnx': opset });
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe('[2, 3, 4]');
    // N = 24, O = 6 rows: 6N + 7O + N (B) = 144 + 42 + 24 = 210; one Sqrt per row = 6
    expect(r.counts).toEqual(['0', '210', '6']);
  });
  it('Y takes the scale type (onnxruntime constrains Y and Scale to V)', () => {
    const m = model([node('LayerNormalization', ['x', 'g'], ['y'])], { inputs: { x: tensorOf(DataType.FLOAT16, 2, 4), g: f32(4) }, opset });
    const y = inferModel(m).graph.nodes[0].outputs[0];
    expect(y && y.kind === 'tensor' ? y.dtype : -1).toBe(DataType.FLOAT);
  });
});
