import { f32, node } from '../../helpers/builders';
import { runNode } from './run';

/**
 * X = [2, 3, 4]: n = 24 elements. Softmax = ReduceMax n + Sub n + Exp n + ReduceSum n + Div n = 5n;
 * LogSoftmax = 5n + rows (Log once per row); Hardmax = n compares.
 */
describe.each([13])('opset %i: one axis (default -1)', (opset) => {
  it.each([
    // [op, attrs, FLOPs, transcendental]
    ['Softmax', {}, '120', '24'], // 5·24; Exp 24
    ['Softmax', { axis: 0 }, '120', '24'],
    ['LogSoftmax', {}, '126', '30'], // 5·24 + rows 2·3 = 6; Exp 24 + Log 6
    ['LogSoftmax', { axis: 1 }, '128', '32'], // rows = 2·4 = 8: 120 + 8; 24 + 8
    ['LogSoftmax', { axis: -3 }, '132', '36'], // rows = 3·4 = 12
    ['Hardmax', {}, '24', '0'], // 24 compares
  ] as const)('%s %p', (op, attrs, flops, tr) => {
    const r = runNode(node(op, ['x'], ['y'], attrs), { x: f32(2, 3, 4) }, opset);
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe('[2, 3, 4]');
    expect(r.flops).toBe(flops);
    expect(r.transcendental).toBe(tr);
  });
});

describe.each([1, 11])('opset %i: coerced to 2-D at axis (default 1)', (opset) => {
  it.each([
    ['Softmax', {}, '120', '24'], // same body over the [2, 12] block: 5·24
    ['LogSoftmax', {}, '122', '26'], // rows = 2: 120 + 2; 24 + 2
    ['LogSoftmax', { axis: 2 }, '126', '30'], // block [6, 4]: rows 6
    ['LogSoftmax', { axis: 0 }, '121', '25'], // block [1, 24]: rows 1
    ['Hardmax', {}, '24', '0'],
  ] as const)('%s %p', (op, attrs, flops, tr) => {
    const r = runNode(node(op, ['x'], ['y'], attrs), { x: f32(2, 3, 4) }, opset);
    expect(r.errors).toEqual([]);
    expect(r.shape).toBe('[2, 3, 4]');
    expect(r.flops).toBe(flops);
    expect(r.transcendental).toBe(tr);
  });
});

describe('symbolic and invalid', () => {
  it('attention scores [B, H, S, S]: Softmax = 5·B·H·S²', () => {
    const r = runNode(node('Softmax', ['x'], ['y']), { x: f32('B', 12, 'S', 'S') }, 13);
    expect(r.flops).toBe('60*B*S^2'); // 5 × 12·B·S²
  });
  it.each([['Softmax', 1], ['LogSoftmax', 13], ['Hardmax', 13]] as const)('%s (opset %i) with axis 3 on rank 3 is an error', (op, opset) => {
    const r = runNode(node(op, ['x'], ['y'], { axis: 3 }), { x: f32(2, 3, 4) }, opset);
    expect(r.errors.join()).toMatch(/axis 3 out of range for rank 3/);
    expect(r.shape).toBe('?');
  });
  it('a scalar input is an error', () => {
    const r = runNode(node('Softmax', ['x'], ['y']), { x: f32() }, 13);
    expect(r.errors.join()).toMatch(/rank must be >= 1/);
  });
});
