/**
 * Decoder, packed, paged, sparse and long-sequence attention and position encodings (attention-decoder.ts,
 * attention-packed.ts, position.ts). The attention core over S queries × T keys is, per head, MatMul(Q, Kᵀ) S·T·dk +
 * MatMul(P, V) S·T·dv MACs, 1 scale + 1 per mask/bias add + Softmax 5 per score, 1 Exp per score.
 */
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, tensorOf } from '../../helpers/builders';
import { ms } from './run';

const T = (dtype: number) => (...d: number[]) => tensorOf(dtype, ...d);
const i8 = T(DataType.INT8), i32 = T(DataType.INT32), i64 = T(DataType.INT64), f16 = T(DataType.FLOAT16), bool = T(DataType.BOOL);
const s = () => f32();
const flag = (name: string, v: 0 | 1) => constTensor(name, DataType.BOOL, [], [v]);

describe('decoder attention', () => {
  it('DecoderMaskedSelfAttention ≡ Attention over past 3 + 1', () => {
    const r = ms('DecoderMaskedSelfAttention', [['x', f32(2, 1, 8)], ['w', f32(8, 24)], ['b', f32(24)], ['m', i32(2, 4)], ['past', f32(2, 2, 2, 3, 4)]], { num_heads: 2 }, 2);
    expect(r.shapes).toEqual(['[2, 1, 8]', '[2, 2, 2, 4, 4]']);
    // projection 2·1·8·24 = 384 MACs + bias 48; scores 2·2·1·4 = 16: 16·(4 + 4) = 128 MACs; 16·(scale + mask) + 5·16 = 112
    expect([r.macs, r.other, r.transcendental]).toEqual(['512', '160', '16']);
  });
  it.each([
    // self: T = 3 + 1; bias on Q, K, V: 2 tokens × 24 = 48; scores 16: 128 MACs, 16 + 80 other
    ['self', [['q', f32(2, 1, 8)], ['k', f32(2, 1, 8)], ['v', f32(2, 1, 8)], ['', null], ['', null], ['pk', f32(2, 2, 3, 4)], ['pv', f32(2, 2, 3, 4)],
      ['', null], ['', null], ['', null], ['b', f32(24)]], {}, [], ['[2, 1, 8]', '[2, 2, 4, 4]', '[2, 2, 4, 4]', '[2, 2, 1, 4]'], '128', '144', '16'],
    // a shared buffer of 10 with past_sequence_length 3: T = 4, present is the buffer
    ['shared buffer', [['q', f32(2, 1, 8)], ['k', f32(2, 1, 8)], ['v', f32(2, 1, 8)], ['', null], ['', null], ['pk', f32(2, 2, 10, 4)], ['pv', f32(2, 2, 10, 4)], ['ps', i32()]],
      { past_present_share_buffer: 1 }, [constTensor('ps', DataType.INT32, [], [3])], ['[2, 1, 8]', '[2, 2, 10, 4]', '[2, 2, 10, 4]', '[2, 2, 1, 4]'], '128', '96', '16'],
    // cross: key/value are the [B, h, 6, d] cache: scores 2·2·1·6 = 24, 24·8 = 192 MACs, 24 + 120 other
    ['cross', [['q', f32(2, 1, 8)], ['k', f32(2, 2, 6, 4)], ['v', f32(2, 2, 6, 4)]], {}, [], ['[2, 1, 8]', '[2, 2, 6, 4]', '[2, 2, 6, 4]', '[2, 2, 1, 6]'], '192', '144', '24'],
  ] as const)('DecoderMaskedMultiHeadAttention %s', (_name, inputs, attrs, init, shapes, macs, other, trans) => {
    const r = ms('DecoderMaskedMultiHeadAttention', inputs as never, { num_heads: 2, ...attrs }, 4, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(shapes);
    expect([r.macs, r.other, r.transcendental]).toEqual([macs, other, trans]);
  });

  const decoder = (extra: [string, ReturnType<typeof f32> | null][]) => [
    ['q', f32(3, 2, 8)], ['k', f32(5, 2, 8)], ['qw', f32(8, 8)], ['kvw', f32(8, 16)], ['b', f32(24)], ...extra,
  ] as [string, ReturnType<typeof f32> | null][];
  it.each([
    // no cache: Q 6 tokens·8·8 = 384 MACs + 48 bias; K/V 10 tokens·8·16 = 1280 MACs + 160 bias; scores 2·2·3·5 = 60 → 480 MACs, 60 + 300
    ['no cache', decoder([['', null], ['', null], ['', null], ['sk', bool()], ['up', bool()]]), [flag('sk', 0), flag('up', 0)], '[2, 2, 5, 4]', '2144', '568', '60'],
    // cached cross attention: no K/V projection; scores over the 7 cached keys 2·2·3·7 = 84 → 672 MACs, 84 + 420
    ['cached cross', decoder([['', null], ['kc', f32(2, 2, 7, 4)], ['vc', f32(2, 2, 7, 4)], ['sk', bool()], ['up', bool()]]), [flag('sk', 1), flag('up', 1)], '[2, 2, 7, 4]', '1056', '552', '84'],
    // flags known only at run time: the larger path (project, attend the 5 new keys) — as the first case
    ['unknown flags', decoder([['', null], ['', null], ['', null], ['sk', bool()], ['up', bool()]]), [], '[2, 2, 5, 4]', '2144', '568', '60'],
  ] as const)('DecoderAttention %s', (_name, inputs, init, cache, macs, other, trans) => {
    const r = ms('DecoderAttention', inputs as never, { num_heads: 2 }, 3, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(['[3, 2, 8]', cache, cache]);
    expect([r.macs, r.other, r.transcendental]).toEqual([macs, other, trans]);
  });
});

describe('packed, paged, sparse and long-sequence attention', () => {
  it.each([
    // projection on 7 packed tokens 7·24 = 168 (×8 = 1344 MACs, 168 bias); core over the padded [2, 4]: 64 scores, 512 MACs, 64 + 320
    ['PackedAttention', [['x', f32(7, 8)], ['w', f32(8, 24)], ['b', f32(24)], ['o', i32(2, 4)], ['c', i32(3)]], { num_heads: 2 }, '[7, 8]', '1856', '552', '64'],
    // bias adds 7·24 = 168; the same core
    ['PackedMultiHeadAttention', [['q', f32(7, 8)], ['k', f32(7, 8)], ['v', f32(7, 8)], ['b', f32(24)], ['o', i32(2, 4)], ['c', i32(3)]], { num_heads: 2 }, '[7, 8]', '512', '552', '64'],
    // 5 tokens × 4 heads attend A keys each: 20A scores, 8 MACs and 6 other per score
    ['PagedAttention', [['q', f16(5, 16)], ['k', f16(5, 8)], ['v', f16(5, 8)], ['kc', f16(10, 16, 2, 4)], ['vc', f16(10, 16, 2, 4)], ['c', i32(3)], ['p', i32(2)], ['bt', i32(2, 4)]],
      { num_heads: 4, kv_num_heads: 2 }, '[5, 16]', '160*paged_attended_length_0', '120*paged_attended_length_0', '20*paged_attended_length_0'],
    // 1·4 heads·4 queries × A admitted keys: 16A scores
    ['SparseAttention', [['q', f32(1, 4, 16)], ['k', f32(1, 4, 8)], ['v', f32(1, 4, 8)], ['pk', f32(1, 2, 64, 4)], ['pv', f32(1, 2, 64, 4)], ['r', i32(1, 5)], ['cl', i32(1, 10)], ['t', i32()], ['kl', i32(1)]],
      { num_heads: 4, kv_num_heads: 2, sparse_block_size: 16 }, '[1, 4, 16]', '128*sparse_attended_length_0', '96*sparse_attended_length_0', '16*sparse_attended_length_0'],
  ] as const)('%s', (op, inputs, attrs, shape, macs, other, trans) => {
    const r = ms(op, inputs as never, attrs as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes[0]).toBe(shape);
    expect([r.macs, r.other, r.transcendental]).toEqual([macs, other, trans]);
  });

  it('LongformerAttention: two QKV projections and a window of 2W + 1 keys plus G global tokens both ways', () => {
    const r = ms('LongformerAttention', [['x', f32(1, 8, 8)], ['w', f32(8, 24)], ['b', f32(24)], ['m', f32(1, 8)], ['gw', f32(8, 24)], ['gb', f32(24)], ['g', i32(1, 8)]],
      { num_heads: 2, window: 2 });
    expect(r.shapes).toEqual(['[1, 8, 8]']);
    // projections 2 × 8 tokens·24·8 = 3072 MACs, biases 384; scores 2 heads·8 × (2G + 5): 32G + 80;
    // MACs 8 per score: 256G + 640; other 7 per score (scale, mask, Softmax 5): 224G + 560
    expect([r.macs, r.other, r.transcendental]).toEqual(['256*global_tokens_0 + 3712', '224*global_tokens_0 + 944', '32*global_tokens_0 + 80']);
  });

  it('QOrderedLongformerAttention ≡ DequantizeLinear + LongformerAttention + QuantizeLinear', () => {
    const r = ms('QOrderedLongformerAttention', [['x', i8(1, 8, 8)], ['sx', s()], ['w', i8(8, 24)], ['sw', s()], ['b', f32(24)], ['sb', s()], ['sq', s()],
      ['m', f32(1, 8)], ['gw', i8(8, 24)], ['sgw', s()], ['gb', f32(24)], ['sg', s()], ['g', i32(1, 8)], ['so', s()]],
      { num_heads: 2, window: 2, order_input: 1, order_weight: 0, order_global_weight: 0, order_output: 1 });
    // as LongformerAttention + dequantize 2·64 + quantize 5·64 = 448 more
    expect([r.macs, r.other]).toEqual(['256*global_tokens_0 + 3712', '224*global_tokens_0 + 1392']);
  });

  it('QOrderedAttention ≡ DequantizeLinear + Attention with separate Q, K, V weights + QuantizeLinear', () => {
    const scales = (n: string) => [[`${n}q`, s()], [`${n}k`, s()], [`${n}v`, s()]] as [string, ReturnType<typeof f32>][];
    const r = ms('QOrderedAttention', [['x', i8(1, 4, 8)], ['sx', s()], ...scales('g'), ['wq', i8(8, 8)], ['wk', i8(8, 8)], ['wv', i8(8, 8)], ...scales('sw'),
      ['bq', f32(8)], ['bk', f32(8)], ['bv', f32(8)], ['', null], ['', null], ['svg', s()]], { num_heads: 2, order_input: 1, order_weight: 0, order_output: 1 });
    expect(r.errors).toEqual([]);
    expect([r.shapes[0], r.dtypes[0]]).toEqual(['[1, 4, 8]', DataType.INT8]);
    // projection 4 tokens·24 = 96 → 768 MACs + 96 bias; scores 1·2·4·4 = 32 → 256 MACs, 32 + 160;
    // dequantize input 2·32 = 64, quantize output 5·32 = 160: other 96 + 192 + 64 + 160 = 512
    expect([r.macs, r.other, r.transcendental]).toEqual(['1024', '512', '32']);
  });
});

describe('position encodings and attention biases', () => {
  it.each([
    // Sin, Cos over emb 24 (48, transcendental) + 3 per element of q 48 and k 48
    ['GemmaRotaryEmbedding', [['e', f32(1, 3, 8)], ['q', f32(1, 2, 3, 8)], ['qr', f32(1, 2, 3, 8)], ['k', f32(1, 2, 3, 8)], ['kr', f32(1, 2, 3, 8)]], {}, [], '[1, 2, 3, 8]', '336', '48'],
    // the whole head rotates: 48 × 3
    ['MRotaryEmbedding', [['x', f32(1, 2, 3, 8)], ['p', i64(3, 1, 3)], ['c', f32(10, 4)], ['s', f32(10, 4)]], { mrope_section: [2, 1, 1] }, [], '[1, 2, 3, 8]', '144', '0'],
    // 5 × 6 pairs × 13, one Log each
    ['RelativePositionBias', [['t', f32(32, 4)], ['ql', i64()], ['kl', i64()]], { max_distance: 128, is_bidirectional: 1 },
      [constTensor('ql', DataType.INT64, [], [5]), constTensor('kl', DataType.INT64, [], [6])], '[1, 4, 5, 6]', '390', '30'],
    ['RelativePositionBias', [['t', f32(32, 4)], ['ql', i64()], ['kl', i64()]], { max_distance: 128 },
      [constTensor('ql', DataType.INT64, [], [5]), constTensor('kl', DataType.INT64, [], [6])], '[1, 4, 5, 6]', '300', '30'],
  ] as const)('%s %#', (op, inputs, attrs, init, shape, other, trans) => {
    const r = ms(op, inputs as never, attrs as never, 1, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes[0]).toBe(shape);
    expect([r.other, r.transcendental]).toEqual([other, trans]);
  });

  it('GatedRelativePositionBias: query bias, gate projection, pair sums, Sigmoid, gate arithmetic, × rel_pos', () => {
    const r = ms('GatedRelativePositionBias', [['q', f32(1, 4, 8)], ['qb', f32(8)], ['rp', f32(1, 2, 4, 4)], ['w', f32(4, 6)], ['b', f32(6)], ['e', f32(1, 2, 1, 1)]], { num_heads: 2 });
    expect(r.shapes).toEqual(['[1, 2, 4, 4]']);
    // 4 tokens × 2 heads = 8 rows of d = 4, D = 6: query + bias 32; gate 8·4·6 = 192 MACs + bias 48; pair sums 48;
    // Sigmoid 2·8 = 16; gate arithmetic 4·8 = 32; × rel_pos 2·4·4 = 32: other 208
    expect([r.macs, r.other, r.transcendental]).toEqual(['192', '208', '16']);
  });
});
