import { DataType } from '../../../src/ir/dtype';
import { f32, model, node } from '../../helpers/builders';
import { run } from '../misc/run';

// One rule since 1 covers 1, 11, 12, 13: check it at each.
describe.each([['ArgMax'], ['ArgMin']])('%s', (op) => {
  describe.each([[1], [11], [12], [13]])('opset %i', (opset) => {
    it.each([
      // attrs, expected shape for x = [2, 3, 4]
      [{}, '[1, 3, 4]'], // axis 0 default, keepdims 1
      [{ axis: 1, keepdims: 0 }, '[2, 4]'],
      [{ axis: -1 }, '[2, 3, 1]'],
      [{ axis: 2, keepdims: 0, select_last_index: 1 }, '[2, 3]'],
    ])('%j → %s, int64, 24 comparisons', (attrs, shape) => {
      const r = run(model([node(op, ['x'], ['y'], attrs)], { opset, inputs: { x: f32(2, 3, 4) } }));
      expect(r.shape()).toBe(shape);
      expect(r.dtype()).toBe(DataType.INT64);
      expect(r.other).toBe('24'); // 2·3·4 = 24 input elements, 1 comparison each
    });
    it('symbolic input: B·T comparisons', () => {
      const r = run(model([node(op, ['x'], ['y'], { axis: 1, keepdims: 0 })], { opset, inputs: { x: f32('B', 'T') } }));
      expect(r.shape()).toBe('[B]');
      expect(r.other).toBe('B*T');
    });
    it('rejects axis 3 for rank 3', () => {
      const r = run(model([node(op, ['x'], ['y'], { axis: 3 })], { opset, inputs: { x: f32(2, 3, 4) } }));
      expect(r.errors.join()).toMatch(/axis 3 out of range for rank 3/);
      expect(r.shape()).toBeNull();
      expect(r.kind).toBe('unknown');
    });
  });
});
