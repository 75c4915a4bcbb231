import { Dim } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { P } from '../../../src/ir/poly';
import { TensorValue } from '../../../src/ops/types';
import {
  boolAnd, boolNot, boolOr, evalElementwise, intDiv, intEqual, intGreater, intLess, intMod, intFmod, intVariadic,
} from '../../../src/ops/math/values';
import { constTensor, i64, node } from '../../helpers/builders';
import { intsText, runNode } from './run';

const I64 = DataType.INT64;
const ints = (shape: number[], ...ds: (number | string | null)[]): TensorValue =>
  ({ dtype: I64, shape, ints: ds.map((d): Dim => (d === null ? null : typeof d === 'number' ? P.n(d) : P.sym(d))) });
const text = (v: TensorValue | undefined): string[] | undefined => intsText(v);

describe('evalElementwise: shape arithmetic on symbolic Dims', () => {
  it.each([
    // [what, values, ops, expected elements, expected shape]
    ['Mul of a symbolic shape by a scalar', [ints([2], 'B', 'T'), ints([], 2)], { int: intVariadic((a, b) => a.mul(b)) }, ['2*B', '2*T'], [2]],
    ['broadcast [2,1] with [3]', [ints([2, 1], 1, 2), ints([3], 10, 20, 30)], { int: intVariadic((a, b) => a.add(b)) },
      ['11', '21', '31', '12', '22', '32'], [2, 3]],
    ['Div truncates constants toward zero', [ints([2], -7, 7), ints([], 2)], { int: intDiv }, ['-3', '3'], [2]],
    ['Div of 2*T by 2 is exact', [ints([1], 'T'), ints([], 2)], { int: (xs: readonly Dim[]) => intDiv([xs[0]!.scale(2n), xs[1]]) }, ['T'], [1]],
    ['Div by zero is unknown, not invented', [ints([1], 6), ints([], 0)], { int: intDiv }, ['?'], [1]],
    ['Mod (fmod=0) takes the divisor sign', [ints([2], -7, 7), ints([], 3)], { int: intMod }, ['2', '1'], [2]],
    ['Mod (fmod=1) takes the dividend sign', [ints([2], -7, 7), ints([], 3)], { int: intFmod }, ['-1', '1'], [2]],
    ['Equal decides T vs T, T vs T+1, but not T vs S', [ints([3], 'T', 'T', 'T'), { dtype: I64, shape: [3], ints: [P.sym('T'), P.sym('T').add(P.one), P.sym('S')] }],
      { int: intEqual }, ['1', '0', '?'], [3]],
    ['Less and Greater decide constant differences', [ints([2], 'T', 3), ints([2], 'T', 5)], { int: intLess }, ['0', '1'], [2]],
    ['Greater of unknown is unknown', [ints([1], null), ints([1], 5)], { int: intGreater }, ['?'], [1]],
    ['Max of symbols stays symbolic', [ints([1], 'T'), ints([1], 1)], { int: intVariadic((a, b) => a.max(b)) }, ['max(1, T)'], [1]],
  ] as const)('%s', (_what, values, ops, expected, shape) => {
    const r = evalElementwise(values as unknown as TensorValue[], I64, ops);
    expect(text(r)).toEqual(expected);
    expect(r?.shape).toEqual(shape);
  });

  it('bool logic: a known false decides And, a known true decides Or', () => {
    const b = (...xs: (number | null)[]): TensorValue => ({ dtype: DataType.BOOL, shape: [xs.length], ints: xs.map((x) => (x === null ? null : P.n(x))) });
    expect(text(evalElementwise([b(0, 1, 1), b(null, null, 1)], DataType.BOOL, { int: boolAnd }))).toEqual(['0', '?', '1']);
    expect(text(evalElementwise([b(1, 0, 0), b(null, null, 0)], DataType.BOOL, { int: boolOr }))).toEqual(['1', '?', '0']);
    expect(text(evalElementwise([b(1, 0, null)], DataType.BOOL, { int: boolNot }))).toEqual(['0', '1', '?']);
  });

  it('floats evaluate numerically; comparisons of floats give BOOL ints', () => {
    const f = (...xs: number[]): TensorValue => ({ dtype: DataType.FLOAT, shape: [xs.length], floats: xs });
    expect(evalElementwise([f(1, 2), f(3, 4)], DataType.FLOAT, { float: (xs) => xs[0] * xs[1] })?.floats).toEqual([3, 8]);
    expect(text(evalElementwise([f(1, 5), f(3, 4)], DataType.BOOL, { float: (xs) => xs[0] < xs[1] }))).toEqual(['1', '0']);
  });

  it('refuses incompatible shapes and missing values', () => {
    expect(evalElementwise([ints([2], 1, 2), ints([3], 1, 2, 3)], I64, { int: intEqual })).toBeUndefined();
    expect(evalElementwise([ints([2], 1, 2), undefined], I64, { int: intEqual })).toBeUndefined();
  });
});

describe('propagation through the engine (constant inputs fold to values and 0 FLOPs)', () => {
  const c = (name: string, values: number[], shape = [values.length]) => constTensor(name, I64, shape, values);
  it.each([
    // [op, opset, attrs, A values, B values, expected]
    ['Add', 14, {}, [2, 3], [10], ['12', '13']],
    ['Sub', 14, {}, [2, 3], [1, 1], ['1', '2']],
    ['Mul', 14, {}, [2, 3], [4], ['8', '12']],
    ['Div', 14, {}, [7, -7], [2], ['3', '-3']],
    ['Mod', 13, {}, [7, -7], [3], ['1', '2']],
    ['Mod', 13, { fmod: 1 }, [7, -7], [3], ['1', '-1']],
    ['Equal', 13, {}, [1, 2], [2], ['0', '1']],
    ['Less', 13, {}, [1, 2], [2], ['1', '0']],
    ['Greater', 13, {}, [1, 3], [2], ['0', '1']],
    ['GreaterOrEqual', 16, {}, [1, 2], [2], ['0', '1']],
    ['LessOrEqual', 16, {}, [1, 3], [2], ['1', '0']],
    ['Max', 13, {}, [1, 5], [3], ['3', '5']],
    ['Min', 13, {}, [1, 5], [3], ['1', '3']],
    ['Sum', 13, {}, [1, 5], [3], ['4', '8']],
  ] as const)('%s (opset %i, %p) of %p and %p', (op, opset, attrs, a, b, expected) => {
    const r = runNode(node(op, ['a', 'b'], ['c'], attrs), {}, opset, [c('a', [...a]), c('b', [...b])]);
    expect(r.errors).toEqual([]);
    expect(intsText(r.value)).toEqual(expected);
    expect(r.node.status).toBe('folded');
  });
  it.each([
    ['Neg', [2, -3], ['-2', '3']],
    ['Abs', [2, -3], ['2', '3']],
  ] as const)('%s of %p', (op, a, expected) => {
    const r = runNode(node(op, ['a'], ['c']), {}, 13, [c('a', [...a])]);
    expect(intsText(r.value)).toEqual(expected);
  });
  it('Not/And/Or on BOOL constants', () => {
    const b = (name: string, v: number[]) => constTensor(name, DataType.BOOL, [v.length], v);
    expect(intsText(runNode(node('Not', ['a'], ['c']), {}, 1, [b('a', [1, 0])]).value)).toEqual(['0', '1']);
    expect(intsText(runNode(node('And', ['a', 'b'], ['c']), {}, 7, [b('a', [1, 0]), b('b', [1, 1])]).value)).toEqual(['1', '0']);
    expect(intsText(runNode(node('Or', ['a', 'b'], ['c']), {}, 7, [b('a', [1, 0]), b('b', [0, 0])]).value)).toEqual(['1', '0']);
  });
  it('Sqrt of a float constant folds (Gelu\'s Sqrt(2) inside its expanded body)', () => {
    const r = runNode(node('Sqrt', ['a'], ['c']), {}, 13, [constTensor('a', DataType.FLOAT, [], [4])]);
    expect(r.value?.floats).toEqual([2]);
    expect(r.node.status).toBe('folded');
  });
  it('an input without a value is not propagated and is counted', () => {
    const r = runNode(node('Mul', ['a', 'b'], ['c']), { a: i64(2) }, 14, [c('b', [2])]);
    expect(r.value).toBeUndefined();
    expect(r.flops).toBe('2'); // 2 elements × 1
  });
  it('legacy Add with an axis attribute is not propagated (numpy broadcasting would misalign)', () => {
    const r = runNode(node('Add', ['a', 'b'], ['c'], { broadcast: 1, axis: 0 }), {}, 6,
      [constTensor('a', DataType.FLOAT, [2, 3], [1, 2, 3, 4, 5, 6]), constTensor('b', DataType.FLOAT, [2], [10, 20])]);
    expect(r.value).toBeUndefined();
    expect(r.shape).toBe('[2, 3]');
  });
  it('Clip clamps known values', () => {
    const r = runNode(node('Clip', ['x', 'lo', 'hi'], ['y']), {}, 13, [c('x', [-5, 3, 9]), c('lo', [0], []), c('hi', [4], [])]);
    expect(intsText(r.value)).toEqual(['0', '3', '4']);
  });
  it('float Clip at opset 6 clamps with its attributes', () => {
    const r = runNode(node('Clip', ['x'], ['y'], { min: { float: -1 }, max: { float: 1 } }), {}, 6,
      [constTensor('x', DataType.FLOAT, [3], [-2, 0.5, 2])]);
    expect(r.value?.floats).toEqual([-1, 0.5, 1]);
  });
});
