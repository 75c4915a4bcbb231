import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, model, node } from '../../helpers/builders';
import { run } from '../misc/run';

/** A one-node Reduce model at `opset`, axes as attribute or as an int64 initializer depending on the version. */
function reduceModel(op: string, opset: number, axesInputSince: number, x: ReturnType<typeof f32>,
  axes: number[] | undefined, attrs: Record<string, number> = {}) {
  const asInput = opset >= axesInputSince;
  const inputs = asInput && axes !== undefined ? ['x', 'axes'] : ['x'];
  const a: Record<string, number | number[]> = { ...attrs };
  if (!asInput && axes !== undefined) a.axes = axes;
  return model([node(op, inputs, ['y'], a)], {
    opset, inputs: { x },
    initializers: asInput && axes !== undefined ? [constTensor('axes', DataType.INT64, [axes.length], axes)] : [],
  });
}

// x = [2, 3, 4]: 24 input elements.
const SUM_LIKE = [
  // op, since-list, axes-input-since, other FLOPs for axes=[1] (out [2,1,4] = 8 elements), transcendental
  ['ReduceSum', [1, 13], 13, '24', '0'], // 24 adds
  ['ReduceMax', [1, 18], 18, '24', '0'], // 24 comparisons
  ['ReduceMin', [1, 18], 18, '24', '0'],
  ['ReduceProd', [1, 18], 18, '24', '0'], // 24 multiplies
  ['ReduceMean', [1, 18], 18, '32', '0'], // 24 adds + 8 divides
  ['ReduceSumSquare', [1, 18], 18, '48', '0'], // 24 Mul + 24 adds
  ['ReduceL1', [1, 18], 18, '48', '0'], // 24 Abs + 24 adds
  ['ReduceL2', [1, 18], 18, '56', '8'], // 24 Mul + 24 adds + 8 Sqrt
  ['ReduceLogSum', [1, 18], 18, '32', '8'], // 24 adds + 8 Log
  ['ReduceLogSumExp', [1, 18], 18, '56', '32'], // 24 Exp + 24 adds + 8 Log; transcendental 24 + 8
] as const;

describe.each(SUM_LIKE)('%s', (op, sinces, axesSince, other, transcendental) => {
  describe.each(sinces.map((s) => [s]))('since %i', (opset) => {
    it('reduces axis 1 keeping dims', () => {
      const r = run(reduceModel(op, opset, axesSince, f32(2, 3, 4), [1]));
      expect(r.shape()).toBe('[2, 1, 4]');
      expect(r.dtype()).toBe(DataType.FLOAT);
      expect(r.macs).toBe('0');
      expect(r.other).toBe(other);
      expect(r.transcendental).toBe(transcendental);
    });
    it.each([
      // axes, keepdims, expected shape
      [[-1], 0, '[2, 3]'],
      [[0, 2], 0, '[3]'],
      [[2, 0], 1, '[1, 3, 1]'],
      [undefined, 1, '[1, 1, 1]'], // no axes: all axes
      [undefined, 0, '[]'],
    ])('axes %j keepdims %i → %s', (axes, keepdims, shape) => {
      const r = run(reduceModel(op, opset, axesSince, f32(2, 3, 4), axes as number[] | undefined, { keepdims }));
      expect(r.shape()).toBe(shape);
    });
    it('keeps symbolic dims and prices symbolically', () => {
      const r = run(reduceModel(op, opset, axesSince, f32('B', 'T', 8), [2], { keepdims: 0 }));
      expect(r.shape()).toBe('[B, T]');
      expect(r.kind).toBe('compute');
    });
    it('rejects an out-of-range axis with a diagnostic and unknown output', () => {
      const r = run(reduceModel(op, opset, axesSince, f32(2, 3, 4), [3]));
      expect(r.errors.join()).toMatch(/axes 3 out of range for rank 3/);
      expect(r.shape()).toBeNull();
      expect(r.kind).toBe('unknown');
    });
    it('rejects a repeated axis', () => {
      const r = run(reduceModel(op, opset, axesSince, f32(2, 3, 4), [1, -2]));
      expect(r.errors.join()).toMatch(/repeat an axis/);
    });
  });
});

describe('ReduceSum symbolic cost', () => {
  it('B·T·8 input elements, 1 add each', () => {
    const r = run(reduceModel('ReduceSum', 13, 13, f32('B', 'T', 8), [2], { keepdims: 0 }));
    expect(r.other).toBe('8*B*T');
  });
  it('ReduceMean: B·T·8 adds + B·T divides', () => {
    const r = run(reduceModel('ReduceMean', 18, 18, f32('B', 'T', 8), [2], { keepdims: 0 }));
    expect(r.other).toBe('9*B*T');
  });
});

describe.each([
  // op, opset, expected other, transcendental for x = [2, 3, 4] and noop (24 elements, no reduction)
  ['ReduceSum', 13, 'dataMovement', 'dataMovement'], // identity
  ['ReduceMean', 18, 'dataMovement', 'dataMovement'],
  ['ReduceMax', 18, 'dataMovement', 'dataMovement'],
  ['ReduceSumSquare', 18, '24', '0'], // Mul only
  ['ReduceL1', 18, '24', '0'], // Abs only
  ['ReduceL2', 18, '48', '24'], // Mul + Sqrt
  ['ReduceLogSum', 18, '24', '24'], // Log
  ['ReduceLogSumExp', 18, '48', '48'], // Exp + Log
])('%s noop_with_empty_axes', (op, opset, other, transcendental) => {
  it.each([['absent axes', false], ['empty axes input', true]])('%s: identity shape, non-reduction steps only', (_l, emptyInput) => {
    const m = model([node(op, emptyInput ? ['x', 'axes'] : ['x'], ['y'], { noop_with_empty_axes: 1 })], {
      opset, inputs: { x: f32(2, 3, 4) },
      initializers: emptyInput ? [constTensor('axes', DataType.INT64, [0], [])] : [],
    });
    const r = run(m);
    expect(r.shape()).toBe('[2, 3, 4]');
    expect(r.other).toBe(other);
    expect(r.transcendental).toBe(transcendental);
  });
});

describe('axes input not known at analysis time', () => {
  it('keepdims=1: rank kept, reduced dims unknown; sum still priced from the input', () => {
    const r = run(model([node('ReduceSum', ['x', 'a'], ['y'])], { opset: 13, inputs: { x: f32(2, 1, 4), a: i64(1) } }));
    expect(r.shape()).toBe('[?, 1, ?]');
    expect(r.other).toBe('8'); // 2·1·4 = 8 input elements
  });
  it('keepdims=0: rank from the length of axes', () => {
    const r = run(model([node('ReduceMax', ['x', 'a'], ['y'], { keepdims: 0 })], { opset: 18, inputs: { x: f32(2, 3, 4), a: i64(2) } }));
    expect(r.shape()).toBe('[?]');
  });
  it('ReduceMean with unknown output size is unknown, not zero', () => {
    const r = run(model([node('ReduceMean', ['x', 'a'], ['y'], { keepdims: 0 })], { opset: 18, inputs: { x: f32(2, 3, 4), a: i64(null) } }));
    expect(r.shape()).toBe('?');
    expect(r.kind).toBe('unknown');
  });
});

describe('value propagation (shape arithmetic)', () => {
  it('ReduceProd of a shape vector is the element count, folded', () => {
    const m = model([node('ReduceProd', ['s'], ['n'], { keepdims: 0 })], {
      opset: 13, initializers: [constTensor('s', DataType.INT64, [3], [2, 3, 4])],
    });
    const r = run(m);
    expect(r.shape()).toBe('[]');
    expect(r.node.status).toBe('folded');
    expect(r.kind).toBe('compute');
    expect(r.flops).toBe('0');
  });
});
