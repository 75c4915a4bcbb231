/**
 * INT64_MAX / INT64_MIN in attributes and small inputs: exporters write them as "to the end" / "no limit" sentinels
 * (PyTorch's Slice ends, tf2onnx's Loop M, torchvision's NonMaxSuppression max_output_boxes_per_class). Each is read
 * as a 64-bit integer and resolved as the spec says, or refused with the spec's own reason — never the generic
 * "beyond ±2^53" that a float-exact read would give.
 */
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, node } from '../../helpers/builders';
import { ints, run } from './run';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const vec = (name: string, v: bigint[]) => constTensor(name, DataType.INT64, [v.length], v);
const scalar = (name: string, v: bigint) => constTensor(name, DataType.INT64, [], [v]);

describe('sentinels', () => {
  it('Constant value_ints = [INT64_MAX] as Slice-13 ends: x[:, 1:] on [3, 7] = [3, 6]', () => {
    const res = run([
      node('Constant', [], ['st'], { value_ints: [1n] }), node('Constant', [], ['en'], { value_ints: [INT64_MAX] }),
      node('Constant', [], ['ax'], { value_ints: [1n] }), node('Slice', ['x', 'st', 'en', 'ax'], ['y']),
    ], { x: f32(3, 7) }, 13);
    expect(res.errors).toEqual([]);
    expect(res.shapes).toEqual(['[3, 6]']);
  });

  it('Slice-13 reversing with ends = INT64_MIN propagates the value: Shape [2, 3, 4][::-1] = [4, 3, 2]', () => {
    const res = run([node('Shape', ['x'], ['sh']), node('Slice', ['sh', 'st', 'en', 'ax', 'k'], ['y'])], { x: f32(2, 3, 4) }, 13,
      [vec('st', [-1n]), vec('en', [INT64_MIN]), vec('ax', [0n]), vec('k', [-1n])]);
    expect(ints(res.values[0])).toEqual(['4', '3', '2']);
  });

  it('TopK-11 with k = INT64_MAX is refused for exceeding the axis, as the spec requires k ≤ dim', () => {
    const res = run([node('TopK', ['x', 'k'], ['v', 'i'])], { x: f32(3, 5) }, 11, [vec('k', [INT64_MAX])]);
    expect(res.errors.join()).toMatch(/k = 9223372036854775807 exceeds axis dim 5/);
  });

  it('TopK-1 with attribute k = INT64_MAX is refused for exceeding the axis', () => {
    const res = run([node('TopK', ['x'], ['v', 'i'], { k: INT64_MAX })], { x: f32(3, 5) }, 1);
    expect(res.errors.join()).toMatch(/exceeds axis dim 5/);
  });

  it('Range(0, INT64_MAX, 2^62) has ceil((2^63 − 1) / 2^62) = 2 elements', () => {
    const res = run([node('Range', ['s', 'l', 'd'], ['y'])], {}, 11, [scalar('s', 0n), scalar('l', INT64_MAX), scalar('d', 1n << 62n)]);
    expect(res.errors).toEqual([]);
    expect(res.shapes).toEqual(['[2]']);
  });

  it('Split-13 sizes [INT64_MAX, 1] do not sum to the dim: refused by the spec rule, not by the integer read', () => {
    const res = run([node('Split', ['x', 'sp'], ['a', 'b'], { axis: 0 })], { x: f32(6) }, 13, [vec('sp', [INT64_MAX, 1n])]);
    expect(res.errors.join()).toMatch(/sum/);
    expect(res.errors.join()).not.toMatch(/2\^53/);
  });

  it('Pad-11 with pads = [INT64_MAX, 0] is a dim no tensor can have: refused, not crashed', () => {
    const res = run([node('Pad', ['x', 'p'], ['y'])], { x: f32(4) }, 11, [vec('p', [INT64_MAX, 0n])]);
    expect(res.errors.join()).not.toMatch(/2\^53/);
  });

  it('NonMaxSuppression with max_output_boxes_per_class = INT64_MAX (torchvision) selects exactly: 2 of 3 boxes', () => {
    // boxes 0 and 1 overlap (IoU 0.81 > 0.5), box 2 is apart: box 0 (0.9) and box 2 (0.7) are kept
    const boxes = constTensor('b', DataType.FLOAT, [1, 3, 4], [0, 0, 1, 1, 0, 0, 0.9, 0.9, 5, 5, 6, 6]);
    const scores = constTensor('s', DataType.FLOAT, [1, 1, 3], [0.9, 0.8, 0.7]);
    const iou = constTensor('t', DataType.FLOAT, [1], [0.5]);
    const res = run([node('NonMaxSuppression', ['b', 's', 'm', 't'], ['y'])], {}, 11, [boxes, scores, vec('m', [INT64_MAX]), iou]);
    expect(res.errors).toEqual([]);
    expect(res.shapes).toEqual(['[2, 3]']);
  });
});
