import { f32, i64 } from '../../helpers/builders';
import { run } from './run';

const T = 'ai.onnx.preview.training';
const rt = { r: f32(), t: i64() };

describe('ai.onnx.preview.training optimizers (since 1)', () => {
  it.each([
    // one tensor of 6: 9·6 + 3 = 57; Sqrt 6
    ['Adagrad', { ...rt, x: f32(2, 3), g: f32(2, 3), h: f32(2, 3) }, {}, ['[2, 3]', '[2, 3]'], '57', '6'],
    // two tensors of 6 and 4: 9·10 + 3 = 93
    ['Adagrad', { ...rt, x1: f32(2, 3), x2: f32(4), g1: f32(2, 3), g2: f32(4), h1: f32(2, 3), h2: f32(4) }, {}, ['[2, 3]', '[4]', '[2, 3]', '[4]'], '93', '10'],
    // 15·6 + 7 = 97; Sqrt 6 + R_adjusted 3 = 9
    ['Adam', { ...rt, x: f32(2, 3), g: f32(2, 3), v: f32(2, 3), h: f32(2, 3) }, {}, ['[2, 3]', '[2, 3]', '[2, 3]'], '97', '9'],
    // standard 7·5 + 1 = 36
    ['Momentum', { ...rt, x: f32(5), g: f32(5), v: f32(5) }, { mode: 'standard', alpha: { float: 0.9 }, beta: { float: 0.1 }, norm_coefficient: { float: 0.5 } }, ['[5]', '[5]'], '36', '0'],
    // nesterov 9·5 + 1 = 46
    ['Momentum', { ...rt, x: f32(5), g: f32(5), v: f32(5) }, { mode: 'nesterov', alpha: { float: 0.9 }, beta: { float: 0.1 }, norm_coefficient: { float: 0.5 } }, ['[5]', '[5]'], '46', '0'],
  ] as const)('%s %#', (op, inputs, attrs, shapes, other, trans) => {
    const r = run(op, T, 1, inputs as never, attrs as never, { outputs: shapes.length });
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(shapes);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });
  it.each([
    ['Adagrad', { ...rt, x: f32(2, 3), g: f32(2, 3), h: f32(2, 3), k: f32(2, 3) }, {}, /3 groups of equal length/],
    ['Momentum', { ...rt, x: f32(5), g: f32(5), v: f32(5) }, { mode: 'heavy' }, /mode 'heavy'/],
    ['Adam', { ...rt, x: f32(2, 3), g: f32(3, 3), v: f32(2, 3), h: f32(2, 3) }, {}, /does not match the shape of X_0/],
  ] as const)('%s rejects invalid input', (op, inputs, attrs, msg) => {
    const r = run(op, T, 1, inputs as never, attrs as never, { outputs: 2 });
    expect(r.errors.join()).toMatch(msg);
    expect(r.kind).toBe('unknown');
  });
});

describe('Gradient (since 1)', () => {
  it('has the shapes of xs and an unknown cost, never zero', () => {
    const r = run('Gradient', T, 1, { a: f32(3, 4), c: f32(2) }, { xs: ['a'], zs: ['c'], y: 'z' });
    expect(r.shapes).toEqual(['[3, 4]']);
    expect(r.kind).toBe('unknown');
  });
  it('rejects inputs that do not match xs + zs', () => {
    expect(run('Gradient', T, 1, { a: f32(3, 4) }, { xs: ['a', 'b'], y: 'z' }).errors.join()).toMatch(/1 inputs for 2 xs/);
  });
});
