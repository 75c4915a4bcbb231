/**
 * Recurrent-state, mixture-of-experts, LSTM-variant, FFT and generation contrib operators (linear-attention.ts,
 * moe.ts, rnn.ts, fft.ts, generation.ts); figures by hand from each operator's documented equations.
 */
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, graph, node, tensorOf, weight } from '../../helpers/builders';
import { ms } from './run';

const T = (dtype: number) => (...d: number[]) => tensorOf(dtype, ...d);
const i8 = T(DataType.INT8), u8 = T(DataType.UINT8), i32 = T(DataType.INT32);


describe('linear attention and causal convolution', () => {
  it.each([
    // 3 steps, state 4×4 = 16; gated_delta: updates 2·16·2 heads + reads 16·2 = 96 MACs per step → 288;
    // other per step dv·(reads + 2·Hkv) = 24 + exp(g)·S 32 + decay 2 = 58 → 174; exp 2 per step → 6
    ['LinearAttention', [['q', f32(1, 3, 8)], ['k', f32(1, 3, 8)], ['v', f32(1, 3, 8)], ['', null], ['d', f32(1, 3, 2)], ['b', f32(1, 3, 2)]],
      { q_num_heads: 2, kv_num_heads: 2 }, ['[1, 3, 8]', '[1, 2, 4, 4]'], '288', '174', '6'],
    // inverse GQA (1 query head, 2 KV heads), linear: updates 16·2 + reads 16·2 = 64 per step → 192; reads' dv 4·2 = 8 → 24;
    // output one head per KV head: 2·4 = 8; state_window 2 leads the state
    ['LinearAttention', [['q', f32(1, 3, 4)], ['k', f32(1, 3, 8)], ['v', f32(1, 3, 8)]],
      { q_num_heads: 1, kv_num_heads: 2, update_rule: 'linear', state_window: 2 }, ['[1, 3, 8]', '[2, 1, 2, 4, 4]'], '192', '24', '0'],
    // a [1,3,4] → decay: Add, Softplus (Exp, Add, Log), Mul = 5 (2 transcendental) × 12; beta: Sigmoid × 12
    ['LinearAttentionGate', [['a', f32(1, 3, 4)], ['dt', f32(4)], ['ds', f32(4)], ['b', f32(1, 3, 4)]], {}, ['[1, 3, 4]', '[1, 3, 4]'], '0', '72', '36'],
    // depthwise: 40 outputs × 3 taps = 120 MACs; bias + SiLU 2: 3 per output; state (3 − 1)·dilation 2 = 4
    ['CausalConvWithState', [['x', f32(1, 4, 10)], ['w', f32(4, 1, 3)], ['b', f32(4)]], { activation: 'silu', dilation: 2 }, ['[1, 4, 10]', '[1, 4, 4]'], '120', '120', '40'],
    // channels-last [B, L, C]: the state is [B, state_length, C]
    ['CausalConvWithState', [['x', f32(1, 10, 4)], ['w', f32(4, 1, 3)]], { channels_last: 1 }, ['[1, 10, 4]', '[1, 2, 4]'], '120', '0', '0'],
    ['CausalConvWithState', [['x', f32(1, 4, 10)], ['w', f32(4, 1, 3)]], { state_window: 3 }, ['[1, 4, 10]', '[3, 1, 4, 2]'], '120', '0', '0'],
    // packed: 7 tokens·4 channels × 3 taps = 84 MACs
    ['VarlenCausalConvWithState', [['x', f32(7, 4)], ['w', f32(4, 1, 3)], ['c', i32(3)], ['', null], ['s', f32(2, 4, 2)]], {}, ['[7, 4]', '[2, 4, 2]', '[2, 0, 4]'], '84', '0', '0'],
  ] as const)('%s %#', (op, inputs, attrs, shapes, macs, other, trans) => {
    const r = ms(op, inputs as never, attrs as never, shapes.length);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(shapes);
    expect([r.macs, r.other, r.transcendental]).toEqual([macs, other, trans]);
  });

  it('GatedDeltaNet: the recurrence on token-major heads with its fused qwen decay, sigmoid beta and q/k L2 norm', () => {
    const r = ms('GatedDeltaNet', [['q', f32(6, 2, 4)], ['k', f32(6, 2, 4)], ['v', f32(6, 4, 4)], ['c', i32(3)], ['d', f32(6, 4)], ['b', f32(6, 4)]],
      { gate_activation: 'qwen', beta_activation: 'sigmoid', qk_l2_norm: 1 }, 3);
    expect(r.errors).toEqual([]);
    // output max(2, 4) = 4 heads; final state [batch 3 − 1, hv, dv, dk]
    expect(r.shapes).toEqual(['[6, 4, 4]', '[2, 4, 4, 4]', '[2, 0]']);
    // per token: updates 16·2·4 + reads 16·4 = 192 MACs → 1152; other 4·(4 + 8) + 16·4 + 4 = 116 → 696;
    // qwen decay 5 × 24 = 120, sigmoid beta 24, L2 norm (3·4 + 1) × 24 vectors = 312: 1152 other;
    // transcendental: exp decay 24 + Exp/Log in Softplus 48 + Sigmoid 24 + Sqrt 24 = 120
    expect([r.macs, r.other, r.transcendental]).toEqual(['1152', '1152', '120']);
  });

  it('EngramGate: two RMS norms, the gated dot product, Sigmoid and the value product [+ the optional norm]', () => {
    const inputs: [string, ReturnType<typeof f32>][] = [['k', f32(1, 2, 2, 8)], ['q', f32(1, 2, 2, 8)], ['v', f32(1, 2, 8)], ['ks', f32(2, 8)], ['qs', f32(2, 8)]];
    // N = 32, R = 4: RMS 2·(4·32 + 3·4) = 280; dot 2N = 64; ÷√H 4; sign·√max 5R = 20; Sigmoid 4; × value 32 → 404
    const one = ms('EngramGate', inputs);
    expect([one.shapes[0], one.other, one.transcendental]).toEqual(['[1, 2, 2, 8]', '404', '16']);
    const two = ms('EngramGate', [...inputs, ['cs', f32(2, 8)]], {}, 2);
    expect([two.other, two.transcendental]).toEqual(['544', '20']);
  });

  it.each([
    ['LinearAttention', [['q', f32(1, 3, 8)], ['k', f32(1, 3, 8)], ['v', f32(1, 3, 8)]], { q_num_heads: 2, kv_num_heads: 2, update_rule: 'mamba' }, /update_rule 'mamba'/],
    ['GatedDeltaNet', [['q', f32(6, 2, 4)], ['k', f32(6, 3, 4)], ['v', f32(6, 4, 4)]], {}, /num_heads_q 2 ≠ num_heads_k 3/],
    ['CausalConvWithState', [['x', f32(1, 4, 10)], ['w', f32(4, 1, 3)]], { activation: 'gelu' }, /activation 'gelu'/],
  ] as const)('%s rejects invalid input %#', (op, inputs, attrs, msg) => {
    expect(ms(op, inputs as never, attrs as never, 2).errors.join()).toMatch(msg);
  });
});

describe('mixture of experts', () => {
  // T = 4 tokens, H = 8, E = 3 experts
  it.each([
    // per token: Softmax over 3 (15, 3 Exp); k = 2 experts × (fc1 8·16 + fc2 16·8 = 256 MACs; ReLU 16 + weighted sum 16 + biases 16 + 8 = 56)
    ['MoE new layout', 'MoE', [['x', f32(4, 8)], ['r', f32(4, 3)], ['w1', f32(3, 16, 8)], ['b1', f32(3, 16)], ['w2', f32(3, 8, 16)], ['b2', f32(3, 8)]], { k: 2 }, '2048', '508', '12'],
    ['MoE old layout', 'MoE', [['x', f32(4, 8)], ['r', f32(4, 3)], ['w1', f32(3, 8, 16)], ['b1', f32(3, 16)], ['w2', f32(3, 16, 8)], ['b2', f32(3, 8)]], { k: 2 }, '2048', '508', '12'],
    // fused SwiGLU, k 1: fc1 8·32 + fc2 16·8 = 384 MACs; SwiGLU 8·16 + weighted sum 16 = 144; Sigmoid 16 per expert
    ['MoE swiglu', 'MoE', [['x', f32(4, 8)], ['r', f32(4, 3)], ['w1', f32(3, 32, 8)], ['', null], ['w2', f32(3, 8, 16)]],
      { activation_type: 'swiglu', swiglu_fusion: 1 }, '1536', '636', '76'],
    // normalized routing weights: + k adds + k divides per token (4 more)
    ['MoE normalized', 'MoE', [['x', f32(4, 8)], ['r', f32(4, 3)], ['w1', f32(3, 16, 8)], ['b1', f32(3, 16)], ['w2', f32(3, 8, 16)], ['b2', f32(3, 8)]],
      { k: 2, normalize_routing_weights: 1 }, '2048', '524', '12'],
    // 4-bit experts: I from fc1_scales [3, 16]; no biases: per expert other 16 + 16
    ['QMoE', 'QMoE', [['x', f32(4, 8)], ['r', f32(4, 3)], ['w1', u8(3, 16, 4)], ['s1', f32(3, 16)], ['', null], ['w2', u8(3, 8, 8)], ['s2', f32(3, 8)]], { k: 2 }, '2048', '316', '12'],
  ] as const)('%s', (_name, op, inputs, attrs, macs, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[4, 8]']);
    expect([r.macs, r.other, r.transcendental]).toEqual([macs, other, trans]);
  });
  it('refuses k larger than the number of experts', () => {
    expect(ms('MoE', [['x', f32(4, 8)], ['r', f32(4, 3)], ['w1', f32(3, 16, 8)], ['', null], ['w2', f32(3, 8, 16)]], { k: 4 }).errors.join()).toMatch(/k 4 exceeds the 3 experts/);
  });
});

describe('LSTM variants', () => {
  it('DynamicQuantizeLSTM ≡ LSTM (transposed weights) + dynamic quantization of X once and of H each step', () => {
    const r = ms('DynamicQuantizeLSTM', [['x', f32(2, 3, 4)], ['w', i8(1, 4, 20)], ['r', i8(1, 5, 20)], ['b', f32(1, 40)], ['', null], ['', null], ['', null], ['', null],
      ['ws', f32(1)], ['wz', i8(1)], ['rs', f32(1)], ['rz', i8(1)]], {}, 3);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 1, 3, 5]', '[1, 3, 5]', '[1, 3, 5]']);
    // LSTM: 2·3·20·(4 + 5) = 1080 MACs; cell with bias 21 per unit-step × 30 = 630 (Sigmoid ×3, Tanh ×2: 150);
    // DynamicQuantizeLinear(X) 7·24 + 9 + zero point 24 = 201; per step (2): DQL(H) 7·15 + 9 + zero point 15 + rescale 8·15 = 249
    expect([r.macs, r.other, r.transcendental]).toEqual(['1080', '1329', '150']);
  });
  it('AttnLSTM ≡ LSTM over [x; attention] + Bahdanau attention each step', () => {
    const r = ms('AttnLSTM', [['x', f32(2, 3, 4)], ['w', f32(1, 20, 10)], ['r', f32(1, 20, 5)], ['', null], ['', null], ['', null], ['', null], ['', null],
      ['qw', f32(1, 5, 3)], ['mw', f32(1, 7, 3)], ['v', f32(1, 3)], ['m', f32(3, 4, 7)], ['', null], ['aw', f32(1, 12, 6)]], {}, 3);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 1, 3, 5]', '[1, 3, 5]', '[1, 3, 5]']);
    // LSTM over 10 features: 2·3·20·15 = 1800 MACs, cell 13 × 30 = 390, 150 transcendental;
    // KEYS 3·4·7·3 = 252 MACs once; per step PQ 3·5·3 = 45 + CONTEXT 3·4·7 = 84 + AW 3·12·6 = 216 MACs,
    // 4·(3·4·3) = 144 + Softmax 5·12 = 60 other, 36 Tanh + 12 Exp: × 2 steps
    expect([r.macs, r.other, r.transcendental]).toEqual(['2742', '798', '246']);
  });
});

describe('Rfft / Irfft as ai.onnx DFT prices a transform', () => {
  it.each([
    // 2 signals × 5 bins × 8 real terms × 2
    ['Rfft', f32(2, 8), {}, '[2, 5, 2]', '160', '0'],
    // 2-D: last axis 3·4 × 5 × 8 × 2 = 960; the other axis complex: 3 × 5 columns × 4 outputs × 4 terms × 4 = 960
    ['Rfft', f32(3, 4, 8), { signal_ndim: 2 }, '[3, 4, 5, 2]', '1920', '0'],
    // n = 2·(5 − 1) = 8 outputs × 8 Hermitian terms × 2, per signal; scaling 1 per output
    ['Irfft', f32(2, 5, 2), { signal_ndim: 1 }, '[2, 8]', '256', '16'],
  ] as const)('%s %#', (op, x, attrs, shape, macs, other) => {
    const r = ms(op, [['x', x]], attrs as never);
    expect(r.errors).toEqual([]);
    expect([r.shapes[0], r.macs, r.other]).toEqual([shape, macs, other]);
  });
  it('refuses normalized transforms, which onnxruntime does not implement', () => {
    expect(ms('Rfft', [['x', f32(2, 8)]], { normalized: 1 }).errors.join()).toMatch(/normalized must be 0/);
  });
});

describe('generation: subgraphs × generated steps', () => {
  // a decoder of 2·4·10 = 80 MACs per call: logits [2, 10] = MatMul(ids [2, 4], W [4, 10])
  const decoder = graph([node('MatMul', ['h', 'w'], ['logits'])], { inputs: { h: f32(2, 4) }, initializers: [weight('w', [4, 10])], outputs: ['logits'], name: 'decoder' });
  const maxLength = (v: number) => constTensor('ml', DataType.INT32, [1], [v]);
  const common = { decoder, eos_token_id: 1, pad_token_id: 0 };

  it('GreedySearch: max_length 7 − sequence 3 = 4 decoder runs + ArgMax over 2·10 logits each', () => {
    const r = ms('GreedySearch', [['ids', i32(2, 3)], ['ml', i32(1)]], common, 1, [maxLength(7)]);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 7]']);
    expect([r.macs, r.other]).toEqual(['320', '80']);
  });

  it('BeamSearch: init_decoder once + decoder × 3 + LogSoftmax and beam-score Add over 2·4 beams·10 logits each step', () => {
    const nb = constTensor('nb', DataType.INT32, [1], [4]), nr = constTensor('nr', DataType.INT32, [1], [2]);
    const r = ms('BeamSearch', [['ids', i32(2, 3)], ['ml', i32(1)], ['', null], ['nb', i32(1)], ['nr', i32(1)]], { ...common, init_decoder: decoder, vocab_size: 10 }, 3, [maxLength(7), nb, nr]);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 2, 7]', '[2, 2]', '[4, 2, 4, 10]']);
    // 4 subgraph runs × 80 MACs; per step n = 80 logits: LogSoftmax 5·80 + 8 + Add 80 = 488 (Exp 80 + Log 8) × 4
    expect([r.macs, r.other, r.transcendental]).toEqual(['320', '1952', '352']);
  });

  it('Sampling: ÷ temperature, Softmax and the top-p cumulative sum per logit', () => {
    const r = ms('Sampling', [['ids', i32(2, 3)], ['ml', i32(1)]], common, 1, [maxLength(5)]);
    // 2 steps × 80 MACs; 2 × 20 logits × (1 + 5 + 1)
    expect([r.macs, r.other, r.transcendental]).toEqual(['160', '280', '40']);
  });

  it('max_length known only at run time: the step count is a symbol', () => {
    const r = ms('GreedySearch', [['ids', i32(2, 3)], ['ml', i32(1)]], common);
    expect(r.shapes).toEqual(['[2, max_length_0]']);
    expect(r.macs).toMatch(/^80\*generated_steps_\d+$/);
  });

  it('WhisperBeamSearch adds cross_qk and no-speech outputs', () => {
    const r = ms('WhisperBeamSearch', [['ids', f32(2, 3)], ['ml', i32(1)], ['', null], ['nb', i32(1)], ['nr', i32(1)]], { ...common, vocab_size: 10 }, 5, [maxLength(7),
      constTensor('nb', DataType.INT32, [1], [4]), constTensor('nr', DataType.INT32, [1], [2])]);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[2, 2, 7]', '[2, 2]', '[4, 2, 4, 10]', '[2, 2, ?, ?, ?]', '[2]']);
    expect(r.macs).toBe('320');
  });
});
