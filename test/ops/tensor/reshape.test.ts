import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, node } from '../../helpers/builders';
import { bytes, flops, ints, run } from './run';

const shapeInit = (name: string, v: number[]) => constTensor(name, DataType.INT64, [v.length], v);

describe.each([5, 13, 14])('Reshape (shape input) at opset %i', (opset) => {
  it.each([
    // [B, 32, 97, 127] → [0, 0, -1]: −1 = (B·32·97·127) / (B·32) = 97·127 = 12319
    { x: f32('B', 32, 97, 127), shape: [0, 0, -1], want: '[B, 32, 12319]' },
    // 2·3·4 = 24 elements; −1 = 24 / 6 = 4
    { x: f32(2, 3, 4), shape: [6, -1], want: '[6, 4]' },
    { x: f32('N', 3, 4), shape: [-1, 12], want: '[N, 12]' },
    { x: f32(2, 3, 4), shape: [4, 0, 2], want: '[4, 3, 2]' },
  ])('→ $want', ({ x, shape, want }) => {
    const res = run([node('Reshape', ['x', 's'], ['y'])], { x }, opset, [shapeInit('s', shape)]);
    expect(res.errors).toEqual([]);
    expect(res.shapes).toEqual([want]);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('fails when a known total does not divide', () => {
    // 2·3·5 = 30 elements, 30 / 4 is not whole
    const res = run([node('Reshape', ['x', 's'], ['y'])], { x: f32(2, 3, 5) }, opset, [shapeInit('s', [4, -1])]);
    expect(res.errors[0]).toMatch(/cannot split 30/);
    expect(res.shapes).toEqual(['null']);
  });
  it('keeps the rank when the shape value is unknown', () => {
    const res = run([node('Reshape', ['x', 's'], ['y'])], { x: f32(2, 3), s: i64(3) }, opset);
    expect(res.shapes).toEqual(['[?, ?, ?]']);
  });
  it('moves output bytes: 2·3·4 floats × 4 bytes = 96', () => {
    const res = run([node('Reshape', ['x', 's'], ['y'])], { x: f32(2, 3, 4) }, opset, [shapeInit('s', [24])]);
    expect(bytes(res.last)).toBe('96');
  });
});

describe('Reshape allowzero (opset 14)', () => {
  it('0 is a real zero-size dim with allowzero=1', () => {
    const res = run([node('Reshape', ['x', 's'], ['y'], { allowzero: 1 })], { x: f32(0, 3) }, 14, [shapeInit('s', [3, 0])]);
    expect(res.shapes).toEqual(['[3, 0]']);
  });
  it('0 copies the input dim by default', () => {
    const res = run([node('Reshape', ['x', 's'], ['y'])], { x: f32(5, 3) }, 14, [shapeInit('s', [3, 0])]);
    // 5·3 = 15 elements into [3, 3] = 9: invalid
    expect(res.errors[0]).toMatch(/15 elements/);
  });
});

describe('Reshape-1 (shape attribute)', () => {
  it('reads the attribute', () => {
    const res = run([node('Reshape', ['x'], ['y'], { shape: [-1, 2] })], { x: f32(3, 4) }, 1);
    // 12 / 2 = 6
    expect(res.shapes).toEqual(['[6, 2]']);
  });
});

describe('PyTorch Shape → Gather → Unsqueeze → Concat → Reshape chain', () => {
  it.each([13, 17])('resolves symbolically at opset %i', (opset) => {
    const unsq = (i: string, o: string) => (opset >= 13 ? node('Unsqueeze', [i, 'ax0'], [o]) : node('Unsqueeze', [i], [o], { axes: [0] }));
    const nodes = [
      node('Transpose', ['x'], ['t'], { perm: [0, 2, 1, 3] }),
      node('Shape', ['t'], ['sh']),
      node('Gather', ['sh', 'i0'], ['b'], { axis: 0 }),
      node('Gather', ['sh', 'i1'], ['s'], { axis: 0 }),
      unsq('b', 'bu'), unsq('s', 'su'),
      node('Concat', ['bu', 'su', 'm1'], ['target'], { axis: 0 }),
      node('Reshape', ['t', 'target'], ['y']),
    ];
    const res = run(nodes, { x: f32('B', 32, 'T', 127) }, opset, [
      constTensor('i0', DataType.INT64, [], [0]), constTensor('i1', DataType.INT64, [], [1]),
      shapeInit('m1', [-1]), shapeInit('ax0', [0]),
    ]);
    expect(res.errors).toEqual([]);
    // [B, T, 32, 127] → [B, T, −1]: −1 = 32·127 = 4064
    expect(res.shapes).toEqual(['[B, T, 4064]']);
    const concat = res.r.graph.nodes.find((n) => n.node.opType === 'Concat')!;
    expect(concat.status).toBe('folded');
  });
});

describe('Flatten', () => {
  it.each([
    { x: f32(2, 3, 4, 5), axis: 1, want: '[2, 60]' }, // 3·4·5 = 60
    { x: f32(2, 3, 4, 5), axis: 0, want: '[1, 120]' }, // 2·3·4·5 = 120
    { x: f32(2, 3, 4, 5), axis: 4, want: '[120, 1]' },
    { x: f32('N', 3, 4), axis: -1, want: '[3*N, 4]' },
  ])('axis $axis → $want', ({ x, axis, want }) => {
    expect(run([node('Flatten', ['x'], ['y'], { axis })], { x }, 13).shapes).toEqual([want]);
  });
  it('rejects an axis beyond the rank', () => {
    expect(run([node('Flatten', ['x'], ['y'], { axis: 3 })], { x: f32(2, 3) }, 13).errors[0]).toMatch(/axis 3 out of range/);
  });
});

describe.each([1, 11, 13])('Squeeze/Unsqueeze at opset %i', (opset) => {
  const sq = (axes: number[]) => (opset >= 13 ? [node('Squeeze', ['x', 'a'], ['y'])] : [node('Squeeze', ['x'], ['y'], { axes })]);
  const usq = (axes: number[]) => (opset >= 13 ? [node('Unsqueeze', ['x', 'a'], ['y'])] : [node('Unsqueeze', ['x'], ['y'], { axes })]);
  const init = (axes: number[]) => (opset >= 13 ? [shapeInit('a', axes)] : []);
  it.each([
    { x: f32(1, 3, 1, 'T'), axes: [0, 2], want: '[3, T]' },
    { x: f32(1, 3, 1), axes: [-1], want: '[1, 3]' },
  ])('Squeeze $axes → $want', ({ x, axes, want }) => {
    expect(run(sq(axes), { x }, opset, init(axes)).shapes).toEqual([want]);
  });
  it('Squeeze of a dim that is not 1 fails', () => {
    expect(run(sq([1]), { x: f32(1, 3) }, opset, init([1])).errors[0]).toMatch(/dim 3, not 1/);
  });
  it.each([
    { x: f32(3, 'T'), axes: [0, 3], want: '[1, 3, T, 1]' },
    { x: f32(3), axes: [-1], want: '[3, 1]' },
  ])('Unsqueeze $axes → $want', ({ x, axes, want }) => {
    expect(run(usq(axes), { x }, opset, init(axes)).shapes).toEqual([want]);
  });
  it('Unsqueeze out-of-range axis fails', () => {
    expect(run(usq([5]), { x: f32(3) }, opset, init([5])).errors[0]).toMatch(/out of range/);
  });
});

describe('axes given at run time: the rank follows from their declared count', () => {
  // found by test/hostile/property.test.ts: these threw RangeError (new Array of a negative length) before
  it('Squeeze of 2 runtime axes on rank 3 gives rank 1; 2 axes on a scalar fails', () => {
    expect(run([node('Squeeze', ['x', 'a'], ['y'])], { x: f32(1, 3, 1), a: i64(2) }, 13).shapes).toEqual(['[?]']);
    const r = run([node('Squeeze', ['x', 'a'], ['y'])], { x: f32(), a: i64(2) }, 13);
    expect(r.errors[0]).toMatch(/Squeeze of 2 axes on a rank-0 input/);
    expect(r.errors.join()).not.toMatch(/internal error/);
  });
  it('Unsqueeze by 2^40 runtime axes is beyond the largest rank, an inference error', () => {
    expect(run([node('Unsqueeze', ['x', 'a'], ['y'])], { x: f32(3), a: i64(2 ** 40) }, 13).errors[0]).toMatch(/beyond the largest supported rank/);
  });
});

describe('Squeeze without axes', () => {
  it('drops every known 1', () => {
    expect(run([node('Squeeze', ['x'], ['y'])], { x: f32(1, 3, 1) }, 13).shapes).toEqual(['[3]']);
  });
  it('gives unknown rank when a dim is symbolic', () => {
    expect(run([node('Squeeze', ['x'], ['y'])], { x: f32('B', 3) }, 13).shapes).toEqual(['?']);
  });
});

describe('Unsqueeze propagates values', () => {
  it('scalar → [1]', () => {
    const res = run([node('Shape', ['x'], ['s']), node('Gather', ['s', 'i'], ['g']), node('Unsqueeze', ['g', 'a'], ['y'])],
      { x: f32('B', 7) }, 13, [constTensor('i', DataType.INT64, [], [0]), shapeInit('a', [0])]);
    expect(ints(res.values[0])).toEqual(['B']);
    expect(res.values[0]!.shape).toEqual([1]);
  });
});
