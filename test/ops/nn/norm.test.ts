import { DataType } from '../../../src/ir/dtype';
import { ValueType } from '../../../src/ir/model';
import { constTensor, f32, tensorOf } from '../../helpers/builders';
import { run } from './helpers';

describe.each([1, 6, 7, 9, 14, 15])('BatchNormalization at opset %i', (opset) => {
  it('inference: 2 FLOPs per element (folded Mul + Add)', () => {
    const r = run('BatchNormalization', opset, { x: f32(2, 3, 4, 5), s: f32(3), b: f32(3), m: f32(3), v: f32(3) });
    expect(r.shapes).toEqual(['[2, 3, 4, 5]']);
    // 120 elements × 2 = 240
    expect(r.flops).toBe('240');
  });
});
describe.each([14, 15])('BatchNormalization training at opset %i', (opset) => {
  it('training_mode=1: running stats outputs and statistics counted', () => {
    const r = run('BatchNormalization', opset, { x: f32(2, 3, 4, 5), s: f32(3), b: f32(3), m: f32(3), v: f32(3) }, { training_mode: 1 }, ['y', 'rm', 'rv']);
    expect(r.shapes).toEqual(['[2, 3, 4, 5]', '[3]', '[3]']);
    // 6N + 13C = 720 + 39 = 759
    expect(r.flops).toBe('759');
  });
});

describe.each([17])('LayerNormalization at opset %i', (opset) => {
  it.each([
    // N = 120, O = 2·3·4 = 24: 7N + 7O = 840 + 168 = 1008 (with B); 6N + 7O = 888 without
    [-1, true, '[2, 3, 4, 1]', '1008'],
    [-1, false, '[2, 3, 4, 1]', '888'],
    // axis 1: O = 2 → 840 + 14 = 854
    [1, true, '[2, 1, 1, 1]', '854'],
  ])('axis %i, bias %s', (axis, bias, stat, flops) => {
    const inputs: Record<string, ValueType> = bias ? { x: f32(2, 3, 4, 5), s: f32(5), b: f32(5) } : { x: f32(2, 3, 4, 5), s: f32(5) };
    const r = run('LayerNormalization', opset, inputs, { axis }, ['y', 'mean', 'isd']);
    expect(r.shapes).toEqual(['[2, 3, 4, 5]', stat, stat]);
    expect(r.flops).toBe(flops);
    expect(r.transcendental).toBe(axis === 1 ? '2' : '24');
  });
  it('axis out of range is an error', () => {
    expect(run('LayerNormalization', opset, { x: f32(2, 3), s: f32(3) }, { axis: 2 }).errors.length).toBe(1);
  });
});

describe.each([18, 21])('GroupNormalization at opset %i', (opset) => {
  it('7N + 6·(batch·groups)', () => {
    const scale = opset === 18 ? f32(2) : f32(4);
    const r = run('GroupNormalization', opset, { x: f32(2, 4, 3, 3), s: scale, b: scale }, { num_groups: 2 });
    // N = 72, O = 4: 504 + 24 = 528
    expect(r.flops).toBe('528');
  });
  it('channels not divisible by num_groups is an error', () => {
    expect(run('GroupNormalization', opset, { x: f32(2, 5, 3), s: f32(5), b: f32(5) }, { num_groups: 2 }).errors.length).toBe(1);
  });
});

describe.each([1, 6, 22])('InstanceNormalization at opset %i', (opset) => {
  it('as GroupNormalization with num_groups = C', () => {
    // N = 120, O = 2·3 = 6: 840 + 36 = 876
    expect(run('InstanceNormalization', opset, { x: f32(2, 3, 4, 5), s: f32(3), b: f32(3) }).flops).toBe('876');
  });
});

describe.each([23])('RMSNormalization at opset %i', (opset) => {
  it('4N + 3O', () => {
    // N = 24, O = 6: 96 + 18 = 114
    expect(run('RMSNormalization', opset, { x: f32(2, 3, 4), s: f32(4) }).flops).toBe('114');
  });
});

describe.each([9, 13])('MeanVarianceNormalization at opset %i', (opset) => {
  it('5N + 6O over default axes [0, 2, 3]', () => {
    // N = 120, O = 3: 600 + 18 = 618; transcendental: only Sqrt per O = 3 (Pow(·, 2) is a multiply)
    const r = run('MeanVarianceNormalization', opset, { x: f32(2, 3, 4, 5) });
    expect(r.flops).toBe('618');
    expect(r.transcendental).toBe('3');
  });
});

describe.each([1, 22])('LpNormalization at opset %i', (opset) => {
  it('ReduceL2 + divide', () => {
    // N = 12, O = 3: 2·12 + 3 + 12 = 39
    expect(run('LpNormalization', opset, { x: f32(3, 4) }).flops).toBe('39');
  });
});

describe.each([1, 13])('LRN at opset %i', (opset) => {
  it('(2·size + 4) per element', () => {
    // 2·3·2·2 = 24 elements × (2·3 + 4) = 240
    expect(run('LRN', opset, { x: f32(2, 3, 2, 2) }, { size: 3 }).flops).toBe('240');
  });
});

describe.each([1, 6, 7, 10, 12, 13, 22])('Dropout at opset %i', (opset) => {
  it('inference is data movement; mask BOOL from opset 10', () => {
    const attrs: Record<string, number> = opset < 7 ? { is_test: 1 } : {};
    const r = run('Dropout', opset, { x: f32(3, 4) }, attrs, ['y', 'mask']);
    expect(r.shapes).toEqual(['[3, 4]', '[3, 4]']);
    expect(r.dtypes[1]).toBe(opset >= 10 ? DataType.BOOL : DataType.FLOAT);
    expect(r.kind).toBe('dataMovement');
  });
});
describe.each([12, 13, 22])('Dropout training at opset %i', (opset) => {
  it('known training_mode = true counts mask multiply and scale', () => {
    const r = run('Dropout', opset, { x: f32(3, 4) }, {}, ['y'], {
      initializers: [constTensor('ratio', DataType.FLOAT, [], [0.5]), constTensor('train', DataType.BOOL, [], [1])],
    });
    // 12 elements × 2 = 24
    expect(r.flops).toBe('24');
  });
});

describe.each([23, 24, 25])('Attention at opset %i', (opset) => {
  it('4D MHA: shapes and products', () => {
    const r = run('Attention', opset, { q: f32(1, 2, 3, 4), k: f32(1, 2, 5, 4), v: f32(1, 2, 5, 6) }, {}, ['y', '', '', 'qk']);
    expect(r.shapes).toEqual(['[1, 2, 3, 6]', '[1, 2, 5, 4]', '[1, 2, 5, 6]', '[1, 2, 3, 5]']);
    // scores S = 1·2·3·5 = 30; MACs = 30·(4 + 6) = 300
    // other: Q·√s 24 + K·√s 40 + bias 30 + softmax (3·30 + 30 + 30) + guard (15 + 3) = 262 → FLOPs 600 + 262 = 862
    expect(r.macs).toBe('300');
    expect(r.flops).toBe('862');
  });
  it('3D GQA with past: present T = past + S', () => {
    const r = run('Attention', opset, { q: f32('B', 'S', 32), k: f32('B', 'S', 16), v: f32('B', 'S', 16), m: null, pk: f32('B', 2, 'P', 8), pv: f32('B', 2, 'P', 8) },
      { q_num_heads: 4, kv_num_heads: 2 }, ['y', 'pk2', 'pv2']);
    expect(r.shapes).toEqual(['[B, S, 32]', '[B, 2, P + S, 8]', '[B, 2, P + S, 8]']);
  });
  it('causal with an attn_mask: the causal bias folds, its Add with the mask counts over the [3, 5] bias', () => {
    const r = run('Attention', opset, { q: f32(1, 2, 3, 4), k: f32(1, 2, 5, 4), v: f32(1, 2, 5, 6), m: f32(3, 5) }, { is_causal: 1 });
    // as the 4D case (262) + the causal + mask Add over 3·5 = 15: 277 → FLOPs 600 + 277 = 877
    expect([r.macs, r.flops]).toEqual(['300', '877']);
  });
  if (opset >= 24) {
    it('nonpad_kv_seqlen: Less over [B, T] and the padding mask added over the [1, 1, 4, 16] bias', () => {
      const r = run('Attention', opset, { q: f32(1, 2, 4, 4), k: f32(1, 2, 16, 4), v: f32(1, 2, 16, 4), n: tensorOf(DataType.INT64, 1) }, {}, ['y'],
        { inputNames: ['q', 'k', 'v', '', '', '', 'n'] });
      // scores 1·2·4·16 = 128: MACs 128·8 = 1024; other Q 32 + K 2·16·4 = 128 + bias 128 + softmax 640
      // + guard over the [1, 1, 4, 16] bias 64 + 4 rows + padding Less 1·16 + Add 64 = 1076 → FLOPs 2048 + 1076 = 3124
      expect([r.macs, r.flops]).toEqual(['1024', '3124']);
    });
  }
});

describe.each([23])('RotaryEmbedding at opset %i', (opset) => {
  it('3 per rotated element', () => {
    // 1·2·3·8 = 48 elements, rotary dim 4 of 8: tokens·heads = 6 → 6·3·4 = 72
    const r = run('RotaryEmbedding', opset, { x: f32(1, 2, 3, 8), c: f32(3, 2), s: f32(3, 2) }, { rotary_embedding_dim: 4 });
    expect(r.shapes).toEqual(['[1, 2, 3, 8]']);
    expect(r.flops).toBe('72');
  });
});

describe.each([16, 20, 22])('GridSample at opset %i', (opset) => {
  it('bilinear 2D: shape [N, C, Ho, Wo]', () => {
    const r = run('GridSample', opset, { x: f32(1, 2, 4, 4), g: f32(1, 3, 5, 2) });
    expect(r.shapes).toEqual(['[1, 2, 3, 5]']);
    // locations 15 × (2·2 + 2·2 + 4·1) = 180; outputs 30 × 7 = 210 → 390
    expect(r.flops).toBe('390');
  });
});

describe.each([18])('Col2Im at opset %i', (opset) => {
  it('1 add per input element', () => {
    const r = run('Col2Im', opset, { x: f32(1, 12, 4) }, {}, ['y'], {
      initializers: [constTensor('img', DataType.INT64, [2], [3, 3]), constTensor('blk', DataType.INT64, [2], [2, 2])],
    });
    expect(r.shapes).toEqual(['[1, 3, 3, 3]']);
    expect(r.flops).toBe('48');
  });
});

describe.each([27])('CausalConvWithState at opset %i', (opset) => {
  it('depthwise MACs, bias, silu', () => {
    const r = run('CausalConvWithState', opset, { x: f32(2, 4, 10), w: f32(4, 1, 3), b: f32(4) }, { activation: 'silu' }, ['y', 'st']);
    expect(r.shapes).toEqual(['[2, 4, 10]', '[2, 4, 2]']);
    // 80 outputs: MACs 240, FLOPs 480 + 80·(1 + 2) = 720
    expect(r.flops).toBe('720');
  });
});
