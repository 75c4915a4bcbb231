/** Removed ONNX experimental operators onnxruntime still runs (src/ops/experimental): shapes and costs by hand. */
import { inferModel } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { AttrValue, constTensor, f32, model, node } from '../../helpers/builders';

const INT64_MAX = (1n << 63n) - 1n;

function one(op: string, inputs: Record<string, ReturnType<typeof f32>>, attrs: Record<string, AttrValue> = {}, opset = 7, init: ReturnType<typeof constTensor>[] = []) {
  const names = [...Object.keys(inputs), ...init.map((t) => t.name)];
  const r = inferModel(model([node(op, names, ['y'], attrs)], { inputs, opset, initializers: init }));
  const n = r.graph.nodes[0], c = n.cost;
  return {
    shape: n.outputs[0] && n.outputs[0].kind === 'tensor' ? shapeToString(n.outputs[0].shape) : '?',
    counts: c.kind === 'compute' ? [c.macs.toString(), c.other.toString(), c.transcendental.toString()] : c.kind,
    errors: r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message),
  };
}

describe('elementwise experimental operators (opset 7)', () => {
  it.each([
    // 24 elements × (Mul, Add)
    ['Affine', f32(2, 3, 4), { alpha: { float: 2 }, beta: { float: 1 } }, '48', '0'],
    // 10 × Mul
    ['Scale', f32(2, 5), { scale: { float: 0.5 } }, '10', '0'],
    // 48 × (Mul, Add bias)
    ['ImageScaler', f32(1, 3, 4, 4), { scale: { float: 0.5 }, bias: { floats: [1, 2, 3] } }, '96', '0'],
    // 48 × Mul (no bias attribute)
    ['ImageScaler', f32(1, 3, 4, 4), { scale: { float: 0.5 } }, '48', '0'],
    // 6 × (Mul, Tanh, Mul), Tanh transcendental
    ['ScaledTanh', f32(6), { alpha: { float: 2 }, beta: { float: 0.5 } }, '18', '6'],
    // 6 × (Mul, Exp, Add, Log, Mul), Exp and Log transcendental
    ['ParametricSoftplus', f32(6), { alpha: { float: 2 }, beta: { float: 0.5 } }, '30', '12'],
    // 6 × Less (Where is data movement)
    ['ThresholdedRelu', f32(6), { alpha: { float: 0.1 } }, '6', '0'],
  ] as const)('%s %#', (op, x, attrs, other, trans) => {
    const r = one(op, { x }, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe(x.kind === 'tensor' ? shapeToString(x.shape) : '?');
    expect(r.counts).toEqual(['0', other, trans]);
    expect(r.warnings).toEqual([]);
  });
});

describe('MeanVarianceNormalization-1 (opset < 9)', () => {
  it.each([
    // N = 120, rows (n, c) = 6: 5N + 6R = 600 + 36; one Sqrt per row
    [{}, '636', '6'],
    // across_channels: rows n = 2: 600 + 12
    [{ across_channels: 1 }, '612', '2'],
    // mean only: ReduceMean (N + R) + Sub N = 240 + 6
    [{ normalize_variance: 0 }, '246', '0'],
  ] as const)('%j', (attrs, other, trans) => {
    const r = one('MeanVarianceNormalization', { x: f32(2, 3, 4, 5) }, attrs as never, 8);
    expect(r.errors).toEqual([]);
    expect(r.counts).toEqual(['0', other, trans]);
  });
});

describe('GRUUnit', () => {
  it('h_prev·σ(u) + tanh(o)·(1 − σ(u)) per hidden element plus one length check per row', () => {
    const r = one('GRUUnit', { h: f32(4, 8), g: f32(4, 24), l: f32(4), t: f32(1) }, {}, 9);
    // 32 hidden elements × 6 + 4 rows = 196; Sigmoid and Tanh: 64 transcendental
    expect([r.shape, r.counts]).toEqual(['[4, 8]', ['0', '196', '64']]);
  });
  it('rejects gates that are not 3 × hidden wide', () => {
    expect(one('GRUUnit', { h: f32(4, 8), g: f32(4, 20), l: f32(4), t: f32(1) }, {}, 9).errors.join()).toMatch(/not 3 × hidden 8/);
  });
});

describe('data-movement experimental operators', () => {
  it.each([
    // H = 10 − top 2 − bottom 4, W = 12 − left 1 − right 3
    [f32(1, 3, 10, 12), { border: [1, 2, 3, 4] }, '[1, 3, 4, 8]'],
    // scale = (height, width) from the left/top border
    [f32(1, 3, 10, 12), { border: [1, 2, 3, 4], scale: [5, 6] }, '[1, 3, 5, 6]'],
    [f32('N', 3, 'H', 'W'), { border: [1, 2, 3, 4] }, '[N, 3, H - 6, W - 4]'],
  ] as const)('Crop %#', (x, attrs, shape) => {
    const r = one('Crop', { x }, attrs as never);
    expect(r.errors).toEqual([]);
    expect([r.shape, r.counts]).toEqual([shape, 'dataMovement']);
  });
  it('Crop refuses a border larger than the image', () => {
    expect(one('Crop', { x: f32(1, 3, 5, 12) }, { border: [1, 2, 3, 4] }).errors.join()).toMatch(/height 5 is smaller than 6/);
  });
  it('GivenTensorFill takes its shape attribute, or the input shape plus extra_shape', () => {
    const m = model([node('GivenTensorFill', [], ['y'], { shape: [2, 3], values: { floats: [1, 2, 3, 4, 5, 6] } })], { opset: 7 });
    const y = inferModel(m).graph.nodes[0].outputs[0];
    expect(y && y.kind === 'tensor' ? shapeToString(y.shape) : '?').toBe('[2, 3]');
    expect(one('GivenTensorFill', { x: f32(4) }, { extra_shape: [2] }).shape).toBe('[4, 2]');
  });
  it('DynamicSlice reads starts/ends/axes inputs like Slice-10, INT64_MAX included: x[:, 2:] on [4, 5]', () => {
    const vec = (name: string, v: bigint[]) => constTensor(name, DataType.INT64, [v.length], v);
    const r = one('DynamicSlice', { x: f32(4, 5) }, {}, 9, [vec('st', [2n]), vec('en', [INT64_MAX]), vec('ax', [1n])]);
    expect(r.errors).toEqual([]);
    expect([r.shape, r.counts]).toEqual(['[4, 3]', 'dataMovement']);
  });
});

describe('past the opset where onnxruntime drops them', () => {
  it('ImageScaler at opset 10 still counts but warns', () => {
    const r = one('ImageScaler', { x: f32(1, 3, 2, 2) }, { scale: { float: 2 } }, 10);
    expect(r.counts).toEqual(['0', '12', '0']);
    expect(r.warnings.join()).toMatch(/ImageScaler is a removed experimental operator; onnxruntime accepts it only below opset 10/);
  });
  it('ThresholdedRelu at opset 10 is the standard operator (no warning)', () => {
    expect(one('ThresholdedRelu', { x: f32(6) }, {}, 10).warnings).toEqual([]);
  });
});
