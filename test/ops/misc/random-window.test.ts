import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, model, node, tensorOf } from '../../helpers/builders';
import { run } from './run';

describe.each([[1], [22]])('random generators, opset %i (one rule since 1)', (opset) => {
  it.each([
    ['RandomNormal', { shape: [2, 3] }, '[2, 3]', DataType.FLOAT],
    ['RandomUniform', { shape: [4], dtype: DataType.DOUBLE }, '[4]', DataType.DOUBLE],
  ])('%s %j → %s, 2 FLOPs per element', (op, attrs, shape, dtype) => {
    const r = run(model([node(op, [], ['y'], attrs)], { opset }));
    expect(r.shape()).toBe(shape);
    expect(r.dtype()).toBe(dtype);
    expect(r.other).toBe(shape === '[2, 3]' ? '12' : '8'); // 6 × 2 (Mul, Add) = 12; 4 × 2 = 8
  });
  it.each([['RandomNormalLike'], ['RandomUniformLike']])('%s: input shape, 2·B·4', (op) => {
    const r = run(model([node(op, ['x'], ['y'])], { opset, inputs: { x: f32('B', 4) } }));
    expect(r.shape()).toBe('[B, 4]');
    expect(r.other).toBe('8*B');
  });
  it('RandomNormal without shape is an error', () => {
    const r = run(model([node('RandomNormal', [], ['y'])], { opset }));
    expect(r.errors.join()).toMatch(/needs the 'shape' attribute/);
  });
});

describe.each([[15], [22]])('Bernoulli opset %i', (opset) => {
  it('same shape; RandomUniformLike (2) + Greater (1) = 3 per element', () => {
    const r = run(model([node('Bernoulli', ['x'], ['y'], { dtype: DataType.BOOL })], { opset, inputs: { x: f32(10) } }));
    expect(r.shape()).toBe('[10]');
    expect(r.dtype()).toBe(DataType.BOOL);
    expect(r.other).toBe('30'); // 10 × 3
  });
});

describe.each([[7], [22]])('Multinomial opset %i', (opset) => {
  it('[batch, sample_size], cost unknown (never zero)', () => {
    const r = run(model([node('Multinomial', ['x'], ['y'], { sample_size: 5 })], { opset, inputs: { x: f32('B', 10) } }));
    expect(r.shape()).toBe('[B, 5]');
    expect(r.dtype()).toBe(DataType.INT32);
    expect(r.kind).toBe('unknown');
  });
  it('rank 3 input is an error', () => {
    const r = run(model([node('Multinomial', ['x'], ['y'])], { opset, inputs: { x: f32(1, 2, 3) } }));
    expect(r.errors.join()).toMatch(/got rank 3/);
  });
});

describe.each([['HannWindow'], ['HammingWindow'], ['BlackmanWindow']])('%s 17', (op) => {
  it('size from a graph input: a symbol; body cost 9·N + 9, 2·N Cos', () => {
    const r = run(model([node(op, ['n'], ['w'])], { opset: 17, inputs: { n: i64() } }));
    expect(r.shape()).toMatch(/^\[window_size_\d+\]$/);
    const sym = r.shape()!.slice(1, -1);
    expect(r.other).toBe(`9*${sym} + 9`);
    expect(r.transcendental).toBe(`2*${sym}`);
  });
  it('constant size: the window is computed and the node folded (0 FLOPs)', () => {
    const m = model([node(op, ['n'], ['w'], { periodic: 0 })], { opset: 17, initializers: [constTensor('n', DataType.INT64, [], [10])] });
    const r = run(m);
    expect(r.shape()).toBe('[10]');
    expect(r.node.status).toBe('folded');
    expect(r.flops).toBe('0');
  });
  it('size of rank 2 is an error', () => {
    const r = run(model([node(op, ['n'], ['w'])], { opset: 17, inputs: { n: tensorOf(DataType.INT64, 2, 2) } }));
    expect(r.errors.join()).toMatch(/size must be a scalar/);
  });
});

describe('MelWeightMatrix 17', () => {
  it('[floor(512/2)+1, 40] = [257, 40], 2 per weight', () => {
    const m = model([node('MelWeightMatrix', ['m', 'd', 's', 'lo', 'hi'], ['w'])], {
      opset: 17,
      inputs: { s: i64(), lo: f32(), hi: f32() },
      initializers: [constTensor('m', DataType.INT64, [], [40]), constTensor('d', DataType.INT64, [], [512])],
    });
    const r = run(m);
    expect(r.shape()).toBe('[257, 40]');
    expect(r.other).toBe('20560'); // 257·40 = 10280 weights × 2
  });
});
