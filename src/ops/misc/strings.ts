/**
 * String and text operators. String operations are no arithmetic: data movement (0 FLOPs; bytes unknown, as
 * string sizes are). TfIdfVectorizer's n-gram matching is table lookup; its arithmetic is per output cell: the
 * count (TF), the weight (IDF), or both multiplied (TFIDF: 2). ImageDecoder's work is codec-specific: unknown.
 */
import { Dim } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { P } from '../../ir/poly';
import { broadcastShapes } from '../helpers/broadcast';
import { dataMovement, perOutputElement, unknownCost } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { OpRule } from '../types';

const stringRule = (opType: string, since: number, infer: OpRule['infer']): OpRule => ({
  domain: 'ai.onnx', opType, since, infer, cost: dataMovement, costNote: 'string operation: data movement',
});

/**
 * How many strings StringNormalizer keeps: those not among the stop words (compared case-insensitively unless
 * is_case_sensitive). When every string is removed the output holds one empty string, so the count is 1.
 */
function keptStrings(values: readonly string[] | undefined, stopwords: readonly string[], caseSensitive: boolean): number | undefined {
  if (!values) return undefined;
  const norm = (w: string): string => (caseSensitive ? w : w.toLowerCase());
  const stop = new Set(stopwords.map(norm));
  const kept = values.filter((w) => !stop.has(norm(w))).length;
  return kept === 0 ? 1 : kept;
}

export const stringRules: OpRule[] = [
  stringRule('RegexFullMatch', 20, (ctx) => [tensorType(DataType.BOOL, ctx.shape(0))]),
  stringRule('StringConcat', 20, (ctx) => [tensorType(DataType.STRING, broadcastShapes([ctx.shape(0), ctx.shape(1)]))]),
  stringRule('StringSplit', 20, (ctx) => {
    const x = ctx.shape(0);
    return [
      tensorType(DataType.STRING, x ? [...x, ctx.fresh('substrings')] : null),
      tensorType(DataType.INT64, x),
    ];
  }),
  stringRule('StringNormalizer', 10, (ctx) => {
    const x = ctx.shape(0);
    if (x && !(x.length === 1 || (x.length === 2 && x[0]?.value === 1n))) {
      ctx.fail(`input must be [C] or [1, C], got [${x.map((d) => d?.toString() ?? '?').join(', ')}]`);
    }
    // Stop words remove a data-dependent number of strings: exact when the input is known, else a fresh symbol.
    const stop = ctx.attrs.strings('stopwords');
    const kept = stop && stop.length ? keptStrings(ctx.value(0)?.strings, stop, ctx.attrs.int('is_case_sensitive', 0) === 1) : undefined;
    const shape = x && stop && stop.length ? [...x.slice(0, -1), kept !== undefined ? P.n(kept) : ctx.fresh('kept_strings')] : x;
    return [tensorType(DataType.STRING, shape)];
  }),
  {
    domain: 'ai.onnx', opType: 'TfIdfVectorizer', since: 9,
    infer: (ctx) => {
      const indexes = ctx.attrs.ints('ngram_indexes') ?? ctx.fail("TfIdfVectorizer needs 'ngram_indexes'");
      const mode = ctx.attrs.string('mode', '');
      if (!['TF', 'IDF', 'TFIDF'].includes(mode)) ctx.fail(`mode '${mode}' is not TF, IDF or TFIDF`);
      const width = P.n(indexes.length ? indexes.reduce((a, b) => Math.max(a, b), -Infinity) + 1 : 0); // no spread: attribute lists can be huge
      const x = ctx.shape(0);
      if (x && x.length !== 1 && x.length !== 2) ctx.fail(`input must be [C] or [N, C], got rank ${x.length}`);
      const shape: Dim[] | null = x ? (x.length === 1 ? [width] : [x[0], width]) : null;
      return [tensorType(DataType.FLOAT, shape)];
    },
    cost: (ctx) => perOutputElement(ctx.attrs.string('mode', '') === 'TFIDF' ? 2 : 1)(ctx),
    costNote: 'per output cell: 1 (TF count or IDF weight), 2 (TFIDF)',
  },
  {
    domain: 'ai.onnx', opType: 'ImageDecoder', since: 20,
    infer: (ctx) => {
      const format = ctx.attrs.string('pixel_format', 'RGB');
      if (!['RGB', 'BGR', 'Grayscale'].includes(format)) ctx.fail(`pixel_format '${format}' is not RGB, BGR or Grayscale`);
      return [tensorType(DataType.UINT8, [ctx.fresh('image_height'), ctx.fresh('image_width'), P.n(format === 'Grayscale' ? 1 : 3)])];
    },
    cost: () => unknownCost('image decoding is codec-specific'),
    costNote: 'unknown: codec-specific',
  },
];
