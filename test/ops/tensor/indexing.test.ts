import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, node, tensorOf } from '../../helpers/builders';
import { flops, run } from './run';

const vec = (name: string, v: number[]) => constTensor(name, DataType.INT64, [v.length], v);

describe.each([11, 13])('GatherElements at opset %i', (opset) => {
  it('output has the indices shape', () => {
    expect(run([node('GatherElements', ['d', 'i'], ['y'], { axis: 1 })], { d: f32(3, 4), i: i64(3, 2) }, opset).shapes).toEqual(['[3, 2]']);
  });
  it('rank mismatch fails', () => {
    expect(run([node('GatherElements', ['d', 'i'], ['y'])], { d: f32(3, 4), i: i64(3) }, opset).errors[0]).toMatch(/ranks differ/);
  });
});

describe.each([11, 12, 13])('GatherND at opset %i', (opset) => {
  it.each([
    { d: f32(2, 3, 4), i: i64('K', 2), want: '[K, 4]' }, // indices[:-1] + data[2:]
    { d: f32(2, 3, 4), i: i64(5, 3), want: '[5]' },
  ])('→ $want', ({ d, i, want }) => {
    expect(run([node('GatherND', ['d', 'i'], ['y'])], { d, i }, opset).shapes).toEqual([want]);
  });
  it('index depth beyond the data rank fails', () => {
    expect(run([node('GatherND', ['d', 'i'], ['y'])], { d: f32(2, 3), i: i64(5, 3) }, opset).errors[0]).toMatch(/last dim 3 out of range/);
  });
});

describe('GatherND batch_dims (12)', () => {
  it('[B, 3, 4] with indices [B, 5, 1], batch_dims 1 → [B, 5, 4]', () => {
    expect(run([node('GatherND', ['d', 'i'], ['y'], { batch_dims: 1 })], { d: f32('B', 3, 4), i: i64('B', 5, 1) }, 12).shapes).toEqual(['[B, 5, 4]']);
  });
});

describe.each([11, 13, 16, 18])('ScatterElements / ScatterND at opset %i', (opset) => {
  it('ScatterElements keeps the data shape, no reduction = data movement', () => {
    const res = run([node('ScatterElements', ['d', 'i', 'u'], ['y'], { axis: 1 })], { d: f32(3, 5), i: i64(3, 2), u: f32(3, 2) }, opset);
    expect(res.shapes).toEqual(['[3, 5]']);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('ScatterND keeps the data shape', () => {
    const res = run([node('ScatterND', ['d', 'i', 'u'], ['y'])], { d: f32(4, 5, 6), i: i64(2, 1), u: f32(2, 5, 6) }, opset);
    expect(res.shapes).toEqual(['[4, 5, 6]']);
  });
  it('ScatterND updates of the wrong rank fail', () => {
    const res = run([node('ScatterND', ['d', 'i', 'u'], ['y'])], { d: f32(4, 5, 6), i: i64(2, 1), u: f32(2, 5) }, opset);
    expect(res.errors[0]).toMatch(/updates rank 2, expected 3/);
  });
});

describe.each([16, 18])('Scatter reductions at opset %i', (opset) => {
  it.each(['add', 'mul', ...(opset >= 18 ? ['max', 'min'] : [])])('reduction %s: 1 FLOP per update element', (reduction) => {
    const res = run([node('ScatterElements', ['d', 'i', 'u'], ['y'], { reduction })], { d: f32(3, 5), i: i64('K', 5), u: f32('K', 5) }, opset);
    // K·5 updates, one combine each
    expect(flops(res.last)).toBe('5*K');
    const nd = run([node('ScatterND', ['d', 'i', 'u'], ['y'], { reduction })], { d: f32(4, 5, 6), i: i64(2, 1), u: f32(2, 5, 6) }, opset);
    // 2·5·6 = 60 updates
    expect(flops(nd.last)).toBe('60');
  });
  it('unknown reduction fails', () => {
    const res = run([node('ScatterElements', ['d', 'i', 'u'], ['y'], { reduction: 'sub' })], { d: f32(3), i: i64(1), u: f32(1) }, opset);
    expect(res.errors[0]).toMatch(/reduction 'sub'/);
  });
});

describe('Scatter (9, deprecated 11)', () => {
  it.each([9, 11])('keeps the data shape at opset %i', (opset) => {
    const res = run([node('Scatter', ['d', 'i', 'u'], ['y'], { axis: 0 })], { d: f32(3, 3), i: i64(2, 3), u: f32(2, 3) }, opset);
    expect(res.shapes).toEqual(['[3, 3]']);
    expect(flops(res.last)).toBe('dataMovement');
    expect(res.warnings.some((w) => /deprecated/.test(w))).toBe(opset >= 11);
  });
});

describe('TensorScatter (24)', () => {
  it('output = past_cache', () => {
    const res = run([node('TensorScatter', ['p', 'u', 'w'], ['y'])], { p: f32('B', 8, 128, 64), u: f32('B', 8, 1, 64), w: i64('B') }, 24);
    expect(res.shapes).toEqual(['[B, 8, 128, 64]']);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('axis 0 fails', () => {
    expect(run([node('TensorScatter', ['p', 'u'], ['y'], { axis: 0 })], { p: f32(2, 4), u: f32(2, 1) }, 24).errors[0]).toMatch(/batch axis/);
  });
});

describe.each([9, 13])('NonZero at opset %i', (opset) => {
  it('runtime data: a fresh count symbol', () => {
    const res = run([node('NonZero', ['x'], ['y'])], { x: f32(3, 4) }, opset);
    expect(res.shapes[0]).toMatch(/^\[2, nonzero_\d+\]$/);
    expect(res.dtypes).toEqual([DataType.INT64]);
  });
  it('known data: the exact count', () => {
    const res = run([node('NonZero', ['x'], ['y'])], {}, opset, [constTensor('x', DataType.INT64, [2, 2], [0, 3, 0, 1])]);
    expect(res.shapes).toEqual(['[2, 2]']);
  });
});

describe('Unique (11)', () => {
  it('flattened: four outputs sized by a fresh symbol', () => {
    const res = run([node('Unique', ['x'], ['y', 'i', 'inv', 'c'])], { x: f32(3, 4) }, 11);
    const u = res.shapes[0];
    expect(u).toMatch(/^\[unique_\d+\]$/);
    // inverse indices: one per input element, 3·4 = 12
    expect(res.shapes).toEqual([u, u, '[12]', u]);
  });
  it('along an axis', () => {
    const res = run([node('Unique', ['x'], ['y', 'i', 'inv', 'c'], { axis: 1 })], { x: f32(3, 4) }, 11);
    expect(res.shapes[0]).toMatch(/^\[3, unique_\d+\]$/);
    expect(res.shapes[2]).toBe('[4]');
  });
});

describe('TopK', () => {
  it('opset 1: k attribute', () => {
    const res = run([node('TopK', ['x'], ['v', 'i'], { k: 3 })], { x: f32('B', 10) }, 1);
    expect(res.shapes).toEqual(['[B, 3]', '[B, 3]']);
    expect(res.dtypes).toEqual([DataType.FLOAT, DataType.INT64]);
  });
  it.each([10, 11, 24])('opset %i: known k input', (opset) => {
    const res = run([node('TopK', ['x', 'k'], ['v', 'i'], { axis: 0 })], { x: f32(10, 'B') }, opset, [vec('k', [4])]);
    expect(res.shapes).toEqual(['[4, B]', '[4, B]']);
  });
  it('runtime k: a fresh symbol', () => {
    const res = run([node('TopK', ['x', 'k'], ['v', 'i'])], { x: f32(2, 10), k: i64(1) }, 11);
    expect(res.shapes[0]).toMatch(/^\[2, topk_\d+\]$/);
  });
  it('k beyond the dim fails', () => {
    expect(run([node('TopK', ['x', 'k'], ['v', 'i'])], { x: f32(2, 3) }, 11, [vec('k', [5])]).errors[0]).toMatch(/exceeds axis dim 3/);
  });
});

describe.each([9, 11])('Compress at opset %i', (opset) => {
  it('known condition: exact count along the axis', () => {
    const res = run([node('Compress', ['x', 'c'], ['y'], { axis: 1 })], { x: f32('B', 4) }, opset, [constTensor('c', DataType.BOOL, [4], [1, 0, 1, 1])]);
    expect(res.shapes).toEqual(['[B, 3]']);
  });
  it('runtime condition, no axis: flattened, fresh symbol', () => {
    const res = run([node('Compress', ['x', 'c'], ['y'])], { x: f32(3, 4), c: tensorOf(DataType.BOOL, 12) }, opset);
    expect(res.shapes[0]).toMatch(/^\[compress_\d+\]$/);
  });
  it('condition rank 2 fails', () => {
    expect(run([node('Compress', ['x', 'c'], ['y'])], { x: f32(3, 4), c: tensorOf(DataType.BOOL, 3, 4) }, opset).errors[0]).toMatch(/1-D/);
  });
});
