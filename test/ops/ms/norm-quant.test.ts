/** Normalization, quantization and QLinear contrib operators (group-norm.ts, quantize.ts, qlinear.ts, norm.ts); by hand. */
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, tensorOf } from '../../helpers/builders';
import { ms, run } from './run';

const T = (dtype: number) => (...d: number[]) => tensorOf(dtype, ...d);
const u8 = T(DataType.UINT8), i8 = T(DataType.INT8), i16 = T(DataType.INT16), u16 = T(DataType.UINT16), i4 = T(DataType.INT4);
const i32 = T(DataType.INT32), bool = T(DataType.BOOL);
const s = () => f32();

describe('group and gated normalizations', () => {
  it.each([
    // channels-last [2, 4, 4, 8], 4 groups: N = 256, G = 2·4 = 8: 7N + 6G = 1840; Sqrt per group statistic
    ['GroupNorm', [['x', f32(2, 4, 4, 8)], ['g', f32(8)], ['b', f32(8)]], { groups: 4, activation: 0 }, '1840', '8'],
    // + SiLU (Sigmoid, Mul) 2N = 512: 2352; Sigmoid 256 more transcendentals
    ['GroupNorm', [['x', f32(2, 4, 4, 8)], ['g', f32(8)], ['b', f32(8)]], { groups: 4, activation: 1 }, '2352', '264'],
    // channels-first: the same N and G
    ['GroupNorm', [['x', f32(2, 8, 4, 4)], ['g', f32(8)], ['b', f32(8)]], { groups: 4, activation: 0, channels_last: 0 }, '1840', '8'],
    // + skip add N + bias add N = 512
    ['SkipGroupNorm', [['x', f32(2, 4, 4, 8)], ['g', f32(8)], ['b', f32(8)], ['s', f32(2, 1, 1, 8)], ['bias', f32(8)]], { groups: 4, activation: 0 }, '2352', '8'],
    // N = 24 in R = 24 / 4 = 6 groups of |scale| = 4: RMS 4N + 3R = 114, SiLU(gate) 2N, Mul N → 7N + 3R = 186; Sqrt 6 + Sigmoid 24
    ['GatedRMSNorm', [['x', f32(2, 12)], ['sc', f32(4)], ['g', f32(2, 12)]], {}, '186', '30'],
  ] as const)('%s %#', (op, inputs, attrs, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    const x = inputs[0][1];
    expect(r.shapes[0]).toBe(x.kind === 'tensor' && x.shape ? `[${x.shape.join(', ')}]` : '?');
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });
  it.each([
    ['GroupNorm', [['x', f32(2, 4, 4, 8)], ['g', f32(8)], ['b', f32(8)]], { groups: 3, activation: 0 }, /not divisible by groups 3/],
    ['GroupNorm', [['x', f32(2, 4, 4, 8)], ['g', f32(8)], ['b', f32(8)]], { groups: 4 }, /activation/],
    ['GatedRMSNorm', [['x', f32(2, 10)], ['sc', f32(4)], ['g', f32(2, 10)]], {}, /not a multiple of the scale length 4/],
    ['GatedRMSNorm', [['x', f32(2, 10)], ['sc', f32(0)], ['g', f32(2, 10)]], {}, /scale has 0 elements/],
  ] as const)('%s rejects invalid input %#', (op, inputs, attrs, msg) => {
    expect(ms(op, inputs as never, attrs as never).errors.join()).toMatch(msg);
  });
});

describe('quantization contrib operators (QuantizeLinear 5, DequantizeLinear 2 per element)', () => {
  it.each([
    // 16 elements × 5; a 16-bit zero point makes a 16-bit output
    ['QuantizeLinear', [['x', f32(2, 8)], ['s', s()], ['z', i16()]], {}, '[2, 8]', DataType.INT16, '80'],
    ['QuantizeLinear', [['x', f32(2, 8)], ['s', s()], ['z', i4()]], {}, '[2, 8]', DataType.INT4, '80'],
    // 16 × 2, output typed by the scale
    ['DequantizeLinear', [['x', u16(2, 8)], ['s', s()], ['z', u16()]], {}, '[2, 8]', DataType.FLOAT, '32'],
    ['QuantizeWithOrder', [['x', f32(4, 8)], ['s', s()]], { order_input: 1, order_output: 1 }, '[4, 8]', DataType.INT8, '160'],
    ['DequantizeWithOrder', [['x', i8(4, 8)], ['s', s()]], { order_input: 1, order_output: 1, to: DataType.FLOAT16 }, '[4, 8]', DataType.FLOAT16, '64'],
    // 32 × (Abs, Max for the block exponent + QuantizeLinear 5)
    ['QuantizeBFP', [['x', f32(4, 8)]], { bfp_type: 1 }, '[bfp_bytes_0]', DataType.UINT8, '224'],
    // 10 × (Dequantize 2 + Gelu 5 + Quantize 5)
    ['QOrderedGelu', [['x', i8(10)], ['sx', s()], ['sy', s()]], {}, '[10]', DataType.INT8, '120'],
    // N = 24, R = 6: Dequantize 2N + LayerNorm with B (6N + 7R + N) + Quantize 5N = 48 + 210 + 120
    ['QOrderedLayerNormalization', [['x', i8(2, 3, 4)], ['sx', s()], ['g', f32(4)], ['b', f32(4)], ['sy', s()]], {}, '[2, 3, 4]', DataType.INT8, '378'],
    // ReduceSum over the last axis: 1 per input element, int32 out
    ['ReduceSumInteger', [['x', i8(2, 3, 4)]], { axes: [2], keepdims: 0 }, '[2, 3]', DataType.INT32, '24'],
  ] as const)('%s %#', (op, inputs, attrs, shape, dtype, other) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect([r.shapes[0], r.dtypes[0]]).toEqual([shape, dtype]);
    expect([r.macs, r.other]).toEqual(['0', other]);
  });

  it('DequantizeBFP with a shape input of unknown value keeps its rank, and no rank beyond reason', () => {
    expect(ms('DequantizeBFP', [['x', u8(100)], ['sh', tensorOf(DataType.INT64, 3)], ['st', tensorOf(DataType.INT64, 3)]], { bfp_type: 1 }).shapes).toEqual(['[?, ?, ?]']);
    expect(ms('DequantizeBFP', [['x', u8(100)], ['sh', tensorOf(DataType.INT64, 2 ** 40)], ['st', tensorOf(DataType.INT64, 3)]], { bfp_type: 1 }).shapes).toEqual(['?']);
  });

  it('a scalar x with a per-axis scale is refused, not crashed on', () => {
    expect(ms('DequantizeLinear', [['x', u8()], ['s', f32(3)]], { axis: 0 }).errors.join()).toMatch(/x is a scalar/);
  });

  it('DequantizeBFP takes the shape input’s value: [4, 8] × 2', () => {
    const r = ms('DequantizeBFP', [['x', u8(100)], ['sh', tensorOf(DataType.INT64, 2)], ['st', tensorOf(DataType.INT64, 2)]], { bfp_type: 1 }, 1,
      [constTensor('sh', DataType.INT64, [2], [4, 8])]);
    expect([r.shapes[0], r.other]).toEqual(['[4, 8]', '64']);
  });

  it('QEmbedLayerNormalization ≡ DequantizeLinear of the 3 gathered tables + EmbedLayerNormalization', () => {
    const names = ['ws', 'ps', 'ss', 'gs', 'bs'].map((n): [string, ReturnType<typeof f32>] => [n, s()]);
    const zps = ['wz', 'pz', 'sz', 'gz', 'bz'].map((n): [string, ReturnType<typeof f32>] => [n, i8()]);
    const r = ms('QEmbedLayerNormalization', [['ids', i32(2, 5)], ['seg', i32(2, 5)], ['w', i8(100, 8)], ['p', i8(50, 8)], ['se', i8(2, 8)],
      ['g', i8(8)], ['b', i8(8)], ['m', i32(2, 5)], ...names, ...zps], { epsilon: { float: 1e-12 } }, 2);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 5, 8]', '[2]']);
    expect(r.dtypes[0]).toBe(DataType.FLOAT);
    // N = 80, R = 10: dequantize 3 tables 2·80·3 = 480; adds 160 + LayerNorm with beta 7·80 + 7·10 = 630 + mask sum 10 → 1280
    expect([r.other, r.transcendental]).toEqual(['1280', '10']);
  });
});

describe('QLinear contrib operators ≡ DequantizeLinear (2) → op → QuantizeLinear (5)', () => {
  const q = (name: string, t: ReturnType<typeof f32>) => [[name, t], [`${name}_s`, s()], [`${name}_z`, u8()]] as [string, ReturnType<typeof f32>][];
  it.each([
    // 10 × (2 + LeakyRelu 2 + 5)
    ['QLinearLeakyRelu', [...q('x', u8(10)), ['ys', s()], ['yz', u8()]], { alpha: { float: 0.1 } }, '[10]', '90', '0'],
    // 10 × (2 + Softmax 5 + 5); Exp 10
    ['QLinearSoftmax', [...q('x', u8(2, 5)), ['ys', s()], ['yz', u8()]], { opset: 13, axis: -1 }, '[2, 5]', '120', '10'],
    // |X| 32, |Y| 8 of 2×2 windows: 2·32 + (8·4 + 8) + 5·8 = 144
    ['QLinearAveragePool', [...q('x', u8(1, 2, 4, 4)), ['ys', s()], ['yz', u8()]], { kernel_shape: [2, 2], strides: [2, 2] }, '[1, 2, 2, 2]', '144', '0'],
    ['QLinearAveragePool', [...q('x', u8(1, 4, 4, 2)), ['ys', s()], ['yz', u8()]], { kernel_shape: [2, 2], strides: [2, 2], channels_last: 1 }, '[1, 2, 2, 2]', '144', '0'],
    // |X| 24 → |Y| 6: 2·24 + (24 + 6) + 5·6 = 108
    ['QLinearReduceMean', [...q('x', u8(2, 3, 4)), ['ys', s()], ['yz', u8()]], { axes: [2], keepdims: 1 }, '[2, 3, 1]', '108', '0'],
    // 2|X| 12 + 2|Y| 6 + 5|Z| 30 = 48 (Where is data movement)
    ['QLinearWhere', [['c', bool(2, 3)], ...q('x', u8(2, 3)), ...q('y', u8(3)), ['zs', s()], ['zz', u8()]], {}, '[2, 3]', '48', '0'],
  ] as const)('%s %#', (op, inputs, attrs, shape, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });

  it('QLinearConv channels_last counts as ai.onnx QLinearConv on the NCHW layout', () => {
    const conv = (x: ReturnType<typeof f32>) => [...q('x', x), ...q('w', u8(4, 3, 3, 3)), ['ys', s()], ['yz', u8()]] as [string, ReturnType<typeof f32>][];
    const nhwc = ms('QLinearConv', conv(u8(1, 8, 8, 3)), { pads: [1, 1, 1, 1], channels_last: 1 });
    const nchw = run('QLinearConv', 'ai.onnx', 10, Object.fromEntries(conv(u8(1, 3, 8, 8))), { pads: [1, 1, 1, 1] });
    expect(nhwc.shapes).toEqual(['[1, 8, 8, 4]']);
    expect(nchw.shapes).toEqual(['[1, 4, 8, 8]']);
    // 256 outputs × 3·3·3 = 6912 MACs; requantize 2 per output = 512
    expect([nhwc.macs, nhwc.other]).toEqual(['6912', '512']);
    expect([nchw.macs, nchw.other]).toEqual(['6912', '512']);
  });
});
