/** Tensor, text and token contrib operators (src/ops/ms/tensor.ts, text.ts); figures by hand. */
import { inferModel } from '../../../src/infer/engine';
import { shapeToString } from '../../../src/ir/dim';
import { DataType } from '../../../src/ir/dtype';
import { constTensor, f32, model, node, tensorOf } from '../../helpers/builders';
import { ms } from './run';

const T = (dtype: number) => (...d: number[]) => tensorOf(dtype, ...d);
const u8 = T(DataType.UINT8), i4 = T(DataType.INT4), i32 = T(DataType.INT32), i64 = T(DataType.INT64), str = T(DataType.STRING);
const ints = (name: string, v: number[], dtype = DataType.INT64) => constTensor(name, dtype, [v.length], v);
const scalar = (name: string, v: number, dtype = DataType.INT64) => constTensor(name, dtype, [], [v]);

describe('data-movement contrib operators', () => {
  it.each([
    ['Trilu', [['x', f32(3, 4)]], [], ['[3, 4]']],
    ['GatherND', [['d', f32(2, 3, 4)], ['i', i64(5, 2)]], [], ['[5, 4]']],
    // pads [0, 1, 0, 1]: 2 × (3 + 1 + 1)
    ['Pad', [['x', f32(2, 3)], ['p', i64(4)]], [ints('p', [0, 1, 0, 1])], ['[2, 5]']],
    ['ExpandDims', [['x', f32(2, 3)], ['a', i32()]], [scalar('a', 1, DataType.INT32)], ['[2, 1, 3]']],
    ['ExpandDims', [['x', f32(2, 3)], ['a', i32()]], [scalar('a', -1, DataType.INT32)], ['[2, 3, 1]']],
    // floor((10 − 4) / 2) + 1 = 4 windows of 4
    ['UnfoldTensor', [['x', f32(2, 10)]], [], ['[2, 4, 4]']],
    ['TorchEmbedding', [['w', f32(100, 8)], ['i', i64(2, 5)]], [], ['[2, 5, 8]']],
    ['Unique', [['x', f32(6)]], [], ['[unique_0]', '[6]', '[unique_0]']],
    ['RemovePadding', [['x', f32(2, 5, 8)], ['n', i32(2)]], [], ['[total_tokens_0, 8]', '[2, 5]', '[3]', '[1]']],
    ['RestorePadding', [['x', f32(7, 8)], ['o', i32(2, 5)]], [], ['[2, 5, 8]']],
    ['Tokenizer', [['x', str(3)]], [], ['[3, tokens_0]']],
    ['Tokenizer', [['x', str(2, 3)]], [], ['[2, 3, tokens_0]']],
  ] as const)('%s %#', (op, inputs, init, shapes) => {
    const attrs: Record<string, number | string> = op === 'UnfoldTensor' ? { dim: -1, size: 4, step: 2 } : op === 'Tokenizer' ? { mark: 0, mincharnum: 1, pad_value: '#' } : {};
    const r = ms(op, inputs as never, attrs, shapes.length, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes).toEqual(shapes);
    expect(r.kind).toBe('dataMovement');
  });

  it('Range (delta defaults to 1) folds to its value', () => {
    const r = ms('Range', [['s', i64()], ['l', i64()]], {}, 1, [scalar('s', 2), scalar('l', 7)]);
    expect(r.shapes).toEqual(['[5]']);
  });

  it('BifurcationDetector: a fresh symbol for the tokens, cost unknown (data-dependent), not zero', () => {
    const r = ms('BifurcationDetector', [['s', i64(10)], ['c', i64(4)], ['p', i64()]], { max_ngram_size: 3, min_ngram_size: 1 }, 2);
    expect(r.shapes).toEqual(['[bifurcation_tokens_0]', '[]']);
    expect(r.kind).toBe('unknown');
  });
});

describe('arithmetic contrib operators over tensors', () => {
  it.each([
    // r = 2: per location 2r + 2r + 2^r·(r − 1) = 12 over 1·3·3 = 9 locations; per output 2·2^r − 1 = 7 over 18
    ['GridSample', [['x', f32(1, 2, 4, 4)], ['g', f32(1, 3, 3, 2)]], {}, [], '[1, 2, 3, 3]', '234', '0'],
    // logical data [100, 4·... ]: uint8 [100, 16] at 4 bits is [100, 32]; gather 2·3 rows → [2, 3, 32] = 192 × 2
    ['GatherBlockQuantized', [['d', u8(100, 16)], ['i', i64(2, 3)], ['s', f32(100, 1)]], { bits: 4, block_size: 32, gather_axis: 0, quantize_axis: 1 }, [], '[2, 3, 32]', '384', '0'],
    // int4 data is logical already: [4, 32] = 128 × 2
    ['GatherBlockQuantized', [['d', i4(100, 32)], ['i', i64(4)], ['s', f32(100, 1)]], { block_size: 32, quantize_axis: 1 }, [], '[4, 32]', '256', '0'],
    // out 5·3·4·6 = 360 × 7 bilinear + coordinates 5 crops × (4 rows + 6 columns) × 4 = 200 → 2720
    ['CropAndResize', [['x', f32(1, 3, 10, 10)], ['r', f32(5, 4)], ['b', i32(5)], ['c', i32(2)]], {}, [ints('c', [4, 6], DataType.INT32)], '[5, 3, 4, 6]', '2720', '0'],
    ['CropAndResize', [['x', f32(1, 3, 10, 10)], ['r', f32(5, 4)], ['b', i32(5)], ['c', i32(2)]], { mode: 'nearest' }, [ints('c', [4, 6], DataType.INT32)], '[5, 3, 4, 6]', '200', '0'],
    // 4·6 cells × (Min of 3: 2, Add 1)
    ['DynamicTimeWarping', [['x', f32(4, 6)]], {}, [], '[2, dtw_path_0]', '72', '0'],
    // per token m² − 1 = 8 (mixing n = 2, 3) + (m − 1)·heads = 4 Mods: 12 × 10 tokens
    ['NGramHashMapping', [['i', i64(2, 5)], ['m', i64(3)], ['v', i64(4)]], { max_ngram_size: 3, n_head_per_ngram: 2, pad_id: 0 }, [], '[2, 5, 4]', '120', '0'],
    // with head_offsets: + 4 Adds → 16 × 10
    ['NGramHashMapping', [['i', i64(2, 5)], ['m', i64(3)], ['v', i64(4)], ['', null], ['o', i64(4)]], { max_ngram_size: 3, n_head_per_ngram: 2, pad_id: 0 }, [], '[2, 5, 4]', '160', '0'],
    // packed: 12 × 7 tokens
    ['VarlenNGramHashMapping', [['i', i64(7)], ['m', i64(3)], ['v', i64(4)], ['c', i32(3)]], { max_ngram_size: 3, n_head_per_ngram: 2, pad_id: 0 }, [], '[7, 4]', '84', '0'],
    // 2 rows × (6 − 2) windows × 2·(3 − 1)
    ['NGramRepeatBlock', [['i', i64(2, 6)], ['s', f32(2, 50)]], { ngram_size: 3 }, [], '[2, 50]', '32', '0'],
  ] as const)('%s %#', (op, inputs, attrs, init, shape, other, trans) => {
    const r = ms(op, inputs as never, attrs as never, 1, init as never);
    expect(r.errors).toEqual([]);
    expect(r.shapes[0]).toBe(shape);
    expect([r.macs, r.other, r.transcendental]).toEqual(['0', other, trans]);
  });

  it('WordConvEmbedding ≡ Gather + Conv(3 × 8) + bias + Tanh + max over 10 − 3 + 1 = 8 positions', () => {
    const r = ms('WordConvEmbedding', [['s', i32(5, 10)], ['w', f32(16, 1, 3, 8)], ['b', f32(16)], ['c', f32(60, 8)]]);
    expect(r.shapes).toEqual(['[5, 16]']);
    // outputs before the max 5·8·16 = 640: MACs 640·3·8 = 15360; bias, Tanh, Max 3·640 = 1920; Tanh 640
    expect([r.macs, r.other, r.transcendental]).toEqual(['15360', '1920', '640']);
  });

  it('NGramHashMapping also returns the history for the next call: [batch, m − 1]', () => {
    const r = ms('NGramHashMapping', [['i', i64(2, 5)], ['m', i64(3)], ['v', i64(4)]], { max_ngram_size: 3, n_head_per_ngram: 2, pad_id: 0 }, 2);
    expect(r.shapes).toEqual(['[2, 5, 4]', '[2, 2]']);
  });

  it.each([
    ['UnfoldTensor', [['x', f32(2, 3)]], { size: 4 }, /fewer than size 4/],
    ['GatherBlockQuantized', [['d', u8(10, 16)], ['i', i64(2)], ['s', f32(10, 1)]], { bits: 3 }, /bits 3/],
    ['CropAndResize', [['x', f32(1, 3, 10, 10)], ['r', f32(5, 3)], ['b', i32(5)], ['c', i32(2)]], {}, /\[num_rois, 4\]/],
    ['NGramHashMapping', [['i', i64(2, 5)], ['m', i64(3)], ['v', i64(4)]], { max_ngram_size: 1, n_head_per_ngram: 2, pad_id: 0 }, /max_ngram_size 1/],
    ['Tokenizer', [['x', str(2, 3, 4)]], { mark: 0, mincharnum: 1, pad_value: '#' }, /rank 3/],
    ['Unique', [['x', f32(2, 3)]], {}, /1-D input/],
  ] as const)('%s rejects invalid input %#', (op, inputs, attrs, msg) => {
    expect(ms(op, inputs as never, attrs as never).errors.join()).toMatch(msg);
  });
});

describe('Tokenizer → TfIdfVectorizer → LinearClassifier (an sklearn text pipeline)', () => {
  it('the token count is a fresh symbol, so everything after the Tokenizer still counts', () => {
    const m = model([
      node('Tokenizer', ['text'], ['tokens'], { mark: 0, mincharnum: 1, pad_value: '#', separators: [' '] }, { domain: 'com.microsoft' }),
      node('TfIdfVectorizer', ['tokens'], ['tf'], { mode: 'TF', min_gram_length: 1, max_gram_length: 1, max_skip_count: 0, ngram_counts: [0], ngram_indexes: [0, 1, 2], pool_strings: ['a', 'b', 'c'] }),
      node('LinearClassifier', ['tf'], ['label', 'scores'], { coefficients: { floats: [1, 2, 3, 4, 5, 6] }, intercepts: { floats: [0, 1] }, classlabels_ints: [0, 1] }, { domain: 'ai.onnx.ml' }),
    ], { inputs: { text: str(1) }, opset: 13, opsets: { 'com.microsoft': 1, 'ai.onnx.ml': 1 }, outputs: ['label', 'scores'] });
    const r = inferModel(m);
    const [tok, tf, clf] = r.graph.nodes;
    expect(tok.outputs[0] && tok.outputs[0].kind === 'tensor' ? shapeToString(tok.outputs[0].shape) : '?').toBe('[1, tokens_0]');
    expect(tf.outputs[0] && tf.outputs[0].kind === 'tensor' ? shapeToString(tf.outputs[0].shape) : '?').toBe('[1, 3]');
    expect([tok.status, tf.status, clf.status]).toEqual(['dataMovement', 'counted', 'counted']);
    // TfIdf: 3 TF cells; LinearClassifier: MACs 1·3·2 = 6, intercepts 2, ArgMax 2
    expect(r.graph.cost.uncounted ?? []).toEqual([]);
    expect([r.graph.cost.macs.toString(), r.graph.cost.other.toString()]).toEqual(['6', '7']);
  });
});
