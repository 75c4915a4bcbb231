/**
 * The invariance tests: a fused RNN/GRU/LSTM node counts exactly what its cell written out with
 * MatMul/Add/Sigmoid/Tanh/Mul/Sub costs when run by a Loop or by a Scan; bidirectional = forward + reverse.
 */
import { inferModel } from '../../../src/infer/engine';
import { ComputeCost } from '../../../src/ops/types';
import { Model } from '../../../src/ir/model';
import { testRegistry } from '../controlflow/registry';
import { CellDims, Kind, loopModel, opModel, OpOptions, scanModel } from './cells';

function counts(m: Model): { macs: string; other: string; transcendental: string } {
  const r = inferModel(m, { registry: testRegistry() });
  expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  const c: ComputeCost = r.graph.cost;
  expect(c.uncounted ?? []).toEqual([]);
  return { macs: c.macs.toString(), other: c.other.toString(), transcendental: c.transcendental.toString() };
}

const d: CellDims = { S: 5, B: 2, I: 3, H: 4 };
// steps × rows = S·B = 10; hidden-unit steps = 10·H = 40

describe.each([13, 22])('fused op ≡ written-out cell (opset %i)', (opset) => {
  it.each<[string, Kind, OpOptions, { macs: number; other: number; transcendental: number }]>([
    // GRU: MACs 3·H·(I+H)·S·B = 3·4·7·10 = 840; other 17 per unit-step (3·3 gate adds, 2 σ, 1 tanh, 1 r⊙, 4 blend) × 40 = 680
    ['GRU, linear_before_reset = 0', 'GRU', {}, { macs: 840, other: 680, transcendental: 120 }],
    ['GRU, linear_before_reset = 1', 'GRU', { linearBeforeReset: true }, { macs: 840, other: 680, transcendental: 120 }],
    // LSTM: MACs 4·4·7·10 = 1120; other 21 per unit-step (12 gate adds, 5 activations, 3 cell update, 1 o⊙) × 40 = 840
    ['LSTM', 'LSTM', {}, { macs: 1120, other: 840, transcendental: 200 }],
    // peepholes: + 3 × (Mul + Add) = 27 × 40 = 1080
    ['LSTM with peepholes', 'LSTM', { peepholes: true }, { macs: 1120, other: 1080, transcendental: 200 }],
    // RNN: MACs 1·4·7·10 = 280; other 4 per unit-step (3 adds, tanh) × 40 = 160
    ['RNN', 'RNN', {}, { macs: 280, other: 160, transcendental: 40 }],
  ])('%s', (_name, kind, o, expected) => {
    const want = { macs: String(expected.macs), other: String(expected.other), transcendental: String(expected.transcendental) };
    expect(counts(opModel(kind, d, { ...o, opset }))).toEqual(want);
    expect(counts(loopModel(kind, d, { ...o, opset }))).toEqual(want);
    expect(counts(scanModel(kind, d, { ...o, opset }))).toEqual(want);
  });
});

describe('bidirectional ≡ forward + reverse', () => {
  it.each<[Kind, OpOptions]>([['RNN', {}], ['GRU', {}], ['GRU', { linearBeforeReset: true }], ['LSTM', { peepholes: true }]])('%s %p', (kind, o) => {
    const fwd = counts(opModel(kind, d, { ...o, direction: 'forward' }));
    const rev = counts(opModel(kind, d, { ...o, direction: 'reverse' }));
    const bi = counts(opModel(kind, d, { ...o, direction: 'bidirectional' }));
    expect(rev).toEqual(fwd);
    const sum = (k: 'macs' | 'other' | 'transcendental') => String(Number(fwd[k]) + Number(rev[k]));
    expect(bi).toEqual({ macs: sum('macs'), other: sum('other'), transcendental: sum('transcendental') });
  });
});

describe('the seed GRU (the TF/PyTorch disagreement)', () => {
  it('GRU(input 4064, hidden 96) over 97 steps, batch 1', () => {
    const c = counts(opModel('GRU', { S: 97, B: 1, I: 4064, H: 96 }));
    // MACs = 3·96·(4064+96)·97 = 288·4160·97 = 116,213,760
    expect(c.macs).toBe('116213760');
    // other = 17 per unit-step × 96 units × 97 steps = 158,304
    expect(c.other).toBe('158304');
    // FLOPs = 2·116,213,760 + 158,304 = 232,585,824
    expect(2 * Number(c.macs) + Number(c.other)).toBe(232585824);
  });
});
