import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, node } from '../../helpers/builders';
import { runNode } from './run';

describe.each([['CumSum', [11, 14]], ['CumProd', [26]]] as const)('%s: 1 operation per element', (op, sinces) => {
  describe.each([...sinces])('opset %i', (opset) => {
    it.each([
      [{}, f32(2, 3, 4), 1, '[2, 3, 4]', '24'], // 2·3·4 × 1
      [{ exclusive: 1, reverse: 1 }, f32('T', 8), -1, '[T, 8]', '8*T'],
    ] as const)('%p on %p, axis %i', (attrs, x, axis, shape, flops) => {
      const r = runNode(node(op, ['x', 'axis'], ['y'], attrs), { x }, opset, [constTensor('axis', DataType.INT64, [], [axis])]);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe(shape);
      expect(r.flops).toBe(flops);
    });
    it('axis out of range is an error', () => {
      const r = runNode(node(op, ['x', 'axis'], ['y']), { x: f32(2, 3) }, opset, [constTensor('axis', DataType.INT64, [], [2])]);
      expect(r.errors.join()).toMatch(/axis 2 out of range for rank 2/);
    });
    it('an axis computed at run time still gives the shape and cost', () => {
      const r = runNode(node(op, ['x', 'axis'], ['y']), { x: f32(2, 3), axis: i64() }, opset);
      expect(r.shape).toBe('[2, 3]');
      expect(r.flops).toBe('6');
    });
  });
});

describe('Det (opset 11, 22): LU per matrix, MACs (n−1)n(2n−1)/6, other n(n−1)/2 + n − 1', () => {
  describe.each([11, 22])('opset %i', (opset) => {
    it.each([
      // [input, output, MACs, other]
      [f32(3, 3), '[]', '5', '5'], // n = 3: 2·3·5/6 = 5 MACs; 3 divisions + 2 multiplies
      [f32(4, 2, 2), '[4]', '4', '8'], // n = 2: 1·2·3/6 = 1 MAC, 1 + 1 other; × 4 matrices
      [f32(2, 5, 4, 4), '[2, 5]', '140', '90'], // n = 4: 3·4·7/6 = 14, 6 + 3 = 9; × 10 matrices
      [f32(1, 1), '[]', '0', '0'], // a 1×1 determinant is its element
    ] as const)('%p → %s', (x, shape, macs, other) => {
      const r = runNode(node('Det', ['x'], ['y']), { x }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe(shape);
      expect(r.macs).toBe(macs);
      expect(r.node.cost.kind === 'compute' && r.node.cost.other.toString()).toBe(other);
    });
    it.each([
      [f32(3), /rank 1/],
      [f32(3, 4), /not square/],
    ] as const)('%p is an error', (x, message) => {
      const r = runNode(node('Det', ['x'], ['y']), { x }, opset);
      expect(r.errors.join()).toMatch(message);
      expect(r.shape).toBe('?');
    });
  });
});
