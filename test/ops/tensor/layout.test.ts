import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, node, tensorOf } from '../../helpers/builders';
import { flops, ints, run } from './run';

const vec = (name: string, v: number[]) => constTensor(name, DataType.INT64, [v.length], v);

describe.each([1, 2, 11, 13, 18])('Split at opset %i', (opset) => {
  const withSizes = (sizes: number[]) => (opset >= 13
    ? { n: node('Split', ['x', 's'], sizes.map((_, i) => `y${i}`), { axis: 1 }), init: [vec('s', sizes)] }
    : { n: node('Split', ['x'], sizes.map((_, i) => `y${i}`), { axis: 1, split: sizes }), init: [] });
  it('explicit sizes', () => {
    const { n, init } = withSizes([2, 5]);
    expect(run([n], { x: f32('B', 7) }, opset, init).shapes).toEqual(['[B, 2]', '[B, 5]']);
  });
  it('sizes that do not sum to the dim fail', () => {
    const { n, init } = withSizes([2, 4]);
    expect(run([n], { x: f32('B', 7) }, opset, init).errors[0]).toMatch(/sum to 6, not dim 7/);
  });
  it('equal split of a symbolic dim', () => {
    const n = opset >= 18
      ? node('Split', ['x'], ['a', 'b'], { axis: 1, num_outputs: 2 })
      : node('Split', ['x'], ['a', 'b'], { axis: 1 });
    const res = run([n], { x: f32(3, 'T') }, opset);
    // T/2 each: floor(T/2) (must divide) before 18, ceil(T/2) and T − ceil(T/2) at 18
    expect(res.shapes).toEqual(opset >= 18
      ? ['[3, -floor((-T)/2)]', '[3, T + floor((-T)/2)]']
      : ['[3, floor(T/2)]', '[3, floor(T/2)]']);
  });
});

describe('Split uneven', () => {
  it('num_outputs (18): ceil(7/3) = 3, 3, 7 − 6 = 1', () => {
    expect(run([node('Split', ['x'], ['a', 'b', 'c'], { num_outputs: 3 })], { x: f32(7) }, 18).shapes).toEqual(['[3]', '[3]', '[1]']);
  });
  it('equal split of 7 into 3 fails before 18', () => {
    expect(run([node('Split', ['x'], ['a', 'b', 'c'])], { x: f32(7) }, 13).errors[0]).toMatch(/7 into 3 equal/);
  });
  it('Split-18 without split or num_outputs fails', () => {
    expect(run([node('Split', ['x'], ['a', 'b'])], { x: f32(8) }, 18).errors[0]).toMatch(/num_outputs/);
  });
  it('propagates pieces of a shape value', () => {
    const res = run([node('Shape', ['x'], ['s']), node('Split', ['s', 'k'], ['a', 'b'])], { x: f32('B', 3, 'T') }, 13, [vec('k', [1, 2])]);
    expect(ints(res.values[0])).toEqual(['B']);
    expect(ints(res.values[1])).toEqual(['3', 'T']);
  });
});

describe.each([1, 13, 21])('Transpose at opset %i', (opset) => {
  it.each([
    { x: f32('B', 3, 4), perm: [0, 2, 1], want: '[B, 4, 3]' },
    { x: f32(2, 3, 4), perm: undefined, want: '[4, 3, 2]' },
  ])('perm $perm → $want', ({ x, perm, want }) => {
    const res = run([node('Transpose', ['x'], ['y'], perm ? { perm } : {})], { x }, opset);
    expect(res.shapes).toEqual([want]);
    // 2·3·4 = 24 floats × 4 bytes = 96 (or B·12·4 = 48·B)
    expect(res.last.cost).toMatchObject({ kind: 'dataMovement' });
  });
  it('rejects a non-permutation', () => {
    expect(run([node('Transpose', ['x'], ['y'], { perm: [0, 0] })], { x: f32(2, 3) }, opset).errors[0]).toMatch(/not a permutation/);
  });
  it('transposes a small int value', () => {
    const res = run([node('Transpose', ['v'], ['y'], { perm: [1, 0] })], {}, opset, [constTensor('v', DataType.INT64, [2, 3], [1, 2, 3, 4, 5, 6])]);
    expect(ints(res.values[0])).toEqual(['1', '4', '2', '5', '3', '6']);
    expect(res.values[0]!.shape).toEqual([3, 2]);
  });
});

describe.each([1, 11, 13])('DepthToSpace at opset %i', (opset) => {
  it('[N, 8, H, W] b=2 → [N, 2, 2H, 2W]', () => {
    expect(run([node('DepthToSpace', ['x'], ['y'], { blocksize: 2 })], { x: f32('N', 8, 'H', 5) }, opset).shapes).toEqual(['[N, 2, 2*H, 10]']);
  });
  it('channels not divisible by b² fail', () => {
    expect(run([node('DepthToSpace', ['x'], ['y'], { blocksize: 2 })], { x: f32(1, 6, 2, 2) }, opset).errors[0]).toMatch(/do not divide/);
  });
});

describe.each([1, 13])('SpaceToDepth at opset %i', (opset) => {
  it('[N, 3, 4, 6] b=2 → [N, 12, 2, 3]', () => {
    expect(run([node('SpaceToDepth', ['x'], ['y'], { blocksize: 2 })], { x: f32('N', 3, 4, 6) }, opset).shapes).toEqual(['[N, 12, 2, 3]']);
  });
  it('H not divisible fails', () => {
    expect(run([node('SpaceToDepth', ['x'], ['y'], { blocksize: 2 })], { x: f32(1, 3, 5, 6) }, opset).errors[0]).toMatch(/does not divide/);
  });
});

describe.each([8, 13])('Expand at opset %i', (opset) => {
  it.each([
    { x: f32(3, 1), shape: [2, 1, 6], want: '[2, 3, 6]' },
    { x: f32('B', 1, 4), shape: [1, 5, 1], want: '[B, 5, 4]' },
  ])('→ $want', ({ x, shape, want }) => {
    const res = run([node('Expand', ['x', 's'], ['y'])], { x }, opset, [vec('s', shape)]);
    expect(res.shapes).toEqual([want]);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('incompatible dims fail', () => {
    expect(run([node('Expand', ['x', 's'], ['y'])], { x: f32(3) }, opset, [vec('s', [4])]).errors[0]).toMatch(/cannot broadcast/);
  });
  it('expands a value', () => {
    const res = run([node('Expand', ['v', 's'], ['y'])], {}, opset, [vec('v', [7]), vec('s', [3])]);
    expect(ints(res.values[0])).toEqual(['7', '7', '7']);
  });
});

describe('Tile', () => {
  it.each([6, 13])('repeats input at opset %i', (opset) => {
    const res = run([node('Tile', ['x', 'r'], ['y'])], { x: f32('B', 3) }, opset, [vec('r', [2, 3])]);
    expect(res.shapes).toEqual(['[2*B, 9]']);
  });
  it('repeats length must match the rank', () => {
    expect(run([node('Tile', ['x', 'r'], ['y'])], { x: f32(2, 3) }, 13, [vec('r', [2])]).errors[0]).toMatch(/1 elements for rank 2/);
  });
  it('Tile-1 tiles along one axis', () => {
    const res = run([node('Tile', ['x', 't', 'a'], ['y'])], { x: f32(2, 3) }, 1,
      [constTensor('t', DataType.INT64, [], [4]), constTensor('a', DataType.INT64, [], [1])]);
    expect(res.shapes).toEqual(['[2, 12]']);
  });
  it('tiles a value', () => {
    const res = run([node('Tile', ['v', 'r'], ['y'])], {}, 13, [vec('v', [1, 2]), vec('r', [2])]);
    expect(ints(res.values[0])).toEqual(['1', '2', '1', '2']);
  });
});

describe.each([9, 16])('Where at opset %i', (opset) => {
  it('broadcasts all three inputs, data movement', () => {
    const res = run([node('Where', ['c', 'x', 'y'], ['z'])], { c: tensorOf(DataType.BOOL, 'B', 1), x: f32(1, 4), y: f32() }, opset);
    expect(res.shapes).toEqual(['[B, 4]']);
    expect(res.dtypes).toEqual([DataType.FLOAT]);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('selects int values', () => {
    const res = run([node('Where', ['c', 'x', 'y'], ['z'])], {}, opset, [
      constTensor('c', DataType.BOOL, [3], [1, 0, 1]), vec('x', [1, 2, 3]), constTensor('y', DataType.INT64, [], [0]),
    ]);
    expect(ints(res.values[0])).toEqual(['1', '0', '3']);
  });
});

describe.each([9, 22])('EyeLike at opset %i', (opset) => {
  it('copies the 2-D shape, dtype attribute wins', () => {
    const res = run([node('EyeLike', ['x'], ['y'], { dtype: DataType.INT32 })], { x: f32(3, 4) }, opset);
    expect(res.shapes).toEqual(['[3, 4]']);
    expect(res.dtypes).toEqual([DataType.INT32]);
  });
  it('rejects rank 3', () => {
    expect(run([node('EyeLike', ['x'], ['y'])], { x: f32(3, 4, 5) }, opset).errors[0]).toMatch(/2-D/);
  });
});

describe('Trilu (14), ReverseSequence (10)', () => {
  it('Trilu keeps the shape', () => {
    expect(run([node('Trilu', ['x'], ['y'])], { x: f32('B', 4, 4) }, 14).shapes).toEqual(['[B, 4, 4]']);
  });
  it('Trilu rejects rank 1', () => {
    expect(run([node('Trilu', ['x'], ['y'])], { x: f32(4) }, 14).errors[0]).toMatch(/rank ≥ 2/);
  });
  it('ReverseSequence keeps the shape', () => {
    const res = run([node('ReverseSequence', ['x', 'l'], ['y'], { batch_axis: 0, time_axis: 1 })], { x: f32(2, 'T', 3), l: i64(2) }, 10);
    expect(res.shapes).toEqual(['[2, T, 3]']);
  });
  it('ReverseSequence rejects equal axes', () => {
    expect(run([node('ReverseSequence', ['x', 'l'], ['y'], { batch_axis: 1, time_axis: 1 })], { x: f32(2, 3), l: i64(2) }, 10).errors[0]).toMatch(/must be 0 and 1/);
  });
});

describe.each([9, 11])('OneHot at opset %i', (opset) => {
  it.each([
    { axis: -1, want: '[B, 5, 10]' },
    { axis: 0, want: '[10, B, 5]' },
    { axis: 1, want: '[B, 10, 5]' },
  ])('axis $axis → $want', ({ axis, want }) => {
    const res = run([node('OneHot', ['i', 'd', 'v'], ['y'], { axis })], { i: i64('B', 5), v: f32(2) }, opset, [constTensor('d', DataType.INT64, [], [10])]);
    expect(res.shapes).toEqual([want]);
    expect(res.dtypes).toEqual([DataType.FLOAT]);
  });
  it('axis out of range fails', () => {
    expect(run([node('OneHot', ['i', 'd', 'v'], ['y'], { axis: 3 })], { i: i64(5), d: i64(), v: f32(2) }, opset).errors[0]).toMatch(/out of range/);
  });
});
