/**
 * Random inputs for a real run: the right dtype and shape, values from a seeded PRNG (the same seed gives the same
 * bytes). Floats are uniform in [-1, 1). Integer inputs stay in a safe range: below the embedding size when the
 * input reaches the indices of a Gather whose data is an initializer (token ids), else in [0, 2).
 */
import { DataType, dtypeName } from '../ir/dtype';
import { Model, Node } from '../ir/model';
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

/** Ops that carry index values through unchanged (a Cast or reshape of token ids is still token ids). */
const VALUE_PRESERVING = new Set(['Cast', 'Identity', 'Unsqueeze', 'Squeeze', 'Reshape', 'Flatten', 'Transpose', 'Slice', 'Expand', 'Concat']);

/** The smallest first dim of an initializer that the input indexes through Gather, or undefined. */
export function embeddingBound(model: Model, input: string): number | undefined {
  const init = new Map(model.graph.initializers.map((t) => [t.name, t]));
  const consumers = new Map<string, Node[]>();
  for (const n of model.graph.nodes) for (const i of n.inputs) if (i) consumers.set(i, [...(consumers.get(i) ?? []), n]);
  let bound: number | undefined;
  const seen = new Set<string>();
  const stack = [input];
  while (stack.length) {
    const t = stack.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    for (const n of consumers.get(t) ?? []) {
      if (n.opType === 'Gather' && n.inputs[1] === t) {
        const data = init.get(n.inputs[0]);
        if (data && data.dims.length > 0 && n.attributes.get('axis') === undefined) {
          const size = Number(data.dims[0]);
          if (size > 0) bound = bound === undefined ? size : Math.min(bound, size);
        }
      } else if (VALUE_PRESERVING.has(n.opType) && n.inputs[0] === t) {
        for (const o of n.outputs) if (o) stack.push(o);
      }
    }
  }
  return bound;
}

export interface Feed {
  readonly name: string;
  readonly ortType: string;
  readonly shape: number[];
  readonly data: Float32Array | Float64Array | Uint16Array | Int8Array | Uint8Array | Int16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | string[];
  readonly info: GeneratedInput;
}

/** float32 → IEEE half bits (round to nearest), for float16 inputs. */
function toHalf(v: number): number {
  const f = new Float32Array([v]);
  const x = new Uint32Array(f.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | Math.round(mant / 8192);
}

/** One random input. `random` is shared across inputs so the whole feed depends on the seed only. */
export function makeFeed(model: Model, name: string, dtype: number, shape: number[], random: () => number): Feed {
  const ortType = ORT_TYPE[dtype];
  const n = shape.reduce((a, b) => a * b, 1);
  const info = (values: string): GeneratedInput => ({ name, dtype: dtypeName(dtype), shape, values });
  const ints = (hi: number): number[] => Array.from({ length: n }, () => Math.floor(random() * hi));
  const intRange = (): { hi: number; text: string } => {
    const e = embeddingBound(model, name);
    const max = { [DataType.INT8]: 127, [DataType.UINT8]: 255, [DataType.INT16]: 32767, [DataType.UINT16]: 65535 }[dtype] ?? 2 ** 31 - 1;
    const hi = e !== undefined ? Math.min(e, max + 1) : 2;
    return { hi, text: `integers [0, ${hi})${e !== undefined ? ' (below the embedding size)' : ''}` };
  };
  switch (dtype) {
    case DataType.FLOAT: return { name, ortType, shape, data: Float32Array.from({ length: n }, () => random() * 2 - 1), info: info('uniform [-1, 1)') };
    case DataType.DOUBLE: return { name, ortType, shape, data: Float64Array.from({ length: n }, () => random() * 2 - 1), info: info('uniform [-1, 1)') };
    case DataType.FLOAT16: return { name, ortType, shape, data: Uint16Array.from({ length: n }, () => toHalf(random() * 2 - 1)), info: info('uniform [-1, 1)') };
    case DataType.BOOL: return { name, ortType, shape, data: Uint8Array.from(ints(2)), info: info('booleans') };
    case DataType.STRING: return { name, ortType, shape, data: Array.from({ length: n }, () => String.fromCharCode(97 + Math.floor(random() * 26))), info: info('one-letter strings') };
    case DataType.INT64: case DataType.UINT64: {
      const r = intRange();
      const vals = ints(r.hi).map(BigInt);
      return { name, ortType, shape, data: dtype === DataType.INT64 ? BigInt64Array.from(vals) : BigUint64Array.from(vals), info: info(r.text) };
    }
    case DataType.INT32: case DataType.UINT32: case DataType.INT16: case DataType.UINT16: case DataType.INT8: case DataType.UINT8: {
      const r = intRange();
      const Ctor = { [DataType.INT32]: Int32Array, [DataType.UINT32]: Uint32Array, [DataType.INT16]: Int16Array, [DataType.UINT16]: Uint16Array, [DataType.INT8]: Int8Array, [DataType.UINT8]: Uint8Array }[dtype];
      return { name, ortType, shape, data: Ctor.from(ints(r.hi)), info: info(r.text) };
    }
    default:
      throw new Error(`input '${name}' has dtype ${dtypeName(dtype)}, which verify cannot generate`);
  }
}
