import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, tensorOf } from '../../helpers/builders';
import { run } from './run';

const MS = 'com.microsoft';
const U8 = DataType.UINT8, I8 = DataType.INT8, I32 = DataType.INT32, F = DataType.FLOAT;
const u8 = (...d: number[]) => tensorOf(U8, ...d);
const i8 = (...d: number[]) => tensorOf(I8, ...d);
const i32 = (...d: number[]) => tensorOf(I32, ...d);

/** run() for com.microsoft nodes, inputs in order ('' entries become omitted optional inputs). */
function ms(op: string, inputs: [string, ReturnType<typeof f32> | null][], attrs: Record<string, never | number | string | number[] | { float: number }> = {}, outputs = 1, init = [] as ReturnType<typeof constTensor>[]) {
  const named = inputs.filter(([n]) => n !== '');
  return run(op, MS, 1, Object.fromEntries(named), attrs as never, { outputs, inputNames: inputs.map(([n]) => n), initializers: init });
}

describe('activation fusions ≡ their ONNX bodies', () => {
  it.each([
    // 2·3 = 6 elements × Gelu(none) 5, 1 transcendental
    ['Gelu', [['x', f32(2, 3)]], '[2, 3]', '30', '6'],
    // 8 elements × (Add 1 + Gelu 5)
    ['BiasGelu', [['a', f32(2, 4)], ['b', f32(4)]], '[2, 4]', '48', '8'],
    // 8 elements × (Add 1 + Gelu(tanh) 9: Pow(x, 3) = 2 multiplies + 7), only Tanh transcendental
    ['FastGelu', [['x', f32(2, 4)], ['b', f32(4)]], '[2, 4]', '80', '8'],
    ['FastGelu', [['x', f32(2, 4)]], '[2, 4]', '72', '8'],
    // 10 elements × (Mul, Sigmoid, Mul)
    ['QuickGelu', [['x', f32(10)]], '[10]', '30', '10'],
    // 8 elements × 2 adds
    ['BiasAdd', [['x', f32(1, 2, 4)], ['b', f32(4)], ['s', f32(1, 2, 4)]], '[1, 2, 4]', '16', '0'],
    // |X| = 16 bias adds + |Y| = 8 × (Gelu 5 + Mul 1)
    ['BiasSplitGelu', [['x', f32(1, 2, 8)], ['b', f32(8)]], '[1, 2, 4]', '64', '8'],
  ] as const)('%s %#', (op, inputs, shape, other, trans) => {
    const r = ms(op, inputs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });
  it.each([
    ['BiasSplitGelu', [['x', f32(1, 2, 7)], ['b', f32(7)]], /odd/],
    ['BiasGelu', [['a', f32(2, 4)], ['b', f32(5)]], /bias length 5/],
  ] as const)('%s rejects invalid input', (op, inputs, msg) => {
    const r = ms(op, inputs as never);
    expect(r.errors.join()).toMatch(msg);
    expect(r.kind).toBe('unknown');
  });
});

describe('normalization fusions ≡ Add + LayerNormalization / RMSNormalization bodies', () => {
  const x = f32(2, 3, 4); // N = 24, R = 6
  it('SkipLayerNormalization with beta', () => {
    const r = ms('SkipLayerNormalization', [['x', x], ['s', x], ['g', f32(4)], ['b', f32(4)]], {}, 4);
    expect(r.shapes).toEqual(['[2, 3, 4]', '[2, 3, 1]', '[2, 3, 1]', '[2, 3, 4]']);
    // skip add 24 + LN: 6·24 + 7·6 + beta 24 = 210 → 234; Sqrt 6
    expect([r.other, r.transcendental]).toEqual(['234', '6']);
  });
  it('SkipLayerNormalization with beta and bias', () => {
    const r = ms('SkipLayerNormalization', [['x', x], ['s', x], ['g', f32(4)], ['b', f32(4)], ['bias', f32(4)]]);
    // + bias add 24
    expect(r.other).toBe('258');
  });
  it('SkipSimplifiedLayerNormalization', () => {
    const r = ms('SkipSimplifiedLayerNormalization', [['x', x], ['s', x], ['g', f32(4)]]);
    // skip add 24 + RMS: 4·24 + 3·6 = 114 → 138; Sqrt 6
    expect([r.other, r.transcendental]).toEqual(['138', '6']);
  });
  it.each([['com.microsoft', -1, '114', '6'], ['ai.onnx', -1, '114', '6'], ['com.microsoft', 1, '102', '2']])(
    'SimplifiedLayerNormalization (%s, axis %i)', (domain, axis, other, trans) => {
      // axis -1: 4·24 + 3·6 = 114; axis 1: R = 2 → 96 + 6 = 102
      const r = run('SimplifiedLayerNormalization', domain, 1, { x, g: f32(4) }, { axis }, { outputs: 2 });
      expect(r.shapes[0]).toBe('[2, 3, 4]');
      expect([r.other, r.transcendental]).toEqual([other, trans]);
    });
  it('EmbedLayerNormalization', () => {
    const r = ms('EmbedLayerNormalization', [['ids', i32(2, 5)], ['seg', i32(2, 5)], ['w', f32(100, 8)], ['p', f32(50, 8)], ['se', f32(2, 8)],
      ['g', f32(8)], ['b', f32(8)], ['m', i32(2, 5)]], {}, 3);
    expect(r.shapes).toEqual(['[2, 5, 8]', '[2]', '[2, 5, 8]']);
    // N = 80, R = 10: two adds 160 + LN with beta 7·80 + 7·10 = 630 + mask sum 10 = 800; Sqrt 10
    expect([r.other, r.transcendental]).toEqual(['800', '10']);
  });
  it('rejects a gamma that does not match the hidden size', () => {
    const r = ms('SkipLayerNormalization', [['x', x], ['s', x], ['g', f32(5)]]);
    expect(r.errors.join()).toMatch(/gamma length 5/);
  });
});

describe('matrix-product fusions', () => {
  it.each([
    // [2,3,4] × [2,5,4]ᵀ → [2,3,5]: MACs 2·3·4·5 = 120; alpha 0.5 → 30 multiplies
    ['FusedMatMul', [['a', f32(2, 3, 4)], ['b', f32(2, 5, 4)]], { transB: 1, alpha: { float: 0.5 } }, '[2, 3, 5]', '120', '30'],
    // transBatchA: [3,2,4] → [2,3,4]; × [2,4,5] → [2,3,5]: 120 MACs
    ['FusedMatMul', [['a', f32(3, 2, 4)], ['b', f32(2, 4, 5)]], { transBatchA: 1 }, '[2, 3, 5]', '120', '0'],
    // 4×3 · 3×5: 60 MACs; per output C +1, alpha +1, Relu +1 → 20·3 = 60
    ['FusedGemm', [['a', f32(4, 3)], ['b', f32(3, 5)], ['c', f32(5)]], { alpha: { float: 2.5 }, activation: 'Relu' }, '[4, 5]', '60', '60'],
    // LeakyRelu (Less + Mul) 2 per output instead of 1, no alpha: 20·(1 + 2) = 60
    ['FusedGemm', [['a', f32(4, 3)], ['b', f32(3, 5)], ['c', f32(5)]], { activation: 'LeakyRelu' }, '[4, 5]', '60', '60'],
    // [1,7,64] × [64,32]: 7·64·32 = 14336 MACs; bias 7·32 = 224
    ['MatMulNBits', [['a', f32(1, 7, 64)], ['w', u8(32, 2, 16)], ['s', f32(32, 2)], ['', null], ['', null], ['bias', f32(32)]],
      { K: 64, N: 32, bits: 4, block_size: 32 }, '[1, 7, 32]', '14336', '224'],
    // 2·3·4 = 24 MACs; output scale 8 + scale product 4 + a_zero_point |A| 6 = 18
    ['MatMulIntegerToFloat', [['a', i8(2, 3)], ['b', i8(3, 4)], ['sa', f32()], ['sb', f32(4)], ['za', i8()]], {}, '[2, 4]', '24', '18'],
    // 24 MACs; DynamicQuantizeLinear(A) body 7·6 + 9 = 51, its a_zero_point subtracted in MatMulIntegerToFloat 6,
    // output scale 8, scale product |b_scale| 4, b_zero_point |B| 12, bias 8: 51 + 6 + 8 + 4 + 12 + 8 = 89
    ['DynamicQuantizeMatMul', [['a', f32(2, 3)], ['b', i8(3, 4)], ['sb', f32(4)], ['zb', i8(4)], ['bias', f32(4)]], {}, '[2, 4]', '24', '89'],
    // [2,3,4] × [4,5]: 120 MACs; per output scale + bias = 30·2 = 60
    ['QOrderedMatMul', [['a', i8(2, 3, 4)], ['sa', f32()], ['b', i8(4, 5)], ['sb', f32()], ['sy', f32()], ['bias', f32(5)]],
      { order_A: 1, order_B: 0, order_Y: 1 }, '[2, 3, 5]', '120', '60'],
    // 3 matrices of 4×4: 3·4³ = 192 MACs, 3·4² = 48 divisions
    ['Inverse', [['x', f32(3, 4, 4)]], {}, '[3, 4, 4]', '192', '48'],
  ] as const)('%s %#', (op, inputs, attrs, shape, macs, other) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other]).toEqual([macs, other]);
  });
  it.each([
    ['FusedMatMul', [['a', f32(2, 3, 4)], ['b', f32(2, 5, 4)]], {}, /inner dimensions 4 and 5/],
    ['Inverse', [['x', f32(3, 4, 5)]], {}, /not square/],
    ['MatMulNBits', [['a', f32(1, 7, 64)], ['w', u8(32, 2, 16)], ['s', f32(32, 2)]], { N: 32, block_size: 32 }, /K and N are required/],
  ] as const)('%s rejects invalid input', (op, inputs, attrs, msg) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors.join()).toMatch(msg);
    expect(r.shapes).toEqual(['?']);
  });
});

describe('convolution fusions', () => {
  it.each([
    // out [1,4,8,8] = 256; MACs 256·3·3·3 = 6912; bias 256 + Relu 256
    ['FusedConv', [['x', f32(1, 3, 8, 8)], ['w', f32(4, 3, 3, 3)], ['b', f32(4)]], { pads: [1, 1, 1, 1], activation: 'Relu' }, '[1, 4, 8, 8]', '6912', '512'],
    // + Z add 256
    ['FusedConv', [['x', f32(1, 3, 8, 8)], ['w', f32(4, 3, 3, 3)], ['b', f32(4)], ['z', f32(1, 4, 8, 8)]], { pads: [1, 1, 1, 1], activation: 'Relu' }, '[1, 4, 8, 8]', '6912', '768'],
    // channels last, stride 2: floor((8 − 3)/2) + 1 = 3 → [1,3,3,4] = 36; MACs 36·27 = 972
    ['NhwcConv', [['x', f32(1, 8, 8, 3)], ['w', f32(4, 3, 3, 3)]], { strides: [2, 2] }, '[1, 3, 3, 4]', '972', '0'],
  ] as const)('%s %#', (op, inputs, attrs, shape, macs, other) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other]).toEqual([macs, other]);
  });
  it('rejects mismatched channels', () => {
    const r = ms('NhwcConv', [['x', f32(1, 8, 8, 3)], ['w', f32(4, 2, 3, 3)]]);
    expect(r.errors.join()).toMatch(/3 channels but W expects 2/);
  });
});

describe('QLinear ops ≡ DequantizeLinear (2) → op → QuantizeLinear (5)', () => {
  const q = (name: string, t: ReturnType<typeof f32>) => [[name, t], [`${name}_s`, f32()], [`${name}_z`, u8()]] as [string, ReturnType<typeof f32>][];
  it.each([
    // out 6: 2·6 + 2·3 + (1 + 5)·6 = 54
    ['QLinearAdd', [...q('a', u8(2, 3)), ...q('b', u8(3)), ['cs', f32()], ['cz', u8()]], {}, '[2, 3]', '54', '0'],
    ['QLinearMul', [...q('a', u8(2, 3)), ...q('b', u8(3)), ['cs', f32()], ['cz', u8()]], {}, '[2, 3]', '54', '0'],
    // 2·10 + (1 + 5)·10 = 80; sigmoid 10
    ['QLinearSigmoid', [...q('x', u8(10)), ['ys', f32()], ['yz', u8()]], {}, '[10]', '80', '10'],
    // |X| 36, |Y| 4: 2·36 + (36 + 4) + 5·4 = 132
    ['QLinearGlobalAveragePool', [...q('x', u8(1, 4, 3, 3)), ['ys', f32()], ['yz', u8()]], {}, '[1, 4, 1, 1]', '132', '0'],
    ['QLinearGlobalAveragePool', [...q('x', u8(1, 3, 3, 4)), ['ys', f32()], ['yz', u8()]], { channels_last: 1 }, '[1, 1, 1, 4]', '132', '0'],
    // 2·(6 + 10) + 5·16 = 112
    ['QLinearConcat', [['ys', f32()], ['yz', u8()], ...q('a', u8(2, 3)), ...q('b', u8(2, 5))], { axis: 1 }, '[2, 8]', '112', '0'],
  ] as const)('%s %#', (op, inputs, attrs, shape, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual([shape]);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });
  it('QLinearConcat rejects a dangling input', () => {
    const r = ms('QLinearConcat', [['ys', f32()], ['yz', u8()], ...q('a', u8(2, 3)), ['b', u8(2, 5)]], { axis: 1 });
    expect(r.errors.join()).toMatch(/triples/);
  });
});

describe('attention fusions', () => {
  it('Attention with mask: projection + core', () => {
    const r = ms('Attention', [['x', f32(2, 4, 8)], ['w', f32(8, 24)], ['b', f32(24)], ['m', i32(2)]], { num_heads: 2 }, 2);
    expect(r.shapes).toEqual(['[2, 4, 8]', '[2, 2, 2, 4, 4]']);
    // projection 2·4·8·24 = 1536 MACs, bias 192; scores 2·2·4·4 = 64: MACs 64·(4 + 4) = 512 → 2048
    // other 192 + 64·(scale + mask) + Softmax 5·64 = 640; exp 64
    expect([r.macs, r.other, r.transcendental]).toEqual(['2048', '640', '64']);
  });
  it('Attention with past: T = past + S', () => {
    const r = ms('Attention', [['x', f32(2, 4, 8)], ['w', f32(8, 24)], ['b', f32(24)], ['', null], ['past', f32(2, 2, 2, 3, 4)]], { num_heads: 2 }, 2);
    expect(r.shapes[1]).toBe('[2, 2, 2, 7, 4]');
    // scores 2·2·4·7 = 112: core MACs 112·8 = 896 + 1536 = 2432; other 192 + 112 + 560 = 864
    expect([r.macs, r.other, r.transcendental]).toEqual(['2432', '864', '112']);
  });
  it('QAttention ≡ Attention with an integer projection', () => {
    const r = ms('QAttention', [['x', u8(2, 4, 8)], ['w', u8(8, 24)], ['b', f32(24)], ['si', f32()], ['sw', f32()]], { num_heads: 2 }, 1);
    expect(r.dtypes).toEqual([F]);
    // 2048 MACs; other 192 bias + 64 scale + 320 softmax + 192 projection scale = 768
    expect([r.macs, r.other, r.transcendental]).toEqual(['2048', '768', '64']);
  });
  it('MultiHeadAttention cross attention with bias', () => {
    const r = ms('MultiHeadAttention', [['q', f32(2, 4, 8)], ['k', f32(2, 6, 8)], ['v', f32(2, 6, 8)], ['bias', f32(24)]], { num_heads: 2 }, 3);
    expect(r.shapes).toEqual(['[2, 4, 8]', '[2, 2, 6, 4]', '[2, 2, 6, 4]']);
    // scores 2·2·4·6 = 96: MACs 96·8 = 768; other bias 64 + 192, scale 96, softmax 480 = 832
    expect([r.macs, r.other, r.transcendental]).toEqual(['768', '832', '96']);
  });
  it('GroupQueryAttention over total_sequence_length', () => {
    const r = ms('GroupQueryAttention', [['q', f32(1, 3, 16)], ['k', f32(1, 3, 8)], ['v', f32(1, 3, 8)], ['pk', f32(1, 2, 5, 4)], ['pv', f32(1, 2, 5, 4)],
      ['sl', i32(1)], ['tsl', i32()]], { num_heads: 4, kv_num_heads: 2 }, 3, [constTensor('tsl', I32, [], [8])]);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[1, 3, 16]', '[1, 2, 8, 4]', '[1, 2, 8, 4]']);
    // scores 1·4·3·8 = 96: MACs 96·(4 + 4) = 768; other 96 + 480 = 576
    expect([r.macs, r.other, r.transcendental]).toEqual(['768', '576', '96']);
  });
  it.each([
    // whole head rotates: 1·2·3·8 = 48 elements × 3
    [[['x', f32(1, 2, 3, 8)], ['p', i64(1, 3)], ['c', f32(10, 4)], ['s', f32(10, 4)]], {}, '[1, 2, 3, 8]', '144'],
    // 3-D, 2 heads of 4, rotary dim 2: 24 / 4 · 2 = 12 rotated × 3
    [[['x', f32(1, 3, 8)], ['p', i64(1, 3)], ['c', f32(10, 1)], ['s', f32(10, 1)]], { num_heads: 2, rotary_embedding_dim: 2 }, '[1, 3, 8]', '36'],
  ] as const)('RotaryEmbedding %#', (inputs, attrs, shape, other) => {
    const r = ms('RotaryEmbedding', inputs as never, attrs as never);
    expect(r.shapes).toEqual([shape]);
    expect(r.other).toBe(other);
  });
  it.each([
    ['Attention', [['x', f32(2, 4, 8)], ['w', f32(8, 24)]], { num_heads: 5 }, /not divisible by 5 heads/],
    ['MultiHeadAttention', [['q', f32(2, 4, 8)]], { num_heads: 2 }, /key is missing/],
    ['GroupQueryAttention', [['q', f32(1, 3, 16)], ['k', f32(1, 3, 8)], ['v', f32(1, 3, 8)]], { num_heads: 4, kv_num_heads: 3 }, /not a multiple/],
  ] as const)('%s rejects invalid input', (op, inputs, attrs, msg) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors.join()).toMatch(msg);
    expect(r.kind).toBe('unknown');
  });
});
