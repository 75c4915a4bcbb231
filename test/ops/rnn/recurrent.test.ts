/** RNN/GRU/LSTM shapes, attribute-dependent costs and invalid inputs, over every since-version a rule covers. */
import { inferModel, ModelInference } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { ValueType } from '../../../src/ir/model';
import { constTensor, f32, model, node, tensorOf, weight } from '../../helpers/builders';
import { Kind, opModel } from './cells';

const shapeOf = (t: ValueType | null | undefined): string => shapeToString(t && t.kind === 'tensor' ? t.shape : null);

function run(m: ReturnType<typeof opModel>): ModelInference {
  return inferModel(m);
}

function outShapes(r: ModelInference): string[] {
  return r.graph.nodes[0].outputs.map(shapeOf);
}

const cost = (r: ModelInference) => {
  const c = r.graph.nodes[0].cost;
  if (c.kind !== 'compute') throw new Error(`cost is ${c.kind}`);
  return c;
};

const VERSIONS: Record<Kind, number[]> = { RNN: [1, 7, 14, 22], GRU: [1, 3, 7, 14, 22], LSTM: [1, 7, 14, 22] };
const d = { S: 5, B: 2, I: 3, H: 4 };

describe.each((['RNN', 'GRU', 'LSTM'] as Kind[]).flatMap((k) => VERSIONS[k].map((v) => [k, v] as [Kind, number])))('%s at opset %i', (kind, opset) => {
  const lstm = kind === 'LSTM';
  const states = (s: string) => (lstm ? [s, s] : [s]);

  it.each<[string, Parameters<typeof opModel>[2], string[]]>([
    ['forward', {}, ['[5, 1, 2, 4]', ...states('[1, 2, 4]')]],
    ['reverse', { direction: 'reverse' }, ['[5, 1, 2, 4]', ...states('[1, 2, 4]')]],
    ['bidirectional', { direction: 'bidirectional' }, ['[5, 2, 2, 4]', ...states('[2, 2, 4]')]],
    ['no bias', { bias: false }, ['[5, 1, 2, 4]', ...states('[1, 2, 4]')]],
  ])('shapes: %s', (_n, o, expected) => {
    const r = run(opModel(kind, d, { ...o, opset }));
    expect(r.diagnostics).toEqual([]);
    expect(outShapes(r)).toEqual(expected);
    expect(r.graph.nodes[0].outputs[0]).toMatchObject({ dtype: DataType.FLOAT });
  });

  it('layout 1 is batch-major from opset 14 (ignored before)', () => {
    const r = run(opModel(kind, d, { opset, layout: 1 }));
    // X is [B, S, I] = [2, 5, 3]
    if (opset >= 14) expect(outShapes(r)).toEqual(['[2, 5, 1, 4]', ...states('[2, 1, 4]')]);
    else expect(outShapes(r)).toEqual(['[2, 1, 5, 4]', ...states('[1, 5, 4]')]);
  });

  it('symbolic seq and batch give a polynomial count', () => {
    const G = { RNN: 1, GRU: 3, LSTM: 4 }[kind];
    const m = model([node(kind, ['X', 'W', 'R'], lstm ? ['Y', 'Y_h', 'Y_c'] : ['Y', 'Y_h'], { hidden_size: 4 })], {
      opset, inputs: { X: f32('T', 'N', 3) }, initializers: [weight('W', [1, G * 4, 3]), weight('R', [1, G * 4, 4])],
    });
    const r = run(m);
    expect(outShapes(r)[0]).toBe('[T, 1, N, 4]');
    // MACs = G·H·(I+H)·T·N = G·4·7·T·N
    expect(cost(r).macs.toString()).toBe(`${G * 28}*N*T`);
  });

  it('hidden_size may be omitted: taken from R', () => {
    const G = { RNN: 1, GRU: 3, LSTM: 4 }[kind];
    const m = model([node(kind, ['X', 'W', 'R'], ['Y'])], {
      opset, inputs: { X: f32(5, 2, 3) }, initializers: [weight('W', [1, G * 4, 3]), weight('R', [1, G * 4, 4])],
    });
    expect(outShapes(run(m))).toEqual(['[5, 1, 2, 4]']);
  });

  it.each<[string, Parameters<typeof opModel>[2], RegExp]>([
    ['bad direction', { attrs: { direction: 'sideways' } }, /direction 'sideways'/],
    ['unknown activation', { attrs: { activations: lstm ? ['Sigmoid', 'Tanh', 'Swirl'] : kind === 'GRU' ? ['Sigmoid', 'Swirl'] : ['Swirl'] } }, /activation 'Swirl'/],
    ['too few activations', { attrs: { activations: lstm ? ['Sigmoid'] : kind === 'GRU' ? ['Sigmoid', 'Tanh', 'Tanh'] : ['Tanh', 'Tanh', 'Tanh'] } }, /activations \[/],
  ])('error: %s', (_n, o, message) => {
    const r = run(opModel(kind, d, { ...o, opset }));
    expect(r.diagnostics.map((x) => x.message).join('\n')).toMatch(message);
    expect(r.graph.nodes[0].outputs.every((t) => t === null)).toBe(true);
    expect(r.graph.nodes[0].status).toBe('uncounted');
  });

  it('error: W of the wrong gate count', () => {
    const m = model([node(kind, ['X', 'W', 'R'], ['Y'], { hidden_size: 4 })], {
      opset, inputs: { X: f32(5, 2, 3) }, initializers: [weight('W', [1, 7, 3]), weight('R', [1, 7, 4])],
    });
    const r = run(m);
    expect(r.diagnostics[0].message).toMatch(/W dim 1 is 7, expected/);
    expect(r.graph.nodes[0].outputs).toEqual([null]);
  });

  it('error: X of rank 2', () => {
    const r = run(model([node(kind, ['X', 'W', 'R'], ['Y'], { hidden_size: 4 })], { opset, inputs: { X: f32(5, 3) } }));
    expect(r.diagnostics.map((x) => x.message).join('\n')).toMatch(/X has rank 2, expected 3/);
  });
});

describe('attribute-dependent costs (opset 14)', () => {
  // unit-steps = S·B·H = 5·2·4 = 40 per direction
  it.each<[string, Kind, Parameters<typeof opModel>[2], number, number]>([
    // GRU + clip: 17 + 3 activation inputs × 2 = 23 per unit-step → 920
    ['GRU clip', 'GRU', { attrs: { clip: { float: 3 } } }, 920, 120],
    // GRU no bias: 17 − 3 gates × 2 bias adds = 11 → 440
    ['GRU without B', 'GRU', { bias: false }, 440, 120],
    // GRU HardSigmoid (4) / Softsign (3): 9 adds + 2·4 + 3 + 1 + 4 = 25 → 1000, no transcendentals
    ['GRU HardSigmoid/Softsign', 'GRU', { attrs: { activations: ['HardSigmoid', 'Softsign'] } }, 1000, 0],
    // bidirectional with different activations per direction: (17 + [9 + 2·1 (Relu) + 1 + 1 + 4 = 17]) × 40 = 1360;
    // transcendentals: 3 + 1 (only the second direction's Tanh) = 4 × 40 = 160
    ['GRU per-direction activations', 'GRU', { direction: 'bidirectional', attrs: { activations: ['Sigmoid', 'Tanh', 'Relu', 'Tanh'] } }, 1360, 160],
    // one direction's list reused for both: 2 × 17 × 40 = 1360, 2·3·40 = 240
    ['GRU one list for both directions', 'GRU', { direction: 'bidirectional', attrs: { activations: ['Sigmoid', 'Tanh'] } }, 1360, 240],
    // LSTM clip: 21 + 5 activation inputs × 2 = 31 → 1240
    ['LSTM clip', 'LSTM', { attrs: { clip: { float: 1 } } }, 1240, 200],
    // LSTM input_forget: f = 1 − i replaces σ: 21 − 1 + 1 = 21 → 840, transcendentals 4 × 40 = 160
    ['LSTM input_forget', 'LSTM', { attrs: { input_forget: 1 } }, 840, 160],
    // RNN Relu: 3 adds + 1 = 4 → 160, no transcendentals
    ['RNN Relu', 'RNN', { attrs: { activations: ['Relu'] } }, 160, 0],
    // RNN Elu (4 FLOPs, 1 transcendental) + clip 2: 3 + 2 + 4 = 9 → 360
    ['RNN Elu clip', 'RNN', { attrs: { activations: ['Elu'], clip: { float: 2 } } }, 360, 40],
    // RNN with the schema default ['Tanh', 'Tanh'] on a forward op
    ['RNN default list of two', 'RNN', { attrs: { activations: ['Tanh', 'Tanh'] } }, 160, 40],
  ])('%s', (_n, kind, o, other, transcendental) => {
    const r = run(opModel(kind, d, { ...o, opset: 14 }));
    expect(r.diagnostics).toEqual([]);
    expect(cost(r).other.toString()).toBe(String(other));
    expect(cost(r).transcendental.toString()).toBe(String(transcendental));
  });
});

describe('sequence_lens', () => {
  const gru = (lens: 'known' | 'unknown') => model([node('GRU', ['X', 'W', 'R', 'B', 'L'], ['Y', 'Y_h'], { hidden_size: 4 })], {
    opset: 14,
    inputs: { X: f32(5, 2, 3), ...(lens === 'unknown' ? { L: tensorOf(DataType.INT32, 2) } : {}) },
    initializers: [weight('W', [1, 12, 3]), weight('R', [1, 12, 4]), weight('B', [1, 24]),
      ...(lens === 'known' ? [constTensor('L', DataType.INT32, [2], [3, 5])] : [])],
  });
  it('known lengths count Σ min(len, seq) row-steps', () => {
    const c = cost(run(gru('known')));
    // row-steps = 3 + 5 = 8; MACs = 3·4·7·8 = 672; other = 17·4·8 = 544
    expect(c.macs.toString()).toBe('672');
    expect(c.other.toString()).toBe('544');
  });
  it('unknown lengths take seq_length as the upper bound and say so', () => {
    const c = cost(run(gru('unknown')));
    // row-steps = 5·2 = 10; MACs = 3·4·7·10 = 840
    expect(c.macs.toString()).toBe('840');
    expect(c.notes?.join()).toMatch(/upper bound/);
  });
});
