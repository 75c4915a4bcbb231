import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, node } from '../../helpers/builders';
import { run } from './run';

const INT64_MIN_PLUS_1 = -(2n ** 63n) + 1n;

describe.each([11, 13])('Slice value propagation of any rank (opset %i)', (opset) => {
  it("resolves PyTorch's reflect-pad chain: pads matrix reversed by Slice(step −1), transposed, flattened", () => {
    // p = [[0, 0], [3, 5]] → rows reversed [[3, 5], [0, 0]] → transposed [[3, 0], [5, 0]] → flattened [3, 0, 5, 0]
    // ONNX pads [x0_begin, x1_begin, x0_end, x1_end] = [3, 0, 5, 0] on x [2, 10] → [2 + 3 + 5, 10] = [10, 10]
    const r = run([
      node('Slice', ['p', 'starts', 'ends', 'axes', 'steps'], ['rev']),
      node('Transpose', ['rev'], ['t'], { perm: [1, 0] }),
      node('Reshape', ['t', 'flat'], ['pads']),
      node('Pad', ['x', 'pads'], ['y'], { mode: 'reflect' }),
    ], { x: f32(2, 10) }, opset, [
      constTensor('p', DataType.INT64, [2, 2], [0, 0, 3, 5]),
      constTensor('starts', DataType.INT64, [1], [-1]),
      constTensor('ends', DataType.INT64, [1], [INT64_MIN_PLUS_1]),
      constTensor('axes', DataType.INT64, [1], [0]),
      constTensor('steps', DataType.INT64, [1], [-1]),
      constTensor('flat', DataType.INT64, [1], [-1]),
    ]);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[10, 10]']);
    const slice = r.r.graph.nodes[0];
    expect(slice.status).toBe('folded');
  });

  it('selects a 2-D block with two sliced axes and a positive step', () => {
    // m = [[0,1,2,3],[4,5,6,7],[8,9,10,11]]; rows 1.., columns 0,2 → [[4, 6], [8, 10]]
    const r = run([node('Slice', ['m', 'starts', 'ends', 'axes', 'steps'], ['y'])], {}, opset, [
      constTensor('m', DataType.INT64, [3, 4], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
      constTensor('starts', DataType.INT64, [2], [1, 0]),
      constTensor('ends', DataType.INT64, [2], [3, 4]),
      constTensor('axes', DataType.INT64, [2], [0, 1]),
      constTensor('steps', DataType.INT64, [2], [1, 2]),
    ]);
    expect(r.shapes).toEqual(['[2, 2]']);
    expect(r.values[0]?.ints?.map((d) => d?.value)).toEqual([4n, 6n, 8n, 10n]);
  });
});

describe('Unique with a known input counts exactly', () => {
  it('without axis: distinct elements of [2, 1, 1, 3, 4, 3] are 2, 1, 3, 4 → [4]', () => {
    const r = run([node('Unique', ['x'], ['y', 'i', 'inv', 'c'])], {}, 11, [constTensor('x', DataType.INT64, [6], [2, 1, 1, 3, 4, 3])]);
    expect(r.shapes).toEqual(['[4]', '[4]', '[6]', '[4]']);
  });
  it('with axis 0: rows [1,0,0], [1,0,0], [2,3,4] give 2 distinct rows → [2, 3]', () => {
    const r = run([node('Unique', ['x'], ['y', 'i', 'inv', 'c'], { axis: 0 })], {}, 11,
      [constTensor('x', DataType.INT64, [3, 3], [1, 0, 0, 1, 0, 0, 2, 3, 4])]);
    expect(r.shapes[0]).toBe('[2, 3]');
  });
});

describe('a shape input of absurd length is refused, not allocated', () => {
  it.each([
    ['Reshape', ['x', 's'], 13],
    ['Expand', ['x', 's'], 13],
    ['ConstantOfShape', ['s'], 9],
  ])('%s with a shape of 2^40 unknown dims: a diagnostic naming the rank', (op, inputs, opset) => {
    const r = run([node(op as string, inputs as string[], ['y'])], { x: f32(2, 3), s: i64(2 ** 40) }, opset as number);
    expect(r.errors.join('\n')).toMatch(/1099511627776 dims is beyond the largest supported rank \(4096\)/);
    expect(r.shapes).toEqual(['null']);
  });
});
