/** Matrix-product, weight-quantized and convolution contrib operators (gemm.ts, nbits.ts, conv.ts); figures by hand. */
import { P } from '../../../src/ir/poly';
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, tensorOf } from '../../helpers/builders';
import { ms } from './run';

const T = (dtype: number) => (...d: number[]) => tensorOf(dtype, ...d);
const u8 = T(DataType.UINT8), i8 = T(DataType.INT8), i16 = T(DataType.INT16), u16 = T(DataType.UINT16), i32 = T(DataType.INT32);
const f16 = T(DataType.FLOAT16), f8 = T(DataType.FLOAT8E4M3FN), i64 = T(DataType.INT64);
const s = () => f32();

describe('matrix-product contrib operators', () => {
  it.each([
    // [2,3,4] × [2,5,4]ᵀ: 2·3·4·5 = 120 MACs
    ['TransposeMatMul', [['a', f32(2, 3, 4)], ['b', f32(2, 5, 4)]], { transB: 1 }, '[2, 3, 5]', '120', '0', '0'],
    // 3·4·5 = 60 MACs + Relu on 15 outputs
    ['FusedMatMulActivation', [['a', f32(3, 4)], ['b', f32(4, 5)]], { activation: 'Relu' }, '[3, 5]', '60', '15', '0'],
    ['MatMulInteger16', [['a', i16(2, 3)], ['b', i16(3, 4)]], {}, '[2, 4]', '24', '0', '0'],
    // 2·3·8·16 = 768 MACs; 96 outputs × (bias 1 + Gelu tanh body 9); Tanh 96
    ['GemmFastGelu', [['x', f32(2, 3, 8)], ['w', f32(8, 16)], ['b', f32(16)]], {}, '[2, 3, 16]', '768', '960', '96'],
    ['GemmFastGelu', [['x', f32(2, 3, 8)], ['w', f32(8, 16)]], {}, '[2, 3, 16]', '768', '864', '96'],
    // 4·8·6 = 192 MACs; 24 outputs × (scaleA·scaleB 1 + RELU 1)
    ['GemmFloat8', [['a', f32(4, 8)], ['b', f32(8, 6)], ['', null], ['sa', s()], ['sb', s()]], { activation: 'RELU' }, '[4, 6]', '192', '48', '0'],
    // 192 MACs; DequantizeLinear of A and B 2·(32 + 48) = 160; per output C 1 + QuantizeLinear 5 → 24·6 = 144: 304
    ['QGemm', [['a', u8(4, 8)], ['as', s()], ['az', u8()], ['b', i8(8, 6)], ['bs', s()], ['bz', i8()], ['c', i32(6)], ['ys', s()], ['yz', u8()]], {}, '[4, 6]', '192', '304', '0'],
    // 20 pairs × 3 features × (Sub, Mul, Add) = 180 + Sqrt per pair 20
    ['CDist', [['a', f32(4, 3)], ['b', f32(5, 3)]], { metric: 'euclidean' }, '[4, 5]', '0', '200', '20'],
    ['CDist', [['a', f32(4, 3)], ['b', f32(5, 3)]], { metric: 'sqeuclidean' }, '[4, 5]', '0', '180', '0'],
    // K = 16, N = 8: 2·16·8 = 256 MACs (weight dequantization folds)
    ['MatMulBnb4', [['a', f32(2, 16)], ['b', u8(64)], ['m', f32(8)]], { K: 16, N: 8, block_size: 16, quant_type: 1 }, '[2, 8]', '256', '0', '0'],
    // N = 10, K = 2·16 = 32: 2·32·10 = 640 MACs + bias 20
    ['MatMulBlockQuantizedFp4Weight', [['a', f16(2, 32)], ['b', u8(10, 16)], ['ws', u8(10, 2)], ['ws2', s()], ['', null], ['bias', f16(10)]], {}, '[2, 10]', '640', '20', '0'],
    // [N, K] = [10, 32]: 640 MACs; a_scale: FP8 quantize-dequantize of A 7·64 = 448
    ['MatMulBlockQuantizedFp8Weight', [['a', f16(2, 32)], ['b', f8(10, 32)], ['bs', f32(10, 1)], ['as', s()]], {}, '[2, 10]', '640', '448', '0'],
  ] as const)('%s %#', (op, inputs, attrs, shape, macs, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes[0]).toBe(shape);
    expect([r.macs, r.other, r.transcendental]).toEqual([macs, other, trans]);
  });

  it('MatMulInteger16 of two uint16 operands is uint32', () => {
    expect(ms('MatMulInteger16', [['a', u16(2, 3)], ['b', u16(3, 4)]]).dtypes).toEqual([DataType.UINT32]);
  });

  it('MatMulFpQ4 reads [K, N] from B_shape: [3, 32] × [32, 10] = 960 MACs', () => {
    const r = ms('MatMulFpQ4', [['a', f32(3, 32)], ['b', u8(200)], ['sh', i64(2)]], { blk_quant_type: 1 }, 1, [constTensor('sh', DataType.INT64, [2], [32, 10])]);
    expect([r.shapes[0], r.macs]).toEqual(['[3, 10]', '960']);
  });

  it('SparseToDenseMatMul: nnz(A)·N MACs with nnz a fresh symbol; alpha adds one multiply per output', () => {
    const sparse = { kind: 'sparse' as const, dtype: DataType.FLOAT, shape: [P.n(4), P.n(6)] };
    const r = ms('SparseToDenseMatMul', [['a', sparse], ['b', f32(6, 3)]], { alpha: { float: 2 } });
    expect(r.shapes).toEqual(['[4, 3]']);
    expect([r.macs, r.other]).toEqual(['3*nnz_0', '12']);
  });

  it('MatMulNBitsMlp ≡ SimplifiedLayerNormalization + two MatMulNBits + SiLU(gate)·up', () => {
    const r = ms('MatMulNBitsMlp', [['a', f32(2, 16)], ['', null], ['n', f32(16)], ['gb', u8(8, 1, 8)], ['gs', f32(8, 1)], ['', null], ['ub', u8(8, 1, 8)], ['us', f32(8, 1)]],
      { K: 16, N: 8, block_size: 16, activation: 'silu' }, 2);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 8]', '[2, 16]']);
    // MACs 2 × 2·16·8 = 512; RMS norm 4·32 + 3·2 = 134, SiLU 2·16 = 32, ×up 16 → 182; Sqrt 2 + Sigmoid 16
    expect([r.macs, r.other, r.transcendental]).toEqual(['512', '182', '18']);
  });

  it('MatMulNBitsQkv ≡ SkipSimplifiedLayerNormalization + three MatMulNBits', () => {
    const w = (n: string, rows: number): [string, ReturnType<typeof f32> | null][] => [[`${n}b`, u8(rows, 1, 8)], [`${n}s`, f32(rows, 1)], ['', null]];
    const r = ms('MatMulNBitsQkv', [['a', f32(3, 16)], ['skip', f32(3, 16)], ['n', f32(16)], ...w('q', 16), ...w('k', 8), ...w('v', 8)],
      { K: 16, Nq: 16, Nkv: 8, block_size: 16 }, 4);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[3, 16]', '[3, 8]', '[3, 8]', '[3, 16]']);
    // MACs 3·16·(16 + 8 + 8) = 1536; skip add 48 + RMS 4·48 + 3·3 = 201 → 249; Sqrt 3
    expect([r.macs, r.other, r.transcendental]).toEqual(['1536', '249', '3']);
  });

  it.each([
    ['CDist', [['a', f32(4, 3)], ['b', f32(5, 3)]], { metric: 'cosine' }, /not one onnxruntime implements/],
    ['MatMulBnb4', [['a', f32(2, 16)], ['b', u8(64)], ['m', f32(8)]], { K: 16, block_size: 16, quant_type: 1 }, /attribute N/],
    ['MatMulNBitsMlp', [['a', f32(2, 16)]], { K: 16, N: 8, block_size: 16, activation: 'softsign' }, /has no cost rule/],
    ['QGemm', [['a', u8(4, 8)], ['as', s()], ['az', u8()], ['b', i8(7, 6)], ['bs', s()], ['bz', i8()]], {}, /inner dimensions 8 and 7/],
  ] as const)('%s rejects invalid input %#', (op, inputs, attrs, msg) => {
    expect(ms(op, inputs as never, attrs as never).errors.join()).toMatch(msg);
  });
});

describe('convolution and pooling contrib operators', () => {
  const pads = (name: string, v: number[]) => constTensor(name, DataType.INT64, [v.length], v);
  it.each([
    // [1,8,8,4] = 256 outputs × 3·3·3 = 6912 MACs; bias 256 + Relu 256
    ['NhwcFusedConv', [['x', f32(1, 8, 8, 3)], ['w', f32(4, 3, 3, 3)], ['b', f32(4)]], { pads: [1, 1, 1, 1], activation: 'Relu' }, [], '[1, 8, 8, 4]', '6912', '512'],
    // ConvTranspose with pads [1, 1, 1, 1]: (4 − 1) + 3 − 2 = 4; MACs N·C·prod(in)·(M/group)·prod(k) = 2·16·3·9 = 864; bias 48
    ['ConvTransposeWithDynamicPads', [['x', f32(1, 2, 4, 4)], ['w', f32(2, 3, 3, 3)], ['p', i64(4)], ['b', f32(3)]], {}, [pads('p', [1, 1, 1, 1])], '[1, 3, 4, 4]', '864', '48'],
    // without pads: (4 − 1) + 3 = 6
    ['ConvTransposeWithDynamicPads', [['x', f32(1, 2, 4, 4)], ['w', f32(2, 3, 3, 3)]], {}, [], '[1, 3, 6, 6]', '864', '0'],
    // 8 outputs × 2·2 window comparisons
    ['NhwcMaxPool', [['x', u8(1, 4, 4, 2)]], { kernel_shape: [2, 2], strides: [2, 2] }, [], '[1, 2, 2, 2]', '0', '32'],
    // 8 outputs × 4 taps × (mask test, comparison)
    ['MaxpoolWithMask', [['x', f32(1, 2, 4, 4)], ['m', i32(1, 2, 4, 4)]], { kernel_shape: [2, 2], strides: [2, 2] }, [], '[1, 2, 2, 2]', '0', '64'],
  ] as const)('%s %#', (op, inputs, attrs, init, shape, macs, other) => {
    const r = ms(op, inputs as never, attrs as never, 1, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other]).toEqual([macs, other]);
  });
  it('ConvTransposeWithDynamicPads with pads known only at run time keeps N and M, not the spatial dims', () => {
    const r = ms('ConvTransposeWithDynamicPads', [['x', f32(1, 2, 4, 4)], ['w', f32(2, 3, 3, 3)], ['p', i64(4)]]);
    expect(r.shapes).toEqual(['[1, 3, ?, ?]']);
    expect(r.macs).toBe('864');
  });
});
