import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, node } from '../../helpers/builders';
import { flops, run } from './run';

const floats = (name: string, v: number[]) => constTensor(name, DataType.FLOAT, [v.length], v);
const vec = (name: string, v: number[]) => constTensor(name, DataType.INT64, [v.length], v);

describe('Resize-10 (scales input)', () => {
  it('nearest ×2 on H, W: data movement', () => {
    const res = run([node('Resize', ['x', 's'], ['y'])], { x: f32('N', 3, 4, 5) }, 10, [floats('s', [1, 1, 2, 2])]);
    expect(res.shapes).toEqual(['[N, 3, 8, 10]']);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('linear ×2 on H, W: 2·2² = 8 FLOPs per output element', () => {
    const res = run([node('Resize', ['x', 's'], ['y'], { mode: 'linear' })], { x: f32(1, 3, 4, 5) }, 10, [floats('s', [1, 1, 2, 2])]);
    // output 1·3·8·10 = 240 elements × 8 = 1920
    expect(flops(res.last)).toBe('1920');
  });
});

describe.each([11, 13, 18, 19])('Resize at opset %i', (opset) => {
  const inputs = (scales: string, sizes: string) => ['x', opset < 13 ? 'roi' : '', scales, sizes];
  const roi = opset < 13 ? [floats('roi', [])] : [];
  it('scales: floor(5 × 0.5) = 2, floor(7 × 0.5) = 3', () => {
    const res = run([node('Resize', inputs('s', ''), ['y'])], { x: f32(1, 1, 5, 7) }, opset, [...roi, floats('s', [1, 1, 0.5, 0.5])]);
    expect(res.shapes).toEqual(['[1, 1, 2, 3]']);
  });
  it('symbolic dims scale exactly: ×2 → 2·H, ×0.5 → floor(W/2)', () => {
    const res = run([node('Resize', inputs('s', ''), ['y'])], { x: f32('N', 3, 'H', 'W') }, opset, [...roi, floats('s', [1, 1, 2, 0.5])]);
    expect(res.shapes).toEqual(['[N, 3, 2*H, floor(W/2)]']);
  });
  it('sizes (with an empty scales tensor)', () => {
    const res = run([node('Resize', ['x', opset < 13 ? 'roi' : '', 'e', 'z'], ['y'], { mode: 'cubic' })], { x: f32(1, 3, 4, 4) }, opset,
      [...roi, floats('e', []), vec('z', [1, 3, 8, 6])]);
    expect(res.shapes).toEqual(['[1, 3, 8, 6]']);
    // cubic over the 2 resized axes: 4² = 16 taps × 2 = 32 FLOPs per element; 1·3·8·6 = 144 elements → 4608
    expect(flops(res.last)).toBe('4608');
  });
  it('scales and sizes together fail', () => {
    const res = run([node('Resize', inputs('s', 'z'), ['y'])], { x: f32(1, 1, 4, 4) }, opset, [...roi, floats('s', [1, 1, 2, 2]), vec('z', [1, 1, 8, 8])]);
    expect(res.errors[0]).toMatch(/not both/);
  });
  it('unknown mode fails', () => {
    const res = run([node('Resize', inputs('s', ''), ['y'], { mode: 'area' })], { x: f32(1, 1, 4, 4) }, opset, [...roi, floats('s', [1, 1, 2, 2])]);
    expect(res.errors[0]).toMatch(/mode 'area'/);
  });
});

describe('Resize-18 axes, keep_aspect_ratio_policy, antialias', () => {
  it('axes subset with sizes', () => {
    const res = run([node('Resize', ['x', '', '', 'z'], ['y'], { axes: [2, 3] })], { x: f32('N', 3, 4, 4) }, 18, [vec('z', [6, 8])]);
    expect(res.shapes).toEqual(['[N, 3, 6, 8]']);
  });
  it('not_larger: scale = min(6/4, 8/4) = 1.5 → [6, 6]', () => {
    const res = run([node('Resize', ['x', '', '', 'z'], ['y'], { axes: [2, 3], keep_aspect_ratio_policy: 'not_larger' })], { x: f32(1, 1, 4, 4) }, 18, [vec('z', [6, 8])]);
    expect(res.shapes).toEqual(['[1, 1, 6, 6]']);
  });
  it('not_smaller: scale = max(1.5, 2) = 2 → [8, 8]', () => {
    const res = run([node('Resize', ['x', '', '', 'z'], ['y'], { axes: [2, 3], keep_aspect_ratio_policy: 'not_smaller' })], { x: f32(1, 1, 4, 4) }, 18, [vec('z', [6, 8])]);
    expect(res.shapes).toEqual(['[1, 1, 8, 8]']);
  });
  it('antialias linear downsampling by 1/2 on one axis: ceil(2/0.5) = 4 taps', () => {
    const res = run([node('Resize', ['x', '', 's'], ['y'], { mode: 'linear', antialias: 1 })], { x: f32(1, 1, 8, 8) }, 18, [floats('s', [1, 1, 0.5, 1])]);
    expect(res.shapes).toEqual(['[1, 1, 4, 8]']);
    // 1·1·4·8 = 32 elements × 2·4 = 256
    expect(flops(res.last)).toBe('256');
  });
});

describe('Upsample', () => {
  it('opset 1: height/width scales, bilinear: 2·2² = 8 per element', () => {
    const res = run([node('Upsample', ['x'], ['y'], { height_scale: { float: 2 }, width_scale: { float: 3 }, mode: 'bilinear' })], { x: f32(1, 2, 3, 4) }, 1);
    expect(res.shapes).toEqual(['[1, 2, 6, 12]']);
    // 1·2·6·12 = 144 elements × 8 = 1152
    expect(flops(res.last)).toBe('1152');
  });
  it('opset 7: scales attribute, nearest', () => {
    const res = run([node('Upsample', ['x'], ['y'], { scales: { floats: [1, 1, 2, 2] } })], { x: f32('N', 3, 4, 4) }, 7);
    expect(res.shapes).toEqual(['[N, 3, 8, 8]']);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('opset 7: linear on one axis: 2·2 = 4 per element', () => {
    const res = run([node('Upsample', ['x'], ['y'], { scales: { floats: [1, 2] }, mode: 'linear' })], { x: f32(3, 4) }, 7);
    // 3·8 = 24 elements × 4 = 96
    expect(flops(res.last)).toBe('96');
  });
  it.each([9, 10])('opset %i: scales input', (opset) => {
    const res = run([node('Upsample', ['x', 's'], ['y'])], { x: f32(1, 3, 4, 4) }, opset, [floats('s', [1, 1, 2, 2])]);
    expect(res.shapes).toEqual(['[1, 3, 8, 8]']);
    expect(res.warnings.some((w) => /deprecated/.test(w))).toBe(opset >= 10);
  });
  it('wrong scales count fails', () => {
    expect(run([node('Upsample', ['x'], ['y'], { scales: { floats: [2, 2] } })], { x: f32(1, 3, 4) }, 7).errors[0]).toMatch(/2 scales for rank 3/);
  });
});

describe.each([1, 2, 11, 13, 18, 19])('Pad at opset %i', (opset) => {
  const padNode = (pads: number[], attrs: Record<string, string> = {}) => (opset >= 11
    ? { n: node('Pad', ['x', 'p'], ['y'], attrs), init: [vec('p', pads)] }
    : { n: node('Pad', ['x'], ['y'], { ...attrs, [opset < 2 ? 'paddings' : 'pads']: pads }), init: [] });
  it('adds begin + end per axis', () => {
    const { n, init } = padNode([0, 1, 0, 2]);
    // dim 1: 5 + 1 + 2 = 8
    const res = run([n], { x: f32('B', 5) }, opset, init);
    expect(res.shapes).toEqual(['[B, 8]']);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('negative pads crop', () => {
    const { n, init } = padNode([0, -1, 0, -1], { mode: 'reflect' });
    expect(run([n], { x: f32(2, 5) }, opset, init).shapes).toEqual(['[2, 3]']);
  });
  it('wrong pads length fails', () => {
    const { n, init } = padNode([1, 1]);
    expect(run([n], { x: f32(2, 5) }, opset, init).errors[0]).toMatch(/2 pads for 2 axes/);
  });
  it('bad mode fails', () => {
    const { n, init } = padNode([0, 0, 0, 0], { mode: 'mirror' });
    expect(run([n], { x: f32(2, 5) }, opset, init).errors[0]).toMatch(/mode 'mirror'/);
  });
});

describe('Pad-18 axes input, wrap at 19', () => {
  it('pads only the given axes', () => {
    const res = run([node('Pad', ['x', 'p', '', 'a'], ['y'], { mode: 'wrap' })], { x: f32(2, 5, 7) }, 19, [vec('p', [1, 2, 3, 4]), vec('a', [-1, 1])]);
    // axis 2: 7 + 1 + 3 = 11; axis 1: 5 + 2 + 4 = 11
    expect(res.shapes).toEqual(['[2, 11, 11]']);
  });
  it('wrap is not a mode at 18', () => {
    expect(run([node('Pad', ['x', 'p'], ['y'], { mode: 'wrap' })], { x: f32(2) }, 18, [vec('p', [1, 1])]).errors[0]).toMatch(/mode 'wrap'/);
  });
});

describe('CenterCropPad (18)', () => {
  it('crops and pads to the target; folds its arithmetic when shapes are known', () => {
    const res = run([node('CenterCropPad', ['x', 's'], ['y'])], { x: f32(20, 8, 3) }, 18, [vec('s', [10, 10, 3])]);
    expect(res.shapes).toEqual(['[10, 10, 3]']);
    expect(flops(res.last)).toBe('dataMovement');
  });
  it('axes subset', () => {
    const res = run([node('CenterCropPad', ['x', 's'], ['y'], { axes: [-3, -2] })], { x: f32(20, 8, 3) }, 18, [vec('s', [10, 9])]);
    expect(res.shapes).toEqual(['[10, 9, 3]']);
  });
  it('runtime target: 7 body ops per axis', () => {
    const res = run([node('CenterCropPad', ['x', 's'], ['y'], { axes: [0, 1] })], { x: f32(20, 8, 3), s: i64(2) }, 18);
    expect(res.shapes).toEqual(['[?, ?, 3]']);
    // Max, Sub, Div, Sub, Sub, Div, Add on 2-element vectors: 7·2 = 14
    expect(flops(res.last)).toBe('14');
  });
  it('target length must match axes', () => {
    expect(run([node('CenterCropPad', ['x', 's'], ['y'])], { x: f32(20, 8, 3) }, 18, [vec('s', [10])]).errors[0]).toMatch(/1 dims for 3 axes/);
  });
});
