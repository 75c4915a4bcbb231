/** Elementwise, softmax and dropout contrib operators (src/ops/ms/elementwise.ts, dropout.ts); figures by hand. */
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, tensorOf } from '../../helpers/builders';
import { ms } from './run';

const u8 = (...d: number[]) => tensorOf(DataType.UINT8, ...d);
const i32 = (...d: number[]) => tensorOf(DataType.INT32, ...d);
const i64 = (...d: number[]) => tensorOf(DataType.INT64, ...d);
const str = (...d: number[]) => tensorOf(DataType.STRING, ...d);
const bool = (...d: number[]) => tensorOf(DataType.BOOL, ...d);

describe('elementwise contrib operators', () => {
  it.each([
    // [2,3,2] = 12 floats = 6 complex numbers × (4 Mul + 2 Add) = 36
    ['ComplexMul', [['a', f32(2, 3, 2)], ['b', f32(3, 2)]], {}, '[2, 3, 2]', '36', '0'],
    ['ComplexMulConj', [['a', f32(2, 3, 2)], ['b', f32(3, 2)]], {}, '[2, 3, 2]', '36', '0'],
    // 6 outputs × Mul + A's zero point over |A| 6 + B's over |B| 3 = 15
    ['MulInteger', [['a', u8(2, 3)], ['az', u8()], ['b', u8(3)], ['bz', u8()]], {}, '[2, 3]', '15', '0'],
    ['MulInteger', [['a', u8(2, 3)], ['', null], ['b', u8(3)]], {}, '[2, 3]', '6', '0'],
    // 8 outputs × (Mul, Add)
    ['GatedAdd', [['x', f32(2, 4)], ['y', f32(2, 4)], ['g', f32(2, 1)]], {}, '[2, 4]', '16', '0'],
    // 6 + 4 = 10 input elements × (IsInf, IsNaN, Or, Not, all-reduce)
    ['IsAllFinite', [['a', f32(2, 3)], ['b', f32(4)]], {}, '[]', '50', '0'],
    ['IsAllFinite', [['a', f32(2, 3)], ['b', f32(4)]], { isinf_only: 1 }, '[]', '30', '0'],
    // MurmurHash3_x86_32: one 4-byte block 11 + finalization 9 = 20 per int32; two blocks 22 + 9 = 31 per int64
    ['MurmurHash3', [['x', i32(5)]], {}, '[5]', '100', '0'],
    ['MurmurHash3', [['x', i64(5)]], { positive: 0 }, '[5]', '155', '0'],
    // 24 elements × (Add bias + Softmax 5), Exp transcendental
    ['BiasSoftmax', [['x', f32(2, 3, 4)], ['b', f32(4)]], { axis: -1, is_inner_broadcast: 0 }, '[2, 3, 4]', '144', '24'],
  ] as const)('%s %#', (op, inputs, attrs, shape, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes[0]).toBe(shape);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });

  it('MurmurHash3 types its output by `positive`; strings hash their bytes (unknown cost)', () => {
    expect(ms('MurmurHash3', [['x', i32(5)]]).dtypes).toEqual([DataType.UINT32]);
    expect(ms('MurmurHash3', [['x', i32(5)]], { positive: 0 }).dtypes).toEqual([DataType.INT32]);
    expect(ms('MurmurHash3', [['x', str(5)]]).kind).toBe('unknown');
  });

  it('SampleOp echoes its input (data movement); IsAllFinite gives a bool scalar', () => {
    const r = ms('SampleOp', [['x', f32(3, 4)]]);
    expect([r.shapes, r.kind]).toEqual([['[3, 4]'], 'dataMovement']);
    expect(ms('IsAllFinite', [['a', f32(2)]]).dtypes).toEqual([DataType.BOOL]);
  });

  it.each([
    ['ComplexMul', [['a', f32(2, 3)], ['b', f32(3, 2)]], {}, /last dim must be 2/],
    ['GatedAdd', [['x', f32(2, 4)], ['y', f32(2, 4)], ['g', f32(2, 4)]], {}, /gate's last dim is 4/],
    ['GatedAdd', [['x', f32(2, 4)], ['y', f32(2, 5)], ['g', f32(2, 1)]], {}, /Y must have the shape of X/],
    ['IsAllFinite', [['a', f32(2)]], { isinf_only: 1, isnan_only: 1 }, /both set/],
  ] as const)('%s rejects invalid input %#', (op, inputs, attrs, msg) => {
    expect(ms(op, inputs as never, attrs as never).errors.join()).toMatch(msg);
  });
});

describe('dropout fusions ≡ Add bias + Dropout [+ Add residual]', () => {
  const yes = [constTensor('t', DataType.BOOL, [], [1])];
  it.each([
    // inference: bias add 8 + residual add 8 = 16; the dropout itself is data movement
    ['BiasDropout', [['x', f32(2, 4)], ['b', f32(4)], ['r', f32(2, 4)]], [], 'compute', '16', ['[2, 4]', '[2, 4]'], DataType.BOOL],
    // training (training_mode = true): + mask multiply and scale 2·8 = 32
    ['BiasDropout', [['x', f32(2, 4)], ['b', f32(4)], ['r', f32(2, 4)], ['', null], ['t', bool()]], yes, 'compute', '32', ['[2, 4]', '[2, 4]'], DataType.BOOL],
    // 80 elements: inference is data movement; the mask packs 80 bits into ceil(80 / 32) = 3 words
    ['BitmaskDropout', [['x', f32(2, 40)]], [], 'dataMovement', undefined, ['[2, 40]', '[3]'], DataType.UINT32],
    // bias add only (no residual): 80
    ['BitmaskBiasDropout', [['x', f32(2, 40)], ['b', f32(40)]], [], 'compute', '80', ['[2, 40]', '[3]'], DataType.UINT32],
  ] as const)('%s %#', (op, inputs, init, kind, other, shapes, maskType) => {
    const r = ms(op, inputs as never, {}, 2, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(shapes);
    expect(r.dtypes[1]).toBe(maskType);
    expect([r.kind, r.other]).toEqual([kind, other]);
  });
  it('a training_mode not known at analysis time leaves the cost unknown, never zero', () => {
    expect(ms('BitmaskDropout', [['x', f32(4)], ['', null], ['t', bool()]]).kind).toBe('unknown');
  });
  it('rejects a ratio outside [0, 1)', () => {
    const r = ms('BitmaskDropout', [['x', f32(4)], ['r', f32()]], {}, 1, [constTensor('r', DataType.FLOAT, [], [1.5])]);
    expect(r.errors.join()).toMatch(/ratio 1.5 is outside/);
  });
});
