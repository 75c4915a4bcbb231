import { DataType } from '../../../src/ir/dtype';
import { f32, model, node, tensorOf } from '../../helpers/builders';
import { run } from '../misc/run';

const u8 = (...d: (number | string)[]) => tensorOf(DataType.UINT8, ...d);
const i8 = (...d: (number | string)[]) => tensorOf(DataType.INT8, ...d);
const f16 = (...d: (number | string)[]) => tensorOf(DataType.FLOAT16, ...d);

describe.each([[10], [13], [19], [21], [23], [25]])('QuantizeLinear opset %i', (opset) => {
  it.each([
    // inputs, attrs, expected dtype
    ['int8 zero point', { x: f32(2, 3, 4), s: f32(), z: i8() }, {}, DataType.INT8],
    ['uint8 zero point', { x: f32(2, 3, 4), s: f32(), z: u8() }, {}, DataType.UINT8],
    ['no zero point → uint8', { x: f32(2, 3, 4), s: f32() }, {}, DataType.UINT8],
  ])('%s: same shape, 5 FLOPs per element', (_label, inputs, attrs, dtype) => {
    const r = run(model([node('QuantizeLinear', 'z' in inputs ? ['x', 's', 'z'] : ['x', 's'], ['y'], attrs)], { opset, inputs }));
    expect(r.shape()).toBe('[2, 3, 4]');
    expect(r.dtype()).toBe(dtype);
    expect(r.other).toBe('120'); // 2·3·4 = 24 elements × (Div, Round, Add, saturate 2) = 120
    expect(r.macs).toBe('0');
  });
  it('symbolic: 5·B·C', () => {
    const r = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'])], { opset, inputs: { x: f32('B', 'C'), s: f32(), z: u8() } }));
    expect(r.other).toBe('5*B*C');
  });
  if (opset >= 13) {
    it('per-axis scale must match the axis dim', () => {
      const ok = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 1 })], { opset, inputs: { x: f32(2, 3, 4), s: f32(3), z: u8(3) } }));
      expect(ok.errors).toEqual([]);
      const bad = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 1 })], { opset, inputs: { x: f32(2, 3, 4), s: f32(4), z: u8(4) } }));
      expect(bad.errors.join()).toMatch(/per-axis scale length 4 differs from x dim 3/);
      expect(bad.shape()).toBeNull();
    });
  } else {
    it('opset 10 accepts only a scalar scale', () => {
      const r = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'])], { opset, inputs: { x: f32(2, 3), s: f32(3), z: u8(3) } }));
      expect(r.errors.join()).toMatch(/scale must be a scalar/);
    });
  }
  if (opset >= 21) {
    it('blocked: scale [2, ceil(4/3)=2] on axis 1 with block_size 3', () => {
      const r = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'], { axis: 1, block_size: 3 })], { opset, inputs: { x: f32(2, 4), s: f32(2, 2), z: i8(2, 2) } }));
      expect(r.errors).toEqual([]);
      expect(r.shape()).toBe('[2, 4]');
    });
    it('blocked: wrong scale shape is an error', () => {
      const r = run(model([node('QuantizeLinear', ['x', 's'], ['y'], { axis: 1, block_size: 3 })], { opset, inputs: { x: f32(2, 4), s: f32(2, 3) } }));
      expect(r.errors.join()).toMatch(/blocked scale shape \[2, 3\] does not fit x \[2, 4\]/);
    });
    it('output_dtype without zero point', () => {
      const r = run(model([node('QuantizeLinear', ['x', 's'], ['y'], { output_dtype: DataType.INT8 })], { opset, inputs: { x: f32(4), s: f32() } }));
      expect(r.dtype()).toBe(DataType.INT8);
    });
    it('output_dtype conflicting with the zero point is an error', () => {
      const r = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'], { output_dtype: DataType.INT8 })], { opset, inputs: { x: f32(4), s: f32(), z: u8() } }));
      expect(r.errors.join()).toMatch(/output_dtype int8 differs from y_zero_point type uint8/);
    });
  }
  it('zero point shape must equal scale shape', () => {
    const r = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'])], { opset, inputs: { x: f32(4), s: f32(), z: u8(2) } }));
    expect(r.errors.join()).toMatch(/zero point shape \[2\] differs from scale shape \[\]/);
  });
  it.each([[[], [1]], [[1], []]])('a scale of shape %j and a zero point of %j are both per-tensor (onnxruntime runs them)', (s, z) => {
    const r = run(model([node('QuantizeLinear', ['x', 's', 'z'], ['y'])], { opset, inputs: { x: f32(4), s: f32(...s), z: u8(...z) } }));
    expect(r.errors).toEqual([]);
    expect(r.other).toBe('20'); // 4 elements × 5
  });
});

describe.each([[10], [13], [19], [21], [23], [25]])('DequantizeLinear opset %i', (opset) => {
  it('same shape, 2 FLOPs per element (Sub, Mul)', () => {
    const r = run(model([node('DequantizeLinear', ['x', 's', 'z'], ['y'])], { opset, inputs: { x: u8(2, 3, 4), s: f32(), z: u8() } }));
    expect(r.shape()).toBe('[2, 3, 4]');
    expect(r.dtype()).toBe(DataType.FLOAT);
    expect(r.other).toBe('48'); // 24 elements × 2
  });
  it('without zero point still 2 per element (the formula; exports with and without agree)', () => {
    const r = run(model([node('DequantizeLinear', ['x', 's'], ['y'])], { opset, inputs: { x: tensorOf(DataType.INT32, 5), s: f32() } }));
    expect(r.other).toBe('10'); // 5 × 2
  });
  if (opset >= 19) {
    it('output takes the scale type', () => {
      const r = run(model([node('DequantizeLinear', ['x', 's'], ['y'])], { opset, inputs: { x: i8(5), s: f16() } }));
      expect(r.dtype()).toBe(DataType.FLOAT16);
    });
  }
  if (opset >= 23) {
    it('output_dtype overrides', () => {
      const r = run(model([node('DequantizeLinear', ['x', 's'], ['y'], { output_dtype: DataType.FLOAT16 })], { opset, inputs: { x: i8(5), s: f32() } }));
      expect(r.dtype()).toBe(DataType.FLOAT16);
    });
  }
  if (opset >= 13) {
    it('per-axis on a negative axis', () => {
      const r = run(model([node('DequantizeLinear', ['x', 's', 'z'], ['y'], { axis: -1 })], { opset, inputs: { x: i8(2, 7), s: f32(7), z: i8(7) } }));
      expect(r.errors).toEqual([]);
      expect(r.other).toBe('28'); // 14 × 2
    });
  }
});

describe('DynamicQuantizeLinear 11', () => {
  it.each([[11], [13], [21]])('opset %i: y uint8 like x, scalar scale and zero point; 7·N + 9', (opset) => {
    const r = run(model([node('DynamicQuantizeLinear', ['x'], ['y', 's', 'z'])], { opset, inputs: { x: f32(3, 4) } }));
    expect([r.shape(0), r.shape(1), r.shape(2)]).toEqual(['[3, 4]', '[]', '[]']);
    expect([r.dtype(0), r.dtype(1), r.dtype(2)]).toEqual([DataType.UINT8, DataType.FLOAT, DataType.UINT8]);
    // ReduceMin 12 + ReduceMax 12 + 9 scalar ops (Clip 2) + QuantizeLinear 5·12 = 93
    expect(r.other).toBe('93');
  });
  it('symbolic', () => {
    const r = run(model([node('DynamicQuantizeLinear', ['x'], ['y', 's', 'z'])], { opset: 11, inputs: { x: f32('N') } }));
    expect(r.other).toBe('7*N + 9');
  });
});

describe.each([[10], [21]])('QLinearMatMul opset %i', (opset) => {
  const q = (a: ReturnType<typeof u8>, b: ReturnType<typeof u8>) => model(
    [node('QLinearMatMul', ['a', 'as', 'az', 'b', 'bs', 'bz', 'ys', 'yz'], ['y'])],
    { opset, inputs: { a, as: f32(), az: u8(), b, bs: f32(), bz: u8(), ys: f32(), yz: i8() } });
  it('2-D: MACs M·K·N, plus dequantize inputs and quantize output', () => {
    const r = run(q(u8(2, 4), u8(4, 3)));
    expect(r.shape()).toBe('[2, 3]');
    expect(r.dtype()).toBe(DataType.INT8);
    expect(r.macs).toBe('24'); // 2·4·3
    expect(r.other).toBe('70'); // 2·(8 + 12) + 5·6 = 40 + 30 = 70
    expect(r.flops).toBe('118'); // 2·24 + 70
  });
  it('3-D broadcast batch: B·2·4·3 MACs', () => {
    const r = run(q(u8('B', 2, 4), u8(4, 3)));
    expect(r.shape()).toBe('[B, 2, 3]');
    expect(r.macs).toBe('24*B');
  });
  it('inner dims must agree', () => {
    const r = run(q(u8(2, 4), u8(5, 3)));
    expect(r.errors.join()).toMatch(/inner dims differ/);
    expect(r.kind).toBe('unknown');
  });
});
