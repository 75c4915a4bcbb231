import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, i64, model, node } from '../../helpers/builders';
import { run } from './run';

/** DFT at opset 17 takes axis as an attribute, at 20 as input 2. */
function dft(opset: number, x: ReturnType<typeof f32>, attrs: Record<string, number>, axis?: number, length?: number) {
  const a = { ...attrs };
  const inits = [];
  const inputs = ['x', length !== undefined ? 'len' : ''];
  if (length !== undefined) inits.push(constTensor('len', DataType.INT64, [], [length]));
  if (axis !== undefined) {
    if (opset < 20) a.axis = axis;
    else { inputs.push('axis'); inits.push(constTensor('axis', DataType.INT64, [], [axis])); }
  }
  return model([node('DFT', inputs, ['y'], a)], { opset, inputs: { x }, initializers: inits });
}

describe.each([[17], [20]])('DFT opset %i', (opset) => {
  it.each([
    // x, attrs, axis, dft_length, shape, MACs, other
    // real → complex over axis 1: 2 transforms (batch 2) × 8 bins × 8 terms × 2 = 256
    [f32(2, 8, 1), {}, 1, undefined, '[2, 8, 2]', '256', '0'],
    // complex → complex: 2 × 8 × 8 × 4 = 512
    [f32(2, 8, 2), {}, 1, undefined, '[2, 8, 2]', '512', '0'],
    // onesided real: bins floor(8/2)+1 = 5; 2 × 5 × 8 × 2 = 160
    [f32(2, 8, 1), { onesided: 1 }, 1, undefined, '[2, 5, 2]', '160', '0'],
    // inverse complex: 2 × 8 × 8 × 4 = 512 MACs + 1/N scaling on 2·8·2 = 32 values
    [f32(2, 8, 2), { inverse: 1 }, 1, undefined, '[2, 8, 2]', '512', '32'],
    // IRFFT: 5 complex bins → dft_length 2·(5−1) = 8 real outputs: 2 × 8 × 8 × 2 = 256 MACs + 16 scalings
    [f32(2, 5, 2), { inverse: 1, onesided: 1 }, 1, undefined, '[2, 8, 1]', '256', '16'],
    // dft_length 16 zero-pads: 2 × 16 × 16 × 2 = 1024
    [f32(2, 8, 1), {}, 1, 16, '[2, 16, 2]', '1024', '0'],
    // axis 2 of [3, 4, 6, 1]: 12 transforms × 6 × 6 × 2 = 864
    [f32(3, 4, 6, 1), {}, 2, undefined, '[3, 4, 6, 2]', '864', '0'],
  ])('%#: shape %s', (x, attrs, axis, length, shape, macs, other) => {
    const r = run(dft(opset, x, attrs as Record<string, number>, axis, length));
    expect(r.errors).toEqual([]);
    expect(r.shape()).toBe(shape);
    expect(r.macs).toBe(macs);
    expect(r.other).toBe(other);
  });
  it('default axis: 1 at 17, −2 at 20', () => {
    const r = run(dft(opset, f32(2, 3, 4, 1), {}));
    expect(r.shape()).toBe(opset < 20 ? '[2, 3, 4, 2]' : '[2, 3, 4, 2]');
    // 17: axis 1 → 2·4 transforms × 3 × 3 × 2 = 144; 20: axis 2 → 2·3 × 4 × 4 × 2 = 192
    expect(r.macs).toBe(opset < 20 ? '144' : '192');
  });
  it('symbolic signal length: 2·B·T² MACs', () => {
    const r = run(dft(opset, f32('B', 'T', 1), {}, 1));
    expect(r.shape()).toBe('[B, T, 2]');
    expect(r.macs).toBe('2*B*T^2');
  });
  it.each([
    [f32(2, 8, 3), {}, 1, /last dim 3 must be 1 \(real\) or 2 \(complex\)/],
    [f32(2, 8, 1), {}, 2, /axis 2 out of range for rank 3/],
    [f32(2, 8, 2), { onesided: 1 }, 1, /onesided forward DFT needs real input/],
  ])('error %#', (x, attrs, axis, message) => {
    const r = run(dft(opset, x, attrs, axis));
    expect(r.errors.join()).toMatch(message);
    expect(r.shape()).toBeNull();
  });
});

describe('STFT 17', () => {
  const stft = (signal: ReturnType<typeof f32>, step: number | undefined, withWindow: boolean, frameLength?: number, attrs = {}) => model(
    [node('STFT', ['x', 'step', withWindow ? 'win' : '', frameLength !== undefined ? 'fl' : ''], ['y'], attrs)],
    {
      opset: 17,
      inputs: { x: signal, win: f32(16), ...(step === undefined ? { step: i64() } : {}) },
      initializers: [
        ...(step !== undefined ? [constTensor('step', DataType.INT64, [], [step])] : []),
        ...(frameLength !== undefined ? [constTensor('fl', DataType.INT64, [], [frameLength])] : []),
      ],
    });
  it('window 16, step 8 over 128 samples: 15 frames × 9 bins', () => {
    const r = run(stft(f32(1, 128, 1), 8, true));
    expect(r.shape()).toBe('[1, 15, 9, 2]'); // floor((128 − 16)/8) + 1 = 15; 16/2 + 1 = 9
    expect(r.macs).toBe('4320'); // 15 frames × 9 bins × 16 terms × 2 (real → complex)
    expect(r.other).toBe('240'); // window: 15 × 16 multiplies
  });
  it('frame_length without window, two-sided', () => {
    const r = run(stft(f32(2, 100, 1), 10, false, 20, { onesided: 0 }));
    expect(r.shape()).toBe('[2, 9, 20, 2]'); // floor((100 − 20)/10) + 1 = 9
    expect(r.macs).toBe('14400'); // 2·9 frames × 20 × 20 × 2
    expect(r.other).toBe('0');
  });
  it('unknown step: frames is one symbol in shape and cost', () => {
    const r = run(stft(f32(1, 128, 1), undefined, true));
    const frames = /^\[1, (frames_\d+), 9, 2\]$/.exec(r.shape()!)![1];
    expect(r.macs).toBe(`288*${frames}`); // 9 × 16 × 2 per frame
  });
  it('neither window nor frame_length is an error', () => {
    const r = run(stft(f32(1, 128, 1), 8, false));
    expect(r.errors.join()).toMatch(/needs a window or a frame_length/);
  });
});
