import { DataType } from '../../../src/ir/dtype';
import { f32, i64 } from '../../helpers/builders';
import { run } from './helpers';

describe.each([1, 7, 10, 11, 19, 22])('AveragePool at opset %i', (opset) => {
  it('3×3 window on 1×3×32×32: 30×30 outputs, 9 adds + 1 divide each', () => {
    const r = run('AveragePool', opset, { x: f32(1, 3, 32, 32) }, { kernel_shape: [3, 3] });
    expect(r.shapes).toEqual(['[1, 3, 30, 30]']);
    // 2700 outputs × (9 + 1) = 27000
    expect(r.flops).toBe('27000');
  });
  it('SAME_UPPER stride 2 on symbolic T: ceil(T/2) = −floor(−T/2)', () => {
    const r = run('AveragePool', opset, { x: f32(1, 1, 'T') }, { kernel_shape: [3], strides: [2], auto_pad: 'SAME_UPPER' });
    expect(r.shapes).toEqual(['[1, 1, -floor((-T)/2)]']);
  });
  it('missing kernel_shape is an error', () => {
    expect(run('AveragePool', opset, { x: f32(1, 1, 4, 4) }).errors.length).toBe(1);
  });
});

describe.each([10, 11, 19, 22])('pool ceil_mode at opset %i', (opset) => {
  it('ceil((4 − 3)/2) + 1 = 2 (MaxPool)', () => {
    const r = run('MaxPool', opset, { x: f32(1, 1, 4, 4) }, { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 });
    expect(r.shapes).toEqual(['[1, 1, 2, 2]']);
  });
  it('last window starting in the right padding is dropped only from opset 22', () => {
    // in 5, k 2, s 2, pads (0, 1): ceil((5 + 1 − 2)/2) + 1 = 3; window 3 starts at 4 < 5 → kept
    // in 4, k 2, s 2, pads (0, 1): ceil((4 + 1 − 2)/2) + 1 = 3; window 3 starts at 4 ≥ 4 → dropped at 22
    const r = run('MaxPool', opset, { x: f32(1, 1, 4) }, { kernel_shape: [2], strides: [2], pads: [0, 1], ceil_mode: 1 });
    expect(r.shapes).toEqual([opset >= 22 ? '[1, 1, 2]' : '[1, 1, 3]']);
  });
});

describe.each([8, 10, 12, 22])('MaxPool at opset %i', (opset) => {
  it('Indices output is INT64 with Y\'s shape; prod(kernel) comparisons per output', () => {
    const r = run('MaxPool', opset, { x: f32(2, 3, 8, 8) }, { kernel_shape: [2, 2], strides: [2, 2] }, ['y', 'i']);
    expect(r.shapes).toEqual(['[2, 3, 4, 4]', '[2, 3, 4, 4]']);
    expect(r.dtypes).toEqual([DataType.FLOAT, DataType.INT64]);
    // 96 outputs × 4 = 384
    expect(r.flops).toBe('384');
  });
});

describe.each([1, 2, 11, 18, 22])('LpPool at opset %i', (opset) => {
  it.each([
    // p = 2: ReduceL2 per window: 2·4 + 1 sqrt = 9 per output; 4 outputs → 36
    [2, '36'],
    // p = 1: ReduceL1: 2·4 = 8 per output → 32
    [1, '32'],
  ])('p=%i', (p, flops) => {
    const attrs = opset === 1 ? { kernel_shape: [2, 2], strides: [2, 2], p: { float: p } } : { kernel_shape: [2, 2], strides: [2, 2], p };
    const r = run('LpPool', opset, { x: f32(1, 1, 4, 4) }, attrs);
    expect(r.shapes).toEqual(['[1, 1, 2, 2]']);
    expect(r.flops).toBe(flops);
  });
});

describe.each([1, 22])('global pools at opset %i', (opset) => {
  it.each([
    // 2·3·25 = 150 inputs; 6 outputs: mean = 150 + 6
    ['GlobalAveragePool', '156'],
    ['GlobalMaxPool', '150'],
    // p = 2: 2·150 + 6
    ['GlobalLpPool', '306'],
  ])('%s', (op, flops) => {
    const r = run(op, opset, { x: f32(2, 3, 5, 5) });
    expect(r.shapes).toEqual(['[2, 3, 1, 1]']);
    expect(r.flops).toBe(flops);
  });
});

describe.each([9, 11, 22])('MaxUnpool at opset %i', (opset) => {
  it('(in − 1)·stride + kernel − pads; data movement', () => {
    const r = run('MaxUnpool', opset, { x: f32(1, 1, 2, 2), i: f32(1, 1, 2, 2) }, { kernel_shape: [2, 2], strides: [2, 2] });
    expect(r.shapes).toEqual(['[1, 1, 4, 4]']);
    expect(r.kind).toBe('dataMovement');
  });
  it('output_shape known only by its declared length: that many unknown dims; a length that is not the rank fails', () => {
    const x = f32(1, 1, 2, 2), i = f32(1, 1, 2, 2);
    expect(run('MaxUnpool', opset, { x, i, s: i64(4) }, { kernel_shape: [2, 2] }).shapes).toEqual(['[?, ?, ?, ?]']);
    // 2^40 values: the RangeError of new Array(2^40) before the fix (found by test/hostile/property.test.ts)
    expect(run('MaxUnpool', opset, { x, i, s: i64(2 ** 40) }, { kernel_shape: [2, 2] }).errors[0]).toMatch(/beyond the largest supported rank/);
    expect(run('MaxUnpool', opset, { x, i, s: i64(3) }, { kernel_shape: [2, 2] }).errors[0]).toMatch(/output_shape has 3 values, input rank is 4/);
  });
});

describe.each([10, 16, 22])('RoiAlign at opset %i', (opset) => {
  it('fixed sampling ratio is counted, adaptive is unknown', () => {
    const inputs = { x: f32(1, 4, 10, 10), rois: f32(3, 4), bi: f32(3) };
    const r = run('RoiAlign', opset, inputs, { output_height: 2, output_width: 2, sampling_ratio: 2 });
    expect(r.shapes).toEqual(['[3, 4, 2, 2]']);
    // 48 outputs, 4 samples each = 192 samples: 7·192 bilinear + 192 adds + 48 divides = 1344 + 240 = 1584
    expect(r.flops).toBe('1584');
    expect(run('RoiAlign', opset, inputs, {}).kind).toBe('unknown');
  });
});

describe.each([1, 22])('MaxRoiPool at opset %i', (opset) => {
  it('shape [rois, C, ph, pw]; cost unknown (data-dependent bins)', () => {
    const r = run('MaxRoiPool', opset, { x: f32(1, 4, 10, 10), rois: f32(3, 5) }, { pooled_shape: [2, 2] });
    expect(r.shapes).toEqual(['[3, 4, 2, 2]']);
    expect(r.kind).toBe('unknown');
  });
});
