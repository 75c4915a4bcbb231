/**
 * Lookup, encoding and re-packing operators of ai.onnx.ml. None does arithmetic: a table lookup, a one-hot write or
 * a copy moves data, so each costs `dataMovement` (0 FLOPs, output bytes moved).
 */
import { Dim, dimAdd, numElements } from '../../ir/dim';
import { DataType } from '../../ir/dtype';
import { ValueType } from '../../ir/model';
import { P } from '../../ir/poly';
import { bytesOf, dataMovement } from '../helpers/cost';
import { tensorType } from '../helpers/types';
import { InferFn, OpRule, RuleContext } from '../types';
import { ML, labelType } from './common';

const STRING = DataType.STRING, INT64 = DataType.INT64, FLOAT = DataType.FLOAT;

/** Entries of a list or tensor attribute, whatever its type; undefined when absent. */
function attrLength(ctx: RuleContext, name: string): number | undefined {
  const a = ctx.node.attributes.get(name);
  if (!a) return undefined;
  if (a.type === 'tensor') return Number(a.value.dims.reduce((x, d) => x * d, 1n));
  return 'value' in a && Array.isArray(a.value) ? a.value.length : 1;
}

/** The one attribute of `names` that is set (non-empty); fails when several are. */
function oneOf(ctx: RuleContext, names: readonly string[], what: string): string | undefined {
  const set = names.filter((n) => (attrLength(ctx, n) ?? 0) > 0);
  if (set.length > 1) ctx.fail(`${what}: only one of ${set.join(', ')} may be set`);
  return set[0];
}

/** Strings map to int64 and int64 to strings (LabelEncoder-1, CategoryMapper). */
function stringIntSwap(ctx: RuleContext, defaultsDecide: boolean): number {
  const dt = ctx.dtype(0);
  if (dt === STRING) return INT64;
  if (dt === INT64) return STRING;
  if (dt !== 0) ctx.fail(`input element type ${dt} is neither string nor int64`);
  if (!defaultsDecide) return 0;
  return ctx.attrs.has('default_string') ? STRING : ctx.attrs.has('default_int64') ? INT64 : 0;
}

const VALUE_TYPES: Record<string, number> = { values_strings: STRING, values_int64s: INT64, values_floats: FLOAT };

function labelEncoderInfer(since: number): InferFn {
  return (ctx) => {
    if (since === 1) return [tensorType(stringIntSwap(ctx, true), ctx.shape(0))];
    const keyNames = ['keys_strings', 'keys_int64s', 'keys_floats', ...(since >= 4 ? ['keys_tensor'] : [])];
    const valueNames = ['values_strings', 'values_int64s', 'values_floats', ...(since >= 4 ? ['values_tensor'] : [])];
    const keys = oneOf(ctx, keyNames, 'keys');
    const values = oneOf(ctx, valueNames, 'values');
    if (!keys || !values) ctx.fail('one keys_* and one values_* attribute are required');
    const nk = attrLength(ctx, keys!), nv = attrLength(ctx, values!);
    if (nk !== undefined && nv !== undefined && nk !== nv) ctx.fail(`${keys} has ${nk} entries but ${values} has ${nv}`);
    const dtype = values === 'values_tensor' ? ctx.attrs.tensor('values_tensor')!.dtype : VALUE_TYPES[values!];
    return [tensorType(dtype, ctx.shape(0))];
  };
}

const categoryMapperInfer: InferFn = (ctx) => {
  const ni = ctx.attrs.bigints('cats_int64s')?.length, ns = ctx.attrs.strings('cats_strings')?.length;
  if (ni !== undefined && ns !== undefined && ni !== ns) ctx.fail(`cats_int64s has ${ni} entries but cats_strings has ${ns}`);
  return [tensorType(stringIntSwap(ctx, false), ctx.shape(0))];
};

const oneHotInfer: InferFn = (ctx) => {
  const cats = oneOf(ctx, ['cats_int64s', 'cats_strings'], 'categories');
  if (!cats) ctx.fail('one of cats_int64s / cats_strings is required');
  const s = ctx.shape(0);
  return [tensorType(FLOAT, s ? [...s, P.n(attrLength(ctx, cats!)!)] : null)];
};

/** Indices select along the last axis: [..., C] → [..., |Y|]; a 1-D X gives [1, |Y|] (onnxruntime). */
const arrayFeatureExtractorInfer: InferFn = (ctx) => {
  const x = ctx.shape(0), y = ctx.shape(1);
  if (ctx.dtype(1) !== 0 && ctx.dtype(1) !== INT64) ctx.fail(`indices Y must be int64, got element type ${ctx.dtype(1)}`);
  let count: Dim = null;
  if (y) {
    count = P.n(1);
    for (const d of y) count = count && d ? count.mul(d) : null;
  }
  if (!x) return [tensorType(ctx.dtype(0), null)];
  if (x.length === 0) ctx.fail('X must have rank ≥ 1');
  return [tensorType(ctx.dtype(0), x.length === 1 ? [P.n(1), count] : [...x.slice(0, -1), count])];
};

/**
 * Inputs [N, ...] (or [C_i] as [1, C_i]) concatenate to [N, Σ inputdimensions] float. Like onnxruntime's kernel
 * (feature_vectorizer.cc), an input of rank > 2 is read as N rows of its trailing dims flattened: onnxmltools'
 * OneHotEncoder emits [N, 1, K].
 */
const featureVectorizerInfer: InferFn = (ctx) => {
  const dims = ctx.attrs.ints('inputdimensions');
  if (dims && dims.length !== ctx.inputCount) ctx.fail(`inputdimensions has ${dims.length} entries for ${ctx.inputCount} inputs`);
  let n: Dim = null;
  let total: Dim = P.zero;
  for (let i = 0; i < ctx.inputCount; i++) {
    const s = ctx.shape(i);
    if (s && s.length === 0) ctx.fail(`input ${i} is a scalar; expected [N, C] or [C]`);
    if (s && i === 0) n = s.length === 1 ? P.n(1) : s[0];
    const features: Dim = s ? (s.length === 1 ? s[0] : numElements(s.slice(1))) : null;
    total = dimAdd(total, dims ? P.n(dims[i]) : features);
  }
  return [tensorType(FLOAT, [n, total])];
};

function mapValueType(t: ValueType | null): number {
  if (!t) return 0;
  if (t.kind !== 'map') throw new Error('unreachable');
  return t.value && t.value.kind === 'tensor' ? t.value.dtype : 0;
}

function requireMap(ctx: RuleContext): ValueType | null {
  const t = ctx.type(0);
  if (t && t.kind !== 'map') ctx.fail(`input X is a ${t.kind}, not a map`);
  return t;
}

/** map → [1, |vocabulary|] of the map's value type (onnxruntime's layout). */
const dictVectorizerInfer: InferFn = (ctx) => {
  const t = requireMap(ctx);
  const vocab = oneOf(ctx, ['string_vocabulary', 'int64_vocabulary'], 'vocabulary');
  if (!vocab) ctx.fail('one of string_vocabulary / int64_vocabulary is required');
  if (t && t.kind === 'map') {
    const wantKey = vocab === 'string_vocabulary' ? STRING : INT64;
    if (t.keyType !== wantKey) ctx.fail(`map key type ${t.keyType} does not match ${vocab}`);
  }
  return [tensorType(mapValueType(t), [P.n(1), P.n(attrLength(ctx, vocab!)!)])];
};

const CAST_TO: Record<string, number> = { TO_FLOAT: FLOAT, TO_STRING: STRING, TO_INT64: INT64 };

/** map(int64, ·) → [1, size]: DENSE has one entry per map item (data-dependent), SPARSE has max_map entries. */
const castMapInfer: InferFn = (ctx) => {
  const t = requireMap(ctx);
  if (t && t.kind === 'map' && t.keyType !== INT64) ctx.fail(`map key type ${t.keyType} is not int64`);
  const to = ctx.attrs.string('cast_to', 'TO_FLOAT');
  if (!(to in CAST_TO)) ctx.fail(`cast_to '${to}' is not one of TO_FLOAT, TO_STRING, TO_INT64`);
  const form = ctx.attrs.string('map_form', 'DENSE');
  if (form !== 'DENSE' && form !== 'SPARSE') ctx.fail(`map_form '${form}' is neither DENSE nor SPARSE`);
  const size = form === 'SPARSE' ? P.n(ctx.attrs.int('max_map', 1)) : ctx.fresh('map_size');
  return [tensorType(CAST_TO[to], [P.n(1), size])];
};

/** [N, C] float → sequence of N maps from the C class labels to float. */
const zipMapInfer: InferFn = (ctx) => {
  const labels = labelType(ctx, 'classlabels_int64s', 'classlabels_strings');
  if (labels.count === undefined) ctx.fail('one of classlabels_int64s / classlabels_strings is required');
  const s = ctx.shape(0);
  if (s) {
    if (s.length !== 2 && s.length !== 1) ctx.fail(`X has rank ${s.length}; expected [N, C]`);
    const c = s[s.length - 1]?.toNumber();
    if (c !== undefined && c !== labels.count) ctx.fail(`X has ${c} columns but there are ${labels.count} class labels`);
  }
  return [{ kind: 'sequence', elem: { kind: 'map', keyType: labels.dtype, value: tensorType(FLOAT, null) } }];
};

const move = (opType: string, infer: InferFn, note: string, since = 1): OpRule =>
  ({ domain: ML, opType, since, infer, cost: dataMovement, costNote: note });

export const encodingRules: OpRule[] = [
  ...[1, 2, 4].map((since) => move('LabelEncoder', labelEncoderInfer(since), 'table lookup: data movement', since)),
  move('CategoryMapper', categoryMapperInfer, 'table lookup: data movement'),
  move('OneHotEncoder', oneHotInfer, 'one-hot write: data movement'),
  move('ArrayFeatureExtractor', arrayFeatureExtractorInfer, 'gather along the last axis: data movement'),
  move('FeatureVectorizer', featureVectorizerInfer, 'concatenation: data movement'),
  move('DictVectorizer', dictVectorizerInfer, 'map to dense vector: data movement'),
  move('CastMap', castMapInfer, 'map to tensor: data movement'),
  {
    ...move('ZipMap', zipMapInfer, 'tensor to maps: data movement (bytes of the input)'),
    cost: (ctx) => ({ kind: 'dataMovement', bytesMoved: bytesOf(ctx.type(0)) }),
  },
];
