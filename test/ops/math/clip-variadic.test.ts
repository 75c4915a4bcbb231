import { f32, i64, node } from '../../helpers/builders';
import { runNode } from './run';

describe('Clip: one compare per element per bound given, no bound = copy', () => {
  describe.each([11, 12, 13])('opset %i (bounds are inputs)', (opset) => {
    it.each([
      // [inputs, FLOPs]
      [['x', 'lo', 'hi'], '40'], // 4·5 = 20 elements × 2 bounds
      [['x', 'lo'], '20'], // × 1
      [['x', '', 'hi'], '20'], // × 1
    ] as const)('inputs %p', (inputs, flops) => {
      const r = runNode(node('Clip', [...inputs], ['y']), { x: f32(4, 5), lo: f32(), hi: f32() }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe('[4, 5]');
      expect(r.flops).toBe(flops);
    });
    it('no bound is data movement', () => {
      const r = runNode(node('Clip', ['x'], ['y']), { x: f32(4, 5) }, opset);
      expect(r.node.cost).toEqual({ kind: 'dataMovement', bytesMoved: expect.anything() });
      expect(r.node.cost.kind === 'dataMovement' && r.node.cost.bytesMoved?.toString()).toBe('80'); // 20 floats × 4 bytes
    });
    it('a bound that is not a scalar is an error', () => {
      const r = runNode(node('Clip', ['x', 'lo'], ['y']), { x: f32(4, 5), lo: f32(5) }, opset);
      expect(r.errors.join()).toMatch(/min has shape \[5\], not a scalar/);
    });
  });
  describe.each([1, 6])('opset %i (bounds are attributes)', (opset) => {
    it.each([
      [{ min: { float: 0 }, max: { float: 6 } }, '40'], // ReLU6: 20 × 2
      [{ max: { float: 6 } }, '20'], // 20 × 1
    ] as const)('%p', (attrs, flops) => {
      const r = runNode(node('Clip', ['x'], ['y'], attrs), { x: f32(4, 5) }, opset);
      expect(r.shape).toBe('[4, 5]');
      expect(r.flops).toBe(flops);
    });
  });
});

describe('Sum / Max / Min / Mean: (k − 1) per output element, Mean + 1 divide', () => {
  describe.each([8, 12, 13])('opset %i: multidirectional broadcasting', (opset) => {
    it.each([
      // [op, FLOPs for 3 inputs broadcasting to [2, 3, 4] (24 elements)]
      ['Sum', '48'], // 24 × (3 − 1)
      ['Max', '48'],
      ['Min', '48'],
      ['Mean', '72'], // 24 × (3 − 1 + 1)
    ])('%s', (op, flops) => {
      const r = runNode(node(op, ['a', 'b', 'c'], ['y']), { a: f32(2, 1, 4), b: f32(3, 1), c: f32(4) }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe('[2, 3, 4]');
      expect(r.flops).toBe(flops);
    });
  });
  describe.each([1, 6])('opset %i: inputs of one shape', (opset) => {
    it.each([['Sum', '6'], ['Max', '6'], ['Min', '6'], ['Mean', '12']])('%s of two [2, 3]', (op, flops) => {
      // 2·3 = 6 elements × (2 − 1) = 6; Mean: 6 × (2 − 1 + 1) = 12
      const r = runNode(node(op, ['a', 'b'], ['y']), { a: f32(2, 3), b: f32(2, 3) }, opset);
      expect(r.shape).toBe('[2, 3]');
      expect(r.flops).toBe(flops);
    });
    it('different shapes are an error before opset 8', () => {
      const r = runNode(node('Sum', ['a', 'b'], ['y']), { a: f32(2, 3), b: f32(3) }, opset);
      expect(r.errors.join()).toMatch(/no broadcasting before opset 8/);
    });
  });
  it('one input: Sum is a copy, Mean divides once per element', () => {
    expect(runNode(node('Sum', ['a'], ['y']), { a: f32(5) }, 13).node.cost.kind).toBe('dataMovement');
    expect(runNode(node('Mean', ['a'], ['y']), { a: f32(5) }, 13).flops).toBe('5'); // 5 × (0 + 1)
  });
  it('incompatible shapes at opset 13 are an error', () => {
    const r = runNode(node('Max', ['a', 'b'], ['y']), { a: i64(2), b: i64(3) }, 13);
    expect(r.errors.join()).toMatch(/cannot broadcast/);
  });
});
