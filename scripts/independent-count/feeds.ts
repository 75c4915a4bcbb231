/**
 * Inputs for one onnxruntime-node run of a model, made from the runtime's own input metadata and a per-model spec
 * (fixtures/real/inputs.json). Deliberately independent of onnxscope (nothing from src/): the independent count and
 * the real-file survey use it, so that a rule bug in onnxscope cannot shape the run that checks it.
 *
 * Defaults: a symbolic or unknown dim is 1 unless the spec binds its name; floats are seeded uniform in [-1, 1);
 * integers are 0 (a valid token id, index or position); inputs whose name contains "mask" are all 1; booleans are
 * true; strings are "a". The spec can override any input's shape, give its exact values, or bound random integers.
 */
import type * as Ort from 'onnxruntime-node';

export interface InputSpec {
  /** Values of symbolic dims by name (`batch_size: 1`). */
  readonly dims?: Readonly<Record<string, number>>;
  /** An explicit shape for an input (wins over dims). */
  readonly shapes?: Readonly<Record<string, readonly number[]>>;
  /** Exact values of an input (flattened, row-major); the shape must match their count. */
  readonly values?: Readonly<Record<string, readonly number[]>>;
  /** Random integers in [0, max) for an input (token ids below a vocabulary size). */
  readonly intMax?: Readonly<Record<string, number>>;
}

export interface ModelFeeds {
  readonly feeds: Record<string, Ort.Tensor>;
  /** The shape fed for each tensor input. */
  readonly shapes: Record<string, number[]>;
  /** Inputs the runtime declares as non-tensors (maps, sequences): a run cannot be made. */
  readonly nonTensorInputs: string[];
}

/** Mulberry32: a small seeded generator, so that runs are reproducible. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** IEEE half-precision bits of a float32 (round to nearest even; enough for random inputs in [-1, 1)). */
export function toHalfBits(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  const exp = ((u >>> 23) & 0xff) - 127 + 15;
  const mant = u & 0x7fffff;
  if (exp <= 0) return sign; // underflow to signed zero: inputs here are never that small but for 0
  if (exp >= 31) return sign | 0x7c00;
  let half = sign | (exp << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1)) half += 1;
  return half;
}

function shapeOf(meta: Ort.InferenceSession.TensorValueMetadata, spec: InputSpec): number[] {
  const explicit = spec.shapes?.[meta.name];
  if (explicit) return [...explicit];
  return meta.shape.map((d) => {
    if (typeof d === 'number' && d >= 0) return d;
    if (typeof d === 'string' && spec.dims && d in spec.dims) return spec.dims[d];
    return 1;
  });
}

function tensorFor(ort: typeof Ort, name: string, type: string, shape: number[], spec: InputSpec, random: () => number): Ort.Tensor {
  const count = shape.reduce((a, b) => a * b, 1);
  const given = spec.values?.[name];
  if (given && given.length !== count) throw new Error(`input ${name}: ${given.length} values given for shape [${shape.join(', ')}]`);
  const intMax = spec.intMax?.[name];
  const isMask = /mask/i.test(name);
  const intAt = (i: number): number => (given ? given[i] : intMax !== undefined ? Math.floor(random() * intMax) : isMask ? 1 : 0);
  const floatAt = (i: number): number => (given ? given[i] : isMask ? 1 : random() * 2 - 1);
  const T = ort.Tensor;
  switch (type) {
    case 'float32': return new T('float32', Float32Array.from({ length: count }, (_, i) => floatAt(i)), shape);
    case 'float64': return new T('float64', Float64Array.from({ length: count }, (_, i) => floatAt(i)), shape);
    case 'float16': return new T('float16', Uint16Array.from({ length: count }, (_, i) => toHalfBits(floatAt(i))), shape);
    case 'int64': return new T('int64', BigInt64Array.from({ length: count }, (_, i) => BigInt(intAt(i))), shape);
    case 'int32': return new T('int32', Int32Array.from({ length: count }, (_, i) => intAt(i)), shape);
    case 'int16': return new T('int16', Int16Array.from({ length: count }, (_, i) => intAt(i)), shape);
    case 'int8': return new T('int8', Int8Array.from({ length: count }, (_, i) => intAt(i)), shape);
    case 'uint8': return new T('uint8', Uint8Array.from({ length: count }, (_, i) => intAt(i)), shape);
    case 'uint16': return new T('uint16', Uint16Array.from({ length: count }, (_, i) => intAt(i)), shape);
    case 'uint32': return new T('uint32', Uint32Array.from({ length: count }, (_, i) => intAt(i)), shape);
    case 'uint64': return new T('uint64', BigUint64Array.from({ length: count }, (_, i) => BigInt(intAt(i))), shape);
    case 'bool': return new T('bool', Uint8Array.from({ length: count }, (_, i) => (given ? (given[i] ? 1 : 0) : 1)), shape);
    case 'string': return new T('string', Array.from({ length: count }, () => 'a'), shape);
    default: throw new Error(`input ${name}: element type ${type} is not supported by this feed maker`);
  }
}

export function makeFeeds(ort: typeof Ort, session: Ort.InferenceSession, spec: InputSpec = {}, seed = 1): ModelFeeds {
  const random = seeded(seed);
  const feeds: Record<string, Ort.Tensor> = {};
  const shapes: Record<string, number[]> = {};
  const nonTensorInputs: string[] = [];
  for (const meta of session.inputMetadata) {
    if (!meta.isTensor) {
      nonTensorInputs.push(meta.name);
      continue;
    }
    const shape = shapeOf(meta, spec);
    feeds[meta.name] = tensorFor(ort, meta.name, meta.type, shape, spec, random);
    shapes[meta.name] = shape;
  }
  return { feeds, shapes, nonTensorInputs };
}

/** Names of the tensor outputs (a ZipMap's sequence of maps cannot be fetched into JavaScript). */
export function tensorOutputs(session: Ort.InferenceSession): string[] {
  return session.outputMetadata.filter((m) => m.isTensor).map((m) => m.name);
}
