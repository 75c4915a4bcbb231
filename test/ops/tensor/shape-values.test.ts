import { DataType } from '../../../src/ir/dtype';
import { P } from '../../../src/ir/poly';
import { AttrValue, constTensor, f32, i64, node } from '../../helpers/builders';
import { flops, ints, run } from './run';

const vec = (name: string, v: (number | bigint)[]) => constTensor(name, DataType.INT64, [v.length], v.map(BigInt));
const scalar = (name: string, v: number) => constTensor(name, DataType.INT64, [], [v]);
const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

describe.each([1, 13, 15])('Shape at opset %i', (opset) => {
  it('propagates symbolic dims and folds', () => {
    const res = run([node('Shape', ['x'], ['s'])], { x: f32('batch', 3) }, opset);
    expect(res.shapes).toEqual(['[2]']);
    expect(ints(res.values[0])).toEqual(['batch', '3']);
    expect(res.last.status).toBe('folded');
  });
  it('keeps unknown dims as unknown elements', () => {
    // a Reshape to a runtime shape loses the dims; Shape then knows only the rank
    const res = run([node('Reshape', ['x', 't'], ['r']), node('Shape', ['r'], ['s'])], { x: f32(2, 3), t: i64(2) }, Math.max(opset, 5));
    expect(ints(res.values[0])).toEqual([null, null]);
    expect(res.last.status).toBe('dataMovement');
  });
});

describe('Shape-15 start/end', () => {
  it.each([
    { start: 1, end: undefined, want: ['3', 'T'] },
    { start: -1, end: undefined, want: ['T'] },
    { start: 0, end: -1, want: ['B', '3'] },
    { start: -10, end: 10, want: ['B', '3', 'T'] }, // clamped
    { start: 2, end: 1, want: [] },
  ])('start $start end $end', ({ start, end, want }) => {
    const attrs: Record<string, number> = { start };
    if (end !== undefined) attrs.end = end;
    const res = run([node('Shape', ['x'], ['s'], attrs)], { x: f32('B', 3, 'T') }, 15);
    expect(ints(res.values[0])).toEqual(want);
    expect(res.shapes).toEqual([`[${want.length}]`]);
  });
});

describe('Size', () => {
  it('is the symbolic element count', () => {
    // B·3·4 = 12·B
    const res = run([node('Size', ['x'], ['n'])], { x: f32('B', 3, 4) }, 13);
    expect(res.shapes).toEqual(['[]']);
    expect(ints(res.values[0])).toEqual(['12*B']);
  });
});

describe.each([10, 11, 13])('Slice (inputs) at opset %i', (opset) => {
  const slice = (x: ReturnType<typeof f32>, starts: (number | bigint)[], ends: (number | bigint)[], axes?: number[], steps?: number[]) => {
    const inits = [vec('st', starts), vec('en', ends)];
    const inputs = ['x', 'st', 'en'];
    if (axes) { inits.push(vec('ax', axes)); inputs.push('ax'); }
    if (steps) { if (!axes) inputs.push(''); inits.push(vec('sp', steps)); inputs.push('sp'); }
    return run([node('Slice', inputs, ['y'])], { x }, opset, inits);
  };
  it.each([
    { name: 'x[1:3]', x: f32(5, 4), s: [1], e: [3], want: '[2, 4]' },
    { name: 'x[:, 1:] INT64_MAX', x: f32(5, 4), s: [1], e: [INT64_MAX], a: [1], want: '[5, 3]' },
    { name: 'x[-2:] on 5', x: f32(5), s: [-2], e: [INT64_MAX], want: '[2]' },
    { name: 'x[::-1] INT64_MIN', x: f32(5), s: [-1], e: [INT64_MIN], a: [0], k: [-1], want: '[5]' },
    { name: 'x[0:5:2]', x: f32(5), s: [0], e: [5], a: [0], k: [2], want: '[3]' }, // 0, 2, 4
    { name: 'clamped end', x: f32(5), s: [2], e: [100], want: '[3]' },
    { name: 'empty', x: f32(5), s: [4], e: [1], want: '[0]' },
    { name: 'symbolic x[:, 1:]', x: f32('B', 'T'), s: [1], e: [INT64_MAX], a: [1], want: '[B, T - 1]' },
    { name: 'symbolic x[:, -3:]', x: f32('B', 'T'), s: [-3], e: [INT64_MAX], a: [-1], want: '[B, 3]' },
    { name: 'symbolic x[:, :-1]', x: f32('B', 'T'), s: [0], e: [-1], a: [1], want: '[B, T - 1]' },
    { name: 'symbolic step 2', x: f32('B', 'T'), s: [0], e: [INT64_MAX], a: [1], k: [2], want: '[B, -floor((-T)/2)]' }, // ceil(T/2) = −floor(−T/2),
  ])('$name → $want', ({ x, s, e, a, k, want }) => {
    const res = slice(x, s, e, a, k);
    expect(res.errors).toEqual([]);
    expect(res.shapes).toEqual([want]);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('rejects step 0', () => {
    expect(slice(f32(5), [0], [5], [0], [0]).errors[0]).toMatch(/step 0/);
  });
  it('rejects mismatched starts/ends', () => {
    expect(slice(f32(5, 5), [0, 1], [5]).errors[0]).toMatch(/lengths differ/);
  });
  it('keeps the rank with unknown starts', () => {
    const res = run([node('Slice', ['x', 'st', 'en'], ['y'])], { x: f32(5, 4), st: i64(1) }, opset, [vec('en', [3])]);
    expect(res.shapes).toEqual(['[?, ?]']);
  });
  it('propagates a slice of a shape value', () => {
    const res = run([node('Shape', ['x'], ['sh']), node('Slice', ['sh', 'st', 'en'], ['y'])], { x: f32('B', 3, 'T') }, opset,
      [vec('st', [1]), vec('en', [INT64_MAX])]);
    expect(ints(res.values[0])).toEqual(['3', 'T']);
  });
});

describe.each([1, 9])('Slice-1 (attributes) at opset %i', (opset) => {
  it('reads starts/ends/axes', () => {
    const res = run([node('Slice', ['x'], ['y'], { starts: [1], ends: [3], axes: [1] })], { x: f32(5, 4) }, opset);
    expect(res.shapes).toEqual(['[5, 2]']);
  });
  it.each([
    // PyTorch's opset-9 export of x[:, 2:]: ends = INT64_MAX clamps to the dim, 5 − 2 = 3
    { name: 'x[:, 2:]', x: f32(4, 5), s: [2n], e: [INT64_MAX], a: [1], want: '[4, 3]' },
    { name: 'x[:, 2:] symbolic', x: f32('B', 'T'), s: [2n], e: [INT64_MAX], a: [1], want: '[B, T - 2]' },
    // INT64_MIN start clamps to 0: [0, 2) on 5 = 2
    { name: 'x[INT64_MIN:2]', x: f32(5), s: [INT64_MIN], e: [2n], a: [0], want: '[2]' },
    // two axes, both to the end: 4 − 1 = 3, 5 − 3 = 2
    { name: 'x[1:, 3:]', x: f32(4, 5), s: [1n, 3n], e: [INT64_MAX, INT64_MAX], a: [0, 1], want: '[3, 2]' },
  ])('$name → $want', ({ x, s, e, a, want }) => {
    const res = run([node('Slice', ['x'], ['y'], { starts: s, ends: e, axes: a })], { x }, opset);
    expect(res.errors).toEqual([]);
    expect(res.shapes).toEqual([want]);
  });
  it('slices a known value with INT64_MAX ends: Shape [B, 3, T][1:] = [3, T]', () => {
    const res = run([node('Shape', ['x'], ['sh']), node('Slice', ['sh'], ['y'], { starts: [1n], ends: [INT64_MAX], axes: [0] })], { x: f32('B', 3, 'T') }, opset);
    expect(ints(res.values[0])).toEqual(['3', 'T']);
  });
});

describe.each([1, 11, 13])('Gather at opset %i', (opset) => {
  it.each([
    { data: f32(5, 4, 3), idx: i64(2, 7), axis: 1, want: '[5, 2, 7, 3]' },
    { data: f32(5, 4), idx: i64(), axis: 0, want: '[4]' },
  ])('axis $axis → $want', ({ data, idx, axis, want }) => {
    expect(run([node('Gather', ['d', 'i'], ['y'], { axis })], { d: data, i: idx }, opset).shapes).toEqual([want]);
  });
  it('fails on an out-of-range axis', () => {
    expect(run([node('Gather', ['d', 'i'], ['y'], { axis: 2 })], { d: f32(5, 4), i: i64(2) }, opset).errors[0]).toMatch(/out of range/);
  });
  it('gathers a negative index from a shape value', () => {
    const res = run([node('Shape', ['x'], ['sh']), node('Gather', ['sh', 'i'], ['y'], { axis: 0 })], { x: f32('B', 3, 'T') }, opset, [vec('i', [-1, 0])]);
    expect(ints(res.values[0])).toEqual(['T', 'B']);
  });
});

describe.each([1, 4, 11, 13])('Concat at opset %i', (opset) => {
  it('sums the axis and unifies the rest', () => {
    const res = run([node('Concat', ['a', 'b'], ['y'], { axis: 1 })], { a: f32('B', 3), b: f32(null, 'T') }, opset);
    expect(res.shapes).toEqual(['[B, T + 3]']);
  });
  it('fails on differing known dims', () => {
    expect(run([node('Concat', ['a', 'b'], ['y'], { axis: 1 })], { a: f32(2, 3), b: f32(4, 3) }, opset).errors[0]).toMatch(/differ on axis 0/);
  });
});

describe('Concat-1 default axis', () => {
  it('is 1', () => {
    expect(run([node('Concat', ['a', 'b'], ['y'])], { a: f32(2, 3), b: f32(2, 5) }, 1).shapes).toEqual(['[2, 8]']);
  });
  it('is required from opset 4', () => {
    expect(run([node('Concat', ['a', 'b'], ['y'])], { a: f32(2, 3), b: f32(2, 5) }, 4).errors[0]).toMatch(/needs the 'axis'/);
  });
});

describe.each([1, 6, 9, 13, 19])('Cast at opset %i', (opset) => {
  const to = (dt: DataType) => (opset < 6 ? { to: DataType[dt] } : { to: dt as number });
  it('changes the element type, keeps the shape, moves bytes', () => {
    const res = run([node('Cast', ['x'], ['y'], to(DataType.DOUBLE))], { x: f32(2, 3) }, opset);
    expect(res.dtypes).toEqual([DataType.DOUBLE]);
    expect(res.shapes).toEqual(['[2, 3]']);
    // 2·3 doubles × 8 bytes = 48
    expect(res.last.cost).toEqual({ kind: 'dataMovement', bytesMoved: P.n(48) });
  });
  it('propagates ints → float → int (truncating)', () => {
    const res = run([node('Cast', ['v'], ['f'], to(DataType.FLOAT)), node('Cast', ['f'], ['y'], to(DataType.INT32))], {}, opset,
      [vec('v', [3, -2])]);
    expect(ints(res.values[0])).toEqual(['3', '-2']);
    expect(res.values[0]!.dtype).toBe(DataType.INT32);
  });
});

describe('CastLike (15)', () => {
  it('takes the second input element type', () => {
    const res = run([node('CastLike', ['x', 'l'], ['y'])], { x: f32(4), l: i64(1) }, 15);
    expect(res.dtypes).toEqual([DataType.INT64]);
    expect(flops(res.last)).toBe('dataMovement');
  });
});

describe('BitCast (26)', () => {
  it('keeps the shape for equal widths', () => {
    expect(run([node('BitCast', ['x'], ['y'], { to: DataType.INT32 })], { x: f32(2, 2) }, 26).shapes).toEqual(['[2, 2]']);
  });
  it('rejects different widths', () => {
    expect(run([node('BitCast', ['x'], ['y'], { to: DataType.INT64 })], { x: f32(2) }, 26).errors[0]).toMatch(/32-bit type to a 64-bit/);
  });
});

describe('Identity', () => {
  it.each([1, 13, 14, 16, 19])('passes type and value through at opset %i', (opset) => {
    const res = run([node('Shape', ['x'], ['s']), node('Identity', ['s'], ['y'])], { x: f32('B', 2) }, opset);
    expect(ints(res.values[0])).toEqual(['B', '2']);
  });
});

describe.each([1, 9, 11, 12, 13])('Constant at opset %i', (opset) => {
  it('value tensor', () => {
    const res = run([node('Constant', [], ['c'], { value: constTensor('v', DataType.INT64, [2], [4, 5]) })], {}, opset);
    expect(res.shapes).toEqual(['[2]']);
    expect(ints(res.values[0])).toEqual(['4', '5']);
    expect(res.last.status).toBe('folded');
  });
  it('fails without a value attribute', () => {
    expect(run([node('Constant', [], ['c'])], {}, opset).errors[0]).toMatch(/exactly one value attribute/);
  });
});

describe('Constant attribute forms (opset 12)', () => {
  it.each<{ attrs: Record<string, AttrValue>; shape: string; dtype: DataType; v: object }>([
    { attrs: { value_int: 7 }, shape: '[]', dtype: DataType.INT64, v: { ints: ['7'] } },
    { attrs: { value_ints: [1, 2, 3] }, shape: '[3]', dtype: DataType.INT64, v: { ints: ['1', '2', '3'] } },
    { attrs: { value_float: { float: 1.5 } }, shape: '[]', dtype: DataType.FLOAT, v: { floats: [1.5] } },
    { attrs: { value_floats: { floats: [1, 2] } }, shape: '[2]', dtype: DataType.FLOAT, v: { floats: [1, 2] } },
    { attrs: { value_string: 'hi' }, shape: '[]', dtype: DataType.STRING, v: { strings: ['hi'] } },
    { attrs: { value_strings: ['a', 'b'] }, shape: '[2]', dtype: DataType.STRING, v: { strings: ['a', 'b'] } },
  ])('$attrs', ({ attrs, shape, dtype, v }) => {
    const res = run([node('Constant', [], ['c'], attrs)], {}, 12);
    expect(res.shapes).toEqual([shape]);
    expect(res.dtypes).toEqual([dtype]);
    const got = res.values[0]!;
    expect(got.ints ? { ints: ints(got) } : got.floats ? { floats: got.floats } : { strings: got.strings }).toEqual(v);
  });
  it('sparse_value densifies', () => {
    const sparse = { name: 's', dtype: DataType.INT64, dims: [4n], values: constTensor('v', DataType.INT64, [2], [5, 6]), indices: constTensor('i', DataType.INT64, [2], [1, 3]) };
    const n = node('Constant', [], ['c']);
    const withSparse = { ...n, attributes: new Map([['sparse_value', { name: 'sparse_value', type: 'sparse_tensor' as const, value: sparse }]]) };
    const res = run([withSparse], {}, 11);
    expect(res.shapes).toEqual(['[4]']);
    expect(ints(res.values[0])).toEqual(['0', '5', '0', '6']);
  });
});

describe.each([9, 20])('ConstantOfShape at opset %i', (opset) => {
  it('default float zeros of the given shape', () => {
    const res = run([node('ConstantOfShape', ['s'], ['y'])], {}, opset, [vec('s', [2, 3])]);
    expect(res.shapes).toEqual(['[2, 3]']);
    expect(res.dtypes).toEqual([DataType.FLOAT]);
    expect(res.values[0]!.floats).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('symbolic shape from Shape, int64 value', () => {
    const res = run([node('Shape', ['x'], ['s']), node('ConstantOfShape', ['s'], ['y'], { value: constTensor('v', DataType.INT64, [1], [1]) })], { x: f32('B', 4) }, opset);
    expect(res.shapes).toEqual(['[B, 4]']);
    expect(res.dtypes).toEqual([DataType.INT64]);
    // B·4 int64 × 8 bytes = 32·B
    expect(res.last.cost).toEqual({ kind: 'dataMovement', bytesMoved: P.sym('B').scale(32n) });
  });
  it('rejects a multi-element value', () => {
    const res = run([node('ConstantOfShape', ['s'], ['y'], { value: constTensor('v', DataType.INT64, [2], [1, 2]) })], {}, opset, [vec('s', [2])]);
    expect(res.errors[0]).toMatch(/one element/);
  });
});

describe('Range (11)', () => {
  it.each([
    { s: 0, l: 10, d: 3, want: '[4]', v: ['0', '3', '6', '9'] }, // ceil(10/3) = 4
    { s: 10, l: 4, d: -2, want: '[3]', v: ['10', '8', '6'] }, // ceil(-6/-2) = 3
    { s: 5, l: 1, d: 1, want: '[0]', v: [] }, // max(ceil(-4), 0) = 0
  ])('int $s..$l step $d', ({ s, l, d, want, v }) => {
    const res = run([node('Range', ['s', 'l', 'd'], ['y'])], {}, 11, [scalar('s', s), scalar('l', l), scalar('d', d)]);
    expect(res.shapes).toEqual([want]);
    expect(ints(res.values[0])).toEqual(v);
    expect(res.last.status).toBe('folded');
  });
  it('symbolic limit from Shape: length T', () => {
    const res = run([node('Shape', ['x'], ['sh']), node('Gather', ['sh', 'i'], ['t']), node('Range', ['z', 't', 'one'], ['y'])],
      { x: f32('B', 'T') }, 11, [scalar('i', 1), scalar('z', 0), scalar('one', 1)]);
    expect(res.shapes).toEqual(['[T]']);
    expect(ints(res.values[0])).toBeUndefined();
    // function body: Sub, Div, Ceil, Relu = 4 + one Add per element (T)
    expect(flops(res.last)).toBe('T + 4');
  });
  it('runtime inputs: fresh length symbol, cost 4 + n', () => {
    const res = run([node('Range', ['s', 'l', 'd'], ['y'])], { s: f32(), l: f32(), d: f32() }, 11);
    expect(res.shapes[0]).toMatch(/^\[range_\d+\]$/);
    expect(flops(res.last)).toMatch(/^range_\d+ \+ 4$/);
  });
  it('fails on delta 0', () => {
    expect(run([node('Range', ['s', 'l', 'd'], ['y'])], {}, 11, [scalar('s', 0), scalar('l', 3), scalar('d', 0)]).errors[0]).toMatch(/delta is 0/);
  });
});
