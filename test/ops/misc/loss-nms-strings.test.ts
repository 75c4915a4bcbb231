import { DataType } from '../../../src/ir/dtype';
import { f32, i64, model, node, tensorOf } from '../../helpers/builders';
import { run } from './run';

const str = (...d: (number | string)[]) => tensorOf(DataType.STRING, ...d);

// input [3, 5, 2] (E = 30), target [3, 2] (G = 6), weight [5].
describe.each([[12], [13], [22]])('NegativeLogLikelihoodLoss opset %i', (opset) => {
  it.each([
    // reduction, weight, ignore_index, shape, FLOPs (from the function body)
    ['none', false, false, '[3, 2]', '6'], // Neg 6
    ['sum', false, false, '[]', '12'], // Neg 6 + ReduceSum 6
    ['mean', false, false, '[]', '13'], // Neg 6 + ReduceMean (6 + 1)
    ['none', true, false, '[3, 2]', '12'], // Neg 6 + Mul 6
    ['mean', true, false, '[]', '25'], // Neg 6 + Mul 6 + ReduceSum 6 ×2 + Div 1
    ['mean', false, true, '[]', '37'], // Sub 6 + Equal 6 + Neg 6 + Mul 6 + ReduceSum 6 ×2 + Div 1
    ['sum', true, true, '[]', '30'], // Sub 6 + Equal 6 + Neg 6 + Mul 6 + ReduceSum 6
  ])('reduction %s, weight %s, ignore_index %s → %s, %s FLOPs', (reduction, weight, ii, shape, flops) => {
    const attrs: Record<string, string | number> = { reduction };
    if (ii) attrs.ignore_index = 1;
    const r = run(model([node('NegativeLogLikelihoodLoss', weight ? ['x', 't', 'w'] : ['x', 't'], ['loss'], attrs)],
      { opset, inputs: { x: f32(3, 5, 2), t: i64(3, 2), w: f32(5) } }));
    expect(r.shape()).toBe(shape);
    expect(r.flops).toBe(flops);
  });
  it('target shape must match input without its class dim', () => {
    const r = run(model([node('NegativeLogLikelihoodLoss', ['x', 't'], ['loss'])], { opset, inputs: { x: f32(3, 5, 2), t: i64(3, 4) } }));
    expect(r.errors.join()).toMatch(/target \[3, 4\] does not match input \[3, 5, 2\]/);
    expect(r.kind).toBe('unknown');
  });
  it('bad reduction is an error', () => {
    const r = run(model([node('NegativeLogLikelihoodLoss', ['x', 't'], ['loss'], { reduction: 'avg' })], { opset, inputs: { x: f32(3, 5), t: i64(3) } }));
    expect(r.errors.join()).toMatch(/reduction 'avg'/);
  });
});

describe.each([[12], [13]])('SoftmaxCrossEntropyLoss opset %i', (opset) => {
  it('mean, no weight: LogSoftmax (5E + G) + NLL (2G + 1); log_prob like the scores', () => {
    const r = run(model([node('SoftmaxCrossEntropyLoss', ['x', 't'], ['loss', 'lp'])], { opset, inputs: { x: f32(3, 5, 2), t: i64(3, 2) } }));
    expect(r.shape(0)).toBe('[]');
    expect(r.shape(1)).toBe('[3, 5, 2]');
    expect(r.flops).toBe('169'); // 5·30 + 6 = 156; NLL mean unweighted 6 + 6 + 1 = 13; 169
    expect(r.transcendental).toBe('36'); // Exp 30 + Log 6
  });
  it('none with weight, symbolic batch', () => {
    const r = run(model([node('SoftmaxCrossEntropyLoss', ['x', 't', 'w'], ['loss'], { reduction: 'none' })], { opset, inputs: { x: f32('N', 4), t: i64('N'), w: f32(4) } }));
    expect(r.shape()).toBe('[N]');
    expect(r.flops).toBe('23*N'); // 5·4N + N = 21N; Neg N + Mul N = 2N
  });
});

describe.each([[10], [11]])('NonMaxSuppression opset %i', (opset) => {
  it('[selected, 3] with a fresh symbol, cost unknown', () => {
    const r = run(model([node('NonMaxSuppression', ['b', 's'], ['i'])], { opset, inputs: { b: f32(1, 6, 4), s: f32(1, 2, 6) } }));
    expect(r.shape()).toMatch(/^\[nms_selected_\d+, 3\]$/);
    expect(r.dtype()).toBe(DataType.INT64);
    expect(r.kind).toBe('unknown');
  });
  it('boxes and scores must agree', () => {
    const r = run(model([node('NonMaxSuppression', ['b', 's'], ['i'])], { opset, inputs: { b: f32(1, 6, 4), s: f32(1, 2, 7) } }));
    expect(r.errors.join()).toMatch(/disagree on batches or boxes/);
  });
});

describe('string operators: data movement', () => {
  it.each([
    ['RegexFullMatch', 20, ['x'], { pattern: 'a+' }, { x: str(2, 3) }, '[2, 3]', DataType.BOOL],
    ['StringConcat', 20, ['x', 'x2'], {}, { x: str(2, 3), x2: str(3) }, '[2, 3]', DataType.STRING],
    ['StringNormalizer', 10, ['x'], { case_change_action: 'LOWER' }, { x: str(1, 4) }, '[1, 4]', DataType.STRING],
  ])('%s', (op, opset, inputs, attrs, types, shape, dtype) => {
    const r = run(model([node(op, inputs, ['y'], attrs)], { opset, inputs: types }));
    expect(r.shape()).toBe(shape);
    expect(r.dtype()).toBe(dtype);
    expect(r.kind).toBe('dataMovement');
  });
  it('StringSplit: a symbol for the substring count; counts per input', () => {
    const r = run(model([node('StringSplit', ['x'], ['y', 'z'])], { opset: 20, inputs: { x: str(3) } }));
    expect(r.shape(0)).toMatch(/^\[3, substrings_\d+\]$/);
    expect(r.shape(1)).toBe('[3]');
  });
  it('StringNormalizer with stop words: data-dependent length', () => {
    const r = run(model([node('StringNormalizer', ['x'], ['y'], { stopwords: ['a', 'the'] })], { opset: 10, inputs: { x: str(5) } }));
    expect(r.shape()).toMatch(/^\[kept_strings_\d+\]$/);
  });
  it('StringNormalizer rejects [2, 3]', () => {
    const r = run(model([node('StringNormalizer', ['x'], ['y'])], { opset: 10, inputs: { x: str(2, 3) } }));
    expect(r.errors.join()).toMatch(/must be \[C\] or \[1, C\]/);
  });
});

describe('TfIdfVectorizer 9', () => {
  const attrs = (mode: string) => ({
    mode, min_gram_length: 1, max_gram_length: 2, max_skip_count: 0,
    ngram_counts: [0, 3], ngram_indexes: [0, 1, 2, 3, 4, 5, 6], pool_int64s: [2, 3, 5, 4, 5, 6, 7, 8, 6, 7],
  });
  it.each([['TF', '14'], ['IDF', '14'], ['TFIDF', '28']])('%s on [2, 12] → [2, 7], %s FLOPs', (mode, flops) => {
    const r = run(model([node('TfIdfVectorizer', ['x'], ['y'], attrs(mode))], { opset: 9, inputs: { x: tensorOf(DataType.INT32, 2, 12) } }));
    expect(r.shape()).toBe('[2, 7]'); // max(ngram_indexes) + 1 = 7
    expect(r.flops).toBe(flops); // 14 cells × (1 | 1 | 2)
  });
  it('bad mode is an error', () => {
    const r = run(model([node('TfIdfVectorizer', ['x'], ['y'], attrs('BM25'))], { opset: 9, inputs: { x: i64(4) } }));
    expect(r.errors.join()).toMatch(/mode 'BM25'/);
  });
});

describe('ImageDecoder 20', () => {
  it.each([['RGB', 3], ['Grayscale', 1]])('%s: [H, W, %i], cost unknown', (format, channels) => {
    const r = run(model([node('ImageDecoder', ['b'], ['img'], { pixel_format: format })], { opset: 20, inputs: { b: tensorOf(DataType.UINT8, 'bytes') } }));
    expect(r.shape()).toMatch(new RegExp(`^\\[image_height_\\d+, image_width_\\d+, ${channels}\\]$`));
    expect(r.kind).toBe('unknown');
  });
});
