import { DataType } from '../../../src/ir/dtype';
import { f32, i64, node, tensorOf } from '../../helpers/builders';
import { runNode } from './run';

const BOOL = DataType.BOOL;

describe('binary arithmetic, opset >= 7: multidirectional broadcasting', () => {
  describe.each([7, 13, 14])('opset %i', (opset) => {
    it.each([
      // [op, A, B, output, FLOPs, transcendental]
      ['Add', f32('B', 1, 3), f32(4, 1), '[B, 4, 3]', '12*B', '0'], // B·4·3 = 12·B elements × 1
      ['Sub', f32(2, 3), f32(3), '[2, 3]', '6', '0'], // 2·3 = 6 × 1
      ['Mul', f32(5), f32(), '[5]', '5', '0'], // scalar B: 5 × 1
      ['Div', f32(2, 1, 4), f32(3, 1), '[2, 3, 4]', '24', '0'], // 2·3·4 = 24 × 1
      ['Pow', f32(2, 3), f32(1), '[2, 3]', '6', '6'], // 6 × 1, Pow is transcendental
    ] as const)('%s %p × %p', (op, a, b, shape, flops, tr) => {
      const r = runNode(node(op, ['a', 'b'], ['c']), { a, b }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe(shape);
      expect(r.flops).toBe(flops);
      expect(r.transcendental).toBe(tr);
      expect(r.macs).toBe('0');
    });
    it.each(['Add', 'Sub', 'Mul', 'Div', 'Pow'])('%s of [2, 3] and [4, 3] is an error with unknown output', (op) => {
      const r = runNode(node(op, ['a', 'b'], ['c']), { a: f32(2, 3), b: f32(4, 3) }, opset);
      expect(r.errors.join()).toMatch(/cannot broadcast/);
      expect(r.shape).toBe('?');
      expect(r.node.status).toBe('uncounted');
    });
  });
});

describe('binary arithmetic, opset < 7: legacy broadcast attribute', () => {
  describe.each([1, 6])('opset %i', (opset) => {
    it.each([
      // [op, A, B, attrs, output, FLOPs]
      ['Add', f32(2, 3, 4, 5), f32(4, 5), { broadcast: 1 }, '[2, 3, 4, 5]', '120'], // suffix: 2·3·4·5 = 120
      ['Mul', f32(2, 3, 4, 5), f32(3, 4), { broadcast: 1, axis: 1 }, '[2, 3, 4, 5]', '120'], // axis=1
      ['Sub', f32(2, 3, 4, 5), f32(), { broadcast: 1 }, '[2, 3, 4, 5]', '120'], // scalar
      ['Div', f32(2, 3), f32(2, 3), {}, '[2, 3]', '6'], // broadcast=0: same shapes, 6 × 1
      ['Pow', f32(4), f32(1), { broadcast: 1 }, '[4]', '4'], // 4 × 1
    ] as const)('%s %p × %p %p', (op, a, b, attrs, shape, flops) => {
      const r = runNode(node(op, ['a', 'b'], ['c'], attrs), { a, b }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe(shape);
      expect(r.flops).toBe(flops);
    });
    it.each([
      ['B differs and broadcast=0', f32(2, 3), f32(3), {}],
      ['B does not fit at axis', f32(2, 3, 4), f32(4), { broadcast: 1, axis: 0 }],
      ['B longer than A', f32(3), f32(2, 3), { broadcast: 1 }],
    ] as const)('%s → error', (_why, a, b, attrs) => {
      const r = runNode(node('Add', ['a', 'b'], ['c'], attrs), { a, b }, opset);
      expect(r.errors).toHaveLength(1);
      expect(r.shape).toBe('?');
    });
  });
});

describe('comparisons and logical operators output BOOL', () => {
  describe.each([7, 13])('opset %i', (opset) => {
    it.each([
      ['Equal', f32(2, 3), f32(3)], ['Less', f32(2, 3), f32(3)], ['Greater', f32(2, 3), f32(1, 3)],
      ['And', tensorOf(BOOL, 2, 3), tensorOf(BOOL, 3)], ['Or', tensorOf(BOOL, 2, 3), tensorOf(BOOL, 2, 1)],
      ['Xor', tensorOf(BOOL, 2, 3), tensorOf(BOOL)],
    ] as const)('%s → [2, 3] BOOL, 6 FLOPs', (op, a, b) => {
      const r = runNode(node(op, ['a', 'b'], ['c']), { a, b }, opset);
      expect(r.shape).toBe('[2, 3]');
      expect(r.dtype).toBe(BOOL);
      expect(r.flops).toBe('6'); // 2·3 = 6 elements × 1 compare
    });
  });
  describe.each([1])('opset %i (legacy broadcast)', (opset) => {
    it.each(['Equal', 'Less', 'Greater', 'And', 'Or', 'Xor'])('%s keeps A\'s shape and outputs BOOL', (op) => {
      const r = runNode(node(op, ['a', 'b'], ['c'], { broadcast: 1 }), { a: i64(4, 5), b: i64(5) }, opset);
      expect(r.shape).toBe('[4, 5]');
      expect(r.dtype).toBe(BOOL);
      expect(r.flops).toBe('20'); // 4·5 = 20 × 1
    });
  });
  describe.each([12, 16])('GreaterOrEqual / LessOrEqual at opset %i: function body Greater|Less + Equal + Or', (opset) => {
    it.each(['GreaterOrEqual', 'LessOrEqual'])('%s', (op) => {
      const r = runNode(node(op, ['a', 'b'], ['c']), { a: f32(3, 1), b: f32(4) }, opset);
      expect(r.shape).toBe('[3, 4]');
      expect(r.dtype).toBe(BOOL);
      expect(r.flops).toBe('36'); // 3·4 = 12 elements × 3 body nodes
    });
  });
  it('Not (opset 1) is 1 per element, BOOL', () => {
    const r = runNode(node('Not', ['a'], ['c']), { a: tensorOf(BOOL, 'N', 2) }, 1);
    expect(r.shape).toBe('[N, 2]');
    expect(r.flops).toBe('2*N'); // N·2 × 1
  });
});

describe('unary primitives: 1 per element, transcendental when in TRANSCENDENTAL_OPS', () => {
  const cases: [string, number, boolean][] = [
    ['Abs', 1, false], ['Neg', 1, false], ['Reciprocal', 1, false], ['Floor', 1, false], ['Ceil', 1, false],
    ['Relu', 1, false], ['Sign', 9, false], ['Round', 11, false], ['BitwiseNot', 18, false],
    ['Sqrt', 1, true], ['Exp', 1, true], ['Log', 1, true], ['Sigmoid', 1, true], ['Tanh', 1, true], ['Erf', 9, true],
    ['Sin', 7, true], ['Cos', 7, true], ['Tan', 7, true], ['Asin', 7, true], ['Acos', 7, true], ['Atan', 7, true],
    ['Sinh', 9, true], ['Cosh', 9, true], ['Asinh', 9, true], ['Acosh', 9, true], ['Atanh', 9, true],
  ];
  it.each(cases)('%s (since %i) on [2, T, 5]', (op, since, transcendental) => {
    for (const opset of [since, 22]) {
      const r = runNode(node(op, ['x'], ['y']), { x: f32(2, 'T', 5) }, opset);
      expect(r.errors).toEqual([]);
      expect(r.shape).toBe('[2, T, 5]');
      expect(r.dtype).toBe(DataType.FLOAT);
      expect(r.flops).toBe('10*T'); // 2·T·5 = 10·T elements × 1
      expect(r.transcendental).toBe(transcendental ? '10*T' : '0');
    }
  });
  it('is unknown (not zero) when the input shape is unknown', () => {
    const r = runNode(node('Exp', ['x'], ['y']), { x: null }, 13);
    expect(r.node.cost.kind).toBe('unknown');
  });
  it.each([['IsNaN', 9], ['IsInf', 10]] as const)('%s (since %i) outputs BOOL, 1 per element', (op, since) => {
    const r = runNode(node(op, ['x'], ['y']), { x: f32(3, 4) }, since);
    expect(r.shape).toBe('[3, 4]');
    expect(r.dtype).toBe(BOOL);
    expect(r.flops).toBe('12'); // 3·4 × 1
  });
});

describe('integer and bitwise binary operators', () => {
  it.each([
    ['Mod', 10, {}], ['Mod', 13, { fmod: 1 }], ['BitShift', 11, { direction: 'LEFT' }],
    ['BitwiseAnd', 18, {}], ['BitwiseOr', 18, {}], ['BitwiseXor', 18, {}],
  ] as const)('%s (opset %i) broadcasts, 1 per element', (op, opset, attrs) => {
    const r = runNode(node(op, ['a', 'b'], ['c'], attrs), { a: i64(2, 1, 4), b: i64(3, 1) }, opset);
    expect(r.shape).toBe('[2, 3, 4]');
    expect(r.dtype).toBe(DataType.INT64);
    expect(r.flops).toBe('24'); // 2·3·4 × 1
  });
});
