/**
 * Inputs for a real run: the right dtype and shape, and values that make sense for what the input is used for
 * (roles.ts decides: masks all ones, position ids counting up, token ids below the vocabulary...), else values
 * from a seeded PRNG (the same seed gives the same bytes). Floats are uniform in [-1, 1); other integers in [0, 2).
 */
import { DataType, dtypeName } from '../ir/dtype';
import { GeneratedInput } from './types';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; deterministic for a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** onnxruntime's tensor type names by ONNX dtype. */
export const ORT_TYPE: Readonly<Record<number, string>> = {
  [DataType.FLOAT]: 'float32', [DataType.DOUBLE]: 'float64', [DataType.FLOAT16]: 'float16', [DataType.INT8]: 'int8',
  [DataType.UINT8]: 'uint8', [DataType.INT16]: 'int16', [DataType.UINT16]: 'uint16', [DataType.INT32]: 'int32',
  [DataType.UINT32]: 'uint32', [DataType.INT64]: 'int64', [DataType.UINT64]: 'uint64', [DataType.BOOL]: 'bool',
  [DataType.STRING]: 'string', [DataType.BFLOAT16]: 'bfloat16',
};

/** ONNX dtype name (as the static report spells it) of an onnxruntime tensor type. */
export function dtypeOfOrt(type: string): string {
  for (const [dt, name] of Object.entries(ORT_TYPE)) if (name === type) return dtypeName(Number(dt));
  return type;
}

export type FeedData = Float32Array | Float64Array | Uint16Array | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | string[];

export interface Feed {
  readonly name: string;
  readonly ortType: string;
  readonly shape: number[];
  readonly data: FeedData;
  readonly info: GeneratedInput;
}

/**
 * How an input's values are made. `random`: the PRNG; `below`: integers in [0, hi); `fill`: one value everywhere;
 * `positions`: offset, offset+1, ... along the last axis, repeated over the others.
 */
export type Fill =
  | { readonly kind: 'random' }
  | { readonly kind: 'below'; readonly hi: number; readonly why: string }
  | { readonly kind: 'fill'; readonly value: number; readonly why: string }
  | { readonly kind: 'positions'; readonly offset: number; readonly why: string };

/** float32 → IEEE half bits (round to nearest), for float16 inputs. */
export function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | Math.round(mant / 8192);
}

const INT_MAX: Readonly<Record<number, number>> = { [DataType.INT8]: 127, [DataType.UINT8]: 255, [DataType.INT16]: 32767, [DataType.UINT16]: 65535 };

/** Numbers as the typed array of a dtype. */
function typed(dtype: number, values: number[]): FeedData {
  switch (dtype) {
    case DataType.FLOAT: return Float32Array.from(values);
    case DataType.DOUBLE: return Float64Array.from(values);
    case DataType.FLOAT16: return Uint16Array.from(values, toHalf);
    case DataType.BOOL: return Uint8Array.from(values, (v) => (v ? 1 : 0));
    case DataType.INT64: return BigInt64Array.from(values, (v) => BigInt(v));
    case DataType.UINT64: return BigUint64Array.from(values, (v) => BigInt(v));
    case DataType.INT32: return Int32Array.from(values);
    case DataType.UINT32: return Uint32Array.from(values);
    case DataType.INT16: return Int16Array.from(values);
    case DataType.UINT16: return Uint16Array.from(values);
    case DataType.INT8: return Int8Array.from(values);
    case DataType.UINT8: return Uint8Array.from(values);
    default: throw new Error(`dtype ${dtypeName(dtype)} cannot be generated`);
  }
}

/** One input. `random` is shared across inputs so the whole feed depends on the seed only. */
export function makeFeed(name: string, dtype: number, shape: number[], fill: Fill, random: () => number): Feed {
  const ortType = ORT_TYPE[dtype];
  if (!ortType || dtype === DataType.BFLOAT16) throw new Error(`input '${name}' has dtype ${dtypeName(dtype)}, which verify cannot generate (give it with --data ${name}=FILE)`);
  const n = shape.reduce((a, b) => a * b, 1);
  const feed = (values: string, data: FeedData): Feed => ({ name, ortType, shape, data, info: { name, dtype: dtypeName(dtype), shape, values } });
  const isFloat = dtype === DataType.FLOAT || dtype === DataType.DOUBLE || dtype === DataType.FLOAT16;
  if (dtype === DataType.STRING) return feed('one-letter strings', Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))));
  switch (fill.kind) {
    case 'fill': return feed(`all ${dtype === DataType.BOOL ? (fill.value ? 'true' : 'false') : fill.value} (${fill.why})`, typed(dtype, new Array<number>(n).fill(fill.value)));
    case 'positions': {
      const last = shape.length ? shape[shape.length - 1] : 1;
      return feed(`${fill.offset}, ${fill.offset + 1}, … along the last axis (${fill.why})`, typed(dtype, Array.from({ length: n }, (_, i) => fill.offset + (i % Math.max(last, 1)))));
    }
    case 'below': {
      const hi = Math.max(1, Math.min(fill.hi, (INT_MAX[dtype] ?? 2 ** 31 - 1) + 1));
      return feed(`integers [0, ${hi}) (${fill.why})`, typed(dtype, Array.from({ length: n }, () => Math.floor(random() * hi))));
    }
    case 'random':
      if (isFloat) return feed('uniform [-1, 1)', typed(dtype, Array.from({ length: n }, () => random() * 2 - 1)));
      if (dtype === DataType.BOOL) return feed('all true', typed(dtype, new Array<number>(n).fill(1)));
      return feed('integers [0, 2)', typed(dtype, Array.from({ length: n }, () => Math.floor(random() * 2))));
  }
}
