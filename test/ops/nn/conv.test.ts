import { DataType } from '../../../src/ir/dtype';
import { f32, tensorOf } from '../../helpers/builders';
import { run } from './helpers';

describe.each([1, 11, 22])('Conv at opset %i', (opset) => {
  it('seed model: Conv2d(1→32, 4×4, stride (1,2)) on 1×1×100×256', () => {
    const r = run('Conv', opset, { x: f32(1, 1, 100, 256), w: f32(32, 1, 4, 4), b: f32(32) }, { strides: [1, 2] });
    // 97 = 100 − 4 + 1; 127 = floor((256 − 4)/2) + 1
    expect(r.shapes).toEqual(['[1, 32, 97, 127]']);
    // MACs = 32·97·127·(1·16) = 6,307,328; bias = 32·97·127 = 394,208; FLOPs = 2·6,307,328 + 394,208 = 13,008,864
    expect(r.macs).toBe('6307328');
    expect(r.flops).toBe('13008864');
  });
  it.each([
    // [x, w, attrs, shape, macs]
    // pads 1: 5 + 2 − 3 + 1 = 5; MACs = 25·9 = 225
    [[1, 1, 5, 5], [1, 1, 3, 3], { pads: [1, 1, 1, 1] }, '[1, 1, 5, 5]', '225'],
    // SAME_UPPER stride 2: ceil(7/2) = 4, ceil(5/2) = 3; MACs = 2·4·3·(2·9) = 432 (C=4, group 2 → W[1] = 2)
    [[1, 4, 7, 5], [2, 2, 3, 3], { auto_pad: 'SAME_UPPER', strides: [2, 2], group: 2 }, '[1, 2, 4, 3]', '432'],
    // dilation 2: span 5, 9 − 5 + 1 = 5; MACs = 3·5·(1·3) = 45 (1D)
    [[1, 1, 9], [3, 1, 3], { dilations: [2] }, '[1, 3, 5]', '45'],
    // VALID with kernel_shape attribute: 6 − 2 + 1 = 5 per axis; MACs = 25·(3·4) = 300
    [[1, 3, 6, 6], [1, 3, 2, 2], { kernel_shape: [2, 2], auto_pad: 'VALID' }, '[1, 1, 5, 5]', '300'],
  ] as const)('%j * %j %j → %s', (x, w, attrs, shape, macs) => {
    const r = run('Conv', opset, { x: f32(...x), w: f32(...w) }, attrs as never);
    expect(r.shapes).toEqual([shape]);
    expect(r.macs).toBe(macs);
  });
  it('keeps symbolic dims: floor((T − 4)/2) + 1 and batch', () => {
    const r = run('Conv', opset, { x: f32('N', 8, 'T'), w: f32(16, 8, 4) }, { strides: [2] });
    expect(r.shapes).toEqual(['[N, 16, floor(T/2) - 1]']);
  });
  it.each([
    ['channel mismatch', { x: f32(1, 3, 8, 8), w: f32(4, 2, 3, 3) }, {}],
    ['kernel larger than input', { x: f32(1, 1, 2, 2), w: f32(1, 1, 3, 3) }, {}],
    ['bad pads length', { x: f32(1, 1, 8, 8), w: f32(1, 1, 3, 3) }, { pads: [1, 1] }],
    ['rank 2 input', { x: f32(1, 8), w: f32(1, 1, 3) }, {}],
  ])('%s → diagnostic, unknown outputs', (_n, inputs, attrs) => {
    const r = run('Conv', opset, inputs, attrs);
    expect(r.errors.length).toBe(1);
    expect(r.shapes).toEqual(['?']);
  });
});

describe.each([10])('ConvInteger / QLinearConv at opset %i', (opset) => {
  it('ConvInteger: int32 output, MACs as Conv, zero points free', () => {
    const r = run('ConvInteger', opset, { x: tensorOf(DataType.UINT8, 1, 1, 4, 4), w: tensorOf(DataType.UINT8, 1, 1, 2, 2) });
    expect(r.shapes).toEqual(['[1, 1, 3, 3]']);
    expect(r.dtypes).toEqual([DataType.INT32]);
    // 9 outputs × 4 taps = 36 MACs, 72 FLOPs
    expect(r.flops).toBe('72');
  });
  it('QLinearConv: +1 bias and +2 requantise per output', () => {
    const u8 = (...d: number[]) => tensorOf(DataType.UINT8, ...d);
    const r = run('QLinearConv', opset, {
      x: u8(1, 2, 5, 5), xs: f32(), xz: u8(), w: u8(3, 2, 3, 3), ws: f32(), wz: u8(), ys: f32(), yz: u8(), b: tensorOf(DataType.INT32, 3),
    });
    expect(r.shapes).toEqual(['[1, 3, 3, 3]']);
    // outputs 27; MACs = 27·(2·9) = 486; FLOPs = 972 + 27·(1 + 2) = 1053
    expect(r.macs).toBe('486');
    expect(r.flops).toBe('1053');
  });
});

describe.each([1, 11, 22])('ConvTranspose at opset %i', (opset) => {
  it.each([
    // 3×3 input, k3, s1: 3 + 3 − 1 = 5; MACs from input side = 9 inputs · (2·9) = 162; bias none
    [[1, 1, 3, 3], [1, 2, 3, 3], {}, '[1, 2, 5, 5]', '162'],
    // stride 3, output_padding 1, pads 1: 3·(3−1) + 1 + 3 − 2 = 8; width: 3·2 + 1 + 3 − 2 = 8
    [[1, 1, 3, 3], [1, 2, 3, 3], { strides: [3, 3], output_padding: [1, 1], pads: [1, 1, 1, 1] }, '[1, 2, 8, 8]', '162'],
    // output_shape wins: [10, 8]
    [[1, 1, 3, 3], [1, 2, 3, 3], { strides: [3, 2], output_shape: [10, 8] }, '[1, 2, 10, 8]', '162'],
    // SAME_UPPER stride 2: in·stride = 6
    [[1, 1, 3, 3], [1, 2, 3, 3], { strides: [2, 2], auto_pad: 'SAME_UPPER' }, '[1, 2, 6, 6]', '162'],
    // group 2: C = 4, W [4, 1, 2], M = 2; MACs = 4·5·(1·2) = 40; 5 + 2 − 1 = 6
    [[1, 4, 5], [4, 1, 2], { group: 2 }, '[1, 2, 6]', '40'],
  ] as const)('%j %j %j → %s', (x, w, attrs, shape, macs) => {
    const r = run('ConvTranspose', opset, { x: f32(...x), w: f32(...w) }, attrs as never);
    expect(r.shapes).toEqual([shape]);
    expect(r.macs).toBe(macs);
  });
  it('bias adds one per output element', () => {
    const r = run('ConvTranspose', opset, { x: f32(1, 1, 3, 3), w: f32(1, 2, 3, 3), b: f32(2) });
    // 162 MACs → 324 + 2·25 outputs = 374
    expect(r.flops).toBe('374');
  });
  it('channel mismatch is an error', () => {
    expect(run('ConvTranspose', opset, { x: f32(1, 3, 3, 3), w: f32(2, 2, 3, 3) }).errors.length).toBe(1);
  });
});

describe.each([19, 22])('DeformConv at opset %i', (opset) => {
  it('Conv MACs plus sampling', () => {
    const r = run('DeformConv', opset, { x: f32(1, 1, 3, 3), w: f32(1, 1, 2, 2), off: f32(1, 8, 2, 2) });
    expect(r.shapes).toEqual(['[1, 1, 2, 2]']);
    // MACs = 4 outputs · 4 taps = 16; locations = 4 positions · 4 taps = 16 → 8·16 = 128; samples 16 (C = 1) → 7·16 = 112
    // FLOPs = 32 + 128 + 112 = 272
    expect(r.macs).toBe('16');
    expect(r.flops).toBe('272');
  });
  it('wrong offset channels is an error', () => {
    expect(run('DeformConv', opset, { x: f32(1, 1, 3, 3), w: f32(1, 1, 2, 2), off: f32(1, 6, 2, 2) }).errors.length).toBe(1);
  });
});
